// The transfer lab's settings, read from and written to the URL so a workshop leader can share a set-up.
// The attendee's classes and images are not settings: they live in this browser (storage/transfer-set.ts).

import type { EngineBackend, Freeze, Metric } from "../../engine/protocol";
import { field, type Fields } from "../../ui/url-settings";

export interface TransferSettings {
  backend: EngineBackend;
  /** The layer the features are read at; -1 for the deck's choice (just below the classifier). */
  cut: number;
  /** The share of each class's images held out for validation, newest first. */
  validationShare: number;
  svmC: number;
  softmaxC: number;
  k: number;
  metric: Metric;
  /** Fine-tuning: what stays frozen, the extra hidden layer's units (0: none), the new layers' learning
   * rate, the pretrained layers' share of it, the epochs and whether to augment. */
  freeze: Freeze;
  hidden: number;
  learningRate: number;
  pretrainedRate: number;
  epochs: number;
  augment: boolean;
  /** Sliding windows: the window's side as a fraction of the picture's shorter side, the step as a fraction
   * of the window's. */
  window: number;
  stride: number;
}

export const SHARE_RANGE = { min: 0.1, max: 0.5, step: 0.05 };
export const C_RANGE = { min: 0.001, max: 1000, step: 0.001 };
export const K_RANGE = { min: 1, max: 25, step: 1 };

export const HIDDEN_RANGE = { min: 0, max: 512, step: 1 };
export const RATE_RANGE = { min: 0.00001, max: 0.1, step: 0.00001 };
export const FRACTION_RANGE = { min: 0, max: 1, step: 0.01 };
export const EPOCHS_RANGE = { min: 1, max: 50, step: 1 };

export const WINDOW_RANGE = { min: 0.2, max: 1, step: 0.05 };
export const STRIDE_RANGE = { min: 0.1, max: 1, step: 0.05 };

export const FIELDS: Fields<TransferSettings> = {
  backend: field.choice<EngineBackend>("backend", ["simd", "webgpu", "scalar"], "simd"),
  cut: field.number("cut", -1, { min: -1, max: 1000, step: 1 }),
  validationShare: field.number("val", 0.25, SHARE_RANGE),
  svmC: field.number("svmC", 1, C_RANGE),
  softmaxC: field.number("softmaxC", 1, C_RANGE),
  k: field.number("k", 3, K_RANGE),
  metric: field.choice<Metric>("metric", ["cosine", "euclidean"], "cosine"),
  freeze: field.choice<Freeze>("freeze", ["pretrained", "all-but-top", "nothing"], "all-but-top"),
  hidden: field.number("hidden", 0, HIDDEN_RANGE),
  learningRate: field.number("lr", 0.001, RATE_RANGE),
  pretrainedRate: field.number("ptRate", 0.1, FRACTION_RANGE),
  epochs: field.number("epochs", 5, EPOCHS_RANGE),
  augment: field.flag("augment", true),
  window: field.number("window", 0.5, WINDOW_RANGE),
  stride: field.number("stride", 0.25, STRIDE_RANGE),
};

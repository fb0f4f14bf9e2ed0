// The transfer lab's settings, read from and written to the URL so a workshop leader can share a set-up.
// The attendee's classes and images are not settings: they live in this browser (storage/transfer-set.ts).

import type { EngineBackend, Metric } from "../../engine/protocol";
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
}

export const SHARE_RANGE = { min: 0.1, max: 0.5, step: 0.05 };
export const C_RANGE = { min: 0.001, max: 1000, step: 0.001 };
export const K_RANGE = { min: 1, max: 25, step: 1 };

export const FIELDS: Fields<TransferSettings> = {
  backend: field.choice<EngineBackend>("backend", ["simd", "webgpu", "scalar"], "simd"),
  cut: field.number("cut", -1, { min: -1, max: 1000, step: 1 }),
  validationShare: field.number("val", 0.25, SHARE_RANGE),
  svmC: field.number("svmC", 1, C_RANGE),
  softmaxC: field.number("softmaxC", 1, C_RANGE),
  k: field.number("k", 3, K_RANGE),
  metric: field.choice<Metric>("metric", ["cosine", "euclidean"], "cosine"),
};

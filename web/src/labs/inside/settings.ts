// The inside lab's settings, in the URL so a workshop leader can hand out a set-up: which network, the
// attack and its budget, and the dream's regularisers. The picture and the maps are not settings.

import type { AttackKind, DatasetId, EngineBackend } from "../../engine/protocol";
import { field, type Fields } from "../../ui/url-settings";

export type InsideSource = "cnn" | "imagenet" | "fine-tuned" | "yolo" | "tiny-face";

export interface InsideSettings {
  source: InsideSource;
  /** The CNN's dataset, whose test images the lab shows and attacks. */
  dataset: DatasetId;
  backend: EngineBackend;
  attack: AttackKind;
  /** The L∞ budget, in pixel values of [0, 1]. */
  epsilon: number;
  steps: number;
  /** The class a targeted attack aims at; -1: untargeted. */
  target: number;
  /** The dream: step size, L2 pull to grey, jitter in pixels, blur σ, steps. */
  stepSize: number;
  l2: number;
  jitter: number;
  blur: number;
  dreamSteps: number;
}

export const EPSILON_RANGE = { min: 0, max: 0.5, step: 0.001 };
export const STEPS_RANGE = { min: 1, max: 100, step: 1 };
export const TARGET_RANGE = { min: -1, max: 999, step: 1 };
export const STEP_SIZE_RANGE = { min: 0.001, max: 0.5, step: 0.001 };
export const L2_RANGE = { min: 0, max: 0.2, step: 0.001 };
export const JITTER_RANGE = { min: 0, max: 16, step: 1 };
export const BLUR_RANGE = { min: 0, max: 3, step: 0.1 };
export const DREAM_STEPS_RANGE = { min: 1, max: 1000, step: 1 };

export const FIELDS: Fields<InsideSettings> = {
  source: field.choice<InsideSource>("source", ["cnn", "imagenet", "fine-tuned", "yolo", "tiny-face"], "cnn"),
  dataset: field.choice<DatasetId>("dataset", ["mnist", "fashion-mnist"], "mnist"),
  backend: field.choice<EngineBackend>("backend", ["simd", "webgpu", "scalar"], "simd"),
  attack: field.choice<AttackKind>("attack", ["fgsm", "pgd", "noise"], "fgsm"),
  epsilon: field.number("eps", 0.1, EPSILON_RANGE),
  steps: field.number("steps", 10, STEPS_RANGE),
  target: field.number("target", -1, TARGET_RANGE),
  stepSize: field.number("dreamStep", 0.05, STEP_SIZE_RANGE),
  l2: field.number("l2", 0.01, L2_RANGE),
  jitter: field.number("jitter", 2, JITTER_RANGE),
  blur: field.number("blur", 0.5, BLUR_RANGE),
  dreamSteps: field.number("dreamSteps", 100, DREAM_STEPS_RANGE),
};

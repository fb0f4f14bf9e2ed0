// The detection lab's settings, read from and written to the URL so a workshop leader can share a set-up.

import type { EngineBackend } from "../../engine/protocol";
import { field, type Fields } from "../../ui/url-settings";

export const INPUT_SIZES = [224, 320, 416, 608] as const;

export interface DetectSettings {
  /** A served detector's id, or "custom" for the user's own darknet model. */
  model: string;
  /** Input side; 0 for the model's own. */
  size: number;
  backend: EngineBackend;
  /** Thresholds; NaN for the model's own. */
  confidence: number;
  nmsIou: number;
  grid: boolean;
}

/** The thresholds' fields take the values the address takes. */
export const THRESHOLD_RANGE = { min: 0.01, max: 0.99, step: 0.05 };

/** A score or overlap threshold; NaN (the model's own) stays out of the address. */
const threshold = (key: string) => ({
  ...field.number(key, NaN, THRESHOLD_RANGE),
  format: (value: number) => (Number.isFinite(value) ? String(value) : undefined),
});

export const FIELDS: Fields<DetectSettings> = {
  model: field.custom(
    "model",
    "tiny-face",
    (raw) => raw || undefined,
    (model) => model,
  ),
  size: field.custom(
    "size",
    0,
    (raw) => INPUT_SIZES.find((size) => String(size) === raw),
    (size) => (size ? String(size) : undefined),
  ),
  backend: field.choice<EngineBackend>("backend", ["simd", "webgpu", "scalar"], "simd"),
  confidence: threshold("conf"),
  nmsIou: threshold("nms"),
  grid: field.custom(
    "grid",
    false,
    (raw) => raw === "1",
    (on) => (on ? "1" : undefined),
  ),
};

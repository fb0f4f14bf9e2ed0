// The detection lab's settings, read from and written to the URL so a workshop leader can share a set-up.

import type { EngineBackend } from "../../engine/protocol";
import { replaceQuery } from "../../router";

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

export function readSettings(query: URLSearchParams): DetectSettings {
  const fraction = (key: string) => {
    const value = Number(query.get(key) ?? NaN);
    return value > 0 && value < 1 ? value : NaN;
  };
  const size = Number(query.get("size"));
  const backend = query.get("backend");
  return {
    model: query.get("model") ?? "tiny-face",
    size: (INPUT_SIZES as readonly number[]).includes(size) ? size : 0,
    backend: backend === "scalar" || backend === "webgpu" ? backend : "simd",
    confidence: fraction("conf"),
    nmsIou: fraction("nms"),
    grid: query.get("grid") === "1",
  };
}

export function writeSettings(settings: DetectSettings): void {
  const query = new URLSearchParams({ model: settings.model, backend: settings.backend });
  if (settings.size) query.set("size", String(settings.size));
  if (Number.isFinite(settings.confidence)) query.set("conf", String(settings.confidence));
  if (Number.isFinite(settings.nmsIou)) query.set("nms", String(settings.nmsIou));
  if (settings.grid) query.set("grid", "1");
  replaceQuery(query);
}

// The CNN lab's settings: read from and written to the URL, and turned into the engine's network and
// training configuration.

import { LIMITS } from "../../engine/wire";
import {
  adam,
  type CnnSpec,
  type DatasetId,
  type EngineBackend,
  type TrainingConfig,
} from "../../engine/protocol";
import { field, type Fields } from "../../ui/url-settings";

export interface CnnSettings {
  dataset: DatasetId;
  backend: EngineBackend;
  /** Each conv block's filters, and whether it is a Fire module. */
  blocks: BlockSetting[];
  kernel: 3 | 5;
  pooling: "max" | "average";
  activation: "relu" | "tanh" | "sigmoid";
  /** Units of the hidden dense layer; 0 for none. */
  hidden: number;
  optimiser: "adam" | "sgd";
  learningRate: number;
  batch: number;
  epochs: number;
  augment: boolean;
  /** Train on this many images only (the small-data lesson); 0 for all. */
  smallData: number;
  /** Test images each evaluation uses: fewer make epochs end sooner on a slow backend. */
  testImages: number;
}

export const SMALL_DATA = 500;

/** A conv block: its output channels, and whether it is SqueezeNet's Fire module (written "f16"). */
export interface BlockSetting {
  filters: number;
  fire: boolean;
}

/** "8,f16" → a convolution of 8 filters, then a Fire module of 16; undefined unless each part is a positive
 * integer, with an "f" before it for a Fire module. */
export function parseBlocks(text: string): BlockSetting[] | undefined {
  const parts = text.split(",").map((p) => p.trim().toLowerCase());
  if (parts.length === 1 && parts[0] === "") return [];
  const matches = parts.map((part) => /^(f?)(\d+)$/.exec(part));
  if (matches.some((m) => !m || Number(m[2]) === 0)) return undefined;
  return matches.map((m) => ({ filters: Number(m?.[2]), fire: m?.[1] === "f" }));
}

/** The blocks as the field and the address write them: "8,f16". */
export const formatBlocks = (blocks: BlockSetting[]) =>
  blocks.map((b) => `${b.fire ? "f" : ""}${b.filters}`).join(",");

/** The settings in the address, with the ranges the lab's number fields enforce. */
export const FIELDS = {
  dataset: field.choice<DatasetId>("dataset", ["mnist", "fashion-mnist"], "mnist"),
  backend: field.choice<EngineBackend>("backend", ["simd", "webgpu", "scalar"], "simd"),
  blocks: field.custom(
    "blocks",
    [
      { filters: 8, fire: false },
      { filters: 16, fire: false },
    ],
    parseBlocks,
    formatBlocks,
  ),
  kernel: field.custom<3 | 5>("kernel", 3, (raw) => (raw === "3" ? 3 : raw === "5" ? 5 : undefined), String),
  pooling: field.choice<CnnSettings["pooling"]>("pool", ["max", "average"], "max"),
  activation: field.choice<CnnSettings["activation"]>("act", ["relu", "tanh", "sigmoid"], "relu"),
  hidden: field.number("hidden", 0, { min: 0, max: LIMITS.cnnHidden, step: 1 }),
  optimiser: field.choice<CnnSettings["optimiser"]>("opt", ["adam", "sgd"], "adam"),
  learningRate: field.number("lr", 0.002, { min: 1e-5, max: 10, step: 0.001 }),
  batch: field.number("batch", 32, { min: 1, max: LIMITS.cnnBatch, step: 1 }),
  epochs: field.number("epochs", 2, { min: 1, max: 50, step: 1 }),
  augment: field.flag("augment"),
  smallData: field.custom<number>(
    "small",
    0,
    (raw) => (raw === "1" ? SMALL_DATA : raw === "0" ? 0 : undefined),
    (count) => (count ? "1" : "0"),
  ),
  testImages: field.number("test", 10_000, { min: 100, max: 10_000, step: 100 }),
} satisfies Fields<CnnSettings>;

export function specOf(s: CnnSettings): CnnSpec {
  return {
    side: 28,
    channels: 1,
    classes: 10,
    blocks: s.blocks.map(({ filters, fire }) => ({ filters, kernel: s.kernel, pooling: s.pooling, fire })),
    activation: s.activation,
    hidden: s.hidden > 0 ? s.hidden : null,
  };
}

export const DIGIT_AUGMENTATION = { maxDegrees: 12, maxShift: 2.5, maxScale: 0.1, maxShear: 0.15 };

export function trainingOf(s: CnnSettings): TrainingConfig {
  return {
    batch: s.batch,
    optimiser:
      s.optimiser === "adam"
        ? adam(s.learningRate)
        : { kind: "sgd", learningRate: s.learningRate, momentum: 0.9 },
    augmentation: s.augment ? DIGIT_AUGMENTATION : null,
    seed: 1,
  };
}

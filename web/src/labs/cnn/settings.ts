// The CNN lab's settings: read from and written to the URL, and turned into the engine's network and
// training configuration.

import type { CnnSpec, DatasetId, EngineBackend, TrainingConfig } from "../../engine/protocol";
import { replaceQuery } from "../../router";

export interface CnnSettings {
  dataset: DatasetId;
  backend: EngineBackend;
  /** Filters per conv block, e.g. [8, 16]. */
  blocks: number[];
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

export const DEFAULTS: CnnSettings = {
  dataset: "mnist",
  backend: "simd",
  blocks: [8, 16],
  kernel: 3,
  pooling: "max",
  activation: "relu",
  hidden: 0,
  optimiser: "adam",
  learningRate: 0.002,
  batch: 32,
  epochs: 2,
  augment: false,
  smallData: 0,
  testImages: 10_000,
};

export const SMALL_DATA = 500;

/** "8,16" → [8, 16]; undefined unless it is a comma-separated list of positive integers. */
export function parseBlocks(text: string): number[] | undefined {
  const parts = text.split(",").map((p) => p.trim());
  if (parts.length === 1 && parts[0] === "") return [];
  const counts = parts.map(Number);
  return counts.every((n) => Number.isInteger(n) && n > 0) ? counts : undefined;
}

export function readSettings(query: URLSearchParams): CnnSettings {
  const number = (key: string, fallback: number, min: number, max: number) => {
    const value = Number(query.get(key) ?? NaN);
    return Number.isFinite(value) && value >= min && value <= max ? value : fallback;
  };
  const oneOf = <T extends string>(key: string, options: readonly T[], fallback: T): T =>
    options.includes(query.get(key) as T) ? (query.get(key) as T) : fallback;
  return {
    dataset: oneOf("dataset", ["mnist", "fashion-mnist"], DEFAULTS.dataset),
    backend: oneOf("backend", ["simd", "webgpu", "scalar"], DEFAULTS.backend),
    blocks: (query.has("blocks") ? parseBlocks(query.get("blocks") ?? "") : undefined) ?? DEFAULTS.blocks,
    kernel: number("kernel", DEFAULTS.kernel, 3, 5) === 5 ? 5 : 3,
    pooling: oneOf("pool", ["max", "average"], DEFAULTS.pooling),
    activation: oneOf("act", ["relu", "tanh", "sigmoid"], DEFAULTS.activation),
    hidden: number("hidden", DEFAULTS.hidden, 0, 1024),
    optimiser: oneOf("opt", ["adam", "sgd"], DEFAULTS.optimiser),
    learningRate: number("lr", DEFAULTS.learningRate, 1e-5, 10),
    batch: number("batch", DEFAULTS.batch, 1, 1024),
    epochs: number("epochs", DEFAULTS.epochs, 1, 50),
    augment: query.get("augment") === "1",
    smallData: query.get("small") === "1" ? SMALL_DATA : 0,
    testImages: number("test", DEFAULTS.testImages, 100, 10_000),
  };
}

export function writeSettings(s: CnnSettings): void {
  replaceQuery(
    new URLSearchParams({
      dataset: s.dataset,
      backend: s.backend,
      blocks: s.blocks.join(","),
      kernel: String(s.kernel),
      pool: s.pooling,
      act: s.activation,
      hidden: String(s.hidden),
      opt: s.optimiser,
      lr: String(s.learningRate),
      batch: String(s.batch),
      epochs: String(s.epochs),
      augment: s.augment ? "1" : "0",
      small: s.smallData ? "1" : "0",
      test: String(s.testImages),
    }),
  );
}

export function specOf(s: CnnSettings): CnnSpec {
  return {
    side: 28,
    channels: 1,
    classes: 10,
    blocks: s.blocks.map((filters) => ({ filters, kernel: s.kernel, pooling: s.pooling })),
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
        ? { kind: "adam", learningRate: s.learningRate }
        : { kind: "sgd", learningRate: s.learningRate, momentum: 0.9 },
    augmentation: s.augment ? DIGIT_AUGMENTATION : null,
    seed: 1,
  };
}

// The autoencoder lab's settings, in the URL so a workshop leader can hand out a set-up: the network (dense
// or convolutional, the code's size), the noise it learns to remove, the sparsity penalty, and training.

import type {
  AutoencoderSpec,
  AutoencoderTraining,
  DatasetId,
  EngineBackend,
  NoiseKind,
} from "../../engine/protocol";
import { adam } from "../../engine/protocol";
import { LIMITS } from "../../engine/wire";
import { field, type Fields } from "../../ui/url-settings";

export type NetworkKind = "dense" | "conv";
export type NoiseChoice = "none" | NoiseKind;

export interface AutoencoderSettings {
  dataset: DatasetId;
  backend: EngineBackend;
  kind: NetworkKind;
  /** Code units. */
  code: number;
  /** The dense network's hidden layer (0: the code is the only hidden layer). */
  hidden: number;
  noise: NoiseChoice;
  /** The Gaussian noise's σ, or the fraction of pixels hit. */
  level: number;
  /** The L1 penalty on the (then ReLU) code; 0: none. */
  sparsity: number;
  learningRate: number;
  epochs: number;
  /** Training chunks of 10 000 digits. */
  chunks: number;
  testImages: number;
}

export const CODE_RANGE = { min: 1, max: LIMITS.autoencoderCode, step: 1 };
export const HIDDEN_RANGE = { min: 0, max: LIMITS.autoencoderCode, step: 1 };
export const LEVEL_RANGE = { min: 0, max: 1, step: 0.01 };
export const SPARSITY_RANGE = { min: 0, max: 5, step: 0.01 };
export const LEARNING_RATE_RANGE = { min: 0.00001, max: 1, step: 0.00001 };
export const EPOCHS_RANGE = { min: 1, max: 100, step: 1 };
export const CHUNKS_RANGE = { min: 1, max: 6, step: 1 };
export const TEST_IMAGES_RANGE = { min: 100, max: 10000, step: 1 };

export const FIELDS: Fields<AutoencoderSettings> = {
  dataset: field.choice<DatasetId>("dataset", ["mnist", "fashion-mnist"], "mnist"),
  backend: field.choice<EngineBackend>("backend", ["simd", "webgpu", "scalar"], "simd"),
  kind: field.choice<NetworkKind>("kind", ["dense", "conv"], "dense"),
  code: field.number("code", 16, CODE_RANGE),
  hidden: field.number("hidden", 256, HIDDEN_RANGE),
  noise: field.choice<NoiseChoice>("noise", ["none", "gaussian", "salt-and-pepper", "masking"], "gaussian"),
  level: field.number("level", 0.4, LEVEL_RANGE),
  sparsity: field.number("sparsity", 0, SPARSITY_RANGE),
  learningRate: field.number("lr", 0.005, LEARNING_RATE_RANGE),
  epochs: field.number("epochs", 3, EPOCHS_RANGE),
  chunks: field.number("chunks", 1, CHUNKS_RANGE),
  testImages: field.number("test", 1000, TEST_IMAGES_RANGE),
};

/** The network the settings describe; a sparsity penalty acts on ReLU codes. */
export function specOf(s: AutoencoderSettings): AutoencoderSpec {
  const kind: AutoencoderSpec =
    s.kind === "dense"
      ? { kind: "dense", hidden: s.hidden > 0 ? [s.hidden] : [], code: s.code, reluCode: s.sparsity > 0 }
      : { kind: "conv", filters: [16, 32], code: s.code, reluCode: s.sparsity > 0 };
  return kind;
}

export function trainingOf(s: AutoencoderSettings): AutoencoderTraining {
  return {
    batch: 64,
    optimiser: adam(s.learningRate),
    noise: s.noise === "none" ? null : { kind: s.noise, level: s.level },
    sparsity: s.sparsity,
    seed: 1,
  };
}

/** Presets: the deck's three autoencoders, one click each. */
export const PRESETS: Record<"denoising" | "sparse" | "map", Partial<AutoencoderSettings>> = {
  denoising: { kind: "conv", code: 16, noise: "gaussian", level: 0.4, sparsity: 0 },
  sparse: { kind: "dense", hidden: 0, code: 256, noise: "none", sparsity: 0.3 },
  map: { kind: "dense", hidden: 256, code: 2, noise: "none", sparsity: 0 },
};

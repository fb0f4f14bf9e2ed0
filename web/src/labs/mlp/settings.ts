// The MLP lab's settings: what the address holds, with the ranges its fields enforce, and the lab's sizes.

import type { Activation, DatasetKind } from "../../engine/protocol";
import { LIMITS } from "../../engine/wire";
import { field, type Fields } from "../../ui/url-settings";

export type MlpActivation = Extract<Activation, "sigmoid" | "tanh" | "relu">;
export type MlpDataset = DatasetKind | "custom";

export const ACTIVATIONS: MlpActivation[] = ["sigmoid", "tanh", "relu"];
export const DATASETS: MlpDataset[] = [
  "and",
  "or",
  "xor",
  "clouds",
  "circles",
  "gaussians",
  "spiral",
  "custom",
];
export const POINTS = 200;
export const PLOT_SIZE = 360;
/** Side of the grid every neuron's map is sampled on. */
export const RESOLUTION = 32;
/** Far past any useful value, on purpose: watching training diverge is part of the lesson. */
const MAX_LEARNING_RATE = 1e6;
/** Epochs per second while playing; 0 is full speed (thousands a second: too fast to watch). */
export const SPEEDS = [1, 3, 10, 30, 100, 300, 0];
const MAX_EPOCH = 1e7;

export interface Settings {
  dataset: MlpDataset;
  noise: number;
  split: number;
  layers: number[];
  activation: MlpActivation;
  learningRate: number;
  batchSize: number;
  seed: number;
  /** Epochs per second while playing, one of SPEEDS. */
  speed: number;
  /** Playing stops at this epoch; 0: never. */
  stopAt: number;
}

/** "4,4" → [4, 4]; undefined unless every count is an integer in range. An empty text is no hidden layer. */
export function parseLayers(value: string): number[] | undefined {
  const parts = value.split(",").map((part) => part.trim());
  if (parts.length === 1 && parts[0] === "") return [];
  const counts = parts.map(Number);
  const valid =
    counts.length <= LIMITS.mlpHiddenLayers &&
    counts.every((n) => Number.isInteger(n) && n >= 1 && n <= LIMITS.mlpNeuronsPerLayer);
  return valid ? counts : undefined;
}

/** The settings in the address, with the ranges the lab's number fields enforce. */
export const FIELDS = {
  dataset: field.choice("dataset", DATASETS, "circles"),
  noise: field.number("noise", 0.1, { min: 0, max: 1, step: 0.05 }),
  split: field.number("split", 0.5, { min: 0.1, max: 0.9, step: 0.1 }),
  // No `layers` in the address is the default network; an empty one (`layers=`) is no hidden layer.
  layers: field.custom("layers", [4, 4], parseLayers, (layers) => layers.join(",")),
  activation: field.choice("act", ACTIVATIONS, "tanh"),
  learningRate: field.number("lr", 0.3, { min: 1e-4, max: MAX_LEARNING_RATE, step: 0.01 }),
  batchSize: field.number("batch", 10, { min: 1, max: 1000, step: 1 }),
  seed: field.number("seed", 1, { min: 0, max: 2 ** 32, step: 1 }),
  speed: field.custom("speed", 30, (raw) => SPEEDS.find((perSecond) => String(perSecond) === raw), String),
  stopAt: field.number("until", 0, { min: 0, max: MAX_EPOCH, step: 1 }),
} satisfies Fields<Settings>;

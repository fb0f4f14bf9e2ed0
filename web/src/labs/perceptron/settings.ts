// The perceptron lab's settings: what the address holds, and the lab's sizes.

import type { Activation, DatasetKind } from "../../engine/protocol";
import { field } from "../../ui/url-settings";

export type PerceptronActivation = Extract<Activation, "threshold" | "piecewise-linear" | "sigmoid">;
export type PerceptronDataset = Extract<DatasetKind, "and" | "or" | "xor" | "clouds"> | "custom";

export const ACTIVATIONS: PerceptronActivation[] = ["threshold", "piecewise-linear", "sigmoid"];
export const DATASETS: PerceptronDataset[] = ["and", "or", "xor", "clouds", "custom"];
export const PLOT_SIZE = 360;
/** Pause between epochs while running, so the line can be seen moving. */
export const EPOCH_INTERVAL_MS = 40;
export const SEED = 1;
/** The settings in the address, with the learning rates the field accepts. */
export const FIELDS = {
  dataset: field.choice("dataset", DATASETS, "and"),
  activation: field.choice("activation", ACTIVATIONS, "threshold"),
  learningRate: field.number("lr", 0.1, { min: 0.001, max: 10, step: 0.01 }),
};

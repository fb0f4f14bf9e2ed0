// The worker's perceptron-lab handlers: one perceptron (crate/src/labs/perceptron.rs), stepped by the page.

import type * as Core from "../../wasm-pkg/playground.js";
import { required, type Handlers } from "../job";
import type { PerceptronState } from "../protocol";

type PerceptronMethod = Extract<keyof import("../protocol").Methods, `perceptron/${string}`>;

export function perceptronHandlers(core: () => typeof Core): Handlers<PerceptronMethod> {
  let perceptron: Core.PerceptronLab | undefined;
  return {
    "perceptron/reset": (config) => {
      perceptron?.free();
      perceptron = new (core().PerceptronLab)(config);
      return perceptron.state() as PerceptronState;
    },
    "perceptron/step": () => required(perceptron, "perceptron").step(),
    "perceptron/epoch": () => required(perceptron, "perceptron").runEpoch(),
    "perceptron/set-learning-rate": (rate) => {
      required(perceptron, "perceptron").setLearningRate(rate);
      return undefined;
    },
    "perceptron/set-points": (points) => {
      const lab = required(perceptron, "perceptron");
      lab.setPoints(points);
      return lab.state();
    },
  };
}

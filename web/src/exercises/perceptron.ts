// The perceptron lab's sheet: the deck's single-layer perceptron on AND, OR and XOR.

import { text } from "../i18n";
import type { PerceptronActivation } from "../labs/perceptron/settings";
import type { PerceptronLabState } from "./lab-state";
import { missing, solved, type Sheet, type Verdict } from "./sheet";

const words = () => text.exercises.perceptron;

/** Trained, with every point on its side of the line. */
function learned(s: PerceptronLabState): Verdict {
  return s.epoch === 0 || s.misclassified > 0
    ? missing(words().stillWrong(s.misclassified, s.epoch))
    : solved;
}

/** `dataset` learned by the `unit`. */
const separates =
  (dataset: "or" | "and", unit: PerceptronActivation) =>
  (s: PerceptronLabState): Verdict =>
    s.dataset !== dataset || s.activation !== unit
      ? missing(words().needs(text.datasets[dataset], text.activations[unit]))
      : learned(s);

export const perceptronSheet: Sheet<"perceptron"> = {
  lab: "perceptron",
  tasks: [
    {
      id: "or-threshold",
      start: "dataset=or&activation=threshold&lr=0.1",
      check: separates("or", "threshold"),
    },
    {
      id: "and-delta-rule",
      start: "dataset=and&activation=sigmoid&lr=0.1",
      check: separates("and", "sigmoid"),
    },
    {
      id: "xor-impossible",
      start: "dataset=xor&activation=threshold&lr=0.1",
      check: (s) => {
        if (s.dataset !== "xor")
          return missing(words().needs(text.datasets.xor, text.activations[s.activation]));
        if (s.epoch < 20) return missing(words().moreEpochs(s.epoch, 20));
        return s.errorsPerEpoch.every((errors) => errors > 0) ? solved : missing(words().separated);
      },
    },
    {
      id: "own-points",
      start: "dataset=custom&activation=threshold&lr=0.1",
      check: (s) => {
        if (s.dataset !== "custom") return missing(words().ownPointsNeeded);
        if (s.counts[0] < 3 || s.counts[1] < 3) return missing(words().fewPoints(s.counts[0], s.counts[1]));
        return learned(s);
      },
    },
  ],
};

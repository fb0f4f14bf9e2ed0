// The perceptron lab's sheet: the deck's single-layer perceptron on AND, OR and XOR.

import { text } from "../i18n";
import { missing, solved, type Sheet } from "./sheet";

const words = () => text.exercises.perceptron;

export const perceptronSheet: Sheet<"perceptron"> = {
  lab: "perceptron",
  tasks: [
    {
      id: "or-threshold",
      start: "dataset=or&activation=threshold&lr=0.1",
      check: (s) => {
        if (s.dataset !== "or" || s.activation !== "threshold")
          return missing(words().needs(text.datasets.or, text.activations.threshold));
        if (s.epoch === 0 || s.misclassified > 0)
          return missing(words().stillWrong(s.misclassified, s.epoch));
        return solved;
      },
    },
    {
      id: "and-delta-rule",
      start: "dataset=and&activation=sigmoid&lr=0.1",
      check: (s) => {
        if (s.dataset !== "and" || s.activation !== "sigmoid")
          return missing(words().needs(text.datasets.and, text.activations.sigmoid));
        if (s.epoch === 0 || s.misclassified > 0)
          return missing(words().stillWrong(s.misclassified, s.epoch));
        return solved;
      },
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
        if (s.epoch === 0 || s.misclassified > 0)
          return missing(words().stillWrong(s.misclassified, s.epoch));
        return solved;
      },
    },
  ],
};

// The MLP lab's sheet: hidden layers bend the boundary (XOR, circles), the smallest network for the spiral,
// and a learning rate too large to learn with.

import { text } from "../i18n";
import type { MlpDataset } from "../labs/mlp/settings";
import type { MlpLabState } from "./lab-state";
import { missing, solved, type Sheet, type Verdict } from "./sheet";

const words = () => text.exercises.mlp;

/** Past this, too few test points are left for an accuracy to mean much (20 % of 200 is 40). */
const MAX_TRAIN_FRACTION = 0.8;

/** `dataset` learned to `accuracy` on the test points by a network of at most `units` hidden units in `layers` layers. */
const reaches =
  (dataset: MlpDataset, accuracy: number, units: number, layers = Infinity) =>
  (s: MlpLabState): Verdict => {
    const total = s.hiddenLayers.reduce((sum, n) => sum + n, 0);
    if (s.dataset !== dataset) return missing(words().needsDataset(text.datasets[dataset]));
    if (s.hiddenLayers.length === 0 || s.hiddenLayers.length > layers)
      return missing(words().layers(s.hiddenLayers.length, layers));
    if (total > units) return missing(words().tooManyUnits(total, units));
    if (s.testAccuracy < accuracy) return missing(words().accuracy(s.testAccuracy, accuracy, units));
    return solved;
  };

export const mlpSheet: Sheet<"mlp"> = {
  lab: "mlp",
  tasks: [
    {
      id: "xor-hidden-layer",
      start: "dataset=xor&layers=&act=tanh&lr=0.3",
      check: reaches("xor", 0.95, 4, 1),
    },
    {
      id: "circles-three-units",
      start: "dataset=circles&layers=&act=tanh&lr=0.3",
      check: reaches("circles", 0.9, 3, 1),
    },
    {
      id: "spiral-smallest",
      start: "dataset=spiral&noise=0&split=0.8&layers=4&act=tanh&lr=0.03",
      check: (s) =>
        s.trainFraction > MAX_TRAIN_FRACTION
          ? missing(words().fewTestPoints(s.trainFraction, MAX_TRAIN_FRACTION))
          : reaches("spiral", 0.9, 12)(s),
    },
    {
      id: "diverging-rate",
      start: "dataset=gaussians&layers=16,16,16&act=relu&lr=0.03",
      check: (s) => (s.divergedAt === undefined ? missing(words().notDiverged(s.learningRate)) : solved),
    },
  ],
};

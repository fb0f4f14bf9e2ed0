// The worker's MLP-lab handlers: one small network (crate/src/labs/mlp.rs), trained at the page's pace, with
// every neuron's map over the plane for the page to draw.

import type * as Core from "../../wasm-pkg/playground.js";
import { pacedLoop, required, type Handlers } from "../job";
import type { LossPoint, MlpLabConfig, MlpView, Point } from "../protocol";

type MlpMethod = Extract<keyof import("../protocol").Methods, `mlp/${string}`>;

/** How long a training job computes before it reports and checks for cancellation. */
const REPORT_EVERY_MS = 40;

export function mlpHandlers(core: () => typeof Core): Handlers<MlpMethod> {
  let mlp: { lab: Core.MlpLab; config: MlpLabConfig } | undefined;

  function mlpView(): MlpView {
    const { lab, config } = required(mlp, "MLP");
    const snapshot = lab.snapshot() as Omit<MlpView, "neuronMaps">;
    const neuronMaps = lab.neuronMaps(config.domain.min, config.domain.max, config.resolution);
    return { ...snapshot, neuronMaps };
  }

  return {
    "mlp/reset": (config) => {
      mlp?.lab.free();
      mlp = { lab: new (core().MlpLab)(config), config };
      const split = mlp.lab.points() as { train: Point[]; test: Point[] };
      return { view: mlpView(), losses: [], ...split };
    },
    "mlp/train": async ({ epochs, epochsPerSecond }, job) => {
      const { lab } = required(mlp, "MLP");
      let losses: LossPoint[] = [];
      await pacedLoop({
        count: epochs,
        perSecond: epochsPerSecond,
        reportEveryMs: REPORT_EVERY_MS,
        // A reset while this job waits for events frees `lab`: stop then, as for a cancel.
        stillCurrent: () => !job.cancelled && mlp?.lab === lab,
        steps: (budget) => {
          for (let i = 0; i < budget; i++) {
            const snapshot = lab.trainEpoch() as Omit<MlpView, "neuronMaps">;
            losses.push({ epoch: snapshot.epoch, train: snapshot.train.loss, test: snapshot.test.loss });
          }
          return budget;
        },
        report: () => {
          const view = mlpView();
          job.progress({ view, losses }, [view.neuronMaps.buffer]);
          losses = [];
        },
      });
      return { view: mlpView(), losses };
    },
    "mlp/set-learning-rate": (rate) => {
      const { lab, config } = required(mlp, "MLP");
      lab.setLearningRate(rate);
      config.network.learningRate = rate;
      return undefined;
    },
    "mlp/current": () => {
      if (!mlp) return null;
      const split = mlp.lab.points() as { train: Point[]; test: Point[] };
      return { view: mlpView(), losses: [], ...split, config: mlp.config };
    },
  };
}

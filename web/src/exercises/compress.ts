// The compression lab's sheet: a file several times smaller at no real loss, what retraining wins back
// after heavy pruning, a low-rank factorisation that stores more than it saves, and each layer's
// sensitivity to pruning.

import { text } from "../i18n";
import type { CompressLabState, CompressTried } from "./lab-state";
import { missing, solved, type Sheet } from "./sheet";

const words = () => text.exercises.compress;

/** How much smaller the small-file task wants the file, and the accuracy it may lose (in fraction points). */
const SMALLER = 5;
const LOSS = 0.01;
/** The fraction of weights the retraining task prunes at least. */
const HEAVY = 0.9;

const heavilyPruned = (s: CompressTried) => s.pruning?.kind === "unstructured" && s.pruning.fraction >= HEAVY;

export const compressSheet: Sheet<"compress"> = {
  lab: "compress",
  tasks: [
    {
      id: "smaller",
      check: ({ float32Bytes, float32Accuracy, settings }: CompressLabState) => {
        if (float32Bytes === 0) return missing(words().loadFirst);
        const small = settings.filter((s) => s.bytes * SMALLER <= float32Bytes);
        if (small.length === 0) return missing(words().notSmallYet(SMALLER));
        return small.some((s) => s.accuracy >= float32Accuracy - LOSS)
          ? solved
          : missing(words().tooMuchLost(LOSS));
      },
    },
    {
      id: "retraining",
      start: "prune=unstructured&fraction=0.9&retrain=0&store=f32",
      check: ({ settings }: CompressLabState) => {
        const pruned = settings.filter(heavilyPruned);
        if (!pruned.some((s) => s.retrainedEpochs === 0)) return missing(words().pruneWithout(HEAVY));
        return pruned.some((s) => s.retrainedEpochs > 0) ? solved : missing(words().retrainToo);
      },
    },
    {
      id: "low-rank",
      start: "rank=6",
      check: ({ settings }: CompressLabState) =>
        settings.some((s) => s.grew) ? solved : missing(words().noGrowth),
    },
    {
      id: "sensitivity",
      check: ({ sensitivity }: CompressLabState) =>
        sensitivity ? solved : missing(words().measureSensitivity),
    },
  ],
};

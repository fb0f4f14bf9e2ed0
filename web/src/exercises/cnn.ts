// The CNN lab's sheet: a small network that still reaches 98 %, augmentation and overfitting on 500 images,
// and filters a too-high learning rate kills.

import { text } from "../i18n";
import type { CnnEvaluationRecord, CnnLabState } from "./lab-state";
import { missing, solved, type Sheet, type Verdict } from "./sheet";

const words = () => text.exercises.cnn;

const SMALL_ACCURACY = 0.98;
const SMALL_PARAMETERS = 10_000;
const FULL_TEST_SET = 10_000;
/** Epochs on 500 images that the small-data tasks ask for. */
const SMALL_DATA_EPOCHS = 10;
/** Training accuracy at least this much above the test accuracy is overfitting. */
const OVERFIT_GAP = 0.05;

/** The evaluations of the network in the lab now. */
const current = (s: CnnLabState) => s.evaluations.filter((e) => e.network === s.network);

/** Trained from scratch on 500 images for the epochs asked, augmented (or not) throughout. */
function smallDataRun(s: CnnLabState, augment: boolean): boolean {
  const networks = new Set(s.evaluations.map((e) => e.network));
  return [...networks].some((network) => {
    const run = s.evaluations.filter((e) => e.network === network);
    return (
      run.every((e) => e.smallData > 0 && e.augment === augment) &&
      Math.max(...run.map((e) => e.epoch)) >= SMALL_DATA_EPOCHS
    );
  });
}

/** On 500 images, trained the epochs asked: `then` checks the last evaluation. */
const onSmallData =
  (then: (last: CnnEvaluationRecord) => Verdict) =>
  (s: CnnLabState): Verdict => {
    const last = current(s).at(-1);
    if (!last || last.smallData === 0) return missing(words().smallDataNeeded);
    if (last.epoch < SMALL_DATA_EPOCHS) return missing(words().moreEpochs(last.epoch, SMALL_DATA_EPOCHS));
    return then(last);
  };

export const cnnSheet: Sheet<"cnn"> = {
  lab: "cnn",
  tasks: [
    {
      id: "small-and-accurate",
      start: "dataset=mnist&blocks=16,32&hidden=64&small=0&augment=0&test=10000&epochs=2",
      check: (s) => {
        if (s.parameters >= SMALL_PARAMETERS)
          return missing(words().tooManyParameters(s.parameters, SMALL_PARAMETERS));
        const last = current(s).at(-1);
        if (!last) return missing(words().trainFirst);
        if (last.dataset !== "mnist" || last.smallData > 0) return missing(words().fullMnist);
        if (last.testImages < FULL_TEST_SET)
          return missing(words().fullTestSet(last.testImages, FULL_TEST_SET));
        if (last.accuracy < SMALL_ACCURACY)
          return missing(words().accuracy(last.accuracy, SMALL_ACCURACY, SMALL_PARAMETERS));
        return solved;
      },
    },
    {
      id: "augmentation-small-data",
      start: "dataset=mnist&blocks=8,16&hidden=0&small=1&augment=0&test=1000&epochs=10",
      check: (s) => {
        const without = smallDataRun(s, false);
        const withIt = smallDataRun(s, true);
        return without && withIt ? solved : missing(words().bothRuns(without, withIt, SMALL_DATA_EPOCHS));
      },
    },
    {
      id: "overfitting",
      start: "dataset=mnist&blocks=8,16&hidden=0&small=1&augment=0&test=1000&epochs=20",
      check: onSmallData(({ trainAccuracy, accuracy }) =>
        trainAccuracy !== null && trainAccuracy - accuracy >= OVERFIT_GAP
          ? solved
          : missing(words().gap(trainAccuracy ?? Number.NaN, accuracy, OVERFIT_GAP)),
      ),
    },
    {
      id: "dead-filters",
      start: "dataset=mnist&blocks=8,16&hidden=0&small=1&augment=0&test=500&epochs=1&opt=adam&lr=0.002",
      check: (s) => {
        const check = s.deadFilters;
        if (!check || check.epoch === 0) return missing(words().checkAfterTraining);
        return check.filters > 0 ? solved : missing(words().noneDead(check.epoch));
      },
    },
  ],
};

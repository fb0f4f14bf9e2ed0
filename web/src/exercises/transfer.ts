// The transfer lab's sheet: two classes of the attendee's own told apart, the deck's cut against a low one
// on the same images, and how few images per class it takes.

import { text } from "../i18n";
import type { TransferLabState, TransferTraining } from "./lab-state";
import { missing, solved, type Sheet } from "./sheet";

const words = () => text.exercises.transfer;

/** Validation accuracy the tasks count as telling the classes apart. */
const TOLD_APART = 0.9;
/** Training images per class the own-classes task asks for at least, the few-images task at most. */
const ENOUGH_IMAGES = 5;
const FEW_IMAGES = 3;

const best = (training: TransferTraining) => Math.max(...Object.values(training.accuracy));

export const transferSheet: Sheet<"transfer"> = {
  lab: "transfer",
  tasks: [
    {
      id: "own-classes",
      check: ({ trainings }: TransferLabState) => {
        if (trainings.length === 0) return missing(words().trainFirst);
        const enough = trainings.filter((t) => Math.min(...t.trainImages) >= ENOUGH_IMAGES);
        if (enough.length === 0) return missing(words().moreImages(ENOUGH_IMAGES));
        return enough.some((t) => best(t) >= TOLD_APART) ? solved : missing(words().notApartYet(TOLD_APART));
      },
    },
    {
      id: "where-to-cut",
      check: ({ trainings }: TransferLabState) => {
        const compared = trainings.some((a) =>
          trainings.some((b) => a.images === b.images && a.cut === a.defaultCut && b.cut < b.defaultCut),
        );
        return compared ? solved : missing(words().compareCuts);
      },
    },
    {
      id: "few-images",
      check: ({ trainings }: TransferLabState) => {
        const few = trainings.filter((t) => Math.max(...t.trainImages) <= FEW_IMAGES);
        if (few.length === 0) return missing(words().fewImages(FEW_IMAGES));
        return few.some((t) => best(t) >= TOLD_APART) ? solved : missing(words().notApartYet(TOLD_APART));
      },
    },
  ],
};

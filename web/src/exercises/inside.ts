// The inside lab's sheet: the sanity check run (which maps survive a random network), an answer turned
// with a budget the eye cannot see, a targeted attack, the robustness curve beside its control, an attack
// that fools a second network too, and a fooling image.

import { text } from "../i18n";
import type { InsideLabState } from "./lab-state";
import { missing, solved, type Sheet } from "./sheet";

const words = () => text.exercises.inside;

/** The largest budget the invisible-attack task allows: 8 grey levels of 255. */
const INVISIBLE = 8 / 255;
/** The confidence a fooling image must reach. */
const FOOLED = 0.99;
/** How much accuracy the second network must lose for the attack to count as transferred. */
const TRANSFERRED = 0.2;

export const insideSheet: Sheet<"inside"> = {
  lab: "inside",
  tasks: [
    {
      id: "sanity-check",
      check: ({ randomised, weightedLayers }: InsideLabState) => {
        if (!randomised.includes(1)) return missing(words().randomiseTop);
        return weightedLayers > 0 && randomised.includes(weightedLayers)
          ? solved
          : missing(words().randomiseAll);
      },
    },
    {
      id: "invisible",
      start: "source=cnn&attack=pgd&eps=0.03&steps=20",
      check: ({ attacks }: InsideLabState) => {
        if (attacks.length === 0) return missing(words().attackFirst);
        const turned = attacks.some((a) => a.turned && a.epsilon <= INVISIBLE + 1e-9 && a.kind !== "noise");
        return turned ? solved : missing(words().smallerBudget(INVISIBLE));
      },
    },
    {
      id: "targeted",
      start: "source=cnn&attack=pgd&eps=0.2&steps=40&target=3",
      check: ({ attacks }: InsideLabState) =>
        attacks.some((a) => a.targeted && a.reachedTarget) ? solved : missing(words().reachTarget),
    },
    {
      id: "control",
      start: "source=cnn",
      check: ({ curves }: InsideLabState) => (curves > 0 ? solved : missing(words().measureCurve)),
    },
    {
      id: "transfer",
      start: "source=cnn&attack=pgd&eps=0.2&steps=20",
      check: ({ transfers }: InsideLabState) => {
        const others = transfers.filter((t) => t.network);
        if (others.length === 0) return missing(words().transferToNetwork);
        const drop = Math.max(...others.map((t) => t.secondClean - t.secondAdversarial));
        return drop >= TRANSFERRED ? solved : missing(words().transferMore(drop, TRANSFERRED));
      },
    },
    {
      id: "fooling",
      check: ({ bestFooling }: InsideLabState) =>
        bestFooling >= FOOLED ? solved : missing(words().foolMore(bestFooling, FOOLED)),
    },
  ],
};

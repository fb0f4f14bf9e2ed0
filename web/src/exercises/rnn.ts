// The RNN lab's sheet: the LSTM learning the adding problem over 50 steps while the plain RNN stays at the
// baseline, the plain RNN learning it once the lag is short, the gradient by lag that explains both, a
// character model that invents Dutch words, measured against the characters' frequencies alone, and a CNN
// with an LSTM on top that reads house numbers whole.

import { text } from "../i18n";
import type { RnnLabState, RnnRun } from "./lab-state";
import { missing, solved, type Sheet } from "./sheet";

const words = () => text.exercises.rnn;

/** The long task's length and the scores that tell learning from not: MSE, against the baseline 1/6. */
const LONG = 50;
const LEARNED = 0.05;
const STUCK = 0.1;
/** The short task: a length the plain RNN bridges, and the score it should reach there. */
const SHORT = 10;
const SHORT_LEARNED = 0.08;
/** The lag task: steps trained first, and how many times further the LSTM's gradient must reach. */
const LAG_STEPS = 200;
const FURTHER = 1000;
/** The words task: the share of the frequencies' perplexity the LSTM must get under on held-out words. */
const INVENTED = 0.7;
/** The house-numbers task: the share of held-out numbers the reader must read whole. */
const READ_WHOLE = 0.5;

const adding = (runs: RnnRun[]) => runs.filter((run) => run.task === "adding");

export const rnnSheet: Sheet<"rnn"> = {
  lab: "rnn",
  tasks: [
    {
      id: "forget-gate",
      start: "task=adding&length=50",
      check: ({ runs }: RnnLabState) => {
        const long = adding(runs).filter((run) => run.length >= LONG);
        if (long.length === 0) return missing(words().trainLong(LONG));
        const lstm = long.some((run) => (run.scores.lstm ?? Infinity) < LEARNED);
        if (!lstm) return missing(words().lstmLower(LEARNED));
        return long.some((run) => (run.scores.lstm ?? Infinity) < LEARNED && (run.scores.rnn ?? 0) > STUCK)
          ? solved
          : missing(words().rnnStuck(STUCK));
      },
    },
    {
      id: "short",
      start: "task=adding&length=10",
      check: ({ runs }: RnnLabState) => {
        const short = adding(runs).filter((run) => run.length <= SHORT);
        if (short.length === 0) return missing(words().trainShort(SHORT));
        return short.some((run) => (run.scores.rnn ?? Infinity) < SHORT_LEARNED)
          ? solved
          : missing(words().rnnLower(SHORT_LEARNED));
      },
    },
    {
      id: "lag",
      check: ({ runs }: RnnLabState) => {
        const trained = runs.filter((run) => run.length >= LONG && run.steps >= LAG_STEPS);
        if (trained.length === 0) return missing(words().trainFirst(LONG, LAG_STEPS));
        const reach = (run: RnnRun) =>
          (run.farthest.lstm ?? 0) / Math.max(run.farthest.rnn ?? Infinity, 1e-30);
        return trained.some((run) => reach(run) >= FURTHER) ? solved : missing(words().reachFurther(FURTHER));
      },
    },
    {
      id: "invent",
      start: "text=nl",
      check: ({ chars }: RnnLabState) => {
        const dutch = chars.filter((run) => run.text === "nl");
        if (dutch.length === 0) return missing(words().trainWords);
        return dutch.some((run) => (run.perplexity.lstm ?? Infinity) <= INVENTED * run.baseline)
          ? solved
          : missing(words().perplexityLower(INVENTED));
      },
    },
    {
      id: "house-numbers",
      check: ({ numbers }: RnnLabState) => {
        if (numbers === undefined) return missing(words().trainNumbers);
        return numbers >= READ_WHOLE ? solved : missing(words().numbersHigher(READ_WHOLE));
      },
    },
  ],
};

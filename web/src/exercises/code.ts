// The code exercises' sheet: each task is one exercise of the code panel, solved when its latest run
// returned what the engine computes on the same inputs.

import { text } from "../i18n";
import { CODE_EXERCISE_IDS, CODE_EXERCISES } from "./code/exercises";
import type { RunOutcome } from "./code/runner";
import { missing, solved, type Sheet, type Verdict } from "./sheet";

const words = () => text.exercises.code;

/** The attendee's numbers against the engine's, each within `tolerance` of its size (at least 1). */
export function compared(run: RunOutcome | undefined, tolerance: number): Verdict {
  if (!run) return missing(words().runFirst);
  if (run.kind === "error") return missing(words().failed(run.message, run.line));
  if (run.kind === "timeout") return missing(words().timedOut(run.seconds));
  if (run.kind === "stopped") return missing(words().stopped);
  const { result, expected } = run;
  if (result.length !== expected.length) return missing(words().length(result.length, expected.length));
  const wrong = result.findIndex(
    (value, i) => !(Math.abs(value - expected[i]) <= tolerance * Math.max(1, Math.abs(expected[i]))),
  );
  // Six significant digits: the engine computes in float32, whose seventh digit is noise.
  const shown = (value: number) => Number(value.toPrecision(6));
  return wrong < 0 ? solved : missing(words().differs(wrong, shown(result[wrong]), shown(expected[wrong])));
}

export const codeSheet: Sheet<"code"> = {
  lab: "code",
  tasks: CODE_EXERCISE_IDS.map((id) => ({
    id,
    start: `exercise=${id}`,
    check: (s) => compared(s.runs[id], CODE_EXERCISES[id].tolerance),
    answer: CODE_EXERCISES[id].answer,
  })),
};

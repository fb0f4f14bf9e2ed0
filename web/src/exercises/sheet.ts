// The exercise format every lab's sheet uses. A task has a goal, optionally a starting state (the lab's
// address settings, loaded with one click), a check, hints shown one at a time and an explanation shown once
// it is solved or given up. Checks read the lab's state through the typed interface the lab publishes
// (`LabStates`), never the page's DOM, and say what is still missing.

import type { LabStates } from "./lab-state";

/** What a check says: solved, or what is still missing (in the page's language). */
export type Verdict = { solved: true } | { solved: false; missing: string };

export const solved: Verdict = { solved: true };
export const missing = (why: string): Verdict => ({ solved: false, missing: why });

/** The words of a task, in the page's language. */
export interface TaskText {
  goal: string;
  hints: string[];
  explanation: string;
}

export interface Task<L extends keyof LabStates> {
  id: string;
  /** The lab's address settings to start from, e.g. "dataset=or&activation=threshold". */
  start?: string;
  check: (state: LabStates[L]) => Verdict;
  /** A model answer in code, shown with the explanation (the code exercises). */
  answer?: string;
}

export interface Sheet<L extends keyof LabStates> {
  lab: L;
  tasks: Task<L>[];
}

// The messages between the code panel and its runner worker.

import type { CodeExerciseId } from "./exercises";

export interface RunRequest {
  exercise: CodeExerciseId;
  code: string;
  /** The engine, compiled by the page: the runner has no network to fetch it with. */
  module: WebAssembly.Module;
}

export type RunMessage =
  | { type: "log"; text: string }
  | { type: "done"; result: number[]; expected: number[] }
  /** `line`: in the attendee's code, when the error says where. */
  | { type: "error"; message: string; line?: number };

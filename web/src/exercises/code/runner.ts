// Runs an attendee's code in a worker of its own (code-runner.worker.ts) and ends it when the code is done,
// at the time limit or on `stop`: a worker that loops forever is terminated, the page never waits on it.

import plainWasmUrl from "../../wasm-pkg/playground_bg.wasm?url";
import type { CodeExerciseId } from "./exercises";
import type { RunMessage, RunRequest } from "./protocol";

export type RunOutcome =
  | { kind: "done"; result: number[]; expected: number[] }
  | { kind: "error"; message: string; line?: number }
  | { kind: "timeout"; seconds: number }
  | { kind: "stopped" };

/** The engine compiled once for every run (the runner cannot fetch it: it has no network). */
let compiled: Promise<WebAssembly.Module> | undefined;
const engineModule = () => (compiled ??= WebAssembly.compileStreaming(fetch(plainWasmUrl)));

export interface Run {
  outcome: Promise<RunOutcome>;
  stop(): void;
}

export function runCode(
  exercise: CodeExerciseId,
  code: string,
  { seconds, onLog }: { seconds: number; onLog: (text: string) => void },
): Run {
  const worker = new Worker(new URL("./code-runner.worker.ts", import.meta.url), {
    type: "module",
    name: "code-runner",
  });
  let finish: (outcome: RunOutcome) => void = () => {};
  const outcome = new Promise<RunOutcome>((resolve) => (finish = resolve));
  const end = (result: RunOutcome) => {
    clearTimeout(timer);
    worker.terminate();
    finish(result);
  };
  const timer = setTimeout(() => end({ kind: "timeout", seconds }), seconds * 1000);
  worker.onmessage = ({ data }: MessageEvent<RunMessage>) => {
    if (data.type === "log") onLog(data.text);
    else if (data.type === "done") end({ kind: "done", result: data.result, expected: data.expected });
    else end({ kind: "error", message: data.message, line: data.line });
  };
  worker.onerror = (event) => {
    event.preventDefault();
    end({ kind: "error", message: event.message || "the runner failed to start" });
  };
  void engineModule().then(
    (module) => worker.postMessage({ exercise, code, module } satisfies RunRequest),
    (error: unknown) => end({ kind: "error", message: String(error) }),
  );
  return { outcome, stop: () => end({ kind: "stopped" }) };
}

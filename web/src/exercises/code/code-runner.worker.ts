// The runner of an attendee's code: a worker of its own, one per run, that the page terminates at the time
// limit or on Stop. It loads the engine from the module the page compiled, computes the engine's answer,
// then takes away everything that reaches outside (fetch and its kin, importScripts, other workers,
// storage, its own postMessage) before the attendee's code runs. There is no page here, so no DOM. The
// server also sends this script a Content-Security-Policy without connect-src (scripts/serve.mjs).

import * as core from "../../wasm-pkg/playground.js";
import { openTensors } from "../../engine/tensors";
import { CODE_EXERCISES } from "./exercises";
import type { RunMessage, RunRequest } from "./protocol";

const send = self.postMessage.bind(self) as (message: RunMessage) => void;

/** What leaves the worker or reaches the network or storage. */
const REFUSED = [
  "fetch",
  "XMLHttpRequest",
  "WebSocket",
  "WebTransport",
  "EventSource",
  "importScripts",
  "Worker",
  "SharedWorker",
  "BroadcastChannel",
  "indexedDB",
  "caches",
  "postMessage",
  "close",
];

function lockDown() {
  for (const name of REFUSED) {
    for (let scope: object | null = self; scope; scope = Object.getPrototypeOf(scope))
      if (Object.hasOwn(scope, name)) Reflect.deleteProperty(scope, name);
    Object.defineProperty(self, name, {
      get() {
        throw new ReferenceError(`${name} is not available here: exercise code has no network and no page`);
      },
      configurable: false,
    });
  }
  self.onmessage = null;
}

/** Lines before the attendee's first in the function `new Function` builds (see `run`). */
const PROLOGUE_LINES = 4;

/** The line of the attendee's code an error points at, from its stack. */
function lineOf(error: unknown): number | undefined {
  const match = /<anonymous>:(\d+):\d+/.exec(error instanceof Error ? (error.stack ?? "") : "");
  const line = match ? Number(match[1]) - PROLOGUE_LINES : NaN;
  return line >= 1 ? line : undefined;
}

const show = (value: unknown): string =>
  typeof value === "string"
    ? value
    : (JSON.stringify(value, (_, v: unknown) =>
        ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v,
      ) ?? String(value));

self.onmessage = async ({ data }: MessageEvent<RunRequest>) => {
  const exercise = CODE_EXERCISES[data.exercise];
  core.initSync({ module: data.module });
  const t = await openTensors(core, "simd");
  const input = exercise.inputs(Math.random);
  const expected = Array.from(await t.tidy(() => exercise.expected(t, input)));
  const log = (...values: unknown[]) => send({ type: "log", text: values.map(show).join(" ") });
  const console = { log, info: log, warn: log, error: log };
  lockDown();
  try {
    // Running the attendee's code is the point of this worker: its source becomes a function here.
    const run = new Function(
      "t",
      "input",
      "console",
      `"use strict";\nreturn (async () => {\n${data.code}\n})();`,
    ) as (...args: unknown[]) => Promise<unknown>;
    const value = await run(t, structuredClone(input), console);
    const result = value instanceof core.Tensor ? await t.data(value) : value;
    if (typeof (result as ArrayLike<number> | null)?.length !== "number")
      throw new TypeError(`the code returned ${show(result)}, not a list of numbers`);
    send({ type: "done", result: Array.from(result as ArrayLike<number>, Number), expected });
  } catch (error) {
    send({
      type: "error",
      message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      line: lineOf(error),
    });
  }
};

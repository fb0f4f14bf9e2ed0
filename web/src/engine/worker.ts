// The engine worker: hosts the wasm core off the main thread and answers the page's calls (protocol.ts)
// with the handlers in handlers/, one file per lab and one for the engine itself.

import type * as Core from "../wasm-pkg/playground.js";
import plainWasmUrl from "../wasm-pkg/playground_bg.wasm?url";
import relaxedWasmUrl from "../wasm-pkg/playground_relaxed_bg.wasm?url";
import threadsWasmUrl from "../wasm-pkg/playground_threads_bg.wasm?url";
import { keepTunedKernels, keptTunedKernels } from "../storage/tuned-kernels";
import { gpuAdapterName, supportsRelaxedSimd, supportsSimd } from "./environment";
import { autoencoderHandlers } from "./handlers/autoencoder";
import { ganHandlers } from "./handlers/gan";
import { cnnHandlers } from "./handlers/cnn";
import { compressHandlers } from "./handlers/compress";
import { detectHandlers } from "./handlers/detect";
import { insideHandlers } from "./handlers/inside";
import { engineHandlers } from "./handlers/engine";
import { mlpHandlers } from "./handlers/mlp";
import { perceptronHandlers } from "./handlers/perceptron";
import { rnnHandlers } from "./handlers/rnn";
import { askForSubgroups } from "./subgroups";
import { transferHandlers } from "./handlers/transfer";
import type { Handler, JobContext } from "./job";
import type { Method, MlpProgress, Problem, Request, Response } from "./protocol";
import type { TunedKernels } from "./wire";

const post = (message: Response, transfer: Transferable[] = []) => self.postMessage(message, transfer);

/**
 * The loaded wasm core, the best build this browser runs: threaded (relaxed SIMD on shared memory, with a
 * helper worker per further core) where the page is cross-origin isolated, else relaxed SIMD, else plain
 * SIMD. The page can force one through the worker's name, for benchmarks and the backends lab:
 * "engine:simd128", "engine:relaxed-simd", "engine:threads" or "engine:threads:2" (two threads).
 */
let core: typeof Core;
let build: string;
let memory: WebAssembly.Memory;

/** Threads beyond this many rarely pay on a laptop: its other cores have the page and the GPU to feed. */
const MAX_THREADS = 8;

async function loadCore(): Promise<void> {
  if (!supportsSimd()) {
    throw new Error(
      "this browser lacks WebAssembly SIMD, which the engine needs (any browser from 2023 on has it)",
    );
  }
  const [, forced, forcedThreads] = self.name.split(":");
  const sharedMemory = self.crossOriginIsolated && typeof SharedArrayBuffer === "function";
  build = forced ?? (supportsRelaxedSimd() ? (sharedMemory ? "threads" : "relaxed-simd") : "simd128");
  if (build === "threads") {
    // The same Rust exports as the other builds; only wasm-bindgen's internal symbols are named apart.
    core = (await import("../wasm-pkg/playground_threads.js")) as unknown as typeof Core;
    ({ memory } = await core.default({ module_or_path: threadsWasmUrl }));
    const wanted = Number(forcedThreads) || Math.min(navigator.hardwareConcurrency || 1, MAX_THREADS);
    await startHelpers(wanted - 1);
  } else if (build === "relaxed-simd") {
    core = await import("../wasm-pkg/playground_relaxed.js");
    ({ memory } = await core.default({ module_or_path: relaxedWasmUrl }));
  } else {
    core = await import("../wasm-pkg/playground.js");
    ({ memory } = await core.default({ module_or_path: plainWasmUrl }));
  }
}

/**
 * Starts `count` helper workers on the core's module and shared memory, and waits until each has joined
 * the thread pool or failed to; the kernels use those that joined (the environment panel says how many).
 */
async function startHelpers(count: number): Promise<void> {
  const [module, shared] = core.threadPoolInputs() as [WebAssembly.Module, WebAssembly.Memory];
  const joined = Array.from(
    { length: count },
    () =>
      new Promise<void>((resolve) => {
        const helper = new Worker(new URL("./thread-helper.ts", import.meta.url), {
          type: "module",
          name: "engine-thread",
        });
        helper.onmessage = () => resolve();
        helper.onerror = (event) => {
          console.warn("an engine thread did not start:", event.message);
          resolve();
        };
        helper.postMessage({ module, memory: shared });
      }),
  );
  await Promise.all(joined);
}

const handlers: { [M in Method]: Handler<M> } = {
  ...engineHandlers(
    () => core,
    () => build,
  ),
  ...perceptronHandlers(() => core),
  ...mlpHandlers(() => core),
  ...cnnHandlers(() => core),
  ...transferHandlers(
    () => core,
    () => memory,
  ),
  ...insideHandlers(() => core),
  ...compressHandlers(() => core),
  ...autoencoderHandlers(() => core),
  ...ganHandlers(() => core),
  ...rnnHandlers(() => core),
  ...detectHandlers(
    () => core,
    () => memory,
  ),
};

const running = new Map<number, { cancelled: boolean }>();

async function call(id: number, method: Method, params: unknown) {
  const state = { cancelled: false };
  running.set(id, state);
  const job: JobContext<Method> = {
    progress: (value, transfer) => post({ type: "progress", id, value }, transfer),
    get cancelled() {
      return state.cancelled;
    },
  };
  try {
    const handler = handlers[method] as Handler<Method>;
    const value = await handler(params as never, job);
    const transfer = (value as Partial<MlpProgress> | null)?.view?.neuronMaps?.buffer;
    post({ type: "result", id, value }, transfer ? [transfer] : []);
  } catch (error) {
    const panic = core.takePanicMessage();
    if (panic !== undefined) {
      // The wasm instance aborted; its state cannot be trusted any more.
      post({ type: "fatal", message: panic });
      self.close();
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    post({ type: "error", id, message, problem: (error as { problem?: Problem } | null)?.problem });
  } finally {
    running.delete(id);
  }
}

self.onmessage = (event: MessageEvent<Request>) => {
  const request = event.data;
  if (request.type === "cancel") {
    const job = running.get(request.id);
    if (job) job.cancelled = true;
  } else {
    void call(request.id, request.method, request.params);
  }
};

/**
 * Hands the core the page's store of the GPU kernels it tunes, asked only when the GPU first connects (so
 * the engine is ready without waiting for a GPU adapter or storage). Without storage (a private window, a
 * refused database) every visit tunes again: slower to connect, never wrong.
 */
function rememberTunedKernels(): void {
  const kept = async () => ({
    adapter: await gpuAdapterName(),
    kernels: await keptTunedKernels().catch(() => []),
  });
  const keep = (tuned: TunedKernels) =>
    void keepTunedKernels(tuned).catch((error: unknown) =>
      console.warn("the tuned GPU kernels were not kept:", error),
    );
  core.rememberTunedKernels(kept, keep);
}

askForSubgroups();
loadCore()
  .then(rememberTunedKernels)
  .then(
    () => post({ type: "ready" }),
    (error: unknown) => post({ type: "fatal", message: `the wasm core did not load: ${String(error)}` }),
  );

// The page's side of the engine: starts the worker when the first call needs it (the home page never
// does), sends typed calls, routes progress, cancels, and starts a fresh worker when the old one died of a
// Rust panic.

import type { Method, Params, Problem, Progress, Request, Response, Result } from "./protocol";

export interface CallOptions<M extends Method> {
  onProgress?: (value: Progress<M>) => void;
  /** Aborting asks the job to finish early; the call then resolves with its partial result. */
  signal?: AbortSignal;
  /** Objects in `params` to move to the worker rather than copy (an ImageBitmap, a large buffer). */
  transfer?: Transferable[];
}

/** The engine died (a Rust panic) while this call was pending; a fresh one has been started. */
export class EngineRestartedError extends Error {}

/** A call the engine refused: its English message, and the problem the page can word itself. */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly problem?: Problem,
  ) {
    super(message);
  }
}

/** The problem a failed engine call reported, when it is one with `code`. */
export function problemOf<C extends Problem["code"]>(
  error: unknown,
  code: C,
): Extract<Problem, { code: C }> | undefined {
  const problem = error instanceof EngineError ? error.problem : undefined;
  return problem?.code === code ? (problem as Extract<Problem, { code: C }>) : undefined;
}

/** The GPU went away under a lab, which the engine moved to the SIMD backend: the page follows. */
export const isGpuLoss = (error: unknown): error is EngineError => problemOf(error, "gpu-lost") !== undefined;

/** Where loading the engine stands: shown in the page while the wasm downloads and compiles. */
export type EngineState = { state: "loading" } | { state: "ready" } | { state: "failed"; reason: string };

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (value: unknown) => void;
}

export class EngineClient {
  private worker?: Worker;
  private ready?: Promise<void>;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private restartListeners: ((reason: string) => void)[] = [];
  private stateListeners: ((state: EngineState) => void)[] = [];

  /** `build` forces a wasm build ("simd128" or "relaxed-simd") instead of the best this browser runs. */
  constructor(private readonly build?: string) {}

  /** Runs `method` in the worker. Rejects with the engine's message when it fails. */
  async call<M extends Method>(
    method: M,
    params: Params<M>,
    options: CallOptions<M> = {},
  ): Promise<Result<M>> {
    await this.whenReady();
    const id = this.nextId++;
    const result = new Promise<Result<M>>((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        onProgress: options.onProgress as ((value: unknown) => void) | undefined,
      });
    });
    this.send({ type: "call", id, method, params }, options.transfer);
    options.signal?.addEventListener("abort", () => this.send({ type: "cancel", id }), { once: true });
    return result;
  }

  /** Loads the engine if it is not yet; settles when it has, rejects with the reason when it cannot load. */
  whenReady(): Promise<void> {
    if (!this.ready) this.start();
    return this.ready as Promise<void>;
  }

  /** Called as loading the engine starts, succeeds or fails (each restart loads it again). */
  onStateChange(listener: (state: EngineState) => void): () => void {
    this.stateListeners.push(listener);
    return () => (this.stateListeners = this.stateListeners.filter((l) => l !== listener));
  }

  /** Called with the panic message whenever the engine had to be restarted. */
  onRestart(listener: (reason: string) => void): () => void {
    this.restartListeners.push(listener);
    return () => (this.restartListeners = this.restartListeners.filter((l) => l !== listener));
  }

  /** Stops the worker; pending calls reject. */
  dispose(): void {
    this.worker?.terminate();
    for (const call of this.pending.values()) call.reject(new Error("the engine was closed"));
    this.pending.clear();
  }

  private send(request: Request, transfer: Transferable[] = []) {
    this.worker?.postMessage(request, transfer);
  }

  private announce(state: EngineState) {
    for (const listener of this.stateListeners) listener(state);
  }

  private start() {
    // The worker reads a forced build from its name: a worker gets no query string of its own here.
    const name = this.build ? `engine:${this.build}` : "engine";
    const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name });
    this.worker = worker;
    this.announce({ state: "loading" });
    let isReady = false;
    this.ready = new Promise((resolve, reject) => {
      // Before `ready` a failure means the engine cannot load at all: report it, do not loop restarting.
      const fail = (reason: string) => {
        if (isReady) return this.restart(reason);
        this.announce({ state: "failed", reason });
        reject(new Error(reason));
      };
      worker.onmessage = (event: MessageEvent<Response>) => {
        const message = event.data;
        if (message.type === "ready") {
          isReady = true;
          this.announce({ state: "ready" });
          resolve();
        } else if (message.type === "fatal") fail(message.message);
        else this.settle(message);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        fail(event.message || "the engine worker failed");
      };
    });
    // Callers see the rejection through call(); this keeps it from also counting as unhandled.
    this.ready.catch(() => undefined);
  }

  private settle(message: Exclude<Response, { type: "ready" | "fatal" }>) {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.type === "progress") {
      pending.onProgress?.(message.value);
      return;
    }
    this.pending.delete(message.id);
    if (message.type === "result") pending.resolve(message.value);
    else pending.reject(new EngineError(message.message, message.problem));
  }

  private restart(reason: string) {
    this.worker?.terminate();
    const orphans = [...this.pending.values()];
    this.pending.clear();
    this.start();
    for (const call of orphans) call.reject(new EngineRestartedError(reason));
    for (const listener of this.restartListeners) listener(reason);
  }
}

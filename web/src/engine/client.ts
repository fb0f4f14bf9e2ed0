// The page's side of the engine: starts the worker, sends typed calls, routes progress, cancels, and
// starts a fresh worker when the old one died of a Rust panic.

import type { Method, Params, Progress, Request, Response, Result } from "./protocol";

export interface CallOptions<M extends Method> {
  onProgress?: (value: Progress<M>) => void;
  /** Aborting asks the job to finish early; the call then resolves with its partial result. */
  signal?: AbortSignal;
  /** Objects in `params` to move to the worker rather than copy (an ImageBitmap, a large buffer). */
  transfer?: Transferable[];
}

/** The engine died (a Rust panic) while this call was pending; a fresh one has been started. */
export class EngineRestartedError extends Error {}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (value: unknown) => void;
}

export class EngineClient {
  private worker!: Worker;
  private ready!: Promise<void>;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private restartListeners: ((reason: string) => void)[] = [];

  /** `build` forces a wasm build ("simd128" or "relaxed-simd") instead of the best this browser runs. */
  constructor(private readonly build?: string) {
    this.start();
  }

  /** Runs `method` in the worker. Rejects with the engine's message when it fails. */
  async call<M extends Method>(
    method: M,
    params: Params<M>,
    options: CallOptions<M> = {},
  ): Promise<Result<M>> {
    await this.ready;
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

  /** Settles when the engine has loaded; rejects with the reason when it cannot load at all. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Called with the panic message whenever the engine had to be restarted. */
  onRestart(listener: (reason: string) => void): () => void {
    this.restartListeners.push(listener);
    return () => (this.restartListeners = this.restartListeners.filter((l) => l !== listener));
  }

  /** Stops the worker; pending calls reject. */
  dispose(): void {
    this.worker.terminate();
    for (const call of this.pending.values()) call.reject(new Error("the engine was closed"));
    this.pending.clear();
  }

  private send(request: Request, transfer: Transferable[] = []) {
    this.worker.postMessage(request, transfer);
  }

  private start() {
    // The worker reads a forced build from its name: a worker gets no query string of its own here.
    const name = this.build ? `engine:${this.build}` : "engine";
    this.worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name });
    let isReady = false;
    this.ready = new Promise((resolve, reject) => {
      // Before `ready` a failure means the engine cannot load at all: report it, do not loop restarting.
      const fail = (reason: string) => (isReady ? this.restart(reason) : reject(new Error(reason)));
      this.worker.onmessage = (event: MessageEvent<Response>) => {
        const message = event.data;
        if (message.type === "ready") {
          isReady = true;
          resolve();
        } else if (message.type === "fatal") fail(message.message);
        else this.settle(message);
      };
      this.worker.onerror = (event) => {
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
    else pending.reject(new Error(message.message));
  }

  private restart(reason: string) {
    this.worker.terminate();
    const orphans = [...this.pending.values()];
    this.pending.clear();
    this.start();
    for (const call of orphans) call.reject(new EngineRestartedError(reason));
    for (const listener of this.restartListeners) listener(reason);
  }
}

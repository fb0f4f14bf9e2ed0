// What a worker handler sees of its call: its params, a way to report progress and whether it was cancelled.

import type { Method, Params, Progress, Result } from "./protocol";

export interface JobContext<M extends Method> {
  progress(value: Progress<M>, transfer?: Transferable[]): void;
  readonly cancelled: boolean;
}

export type Handler<M extends Method> = (
  params: Params<M>,
  job: JobContext<M>,
) => Result<M> | Promise<Result<M>>;

export type Handlers<K extends Method> = { [M in K]: Handler<M> };

/** Lets queued messages (a cancel, above all) in before a long job goes on. */
export const yieldToEvents = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });

/** Runs async tasks one at a time, in call order: an object the wasm core lends out cannot be re-entered. */
export function serialQueue(): <T>(task: () => Promise<T> | T) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T> | T) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

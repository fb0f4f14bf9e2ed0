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

/** A lab's model, or the reason there is none yet. */
export function required<T>(lab: T | undefined, name: string): T {
  if (!lab) throw new Error(`no ${name} yet: reset it first`);
  return lab;
}

/** Lets queued messages (a cancel, above all) in before a long job goes on. */
export const yieldToEvents = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });

/** Whether the report that took the count from `before` to `done` crossed a multiple of `every`. */
export const crossed = (before: number, done: number, every: number) =>
  Math.floor(done / every) > Math.floor(before / every);

/** The parts one after another in one array. */
export function concatenated(parts: Float32Array[]): Float32Array {
  const all = new Float32Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

/** Runs async tasks one at a time, in call order: an object the wasm core lends out cannot be re-entered. */
export function serialQueue(): <T>(task: () => Promise<T> | T) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T> | T) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface PacedLoop {
  /** How many steps to run at most (Infinity: until `stillCurrent` says stop). */
  count: number;
  /** Steps per second; undefined or Infinity: as fast as they go. A room can follow a few dozen a second. */
  perSecond?: number;
  /** Milliseconds of work between two reports (and chances to be cancelled). */
  reportEveryMs: number;
  /** False once the job should end early (cancelled, its model replaced, its goal reached). */
  stillCurrent(): boolean;
  /**
   * Runs at most `budget` steps, at least one, in one go (one call into the core: a GPU backend reads back
   * once per call, not per step), and says how many ran: fewer when, say, an epoch ended.
   */
  steps(budget: number): number | Promise<number>;
  /** Called, and awaited, after each slice of steps but the last (the result reports that). */
  report(): void | Promise<void>;
}

/**
 * The training loop every lab's worker handler runs: steps in slices of about `reportEveryMs`, a report
 * after each slice, and queued messages let in between, so a pause lands within one slice. Each call asks
 * for as many steps as the time per step measured so far fits in what is left of the slice (the first slice
 * is one step, so the first report shows where training starts). With a pace,
 * it waits between steps in short naps, still answering a cancel within 50 ms. Returns how many steps ran.
 */
export async function pacedLoop(loop: PacedLoop): Promise<number> {
  const perSecond = loop.perSecond ?? Infinity;
  const paced = Number.isFinite(perSecond) && perSecond > 0;
  const started = performance.now();
  let msPerStep = 0;
  let done = 0;
  while (done < loop.count && loop.stillCurrent()) {
    const slice = performance.now();
    const due = paced
      ? Math.min(loop.count, Math.floor(((slice - started) / 1000) * perSecond) + 1)
      : loop.count;
    let stepped = false;
    for (let left = loop.reportEveryMs; done < due && left > 0 && loop.stillCurrent();) {
      const fits = msPerStep > 0 ? Math.floor(left / msPerStep) : 1;
      const callStarted = performance.now();
      const ran = await loop.steps(Math.max(1, Math.min(due - done, fits)));
      const took = performance.now() - callStarted;
      if (ran > 0) msPerStep = took / ran;
      done += ran;
      stepped ||= ran > 0;
      // The first slice is the first call alone: the page sees the starting loss and a step's time at once.
      left = done === ran ? 0 : loop.reportEveryMs - (performance.now() - slice);
    }
    if (done >= loop.count || !loop.stillCurrent()) break;
    if (stepped) await loop.report();
    if (done < due) await yieldToEvents();
    else await sleep(Math.min(50, started + (done / perSecond) * 1000 - performance.now()));
  }
  return done;
}

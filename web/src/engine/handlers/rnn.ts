// The worker's RNN-lab handlers (crate/src/wasm/rnn.rs, chars.rs, house_numbers.rs): a plain RNN and an
// LSTM on the same memory task, trained in turns in short slices of time so the page sees both losses move
// side by side and can pause; each network's test score and how far back its gradient reaches every so many
// steps. A network reading digits a row a step, trained alike, with a test digit traced row by row. A CNN
// with an LSTM over its columns reading house numbers, with a held-out strip traced column by column. And a
// plain RNN and an LSTM reading a text a character a step, with what each writes and a held-out window
// traced.

import type * as Core from "../../wasm-pkg/playground.js";
import { fetchDataset } from "../download";
import { concatenated, crossed, pacedLoop, required, serialQueue, type Handlers } from "../job";
import type { Cell, CharTrace, NumberTrace } from "../protocol";

type RnnMethod = Extract<keyof import("../protocol").Methods, `rnn/${string}`>;

/** How long the networks train between two reports (and chances to pause). */
const REPORT_EVERY_MS = 100;

export function rnnHandlers(core: () => typeof Core): Handlers<RnnMethod> {
  const nets = new Map<Cell, Core.MemoryTaskLab>();
  let reader: Core.DigitSequenceLab | undefined;
  let numbers: Core.HouseNumberLab | undefined;
  const models = new Map<Cell, Core.CharModelLab>();
  const exclusive = serialQueue();
  return {
    "rnn/create": ({ backend, task, spec, training }) =>
      exclusive(async () => {
        const next = await core().MemoryTaskLab.create(backend, task, spec, training);
        nets.get(spec.cell)?.free();
        nets.set(spec.cell, next);
        return undefined;
      }),
    "rnn/train": async ({ steps, scoreEvery, testSequences }, job) => {
      const trained = [...nets.entries()];
      required(trained[0], "network");
      return inTurns(trained, steps, scoreEvery, exclusive, {
        stillCurrent: () => !job.cancelled && trained.every(([cell, net]) => nets.get(cell) === net),
        score: async (net) => ({
          score: await net.score(testSequences),
          gradients: await net.gradientByLag(),
        }),
        report: (progress) => job.progress(progress),
      });
    },
    "rnn/digits-load": ({ backend, spec, training, baseUrl, dataset, trainChunks }) =>
      exclusive(async () => {
        const { test, train } = await fetchDataset(baseUrl, dataset, trainChunks);
        const next = await core().DigitSequenceLab.create(backend, spec, training, test);
        for (const chunk of train) next.addTrainChunk(chunk);
        reader?.free();
        reader = next;
        return undefined;
      }),
    "rnn/digits-train": async ({ steps, scoreEvery, testDigits }, job) => {
      const net = required(reader, "digit reader");
      return inTurns([["lstm", net]], steps, scoreEvery, exclusive, {
        stillCurrent: () => !job.cancelled && reader === net,
        score: async (trained) => ({ accuracy: await trained.score(testDigits) }),
        report: (progress) => job.progress(progress),
      });
    },
    "rnn/numbers-load": ({ backend, spec, training, baseUrl, dataset, trainChunks, strips }) =>
      exclusive(async () => {
        const { test, train } = await fetchDataset(baseUrl, dataset, trainChunks);
        const next = await core().HouseNumberLab.create(backend, spec, training, test, strips);
        for (const chunk of train) next.addTrainChunk(chunk);
        numbers?.free();
        numbers = next;
        return { heldOut: next.heldOut() };
      }),
    "rnn/numbers-train": async ({ steps, scoreEvery }, job) => {
      const net = required(numbers, "house-number reader");
      return inTurns([["lstm", net]], steps, scoreEvery, exclusive, {
        stillCurrent: () => !job.cancelled && numbers === net,
        score: async (trained) => ({ accuracy: await trained.score() }),
        report: (progress) => job.progress(progress),
      });
    },
    "rnn/numbers-trace": ({ index }) =>
      exclusive(async () => (await required(numbers, "house-number reader").trace(index)) as NumberTrace),
    "rnn/chars-create": ({ backend, text, length, spec, training }) =>
      exclusive(async () => {
        const next = await core().CharModelLab.create(backend, text, length, spec, training);
        models.get(spec.cell)?.free();
        models.set(spec.cell, next);
        return { baseline: next.unigramPerplexity() };
      }),
    "rnn/chars-train": async ({ steps, scoreEvery }, job) => {
      const trained = [...models.entries()];
      required(trained[0], "character model");
      return inTurns(trained, steps, scoreEvery, exclusive, {
        stillCurrent: () => !job.cancelled && trained.every(([cell, model]) => models.get(cell) === model),
        score: async (model) => ({ perplexity: await model.perplexity() }),
        report: (progress) => job.progress(progress),
      });
    },
    "rnn/chars-write": ({ cell, count, temperature, samples }) =>
      exclusive(() => required(models.get(cell), "character model").write(count, temperature, samples)),
    "rnn/chars-trace": ({ cell }) =>
      exclusive(async () => (await required(models.get(cell), "character model").trace()) as CharTrace),
    "rnn/digits-trace": ({ index }) =>
      exclusive(async () => {
        const trace = await required(reader, "digit reader").trace(index);
        const hidden = (trace.length - ROWS * ROWS - ROWS * CLASSES) / ROWS;
        return {
          pixels: trace.subarray(0, ROWS * ROWS),
          hidden: trace.subarray(ROWS * ROWS, ROWS * ROWS + ROWS * hidden),
          probabilities: trace.subarray(ROWS * ROWS + ROWS * hidden),
        };
      }),
  };
}

/** A digit's rows (and pixels a row), and the classes. */
const ROWS = 28;
const CLASSES = 10;

/** A network the lab trains in turns with another: a call trains `count` steps and gives each step's loss
 * and gradient norm, in turn. */
interface TurnTaker {
  iterate(count: number): Promise<Float32Array>;
}

/**
 * Trains every network in turns, in slices of about `REPORT_EVERY_MS` (so a fast step on a small setting
 * does not flood the page with reports), reporting each network's values since its last report, and what
 * `score` gives for it each time the steps cross a multiple of `scoreEvery` (and at the end).
 */
async function inTurns<N extends TurnTaker, Scored extends object>(
  trained: [Cell, N][],
  steps: number,
  scoreEvery: number,
  exclusive: ReturnType<typeof serialQueue>,
  job: {
    stillCurrent(): boolean;
    score(net: N): Promise<Scored>;
    report(progress: { cell: Cell; values: Float32Array; steps: number } & Partial<Scored>): void;
  },
): Promise<{ steps: number }> {
  const pending = new Map(trained.map(([cell]) => [cell, [] as Float32Array[]]));
  const scored = new Map<Cell, Scored>();
  let done = 0;
  const flush = () => {
    for (const [cell, parts] of pending) {
      if (parts.length === 0 && !scored.has(cell)) continue;
      const extra: Partial<Scored> = scored.get(cell) ?? {};
      job.report({ ...extra, cell, values: concatenated(parts), steps: done });
      pending.set(cell, []);
      scored.delete(cell);
    }
  };
  await pacedLoop({
    count: steps,
    reportEveryMs: REPORT_EVERY_MS,
    stillCurrent: job.stillCurrent,
    steps: async (budget) => {
      const before = done;
      for (const [cell, net] of trained) pending.get(cell)?.push(await exclusive(() => net.iterate(budget)));
      done += budget;
      if (crossed(before, done, scoreEvery) || done >= steps) {
        for (const [cell, net] of trained) scored.set(cell, await exclusive(() => job.score(net)));
      }
      return budget;
    },
    report: flush,
  });
  flush();
  return { steps: done };
}

// The worker's RNN-lab handlers (crate/src/wasm/rnn.rs, chars.rs): a plain RNN and an LSTM on the same
// memory task, trained in turns a few steps per call so the page sees both losses move side by side and can
// pause; each network's test score and how far back its gradient reaches every so many steps. A network
// reading digits a row a step, trained alike, with a test digit traced row by row. And a plain RNN and an
// LSTM reading a text a character a step, with what each writes and a held-out window traced.

import type * as Core from "../../wasm-pkg/playground.js";
import { fetchDataset } from "../download";
import {
  concatenated,
  crossed,
  pacedLoop,
  required,
  serialQueue,
  yieldToEvents,
  type Handlers,
} from "../job";
import type { Cell, CharTrace } from "../protocol";

type RnnMethod = Extract<keyof import("../protocol").Methods, `rnn/${string}`>;

/** Steps of each memory-task network between two reports (and chances to pause); how long the character
 * models train between two. */
const STEPS_PER_REPORT = 5;
const REPORT_EVERY_MS = 100;

export function rnnHandlers(core: () => typeof Core): Handlers<RnnMethod> {
  const nets = new Map<Cell, Core.MemoryTaskLab>();
  let reader: Core.DigitSequenceLab | undefined;
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
      let done = 0;
      while (done < steps && !job.cancelled) {
        const count = Math.min(STEPS_PER_REPORT, steps - done);
        const before = done;
        done += count;
        const due = crossed(before, done, scoreEvery) || done >= steps;
        for (const [cell, net] of trained) {
          const values = await exclusive(() => net.iterate(count));
          const scored = due
            ? await exclusive(async () => ({
                score: await net.score(testSequences),
                gradients: await net.gradientByLag(),
              }))
            : {};
          job.progress({ cell, values, steps: done, ...scored });
        }
        await yieldToEvents();
      }
      return { steps: done };
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
      let done = 0;
      while (done < steps && !job.cancelled) {
        const count = Math.min(STEPS_PER_REPORT, steps - done);
        const before = done;
        done += count;
        const values = await exclusive(() => net.iterate(count));
        const due = crossed(before, done, scoreEvery) || done >= steps;
        const accuracy = due ? await exclusive(() => net.score(testDigits)) : undefined;
        job.progress({ values, steps: done, accuracy });
        await yieldToEvents();
      }
      return { steps: done };
    },
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
      const pending = new Map(trained.map(([cell]) => [cell, [] as Float32Array[]]));
      const scored = new Map<Cell, number>();
      let done = 0;
      const flush = () => {
        for (const [cell, parts] of pending) {
          if (parts.length === 0 && !scored.has(cell)) continue;
          job.progress({ cell, values: concatenated(parts), steps: done, perplexity: scored.get(cell) });
          pending.set(cell, []);
          scored.delete(cell);
        }
      };
      await pacedLoop({
        count: steps,
        reportEveryMs: REPORT_EVERY_MS,
        // A model replaced while this job waits for events ends it, as a cancel does.
        stillCurrent: () => !job.cancelled && trained.every(([cell, model]) => models.get(cell) === model),
        steps: async (budget) => {
          const before = done;
          const count = Math.min(budget, steps - done);
          for (const [cell, model] of trained) {
            pending.get(cell)?.push(await exclusive(() => model.iterate(count)));
          }
          done += count;
          if (crossed(before, done, scoreEvery) || done >= steps) {
            for (const [cell, model] of trained) scored.set(cell, await exclusive(() => model.perplexity()));
          }
          return count;
        },
        report: flush,
      });
      flush();
      return { steps: done };
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

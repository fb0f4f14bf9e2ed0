// The worker's RNN-lab handlers (crate/src/wasm/rnn.rs): a plain RNN and an LSTM on the same memory task,
// trained in turns a few steps per call so the page sees both losses move side by side and can pause; each
// network's test score and how far back its gradient reaches every so many steps. And a network reading
// digits a row a step, trained alike, with a test digit traced row by row.

import type * as Core from "../../wasm-pkg/playground.js";
import { fetchDataset } from "../download";
import type { Handlers } from "../job";
import { required, serialQueue, yieldToEvents } from "../job";
import type { Cell } from "../protocol";

type RnnMethod = Extract<keyof import("../protocol").Methods, `rnn/${string}`>;

/** Steps of each network between two reports (and chances to pause). */
const STEPS_PER_REPORT = 5;

export function rnnHandlers(core: () => typeof Core): Handlers<RnnMethod> {
  const nets = new Map<Cell, Core.MemoryTaskLab>();
  let reader: Core.DigitSequenceLab | undefined;
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
        const due = Math.floor(done / scoreEvery) > Math.floor(before / scoreEvery) || done >= steps;
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
        const due = Math.floor(done / scoreEvery) > Math.floor(before / scoreEvery) || done >= steps;
        const accuracy = due ? await exclusive(() => net.score(testDigits)) : undefined;
        job.progress({ values, steps: done, accuracy });
        await yieldToEvents();
      }
      return { steps: done };
    },
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

// The worker's GAN-lab handlers (crate/src/wasm/gan.rs): the plane GAN's two networks and the GANs on
// digits (the DCGAN and pix2pix, one of each), each trained in short slices so the page sees the losses move
// and can pause, with a view of the plane's networks after each slice, or the digits of the page's shown
// inputs every so many iterations.

import type * as Core from "../../wasm-pkg/playground.js";
import { fetchDataset } from "../download";
import { concatenated, crossed, pacedLoop, serialQueue, yieldToEvents, type Handlers } from "../job";
import type { DigitGanKind, PlaneGanView } from "../protocol";

type GanMethod = Extract<keyof import("../protocol").Methods, `gan/${string}`>;

/** How long the plane's training computes before it reports a view: the page draws each, so reports at a
 * fixed count of its (tiny) iterations would come faster than a slow laptop's page can draw them. */
const PLANE_REPORT_EVERY_MS = 50;
/** Iterations on digits between two reports (and chances to pause): each takes far longer. */
const DIGIT_ITERATIONS_PER_REPORT = 1;

export function ganHandlers(core: () => typeof Core): Handlers<GanMethod> {
  let plane: Core.GanPlaneLab | undefined;
  const digitGans = new Map<DigitGanKind, Core.DigitGanLab>();
  const exclusive = serialQueue();
  const required = () => {
    if (!plane) throw new Error("no GAN yet");
    return plane;
  };
  const requiredDigits = (kind: DigitGanKind) => {
    const gan = digitGans.get(kind);
    if (!gan) throw new Error(`no ${kind} yet`);
    return gan;
  };
  return {
    "gan/plane-create": ({ backend, hidden, target, training }) =>
      exclusive(async () => {
        const next = await core().GanPlaneLab.create(backend, Uint32Array.from(hidden), target, training);
        plane?.free();
        plane = next;
        return (await next.view()) as PlaneGanView;
      }),
    "gan/plane-train": async ({ iterations }, job) => {
      const gan = required();
      let losses: Float32Array[] = [];
      const drained = () => {
        const all = concatenated(losses);
        losses = [];
        return all;
      };
      await pacedLoop({
        count: iterations,
        reportEveryMs: PLANE_REPORT_EVERY_MS,
        // A reset while this job waits for events frees `gan`: stop then, as for a cancel.
        stillCurrent: () => !job.cancelled && plane === gan,
        steps: async (budget) => {
          losses.push(await exclusive(() => gan.iterate(budget)));
          return budget;
        },
        report: async () => {
          const view = (await exclusive(() => gan.view())) as PlaneGanView;
          job.progress({ losses: drained(), view });
        },
      });
      return { losses: drained(), view: (await exclusive(() => gan.view())) as PlaneGanView };
    },
    "gan/digits-load": ({ backend, spec, baseUrl, dataset, trainChunks }) =>
      exclusive(async () => {
        const { test, train } = await fetchDataset(baseUrl, dataset, trainChunks);
        const next = await core().DigitGanLab.create(backend, spec, test);
        for (const chunk of train) next.addTrainChunk(chunk);
        digitGans.get(spec.kind)?.free();
        digitGans.set(spec.kind, next);
        return { trainImages: next.trainImages() };
      }),
    "gan/digits-train": async ({ kind, iterations, imagesEvery, inputs }, job) => {
      const gan = requiredDigits(kind);
      let done = 0;
      while (done < iterations && !job.cancelled) {
        const count = Math.min(DIGIT_ITERATIONS_PER_REPORT, iterations - done);
        const losses = await exclusive(() => gan.iterate(count));
        const before = done;
        done += count;
        const due = crossed(before, done, imagesEvery) || done >= iterations;
        const images = due ? await exclusive(() => gan.generate(inputs)) : undefined;
        job.progress({ losses, iterations: done, images });
        await yieldToEvents();
      }
      return { iterations: done };
    },
    "gan/digits-generate": ({ kind, inputs }) => exclusive(() => requiredDigits(kind).generate(inputs)),
    "gan/digits-test-pairs": ({ kind, count }) =>
      exclusive(async () => requiredDigits(kind).testPairs(count)),
  };
}

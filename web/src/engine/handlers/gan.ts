// The worker's GAN-lab handlers (crate/src/wasm/gan.rs): the plane GAN's two networks and the DCGAN on
// digits, each trained a few iterations per call so the page sees the losses move and can pause, with a
// view of the plane's networks, or the images of the page's fixed noise, every so many iterations.

import type * as Core from "../../wasm-pkg/playground.js";
import { fetchDataset } from "../download";
import type { Handlers } from "../job";
import { serialQueue, yieldToEvents } from "../job";
import type { PlaneGanView } from "../protocol";

type GanMethod = Extract<keyof import("../protocol").Methods, `gan/${string}`>;

/** Iterations between two reports (and chances to pause): the plane's, and the DCGAN's (each of which
 * takes far longer). */
const ITERATIONS_PER_REPORT = 5;
const DCGAN_ITERATIONS_PER_REPORT = 1;

/** Whether the report that took the count from `before` to `done` crossed a multiple of `every`. */
const crossed = (before: number, done: number, every: number) =>
  Math.floor(done / every) > Math.floor(before / every);

export function ganHandlers(core: () => typeof Core): Handlers<GanMethod> {
  let plane: Core.GanPlaneLab | undefined;
  let dcgan: Core.DcganLab | undefined;
  const exclusive = serialQueue();
  const required = () => {
    if (!plane) throw new Error("no GAN yet");
    return plane;
  };
  const requiredDcgan = () => {
    if (!dcgan) throw new Error("no DCGAN yet");
    return dcgan;
  };
  return {
    "gan/plane-create": ({ backend, hidden, target, training }) =>
      exclusive(async () => {
        const next = await core().GanPlaneLab.create(backend, Uint32Array.from(hidden), target, training);
        plane?.free();
        plane = next;
        return (await next.view()) as PlaneGanView;
      }),
    "gan/plane-train": async ({ iterations, viewEvery }, job) => {
      const gan = required();
      let done = 0;
      let view: PlaneGanView | undefined;
      while (done < iterations && !job.cancelled) {
        const count = Math.min(ITERATIONS_PER_REPORT, iterations - done);
        const losses = await exclusive(() => gan.iterate(count));
        const before = done;
        done += count;
        // A view when this report crossed a multiple of `viewEvery`, and at the end.
        const due = crossed(before, done, viewEvery) || done >= iterations;
        view = due ? ((await exclusive(() => gan.view())) as PlaneGanView) : undefined;
        job.progress({ losses, view });
        await yieldToEvents();
      }
      // Paused between two views: the networks as they are now.
      return view ?? ((await exclusive(() => gan.view())) as PlaneGanView);
    },
    "gan/dcgan-load": ({ backend, spec, baseUrl, dataset, trainChunks }) =>
      exclusive(async () => {
        const { train } = await fetchDataset(baseUrl, dataset, trainChunks);
        const next = await core().DcganLab.create(backend, spec);
        for (const chunk of train) next.addTrainChunk(chunk);
        dcgan?.free();
        dcgan = next;
        return { trainImages: next.trainImages() };
      }),
    "gan/dcgan-train": async ({ iterations, imagesEvery, noise }, job) => {
      const gan = requiredDcgan();
      let done = 0;
      while (done < iterations && !job.cancelled) {
        const count = Math.min(DCGAN_ITERATIONS_PER_REPORT, iterations - done);
        const losses = await exclusive(() => gan.iterate(count));
        const before = done;
        done += count;
        const due = crossed(before, done, imagesEvery) || done >= iterations;
        const images = due ? await exclusive(() => gan.generate(noise)) : undefined;
        job.progress({ losses, iterations: done, images });
        await yieldToEvents();
      }
      return { iterations: done };
    },
    "gan/dcgan-generate": ({ noise }) => exclusive(() => requiredDcgan().generate(noise)),
  };
}

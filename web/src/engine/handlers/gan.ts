// The worker's GAN-lab handlers (crate/src/wasm/gan.rs): the plane GAN's two networks, trained a few
// iterations per call so the page sees the losses move and can pause, with a view of both networks every
// so many iterations.

import type * as Core from "../../wasm-pkg/playground.js";
import type { Handlers } from "../job";
import { serialQueue, yieldToEvents } from "../job";
import type { PlaneGanView } from "../protocol";

type GanMethod = Extract<keyof import("../protocol").Methods, `gan/${string}`>;

/** Iterations between two reports (and chances to pause). */
const ITERATIONS_PER_REPORT = 5;

export function ganHandlers(core: () => typeof Core): Handlers<GanMethod> {
  let plane: Core.GanPlaneLab | undefined;
  const exclusive = serialQueue();
  const required = () => {
    if (!plane) throw new Error("no GAN yet");
    return plane;
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
        const due = Math.floor(done / viewEvery) > Math.floor(before / viewEvery) || done >= iterations;
        view = due ? ((await exclusive(() => gan.view())) as PlaneGanView) : undefined;
        job.progress({ losses, view });
        await yieldToEvents();
      }
      // Paused between two views: the networks as they are now.
      return view ?? ((await exclusive(() => gan.view())) as PlaneGanView);
    },
  };
}

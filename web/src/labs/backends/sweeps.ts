// What the backends lab measures: each sweep is one kind of work at growing sizes. Pure data and
// arithmetic (which sizes, when to give up on a slow backend, where the GPU overtakes), no DOM.

import type { MeasuredOn } from "../../engine/measured-on";
import type { Work } from "../../engine/protocol";

export type SweepId = "matmul" | "conv-size" | "conv-channels" | "train-batch" | "detector";

export interface Sweep {
  id: SweepId;
  /** Sizes of the full sweep, and of the quick one (seconds on a slow adapter). */
  full: number[];
  quick: number[];
  work(size: number): Work;
  /** Grows as the work's FLOPs do, to guess the next size's time from the last one. */
  cost(size: number): number;
}

const powersOfTwo = (from: number, to: number) =>
  Array.from({ length: Math.log2(to / from) + 1 }, (_, i) => from * 2 ** i);

export const SWEEPS: Sweep[] = [
  {
    id: "matmul",
    full: powersOfTwo(16, 2048),
    quick: [16, 48],
    work: (size) => ({ kind: "matmul", size }),
    cost: (size) => size ** 3,
  },
  {
    id: "conv-size",
    full: powersOfTwo(8, 256),
    quick: [8, 12],
    work: (size) => ({ kind: "conv3x3", size, channels: 32 }),
    cost: (size) => size ** 2,
  },
  {
    id: "conv-channels",
    full: powersOfTwo(4, 256),
    quick: [4, 12],
    work: (channels) => ({ kind: "conv3x3", size: 32, channels }),
    cost: (channels) => channels ** 2,
  },
  {
    id: "train-batch",
    full: powersOfTwo(1, 256),
    quick: [1, 2],
    work: (batch) => ({ kind: "train-step", batch }),
    cost: (batch) => batch,
  },
  {
    id: "detector",
    full: [64, 128, 224, 320, 416],
    quick: [32],
    work: (size) => ({ kind: "detector-frame", size }),
    cost: (size) => size ** 2,
  },
];

/** A backend gives up on a sweep once its next size would take longer than this per run. */
export const MAX_RUN_MS = 2500;

/** The time of one run at `next`, guessed from one at `last` that took `lastMs`. */
export function estimateMs(sweep: Sweep, last: number, lastMs: number, next: number): number {
  return (lastMs * sweep.cost(next)) / sweep.cost(last);
}

/** One measured point of a series: size and steady-state time per run. */
export interface Point {
  size: number;
  ms: number;
}

/**
 * The smallest size from which the GPU is faster than the best CPU series at that size and every larger
 * size measured on both; `undefined` when it never is. Sizes measured on only one side do not count.
 */
export function crossover(gpu: Point[], cpus: Point[][]): number | undefined {
  const compared = gpu
    .map(({ size, ms }) => {
      const cpuTimes = cpus.flatMap((points) => points.filter((p) => p.size === size).map((p) => p.ms));
      return { size, gpuFaster: cpuTimes.length > 0 ? ms < Math.min(...cpuTimes) : undefined };
    })
    .filter((c) => c.gpuFaster !== undefined)
    .sort((a, b) => a.size - b.size);
  let from: number | undefined;
  for (const { size, gpuFaster } of compared) {
    if (!gpuFaster) from = undefined;
    else from ??= size;
  }
  return from;
}

/** One row of the downloads: one (workload, size, backend, build). Times in ms, medians of warm runs. */
export interface Row extends MeasuredOn {
  workload: SweepId;
  size: number;
  first_ms: number;
  upload_ms: number;
  compute_ms: number;
  /** The compute by the GPU's own clock, where it has one: the kernels alone. */
  kernel_ms: number | null;
  readback_ms: number;
  total_ms: number;
  gflops: number;
  samples_per_s: number | null;
  repeats: number;
}

// The backends lab's sheet: where the GPU overtakes the CPU on this machine, why its first run is slow, what
// SIMD gains over plain loops, and what a larger batch buys.

import type { EngineBackend } from "../engine/protocol";
import { text } from "../i18n";
import type { SweepId } from "../labs/backends/sweeps";
import type { BackendsLabState } from "./lab-state";
import { missing, solved, type Sheet, type Verdict } from "./sheet";

const words = () => text.exercises.backends;

/** The sizes of `workload` measured on a backend `which` accepts. */
const sizes = (s: BackendsLabState, workload: SweepId, which: (backend: string) => boolean) =>
  new Set(s.rows.filter((r) => r.workload === workload && which(r.backend)).map((r) => r.size));

/** The sizes of `workload` measured on both sides: WebGPU and a CPU backend, or scalar and SIMD. */
function common(s: BackendsLabState, workload: SweepId, gpu: boolean): number[] {
  const one = sizes(s, workload, (b) => b === (gpu ? "webgpu" : "scalar"));
  const other = sizes(s, workload, (b) => (gpu ? b !== "webgpu" : b === "simd"));
  return [...one].filter((size) => other.has(size));
}

/** The task needs WebGPU: without it, it says why it cannot be done here. */
const withWebgpu =
  (check: (s: BackendsLabState) => Verdict) =>
  (s: BackendsLabState): Verdict =>
    s.webgpu ? check(s) : missing(words().noWebgpu);

const BACKENDS: EngineBackend[] = ["scalar", "simd", "webgpu"];
const MATMUL_SIZES = 4;
const CHANNELS = 64;
const BATCH = 32;
/** The first run counts as slow when it took this many times a warm one. */
const COLD_FACTOR = 2;

export const backendsSheet: Sheet<"backends"> = {
  lab: "backends",
  tasks: [
    {
      id: "matmul-crossover",
      start: "sweeps=matmul",
      check: withWebgpu((s) => {
        const both = common(s, "matmul", true).length;
        return both >= MATMUL_SIZES ? solved : missing(words().moreSizes(both, MATMUL_SIZES));
      }),
    },
    {
      id: "first-webgpu-run",
      start: "sweeps=conv-size&quick=1",
      check: withWebgpu((s) => {
        const gpu = s.rows.filter((r) => r.backend === "webgpu");
        if (gpu.length === 0) return missing(words().measureWebgpu);
        return gpu.some((r) => r.first_ms > COLD_FACTOR * r.total_ms)
          ? solved
          : missing(words().firstNotSlower);
      }),
    },
    {
      id: "simd-speedup",
      start: "sweeps=conv-channels",
      check: (s) => {
        const largest = Math.max(0, ...common(s, "conv-channels", false));
        return largest >= CHANNELS ? solved : missing(words().channels(largest, CHANNELS));
      },
    },
    {
      id: "batch-throughput",
      start: "sweeps=train-batch",
      check: (s) => {
        // The largest batch of a backend that was measured from batch 1.
        const largest = Math.max(
          0,
          ...BACKENDS.map((backend) => {
            const batches = sizes(s, "train-batch", (b) => b === backend);
            return batches.has(1) ? Math.max(...batches) : 0;
          }),
        );
        return largest >= BATCH ? solved : missing(words().batches(largest, BATCH));
      },
    },
  ],
};

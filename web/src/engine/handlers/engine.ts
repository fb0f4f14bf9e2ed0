// The worker's engine handlers: what the browser offers, the 2-D datasets, the conformance suite and
// benchmarks every backend runs, the tensor API example, and for the tests a deliberate panic, a lost GPU and
// blocks copied out of memory that helper threads grew.

import type * as Core from "../../wasm-pkg/playground.js";
import { detectEnvironment } from "../environment";
import type { Handlers } from "../job";
import type { TunedKernels } from "../protocol";
import { openTensors } from "../tensors";

type EngineMethod = Extract<
  keyof import("../protocol").Methods,
  "environment" | "dataset/generate" | `engine/${string}` | `diagnostics/${string}`
>;

export function engineHandlers(core: () => typeof Core, build: () => string): Handlers<EngineMethod> {
  return {
    environment: () => detectEnvironment(core().version(), build(), core().threadCount()),

    "dataset/generate": (request) => core().generateDataset(request),

    "engine/conformance-checks": (backend) => core().conformanceChecks(backend),
    "engine/conformance": async ({ backend, check }) => {
      await core().runConformance(backend, check);
      return undefined;
    },
    "engine/int8-conformance": async () => {
      await core().runInt8Conformance();
      return undefined;
    },
    "engine/workloads": () => core().benchmarkWorkloads(),
    "engine/benchmark": ({ backend, workload }) => core().runBenchmark(backend, workload),
    "engine/measure": async ({ backend, label, work, budgetMs, threads }) => {
      core().limitThreads(threads);
      try {
        return await core().measureWork(backend, label, work, budgetMs);
      } finally {
        core().limitThreads(undefined);
      }
    },

    "engine/tensor-example": async ({ backend, image, filter }) => {
      const t = await openTensors(core(), backend);
      const output = await t.tidy(async () => {
        const x = t.tensor(image, [1, 6, 6, 1]);
        const w = t.tensor(filter, [3, 3, 1, 1]);
        const features = t.biasActivation(t.conv2d(x, w, 1, "valid"), t.tensor([0], [1]), "relu");
        return t.data(t.maxPool(features, 2));
      });
      return { output: [...output], liveTensors: t.live() };
    },

    "engine/tuned-kernels": () => core().tunedKernels() as Promise<TunedKernels>,

    "engine/lose-gpu": () => {
      core().loseGpu();
      return undefined;
    },

    "diagnostics/panic": (message) => {
      core().raisePanic(message);
      return undefined;
    },

    "diagnostics/copy-grown-blocks": ({ rounds, blockLen }) =>
      core().copyBlocksGrownByTasks(rounds, blockLen),
  };
}

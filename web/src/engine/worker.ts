// The engine worker: hosts the wasm core off the main thread and answers the page's calls (protocol.ts).

import type * as Core from "../wasm-pkg/playground.js";
import plainWasmUrl from "../wasm-pkg/playground_bg.wasm?url";
import relaxedWasmUrl from "../wasm-pkg/playground_relaxed_bg.wasm?url";
import { detectEnvironment, supportsRelaxedSimd, supportsSimd } from "./environment";
import { cnnHandlers } from "./cnn-handlers";
import { detectHandlers } from "./detect-handlers";
import { pacedLoop, type Handler, type JobContext } from "./job";
import { openTensors } from "./tensors";
import type {
  LossPoint,
  Method,
  MlpLabConfig,
  MlpProgress,
  MlpView,
  PerceptronState,
  Point,
  Request,
  Response,
} from "./protocol";

const post = (message: Response, transfer: Transferable[] = []) => self.postMessage(message, transfer);

/**
 * The loaded wasm core: the relaxed-SIMD build where the browser has relaxed SIMD, else plain SIMD, unless
 * the page forced one through the worker's name ("engine:simd128", for benchmarks).
 */
let core: typeof Core;
let build: string;
let memory: WebAssembly.Memory;

async function loadCore(): Promise<void> {
  if (!supportsSimd()) {
    throw new Error(
      "this browser lacks WebAssembly SIMD, which the engine needs (any browser from 2023 on has it)",
    );
  }
  const forced = self.name.split(":")[1];
  const relaxed = forced ? forced === "relaxed-simd" : supportsRelaxedSimd();
  core = relaxed
    ? await import("../wasm-pkg/playground_relaxed.js")
    : await import("../wasm-pkg/playground.js");
  ({ memory } = await core.default({ module_or_path: relaxed ? relaxedWasmUrl : plainWasmUrl }));
  build = relaxed ? "relaxed-simd" : "simd128";
}

let perceptron: Core.PerceptronLab | undefined;
let mlp: { lab: Core.MlpLab; config: MlpLabConfig } | undefined;

function required<T>(lab: T | undefined, name: string): T {
  if (!lab) throw new Error(`no ${name} yet: reset it first`);
  return lab;
}

function mlpView(): MlpView {
  const { lab, config } = required(mlp, "MLP");
  const snapshot = lab.snapshot() as Omit<MlpView, "neuronMaps">;
  const neuronMaps = lab.neuronMaps(config.domain.min, config.domain.max, config.resolution);
  return { ...snapshot, neuronMaps };
}

/** How long a training job computes before it reports and checks for cancellation. */
const REPORT_EVERY_MS = 40;

const handlers: { [M in Method]: Handler<M> } = {
  environment: () => detectEnvironment(core.version(), build),

  "dataset/generate": (request) => core.generateDataset(request),

  "perceptron/reset": (config) => {
    perceptron?.free();
    perceptron = new core.PerceptronLab(config);
    return perceptron.state() as PerceptronState;
  },
  "perceptron/step": () => required(perceptron, "perceptron").step(),
  "perceptron/epoch": () => required(perceptron, "perceptron").runEpoch(),
  "perceptron/set-learning-rate": (rate) => {
    required(perceptron, "perceptron").setLearningRate(rate);
    return undefined;
  },
  "perceptron/set-points": (points) => {
    const lab = required(perceptron, "perceptron");
    lab.setPoints(points);
    return lab.state();
  },

  "mlp/reset": (config) => {
    mlp?.lab.free();
    mlp = { lab: new core.MlpLab(config), config };
    const split = mlp.lab.points() as { train: Point[]; test: Point[] };
    return { view: mlpView(), losses: [], ...split };
  },
  "mlp/train": async ({ epochs, epochsPerSecond }, job) => {
    const { lab } = required(mlp, "MLP");
    let losses: LossPoint[] = [];
    await pacedLoop({
      count: epochs,
      perSecond: epochsPerSecond,
      reportEveryMs: REPORT_EVERY_MS,
      // A reset while this job waits for events frees `lab`: stop then, as for a cancel.
      stillCurrent: () => !job.cancelled && mlp?.lab === lab,
      step: () => {
        const snapshot = lab.trainEpoch() as Omit<MlpView, "neuronMaps">;
        losses.push({ epoch: snapshot.epoch, train: snapshot.train.loss, test: snapshot.test.loss });
      },
      report: () => {
        const view = mlpView();
        job.progress({ view, losses }, [view.neuronMaps.buffer]);
        losses = [];
      },
    });
    return { view: mlpView(), losses };
  },
  "mlp/set-learning-rate": (rate) => {
    const { lab, config } = required(mlp, "MLP");
    lab.setLearningRate(rate);
    config.network.learningRate = rate;
    return undefined;
  },
  "mlp/current": () => {
    if (!mlp) return null;
    const split = mlp.lab.points() as { train: Point[]; test: Point[] };
    return { view: mlpView(), losses: [], ...split, config: mlp.config };
  },

  "engine/conformance-checks": () => core.conformanceChecks(),
  "engine/conformance": async ({ backend, check }) => {
    await core.runConformance(backend, check);
    return undefined;
  },
  "engine/workloads": () => core.benchmarkWorkloads(),
  "engine/benchmark": ({ backend, workload }) => core.runBenchmark(backend, workload),
  "engine/measure": ({ backend, label, work, budgetMs }) => core.measureWork(backend, label, work, budgetMs),

  "engine/tensor-example": async ({ backend, image, filter }) => {
    const t = await openTensors(core, backend);
    const output = await t.tidy(async () => {
      const x = t.tensor(image, [1, 6, 6, 1]);
      const w = t.tensor(filter, [3, 3, 1, 1]);
      const features = t.biasActivation(t.conv2d(x, w, 1, "valid"), t.tensor([0], [1]), "relu");
      return t.data(t.maxPool(features, 2));
    });
    return { output: [...output], liveTensors: t.live() };
  },

  ...cnnHandlers(() => core),
  ...detectHandlers(
    () => core,
    () => memory,
  ),

  "diagnostics/panic": (message) => {
    core.raisePanic(message);
    return undefined;
  },
};

const running = new Map<number, { cancelled: boolean }>();

async function call(id: number, method: Method, params: unknown) {
  const state = { cancelled: false };
  running.set(id, state);
  const job: JobContext<Method> = {
    progress: (value, transfer) => post({ type: "progress", id, value }, transfer),
    get cancelled() {
      return state.cancelled;
    },
  };
  try {
    const handler = handlers[method] as Handler<Method>;
    const value = await handler(params as never, job);
    const transfer = (value as Partial<MlpProgress> | null)?.view?.neuronMaps?.buffer;
    post({ type: "result", id, value }, transfer ? [transfer] : []);
  } catch (error) {
    const panic = core.takePanicMessage();
    if (panic !== undefined) {
      // The wasm instance aborted; its state cannot be trusted any more.
      post({ type: "fatal", message: panic });
      self.close();
      return;
    }
    post({ type: "error", id, message: error instanceof Error ? error.message : String(error) });
  } finally {
    running.delete(id);
  }
}

self.onmessage = (event: MessageEvent<Request>) => {
  const request = event.data;
  if (request.type === "cancel") {
    const job = running.get(request.id);
    if (job) job.cancelled = true;
  } else {
    void call(request.id, request.method, request.params);
  }
};

loadCore().then(
  () => post({ type: "ready" }),
  (error: unknown) => post({ type: "fatal", message: `the wasm core did not load: ${String(error)}` }),
);

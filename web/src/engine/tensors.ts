// The tensor API for workshop exercises, used inside the engine worker: tensors from typed arrays, ops on
// the backend of your choice, `await data(t)`, and `tidy(fn)`, which frees every tensor made inside `fn`
// except those it returns. Tensors live in wasm (or GPU) memory, so what is not freed stays allocated.
//
//   const t = await openTensors(core, "webgpu");
//   const probabilities = await t.tidy(async () => {
//     const x = t.tensor([1, 2, 3, 4], [1, 4]);
//     const w = t.tensor([1, 0, 0, 1, 1, 1, 0, 0], [4, 2]);
//     return t.data(t.softmax(t.matmul(x, w)));
//   });

import type * as Core from "../wasm-pkg/playground.js";
import type { EngineBackend } from "./protocol";

export type Tensor = Core.Tensor;
type Activation =
  "linear" | "threshold" | "piecewise-linear" | "sigmoid" | "tanh" | "relu" | "relu6" | "leaky-relu";
type PaddingMode = "same" | "valid";

export interface TensorApi {
  tensor(values: ArrayLike<number>, shape: number[]): Tensor;
  matmul(a: Tensor, b: Tensor): Tensor;
  conv2d(x: Tensor, weights: Tensor, stride?: number, padding?: PaddingMode, groups?: number): Tensor;
  maxPool(x: Tensor, size: number, stride?: number, padding?: PaddingMode): Tensor;
  avgPool(x: Tensor, size: number, stride?: number, padding?: PaddingMode): Tensor;
  biasActivation(x: Tensor, bias: Tensor, activation: Activation): Tensor;
  add(a: Tensor, b: Tensor): Tensor;
  mul(a: Tensor, b: Tensor): Tensor;
  softmax(x: Tensor): Tensor;
  /** Every value, once computed. */
  data(t: Tensor): Promise<Float32Array>;
  /** Frees the tensor's memory now. */
  dispose(t: Tensor): void;
  /** Runs `fn`, then frees every tensor it made except those in its result. */
  tidy<T>(fn: () => T | Promise<T>): Promise<T>;
  /** Tensors made and not yet freed. */
  live(): number;
}

export async function openTensors(core: typeof Core, backend: EngineBackend): Promise<TensorApi> {
  const engine = await core.Tensors.open(backend);
  const live = new Set<Tensor>();
  const scopes: Set<Tensor>[] = [];
  const track = (t: Tensor) => {
    live.add(t);
    scopes.at(-1)?.add(t);
    return t;
  };
  const dispose = (t: Tensor) => {
    if (live.delete(t)) t.free();
  };
  return {
    tensor: (values, shape) => track(engine.tensor(Float32Array.from(values), Uint32Array.from(shape))),
    matmul: (a, b) => track(engine.matmul(a, b)),
    conv2d: (x, weights, stride = 1, padding = "same", groups = 1) =>
      track(engine.conv2d(x, weights, stride, padding, groups)),
    maxPool: (x, size, stride = size, padding = "valid") => track(engine.maxPool(x, size, stride, padding)),
    avgPool: (x, size, stride = size, padding = "valid") => track(engine.avgPool(x, size, stride, padding)),
    biasActivation: (x, bias, activation) => track(engine.biasActivation(x, bias, activation)),
    add: (a, b) => track(engine.add(a, b)),
    mul: (a, b) => track(engine.mul(a, b)),
    softmax: (x) => track(engine.softmax(x)),
    data: (t) => engine.data(t),
    dispose,
    async tidy(fn) {
      const scope = new Set<Tensor>();
      scopes.push(scope);
      let kept = new Set<Tensor>();
      try {
        const result = await fn();
        kept = new Set([result].flat().filter((r) => scope.has(r as Tensor)) as Tensor[]);
        return result;
      } finally {
        scopes.pop();
        for (const t of scope) {
          // What the scope returns belongs to the scope around it, if any.
          if (kept.has(t)) scopes.at(-1)?.add(t);
          else dispose(t);
        }
      }
    },
    live: () => live.size,
  };
}

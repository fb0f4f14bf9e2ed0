// Which engine a measurement is of, as every table of timings names it (bench-results.json, the backends
// lab's rows and CSV): the backend by its short name, its wasm build and threads, the device beside it.
// Each table keeps its own timing columns.

import type { EngineBackend, Measurement } from "./protocol";

export interface MeasuredOn {
  backend: EngineBackend;
  build: string;
  /** Threads the backend computed on. */
  threads: number;
  /** The backend's own description: the adapter for WebGPU. */
  device: string;
}

export function measuredOn(m: Measurement, backend: EngineBackend): MeasuredOn {
  return { backend, build: m.build, threads: m.threads, device: m.backend };
}

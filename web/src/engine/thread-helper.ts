// A helper thread of the SIMD kernels (crate/src/engine/simd/threads.rs): the threaded build of the core,
// instantiated on the engine worker's shared memory, working on the jobs the kernels post. It answers one
// message: the module and memory to run on.

import { initSync, joinThreadPool, serveThreadPool } from "../wasm-pkg/playground_threads.js";

/**
 * Serving blocks this worker's thread; after this long without a job it comes back to its event loop for a
 * moment, so the worker stays answerable (to the browser's developer tools, for one).
 */
const IDLE_MS = 100;

self.onmessage = (event: MessageEvent<{ module: WebAssembly.Module; memory: WebAssembly.Memory }>) => {
  initSync(event.data);
  joinThreadPool();
  self.postMessage("joined");
  // A message to itself comes back at once; a timer would be clamped to 4 ms when chained.
  const again = new MessageChannel();
  again.port1.onmessage = () => {
    serveThreadPool(IDLE_MS);
    again.port2.postMessage(null);
  };
  again.port2.postMessage(null);
};

// The WebGPU product kernels the engine's autotune chose on this device, kept so that later visits skip the
// autotune (`rememberTunedKernels`). One record per adapter and kernel source (`TunedKernels.key`).

import type { TunedKernels } from "../engine/wire";
import { STORES, objectStore, settle } from "./database";

type Kept = Pick<TunedKernels, "kernels"> & { id: string };

const store = (mode: IDBTransactionMode) => objectStore(STORES.tunedKernels, mode);

/** Every kept choice. */
export async function keptTunedKernels(): Promise<TunedKernels[]> {
  const kept = (await settle((await store("readonly")).getAll())) as Kept[];
  return kept.map(({ id, kernels }) => ({ key: id, kernels, remembered: true }));
}

/** Keeps `tuned` for its adapter, in place of an earlier choice. */
export async function keepTunedKernels({ key, kernels }: TunedKernels): Promise<void> {
  const kept: Kept = { id: key, kernels };
  await settle((await store("readwrite")).put(kept));
}

// Trained models kept in this browser (IndexedDB), across reloads and offline: listed, and offered to the
// labs that take a model. Like everything else here, they never leave the device.

import { objectStore, settle, STORES } from "./database";

/** A model as the labs that take one read it: its weights file and what the list says about it. */
export interface KeptModel {
  id: number;
  /** Which lab's network this is (its weights file format). */
  kind: "cnn";
  name: string;
  savedAt: number;
  dataset: string;
  /** Test accuracy when it was kept, if it had been evaluated. */
  accuracy?: number;
  /** The weights, as the lab exports them (safetensors). */
  bytes: Uint8Array;
}

const store = (mode: IDBTransactionMode) => objectStore(STORES.models, mode);

/** Keeps `model` and returns its id. */
export async function keepModel(model: Omit<KeptModel, "id">): Promise<number> {
  return Number(await settle((await store("readwrite")).add(model)));
}

/** The kept models of `kind`, newest first. */
export async function keptModels(kind: KeptModel["kind"]): Promise<KeptModel[]> {
  const all = (await settle((await store("readonly")).getAll())) as KeptModel[];
  return all.filter((model) => model.kind === kind).sort((a, b) => b.savedAt - a.savedAt);
}

export async function forgetModel(id: number): Promise<void> {
  await settle((await store("readwrite")).delete(id));
}

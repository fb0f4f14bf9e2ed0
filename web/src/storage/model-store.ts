// Trained models kept in this browser (IndexedDB), across reloads and offline: listed, and offered to the
// labs that take a model. Like everything else here, they never leave the device.

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

const DATABASE = "deep-learning-playground";
const STORE = "models";
const VERSION = 1;

function settle<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("the browser's storage refused"));
  });
}

let database: Promise<IDBDatabase> | undefined;

function open(): Promise<IDBDatabase> {
  database ??= new Promise((resolve, reject) => {
    if (typeof indexedDB === "undefined") throw new Error("this browser keeps no local database");
    const request = indexedDB.open(DATABASE, VERSION);
    request.onupgradeneeded = () =>
      request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("the browser's storage refused"));
    request.onblocked = () => reject(new Error("another tab holds an older version of the storage open"));
  });
  // A failed open may succeed later (another tab closed): do not remember the failure.
  database.catch(() => (database = undefined));
  return database;
}

async function store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
  return (await open()).transaction(STORE, mode).objectStore(STORE);
}

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

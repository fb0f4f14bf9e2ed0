// The page's one IndexedDB database: what the attendee made, kept in this browser across reloads and offline
// (kept models, the transfer lab's classes and images), and the GPU kernels the engine tuned for this
// device. Nothing in it ever leaves the device.

const DATABASE = "deep-learning-playground";
/** Version 1 had the models; version 2 added the transfer lab's set; version 3 the tuned kernels. */
const VERSION = 3;
export const STORES = {
  models: "models",
  transferClasses: "transfer-classes",
  transferExamples: "transfer-examples",
  tunedKernels: "tuned-kernels",
} as const;
type Store = (typeof STORES)[keyof typeof STORES];

export function settle<T>(request: IDBRequest<T>): Promise<T> {
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
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const name of Object.values(STORES))
        if (!db.objectStoreNames.contains(name))
          db.createObjectStore(name, { keyPath: "id", autoIncrement: true });
    };
    request.onsuccess = () => {
      // A newer version of the page, in another tab, waits for this one to let go of the database.
      request.result.onversionchange = () => {
        request.result.close();
        database = undefined;
      };
      resolve(request.result);
    };
    request.onerror = () => reject(request.error ?? new Error("the browser's storage refused"));
    request.onblocked = () => reject(new Error("another tab holds an older version of the storage open"));
  });
  // A failed open may succeed later (another tab closed): do not remember the failure.
  database.catch(() => (database = undefined));
  return database;
}

export async function objectStore(name: Store, mode: IDBTransactionMode): Promise<IDBObjectStore> {
  return (await open()).transaction(name, mode).objectStore(name);
}

/** Runs `work` on `names` in one transaction, resolved when it commits (all or nothing). */
export async function transaction(
  names: Store[],
  work: (stores: Record<string, IDBObjectStore>) => void,
): Promise<void> {
  const tx = (await open()).transaction(names, "readwrite");
  work(Object.fromEntries(names.map((name) => [name, tx.objectStore(name)])));
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error ?? new Error("the browser's storage refused"));
  });
}

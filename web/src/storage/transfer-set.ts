// The transfer lab's set: the attendee's named classes and their images, kept in IndexedDB so a reload loses
// nothing, and written to or read from one file (JSON, the images as JPEG data URLs) to move it between
// browsers. Images are kept as the network sees them (224 × 224); they never leave the device unless the
// attendee exports the file.

import { objectStore, settle, STORES, transaction } from "./database";

export const MIN_CLASSES = 2;
export const MAX_CLASSES = 10;

export interface SetClass {
  id: number;
  name: string;
  createdAt: number;
}

export interface SetExample {
  id: number;
  classId: number;
  /** A JPEG, 224 × 224. */
  image: Blob;
  addedAt: number;
}

export interface TransferSet {
  classes: SetClass[];
  examples: SetExample[];
}

export async function loadSet(): Promise<TransferSet> {
  const classes = (await settle(
    (await objectStore(STORES.transferClasses, "readonly")).getAll(),
  )) as SetClass[];
  const examples = (await settle(
    (await objectStore(STORES.transferExamples, "readonly")).getAll(),
  )) as SetExample[];
  return {
    classes: classes.sort((a, b) => a.createdAt - b.createdAt),
    examples: examples.sort((a, b) => a.addedAt - b.addedAt),
  };
}

export async function addClass(name: string): Promise<SetClass> {
  const created = { name, createdAt: Date.now() };
  const id = Number(await settle((await objectStore(STORES.transferClasses, "readwrite")).add(created)));
  return { id, ...created };
}

export async function renameClass(item: SetClass): Promise<void> {
  await settle((await objectStore(STORES.transferClasses, "readwrite")).put(item));
}

/** Removes a class with all its images. */
export async function removeClass(id: number, examples: SetExample[]): Promise<void> {
  await transaction([STORES.transferClasses, STORES.transferExamples], (stores) => {
    stores[STORES.transferClasses].delete(id);
    for (const example of examples)
      if (example.classId === id) stores[STORES.transferExamples].delete(example.id);
  });
}

export async function addExample(classId: number, image: Blob): Promise<SetExample> {
  const added = { classId, image, addedAt: Date.now() + Math.random() / 1000 };
  const id = Number(await settle((await objectStore(STORES.transferExamples, "readwrite")).add(added)));
  return { id, ...added };
}

export async function removeExample(id: number): Promise<void> {
  await settle((await objectStore(STORES.transferExamples, "readwrite")).delete(id));
}

/** Replaces the whole set (an import): all of it or, if the browser refuses, none. */
export async function replaceSet(classes: { name: string; images: Blob[] }[]): Promise<void> {
  const now = Date.now();
  await transaction([STORES.transferClasses, STORES.transferExamples], (stores) => {
    stores[STORES.transferClasses].clear();
    stores[STORES.transferExamples].clear();
    classes.forEach(({ name, images }, c) => {
      const request = stores[STORES.transferClasses].add({ name, createdAt: now + c });
      request.onsuccess = () =>
        images.forEach((image, i) =>
          stores[STORES.transferExamples].add({ classId: request.result, image, addedAt: now + i / 1000 }),
        );
    });
  });
}

// --- The file ------------------------------------------------------------------------------------------------

const FORMAT = "deep-learning-playground/transfer-set";

interface SetFile {
  format: typeof FORMAT;
  version: 1;
  exportedAt: string;
  classes: { name: string; images: string[] }[];
}

const dataUrl = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error("an image could not be read"));
    reader.readAsDataURL(blob);
  });

export async function setFile(set: TransferSet, now = new Date()): Promise<Blob> {
  const classes = await Promise.all(
    set.classes.map(async (item) => ({
      name: item.name,
      images: await Promise.all(
        set.examples.filter((e) => e.classId === item.id).map((e) => dataUrl(e.image)),
      ),
    })),
  );
  const file: SetFile = { format: FORMAT, version: 1, exportedAt: now.toISOString(), classes };
  return new Blob([JSON.stringify(file)], { type: "application/json" });
}

/** Why a file is not a set this version reads. */
export type SetFileProblem = "not-a-set" | "class-count" | "bad-image";

/** The classes and images of a set file, or what is wrong with it. */
export async function readSetFile(
  json: string,
): Promise<{ classes: { name: string; images: Blob[] }[] } | { problem: SetFileProblem }> {
  let file: Partial<SetFile>;
  try {
    file = JSON.parse(json) as Partial<SetFile>;
  } catch {
    return { problem: "not-a-set" };
  }
  if (typeof file !== "object" || file === null || file.format !== FORMAT || file.version !== 1)
    return { problem: "not-a-set" };
  const classes = file.classes;
  if (
    !Array.isArray(classes) ||
    !classes.every((c) => typeof c?.name === "string" && Array.isArray(c.images))
  )
    return { problem: "not-a-set" };
  if (classes.length < MIN_CLASSES || classes.length > MAX_CLASSES) return { problem: "class-count" };
  const read: { name: string; images: Blob[] }[] = [];
  for (const item of classes) {
    const images: Blob[] = [];
    for (const url of item.images) {
      const parts =
        typeof url === "string" ? /^data:(image\/(?:jpeg|png|webp));base64,(.*)$/.exec(url) : null;
      if (!parts) return { problem: "bad-image" };
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        bytes = Uint8Array.from(atob(parts[2]), (c) => c.charCodeAt(0));
      } catch {
        return { problem: "bad-image" };
      }
      const blob = new Blob([bytes], { type: parts[1] });
      // A damaged image is caught here, not later in a lab that counted on it.
      try {
        (await createImageBitmap(blob)).close();
      } catch {
        return { problem: "bad-image" };
      }
      images.push(blob);
    }
    read.push({ name: item.name, images });
  }
  return { classes: read };
}

// The attendee's set as the transfer lab holds it: every change made in memory and in the browser's storage
// together, and in memory alone once the browser refuses (a private window, a full disk) — what the attendee
// made stays for the session, and they are told once that it will not survive a reload.

import { text } from "../../i18n";
import * as storage from "../../storage/transfer-set";
import { MAX_CLASSES, type SetClass, type SetExample, type TransferSet } from "../../storage/transfer-set";
import { notify, reason } from "../../ui/notices";

export type ImportedClass = { name: string; images: Blob[] };

export class SetKeeper {
  set: TransferSet = { classes: [], examples: [] };
  private memoryOnly = false;
  private nextMemoryId = -1;

  /** `changed` runs after every change. */
  constructor(private readonly changed: () => void) {}

  private async kept<T>(stored: () => Promise<T>, inMemory: () => T): Promise<T> {
    if (!this.memoryOnly)
      try {
        return await stored();
      } catch (error) {
        this.memoryOnly = true;
        notify(text.transfer.storageFailed(reason(error)));
      }
    return inMemory();
  }

  /** The kept set; a first visit starts with two empty classes. */
  async load(): Promise<void> {
    this.set = await this.kept(storage.loadSet, () => this.set);
    if (this.set.classes.length === 0) {
      await this.addClass();
      await this.addClass();
    }
    this.changed();
  }

  async addClass(): Promise<void> {
    if (this.set.classes.length >= MAX_CLASSES) {
      notify(text.transfer.tooManyClasses, "info");
      return;
    }
    const name = text.transfer.defaultClassName(this.set.classes.length + 1);
    const item = await this.kept(
      () => storage.addClass(name),
      () => ({ id: this.nextMemoryId--, name, createdAt: Date.now() }),
    );
    this.set.classes.push(item);
    this.changed();
  }

  async renameClass(item: SetClass, name: string): Promise<void> {
    item.name = name;
    await this.kept(
      () => storage.renameClass(item),
      () => undefined,
    );
    this.changed();
  }

  async removeClass(item: SetClass): Promise<void> {
    await this.kept(
      () => storage.removeClass(item.id, this.set.examples),
      () => undefined,
    );
    this.set.classes = this.set.classes.filter((c) => c !== item);
    this.set.examples = this.set.examples.filter((e) => e.classId !== item.id);
    this.changed();
  }

  async addExample(item: SetClass, image: Blob): Promise<SetExample> {
    const example = await this.kept(
      () => storage.addExample(item.id, image),
      () => ({ id: this.nextMemoryId--, classId: item.id, image, addedAt: Date.now() }),
    );
    this.set.examples.push(example);
    this.changed();
    return example;
  }

  async removeExample(example: SetExample): Promise<void> {
    await this.kept(
      () => storage.removeExample(example.id),
      () => undefined,
    );
    this.set.examples = this.set.examples.filter((e) => e !== example);
    this.changed();
  }

  /** Replaces the whole set (an import, or a new empty set). */
  async replace(replacement: ImportedClass[]): Promise<void> {
    await this.kept(
      async () => {
        await storage.replaceSet(replacement);
        this.set = await storage.loadSet();
      },
      () => {
        const now = Date.now();
        this.set = { classes: [], examples: [] };
        replacement.forEach(({ name, images }, c) => {
          const item = { id: this.nextMemoryId--, name, createdAt: now + c };
          this.set.classes.push(item);
          images.forEach((image, i) =>
            this.set.examples.push({
              id: this.nextMemoryId--,
              classId: item.id,
              image,
              addedAt: now + i / 1000,
            }),
          );
        });
      },
    );
    this.changed();
  }
}

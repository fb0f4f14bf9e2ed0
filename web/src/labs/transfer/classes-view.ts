// The attendee's classes, one row each: the name, the record button (held down while the camera films), images
// from files or a drop, the count, and the thumbnails (held-out ones outlined, each removable). Rows and
// thumbnails are kept between renders and left in place when they do not move, so a record button being held
// (which holds the pointer) survives the images it adds.

import { text } from "../../i18n";
import type { SetClass, SetExample, TransferSet } from "../../storage/transfer-set";
import { h } from "../../ui/dom";

export interface ClassActions {
  rename(item: SetClass, name: string): void;
  remove(item: SetClass): void;
  recordStart(item: SetClass): void;
  recordStop(): void;
  addFiles(item: SetClass, files: File[]): void;
  removeExample(example: SetExample): void;
}

interface Row {
  element: HTMLElement;
  name: HTMLInputElement;
  count: HTMLElement;
  thumbs: HTMLElement;
}

export function classesView(list: HTMLElement, actions: ClassActions) {
  const t = text.transfer;
  const rows = new Map<number, Row>();
  const thumbs = new Map<number, { element: HTMLElement; url: string }>();

  function row(item: SetClass): Row {
    const existing = rows.get(item.id);
    if (existing) return existing;
    const name = h("input", { type: "text", maxlength: 40, "data-testid": "transfer-class-name" });
    name.value = item.name;
    name.addEventListener("change", () => actions.rename(item, name.value.trim() || item.name));
    const record = h(
      "button",
      { type: "button", class: "record", "data-testid": "transfer-record" },
      t.record,
    );
    const start = () => actions.recordStart(item);
    record.addEventListener("pointerdown", (event) => {
      record.setPointerCapture(event.pointerId);
      start();
    });
    for (const end of ["pointerup", "pointercancel", "lostpointercapture"])
      record.addEventListener(end, () => actions.recordStop());
    // From the keyboard: held Space or Enter records, as a held mouse button does.
    record.addEventListener("keydown", (event) => {
      if ((event.key === " " || event.key === "Enter") && !event.repeat) start();
    });
    record.addEventListener("keyup", () => actions.recordStop());
    record.addEventListener("blur", () => actions.recordStop());
    const files = h("input", {
      type: "file",
      accept: "image/*",
      multiple: true,
      "data-testid": "transfer-class-files",
    });
    files.addEventListener("change", () => {
      actions.addFiles(item, [...(files.files ?? [])]);
      files.value = "";
    });
    const remove = h(
      "button",
      { type: "button", "data-testid": "transfer-remove-class", onclick: () => actions.remove(item) },
      t.removeClass,
    );
    const count = h("span", { class: "hint", "data-testid": "transfer-class-count" });
    const thumbsBox = h("div", { class: "thumbs", "data-testid": "transfer-thumbs" });
    const element = h(
      "section",
      { class: "transfer-class", "data-testid": "transfer-class" },
      h(
        "div",
        { class: "toolbar" },
        name,
        record,
        h("label", { class: "file-button" }, t.addFiles, files),
        count,
        remove,
      ),
      thumbsBox,
    );
    element.addEventListener("dragover", (event) => event.preventDefault());
    element.addEventListener("drop", (event) => {
      event.preventDefault();
      actions.addFiles(item, [...(event.dataTransfer?.files ?? [])]);
    });
    const made = { element, name, count, thumbs: thumbsBox };
    rows.set(item.id, made);
    return made;
  }

  function thumb(example: SetExample): HTMLElement {
    const existing = thumbs.get(example.id);
    if (existing) return existing.element;
    const url = URL.createObjectURL(example.image);
    const element = h(
      "figure",
      { class: "thumb", "data-testid": "transfer-thumb", "data-id": example.id },
      h("img", { src: url, alt: "" }),
      h(
        "button",
        {
          type: "button",
          "aria-label": t.removeImage,
          title: t.removeImage,
          onclick: () => actions.removeExample(example),
        },
        "×",
      ),
    );
    thumbs.set(example.id, { element, url });
    return element;
  }

  return {
    render(set: TransferSet, held: Set<number>): void {
      const present = new Set(set.examples.map((e) => e.id));
      for (const [id, { url }] of thumbs)
        if (!present.has(id)) {
          URL.revokeObjectURL(url);
          thumbs.delete(id);
        }
      const classIds = new Set(set.classes.map((c) => c.id));
      for (const id of rows.keys()) if (!classIds.has(id)) rows.delete(id);
      keepChildren(
        list,
        set.classes.map((item, i) => {
          const r = row(item);
          r.name.setAttribute("aria-label", t.className(i + 1));
          if (document.activeElement !== r.name) r.name.value = item.name;
          const members = set.examples.filter((e) => e.classId === item.id);
          const validation = members.filter((e) => held.has(e.id)).length;
          r.count.textContent = t.count(members.length - validation, validation);
          r.count.dataset.train = String(members.length - validation);
          r.count.dataset.validation = String(validation);
          keepChildren(
            r.thumbs,
            members.map((example) => {
              const element = thumb(example);
              element.classList.toggle("held", held.has(example.id));
              element.title = held.has(example.id) ? t.heldOut : "";
              return element;
            }),
          );
          return r.element;
        }),
      );
    },
    dispose(): void {
      for (const { url } of thumbs.values()) URL.revokeObjectURL(url);
      thumbs.clear();
    },
  };
}

/** Makes `children` the children of `parent`, moving only what is out of place. */
function keepChildren(parent: HTMLElement, children: HTMLElement[]): void {
  children.forEach((child, i) => {
    if (parent.children[i] !== child) parent.insertBefore(child, parent.children[i] ?? null);
  });
  while (parent.children.length > children.length) parent.lastElementChild?.remove();
}

// The CNN lab's shelf of networks kept in this browser: keep the trained one, load or forget a kept one.
// They stay across reloads and offline (web/src/storage/model-store.ts).

import { text } from "../../i18n";
import { h } from "../../ui/dom";
import { actions, controlGroup } from "../../ui/lab-layout";
import { notify, reportFailure } from "../../ui/notices";
import { forgetModel, keepModel, keptModels, type KeptModel } from "../../storage/model-store";

export interface Shelf {
  /** The network now in the lab: its weights file, and what the list says about it. */
  current(): Promise<Omit<KeptModel, "id" | "kind" | "name" | "savedAt">>;
  /** Puts a kept network into the lab. */
  load(model: KeptModel): Promise<void>;
  /** How the list names a network. */
  describe(model: Pick<KeptModel, "dataset" | "accuracy" | "savedAt">): string;
}

export function keptModelsShelf(shelf: Shelf): HTMLElement {
  const t = text.cnn;
  const list = h("ul", { class: "kept-models", "data-testid": "cnn-kept-models" });
  const failed = reportFailure(t.storage);

  async function refresh() {
    const models = await keptModels("cnn");
    list.replaceChildren(...(models.length ? models.map(entry) : [h("li", { class: "hint" }, t.noneKept)]));
  }

  const entry = (model: KeptModel) =>
    h(
      "li",
      { "data-testid": "cnn-kept-model" },
      h("span", {}, model.name),
      actions(
        h("button", { type: "button", onclick: () => void shelf.load(model).catch(failed) }, t.load),
        h(
          "button",
          {
            type: "button",
            onclick: () => void forgetModel(model.id).then(refresh).catch(failed),
          },
          t.forget,
        ),
      ),
    );

  const keepButton = h(
    "button",
    {
      type: "button",
      "data-testid": "cnn-keep",
      onclick: () =>
        void (async () => {
          const model = { ...(await shelf.current()), savedAt: Date.now() };
          const name = shelf.describe(model);
          await keepModel({ ...model, kind: "cnn", name });
          notify(t.keptNotice(name), "info");
          await refresh();
        })().catch(failed),
    },
    t.keep,
  );

  void refresh().catch(failed);
  return controlGroup(t.keptTitle, actions(keepButton), h("div", { class: "wide" }, list));
}

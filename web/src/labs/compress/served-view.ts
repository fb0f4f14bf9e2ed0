// The compression lab's served networks: the ImageNet classifier or Yolo-Fastest compressed by the page's
// setting (without retraining: their training data is not in the browser), sized, and compared with the
// originals on the sample photos and the transfer lab's pictures — the classifier's top class, the
// detector's boxes at IoU ≥ 0.5 — beside the deck's numbers.

import type { EngineClient } from "../../engine/client";
import type { Setting } from "../../engine/protocol";
import { formatted, text } from "../../i18n";
import { h, labelled, select } from "../../ui/dom";
import { actions } from "../../ui/lab-layout";
import { pictureSet } from "../../ui/picture-set";
import { bytesLabel } from "./chart";

/** The served networks the section compresses, by id. */
type ServedId = "darknet-tiny-imagenet" | "yolo-fastest-1.1";
/** The most of the transfer lab's pictures a comparison takes. */
const KEPT_PICTURES = 20;

export function servedSection(
  engine: EngineClient,
  current: () => { setting: Setting; label: string },
  failed: (what: string) => (error: unknown) => void,
): { element: HTMLElement; stop(): void } {
  const t = text.compress.served;
  let id: ServedId = "darknet-tiny-imagenet";
  let running: AbortController | undefined;
  const modelSelect = select<ServedId>(
    "compress-served-model",
    { "darknet-tiny-imagenet": t.classifier, "yolo-fastest-1.1": t.detector },
    id,
    (chosen) => (id = chosen),
  );
  const runButton = h("button", { type: "button", "data-testid": "compress-served-run" }, t.run);
  const stopButton = h("button", { type: "button", disabled: true }, text.compress.stop);
  const progress = h("p", { class: "hint", role: "status" });
  const table = h("table", { class: "bench compress-table", "data-testid": "compress-served" });
  const heading = () =>
    h("tr", {}, ...[t.model, t.setting, t.float32, t.bytes, t.ratio, t.agreement].map((c) => h("th", {}, c)));
  table.append(heading());
  runButton.addEventListener("click", () => void run());
  stopButton.addEventListener("click", () => running?.abort());

  async function run() {
    running?.abort();
    const controller = new AbortController();
    running = controller;
    const { setting, label } = current();
    const model = id;
    runButton.disabled = true;
    stopButton.disabled = false;
    progress.textContent = t.loading;
    try {
      const blobs = await pictureSet(KEPT_PICTURES);
      const pictures = (
        await Promise.all(blobs.map((b) => createImageBitmap(b).catch(() => undefined)))
      ).filter((p): p is ImageBitmap => p !== undefined);
      let [reference, matched, done] = [0, 0, 0];
      const baseUrl = new URL("static-models/", document.baseURI).href;
      const result = await engine.call(
        "compress/served",
        { baseUrl, id: model, pruning: setting.pruning, encoding: setting.encoding, pictures },
        {
          transfer: pictures,
          signal: controller.signal,
          onProgress: (c) => {
            [reference, matched, done] = [reference + c.reference, matched + c.matched, done + 1];
            progress.textContent = t.compared(done, pictures.length, matched, reference);
          },
        },
      );
      const total = result.comparisons.reduce((sum, c) => sum + c.reference, 0);
      const agreed = result.comparisons.reduce((sum, c) => sum + c.matched, 0);
      table.append(
        h(
          "tr",
          { "data-testid": "compress-served-row", "data-matched": agreed, "data-reference": total },
          h("td", {}, model === "darknet-tiny-imagenet" ? t.classifier : t.detector),
          h("td", {}, label),
          h("td", {}, bytesLabel(result.size.float32Bytes)),
          h("td", {}, bytesLabel(result.size.bytes)),
          h("td", {}, `${formatted(result.size.float32Bytes / result.size.bytes, 1)}×`),
          h("td", {}, t.agreed(agreed, total, model === "darknet-tiny-imagenet")),
        ),
      );
      progress.textContent = "";
    } catch (error) {
      progress.textContent = "";
      failed(t.title)(error);
    } finally {
      runButton.disabled = false;
      stopButton.disabled = true;
    }
  }

  const element = h(
    "section",
    {},
    h("h2", {}, t.title),
    h("p", { class: "hint" }, t.note),
    actions(labelled(t.model, modelSelect), runButton, stopButton),
    progress,
    h("div", { class: "table-scroll" }, table),
  );
  return { element, stop: () => running?.abort() };
}

// The transfer lab's fine-tuning, as the page runs it: the attendee's images sent once (decoded to RGB at
// the network's side), epochs trained in the engine worker with a report after each (curves, time per
// epoch), a stop that lands after the epoch under way, and the network exported or imported as a file.

import type { EngineClient } from "../../engine/client";
import type { FineTuneImages, FineTuneReport, FineTuneTraining } from "../../engine/protocol";
import { text } from "../../i18n";
import type { SetExample } from "../../storage/transfer-set";
import { downloadFile } from "../../ui/dom";
import { notify } from "../../ui/notices";
import { drawLineChart } from "../../ui/plot";
import type { fineTuneView } from "./fine-tune-view";
import type { TransferSettings } from "./settings";

/** The attendee's images as the fine-tuning takes them: which to train on, which to hold out, and the classes. */
export interface Split {
  classIds: number[];
  classNames: string[];
  train: SetExample[];
  validation: SetExample[];
}

export interface FineTuningDeps {
  engine: EngineClient;
  settings: TransferSettings;
  view: ReturnType<typeof fineTuneView>;
  /** The set as it stands, or why it cannot be trained on yet. */
  split(): Split | string;
  /** An image's RGB bytes at the network's side. */
  rgbOf(example: SetExample): Promise<Uint8Array>;
  /** The layer the network is cut at. */
  cut(): number;
  /** The best held-out accuracy of the heads on frozen features, once trained. */
  headsBest(): number | undefined;
  failure(error: unknown): void;
}

const BATCH = 4;

/**
 * The split's images of the classes `classIds` names, as RGB bytes one after the other, labelled by their
 * class's place in `classIds`.
 */
export async function packImages(
  split: Split,
  classIds: number[],
  rgbOf: (example: SetExample) => Promise<Uint8Array>,
): Promise<FineTuneImages> {
  const pack = async (examples: SetExample[]) => {
    const chosen = examples.filter((e) => classIds.includes(e.classId));
    const rgb = await Promise.all(chosen.map(rgbOf));
    const pixels = new Uint8Array(rgb.reduce((n, r) => n + r.length, 0));
    rgb.reduce((offset, r) => (pixels.set(r, offset), offset + r.length), 0);
    return { pixels, labels: Uint32Array.from(chosen, (e) => classIds.indexOf(e.classId)) };
  };
  return { train: await pack(split.train), validation: await pack(split.validation) };
}

export function fineTuning(deps: FineTuningDeps) {
  const { engine, settings, view } = deps;
  const t = text.transfer;
  const history: FineTuneReport[] = [];
  let running: AbortController | undefined;
  let before: number | undefined;

  const training = (): FineTuneTraining => ({
    learningRate: settings.learningRate,
    batch: BATCH,
    augment: settings.augment,
    seed: 1,
  });

  const images = (split: Split, classIds: number[]) => packImages(split, classIds, deps.rgbOf);

  function show() {
    const last = history[history.length - 1];
    // Accuracies from epoch 0 (the network before training) on; the loss from the first epoch's on.
    drawLineChart(
      view.accuracyChart,
      [
        { label: t.trainAccuracySeries, colour: "#e8873a", values: history.map((r) => r.trainAccuracy) },
        { label: t.validationSeries, colour: "#2b7bb9", values: history.map((r) => r.validation.accuracy) },
      ],
      { xEnd: last?.epoch },
    );
    const losses = history.flatMap((r) => (r.loss == null ? [] : [r.loss]));
    drawLineChart(view.lossChart, [{ label: t.lossSeries, colour: "#c33", values: losses }], {
      xEnd: last?.epoch,
    });
    if (!last) return;
    view.status.textContent = t.epochLine(
      last.epoch,
      last.epochMs / 1000,
      settings.backend,
      last.validation.accuracy,
    );
    view.status.dataset.epoch = String(last.epoch);
    view.status.dataset.accuracy = String(last.validation.accuracy);
    const heads = deps.headsBest();
    view.comparison.textContent = t.beforeAfter(before ?? 0, last.validation.accuracy, heads);
  }

  async function train(epochs: number) {
    view.startButton.disabled = true;
    view.stopButton.disabled = false;
    running = new AbortController();
    try {
      const last = await engine.call(
        "transfer/fine-tune-epochs",
        { epochs },
        {
          signal: running.signal,
          onProgress: (report) => {
            history.push(report);
            show();
          },
        },
      );
      history.push(last);
      show();
    } finally {
      running = undefined;
      view.startButton.disabled = false;
      view.stopButton.disabled = true;
      view.exportButton.disabled = false;
    }
  }

  async function start() {
    const split = deps.split();
    if (typeof split === "string") {
      notify(split, "info");
      return;
    }
    view.status.textContent = t.preparingImages;
    history.length = 0;
    const spec = {
      cut: deps.cut(),
      classes: split.classIds.length,
      hidden: settings.hidden > 0 ? settings.hidden : null,
      freeze: settings.freeze,
      pretrainedRate: settings.pretrainedRate,
      seed: 1,
    };
    const report = await engine.call("transfer/fine-tune-start", {
      backend: settings.backend,
      spec,
      training: training(),
      classes: split.classNames,
      images: await images(split, split.classIds),
    });
    before = report.validation.accuracy;
    history.push(report);
    show();
    await train(settings.epochs);
  }

  async function importFile(file: File) {
    const split = deps.split();
    if (typeof split === "string") {
      notify(split, "info");
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const info = await engine.call(
      "transfer/fine-tune-import",
      { backend: settings.backend, bytes, training: training() },
      { transfer: [bytes.buffer] },
    );
    // The file's classes, matched to the set's by name: images of other classes are left out.
    const classIds = info.classes.map((name) => split.classIds[split.classNames.indexOf(name)] ?? -1);
    if (classIds.some((id) => id < 0)) {
      notify(t.importMismatch(file.name, info.classes.join(", ")));
      return;
    }
    const report = await engine.call("transfer/fine-tune-images", await images(split, classIds));
    history.length = 0;
    before = report.validation.accuracy;
    history.push(report);
    show();
    view.exportButton.disabled = false;
    notify(t.importedNetwork(file.name, info.classes.length), "info");
  }

  view.startButton.addEventListener("click", () => void start().catch(deps.failure));
  view.stopButton.addEventListener("click", () => running?.abort());
  view.exportButton.addEventListener(
    "click",
    () =>
      void engine
        .call("transfer/fine-tune-export", undefined)
        .then((bytes) =>
          downloadFile(new Uint8Array(bytes), "fine-tuned.safetensors", "application/octet-stream"),
        )
        .catch(deps.failure),
  );
  view.importInput.addEventListener("change", () => {
    const file = view.importInput.files?.[0];
    view.importInput.value = "";
    if (file) void importFile(file).catch(deps.failure);
  });
  show();

  return {
    stop: () => running?.abort(),
  };
}

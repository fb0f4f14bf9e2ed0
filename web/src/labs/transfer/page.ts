// The transfer lab (#/transfer): the ImageNet classifier says what it sees in the webcam or a photo; the
// attendee films or picks images of classes of their own; heads trained on the network's features at a cut
// layer tell those classes apart. Frames go to the engine worker as ImageBitmaps, one in flight at a time
// (latest frame wins); the set lives in this browser's storage. Nothing leaves the device.

import type { EngineClient } from "../../engine/client";
import type { CutPoint, HeadSpec, Result, ServedModel } from "../../engine/protocol";
import type { TransferTraining } from "../../exercises/lab-state";
import { sheetPanel } from "../../exercises/panel";
import { transferSheet } from "../../exercises/transfer";
import { formatted, percent, text, whyNoWebgpu } from "../../i18n";
import type { Page } from "../../router";
import { readSetFile, setFile, type SetClass, type SetExample } from "../../storage/transfer-set";
import { pictureSource } from "../../ui/picture-source";
import { downloadFile, h } from "../../ui/dom";
import { environment } from "../../ui/environment-panel";
import { failureReporter, notify } from "../../ui/notices";
import { readSettings, writeSettings } from "../../ui/url-settings";
import { classesView } from "./classes-view";
import { resultsView, type Trained } from "./results-view";
import { FIELDS } from "./settings";
import { measureByExamples as byExamples } from "./by-examples";
import { fineTuning, packImages, type Split } from "./fine-tuning";
import { type ImportedClass, SetKeeper } from "./set-keeper";
import { heldOut } from "./split";
import { SAMPLE_PICTURES } from "../../ui/picture-set";
import { transferView } from "./view";
import { offerClasses, scan } from "./windows";

type Classified = Result<"transfer/classify">;

/** The side the network sees; frames and kept images are scaled to it on the way in. */
const SIDE = 224;
/** The most frames a held record button keeps per second: neighbouring frames are near twins. */
const RECORD_INTERVAL_MS = 100;
const CLASSIFIER = "darknet-tiny-imagenet";

/** `source` as the network sees it: squeezed to SIDE × SIDE, smoothly. */
const networkSized = (source: ImageBitmapSource) =>
  createImageBitmap(source, { resizeWidth: SIDE, resizeHeight: SIDE, resizeQuality: "high" });

async function jpegOf(image: ImageBitmap): Promise<Blob> {
  const canvas = new OffscreenCanvas(image.width, image.height);
  canvas.getContext("2d")?.drawImage(image, 0, 0);
  return canvas.convertToBlob({ type: "image/jpeg", quality: 0.9 });
}

export const transferLab: Page = (container, query, engine: EngineClient, visit) => {
  const t = text.transfer;
  const settings = readSettings(FIELDS, query);
  let points: CutPoint[] = [];
  /** False while the network loads or is laid out: frames wait. */
  let ready = false;
  let framesDone = 0;

  const keeper = new SetKeeper(() => render());
  /** Each image's features at `featuresCut`, computed once. */
  const features = new Map<number, number[]>();
  let featuresCut = -1;
  /** The class a held record button films into, and when it last kept a frame. */
  let recording: SetClass | undefined;
  let lastRecorded = 0;
  let trained: Trained | undefined;
  /** What the trained heads were trained with: when it no longer matches, they are stale. */
  let trainedWith = "";
  let training = false;

  const exercises = sheetPanel(transferSheet, text.exercises.transfer.tasks, visit);
  /** What the exercise sheet checks: every training of this visit. */
  const trainings: TransferTraining[] = [];
  let defaultCut = -1;
  const picture = pictureSource(
    "transfer",
    SAMPLE_PICTURES,
    t,
    {
      ready: () => ready,
      frame: cameraFrame,
      photo: reclassify,
      failure: (error) => failure(error),
      streaming: (on) => {
        if (!on) recording = undefined;
      },
    },
    visit,
  );
  const view = transferView(
    container,
    settings,
    {
      configure: () => changed(configure),
      headsChanged: () => {
        writeSettings(FIELDS, settings);
        showTrainState();
      },
      settingChanged: () => writeSettings(FIELDS, settings),
    },
    picture,
    exercises.element,
  );
  const classes = classesView(view.classesList, {
    rename: (item, name) => void guard(keeper.renameClass(item, name)),
    remove: (item) => void guard(keeper.removeClass(item)),
    recordStart: (item) => startRecording(item),
    recordStop: () => (recording = undefined),
    addFiles: (item, files) => void guard(addFiles(item, files)),
    removeExample: (example) => {
      features.delete(example.id);
      void guard(keeper.removeExample(example));
    },
  });
  const results = resultsView(view.results, view.cellImages, view.live);

  // --- Failures ----------------------------------------------------------------------------------------------

  /** Reports a failure, unless it was the GPU going away: the engine moved the network to SIMD, the page follows. */
  const failure = failureReporter(view.backendSelect, () => {
    settings.backend = "simd";
    writeSettings(FIELDS, settings);
    showReady();
  })(t.title);
  const guard = (work: Promise<unknown>) => work.catch(failure);

  // --- The network -------------------------------------------------------------------------------------------

  function changed(step: () => Promise<void>) {
    writeSettings(FIELDS, settings);
    void step().catch(failure);
  }

  async function configure() {
    if (visit.aborted) return;
    ready = false;
    delete view.status.dataset.ready;
    view.status.textContent = t.preparing(settings.backend);
    await engine.call("transfer/configure", { backend: settings.backend, cut: settings.cut });
    if (visit.aborted) return;
    if (featuresCut !== settings.cut) features.clear();
    featuresCut = settings.cut;
    ready = true;
    showReady();
    showTrainState();
    picture.restartRate();
    await reclassify();
  }

  function showReady() {
    const point = points.find((p) => p.layer === settings.cut);
    view.status.textContent = t.ready(settings.backend, point?.channels ?? 0);
    view.status.dataset.ready = `${settings.cut} ${settings.backend}`;
  }

  // --- Frames ------------------------------------------------------------------------------------------------

  async function classify(image: ImageBitmap, grabMs: number): Promise<Classified> {
    const result = await engine.call("transfer/classify", { image, count: 5 }, { transfer: [image] });
    show(result, grabMs + result.captureMs);
    return result;
  }

  function show(result: Classified, captureMs: number) {
    view.topList.replaceChildren(
      ...result.top.map((r) =>
        h(
          "li",
          { "data-index": r.index, "data-probability": r.probability },
          `${r.label} ${percent(r.probability, 1)}`,
        ),
      ),
    );
    view.topList.dataset.frame = String(++framesDone);
    const ms = (value: number) => `${formatted(value, 1)} ms`;
    view.readouts.network.textContent = ms(result.networkMs);
    view.readouts.network.dataset.value = String(result.networkMs);
    view.readouts.capture.textContent = ms(captureMs);
    view.readouts.memory.textContent = `${formatted(result.wasmBytes / 2 ** 20, 1)} MB`;
    const { fps } = picture.frameShown();
    view.readouts.fps.textContent = fps === undefined ? "–" : formatted(fps, 1);
    results.showLive(trained, result.headScores);
  }

  async function reclassify() {
    const still = picture.still();
    if (!still || picture.streaming() || !ready) return;
    const result = await classify(await createImageBitmap(still), 0);
    offerClasses(view.windows.classSelect, result.top);
  }

  /** A camera frame as the network sees it, kept in the class whose record button is held. */
  async function cameraFrame(video: HTMLVideoElement) {
    const started = performance.now();
    const frame = await networkSized(video);
    const into = recording && started - lastRecorded >= RECORD_INTERVAL_MS ? recording : undefined;
    const jpeg = into ? await jpegOf(frame) : undefined;
    const result = await classify(frame, performance.now() - started);
    if (into && jpeg && keeper.set.classes.includes(into)) {
      lastRecorded = started;
      await keepExample(into, jpeg, result.features);
    }
  }

  /** Scans the picture on show window by window; a running camera's current frame becomes the picture. */
  async function scanWindows() {
    if (picture.streaming() && picture.video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
      picture.showStill(await createImageBitmap(picture.video));
      await reclassify();
    }
    const still = picture.still();
    if (!still || !ready) {
      notify(t.pictureFirst, "info");
      return;
    }
    view.windows.scanButton.disabled = true;
    try {
      const chosen = Number(view.windows.classSelect.value);
      await scan(
        engine,
        await createImageBitmap(still),
        settings,
        chosen,
        picture.overlay,
        view.windows.status,
      );
    } finally {
      view.windows.scanButton.disabled = false;
    }
  }

  // --- The set -----------------------------------------------------------------------------------------------

  function render() {
    classes.render(keeper.set, heldOut(keeper.set.examples, settings.validationShare));
    showTrainState();
  }

  async function keepExample(item: SetClass, image: Blob, featuresAtCut?: number[]) {
    const example = await keeper.addExample(item, image);
    if (featuresAtCut && featuresCut === settings.cut) features.set(example.id, featuresAtCut);
  }

  async function addFiles(item: SetClass, files: File[]) {
    for (const file of files) {
      if (!file.type.startsWith("image/")) {
        notify(t.notAnImage(file.name));
        continue;
      }
      let image: ImageBitmap;
      try {
        image = await networkSized(file);
      } catch {
        notify(t.unreadableImage(file.name));
        continue;
      }
      const jpeg = await jpegOf(image);
      image.close();
      await keepExample(item, jpeg);
    }
  }

  function startRecording(item: SetClass) {
    if (!picture.streaming()) {
      picture.say(t.startCameraFirst);
      return;
    }
    recording = item;
  }

  async function exportSet() {
    downloadFile(await setFile(keeper.set), "transfer-set.json", "application/json");
  }

  async function importSet(file: File | undefined) {
    if (!file) return;
    const read = await readSetFile(await file.text());
    if ("problem" in read) {
      notify(t.setProblems[read.problem](file.name));
      return;
    }
    await replaceSet(read.classes);
    const images = read.classes.reduce((n, c) => n + c.images.length, 0);
    notify(t.imported(read.classes.length, images), "info");
  }

  async function replaceSet(replacement: ImportedClass[]) {
    features.clear();
    await keeper.replace(replacement);
  }

  // --- The heads ---------------------------------------------------------------------------------------------

  const specs = (): HeadSpec[] => [
    { kind: "svm", c: settings.svmC },
    { kind: "softmax", c: settings.softmaxC },
    { kind: "knn", k: settings.k, metric: settings.metric },
  ];

  /** What training now would be trained with. */
  const trainingInput = () =>
    JSON.stringify({
      cut: settings.cut,
      share: settings.validationShare,
      specs: specs(),
      classes: keeper.set.classes.map((c) => c.id),
      examples: keeper.set.examples.map((e) => e.id),
    });

  function showTrainState() {
    if (training || !trained) return;
    const stale = trainingInput() !== trainedWith;
    view.trainStatus.textContent = stale ? t.stale : (view.trainStatus.dataset.summary ?? "");
    view.trainStatus.dataset.stale = String(stale);
  }

  /** The reason the set cannot train heads yet, if there is one. */
  function notReady(): string | undefined {
    if (keeper.set.classes.length < 2) return t.needTwoClasses;
    const short = keeper.set.classes.find(
      (c) => keeper.set.examples.filter((e) => e.classId === c.id).length < 2,
    );
    return short && t.needExamples(short.name);
  }

  async function featuresOf(example: SetExample): Promise<number[]> {
    const known = features.get(example.id);
    if (known) return known;
    const cut = settings.cut;
    const image = await networkSized(example.image);
    const result = await engine.call("transfer/classify", { image, count: 0 }, { transfer: [image] });
    if (cut === settings.cut) features.set(example.id, result.features);
    return result.features;
  }

  /** The set split for training, or why it cannot be trained on yet. */
  function split(): Split | string {
    const missing = notReady();
    if (missing) return missing;
    const held = heldOut(keeper.set.examples, settings.validationShare);
    const classIds = keeper.set.classes.map((c) => c.id);
    const examples = keeper.set.examples.filter((e) => classIds.includes(e.classId));
    return {
      classIds,
      classNames: keeper.set.classes.map((c) => c.name),
      train: examples.filter((e) => !held.has(e.id)),
      validation: examples.filter((e) => held.has(e.id)),
    };
  }

  /** The split's features at the cut, computed where not yet known, labelled by class. */
  async function featuresOfSplit(chosen: Split) {
    const examples = [...chosen.train, ...chosen.validation];
    const rows: number[][] = [];
    for (const [i, example] of examples.entries()) {
      view.trainStatus.textContent = t.computingFeatures(i, examples.length);
      rows.push(await featuresOf(example));
    }
    const dimension = rows[0].length;
    const pack = (from: number, members: SetExample[]) => {
      const features = new Float32Array(members.length * dimension);
      members.forEach((_, row) => features.set(rows[from + row], row * dimension));
      return { features, labels: Uint32Array.from(members, (e) => chosen.classIds.indexOf(e.classId)) };
    };
    return {
      dimension,
      train: pack(0, chosen.train),
      validation: pack(chosen.train.length, chosen.validation),
    };
  }

  /** An image's RGB bytes as the network sees it. */
  async function rgbOf(example: SetExample): Promise<Uint8Array> {
    const image = await networkSized(example.image);
    const canvas = new OffscreenCanvas(SIDE, SIDE);
    const context = canvas.getContext("2d", { willReadFrequently: true });
    if (!context) throw new Error("this browser cannot read images on a canvas");
    context.drawImage(image, 0, 0);
    image.close();
    const rgba = context.getImageData(0, 0, SIDE, SIDE).data;
    return Uint8Array.from({ length: SIDE * SIDE * 3 }, (_, i) => rgba[Math.floor(i / 3) * 4 + (i % 3)]);
  }

  /** Accuracy against images per class, for the heads and a small CNN from scratch. */
  async function measureByExamples() {
    const chosen = split();
    if (typeof chosen === "string") {
      notify(chosen, "info");
      return;
    }
    view.byExamples.button.disabled = true;
    try {
      const { dimension, train, validation } = await featuresOfSplit(chosen);
      view.trainStatus.textContent = t.preparingImages;
      const smallest = Math.min(
        ...chosen.classIds.map((id) => chosen.train.filter((e) => e.classId === id).length),
      );
      await byExamples(engine, view.byExamples, {
        backend: settings.backend,
        side: SIDE,
        specs: specs(),
        classes: chosen.classIds.length,
        dimension,
        features: { train, validation },
        images: await packImages(chosen, chosen.classIds, rgbOf),
        smallest,
      });
    } finally {
      view.byExamples.button.disabled = false;
      showTrainState();
    }
  }

  async function trainHeads() {
    const chosen = split();
    if (typeof chosen === "string") {
      notify(chosen, "info");
      return;
    }
    training = true;
    view.trainButton.disabled = true;
    try {
      const input = trainingInput();
      const { classIds } = chosen;
      const examples = [...chosen.train, ...chosen.validation];
      const { dimension, train, validation } = await featuresOfSplit(chosen);
      const reports = await engine.call("transfer/train-heads", {
        specs: specs(),
        dimension,
        classes: classIds.length,
        train,
        validation,
      });
      trained = {
        reports,
        classes: chosen.classNames,
        validation: chosen.validation,
        labels: [...validation.labels],
      };
      trainedWith = input;
      results.show(trained);
      const accuracy = Object.fromEntries(reports.map((r) => [r.spec.kind, r.validation.accuracy]));
      trainings.push({
        cut: settings.cut,
        defaultCut,
        trainImages: classIds.map((id) => chosen.train.filter((e) => e.classId === id).length),
        validationImages: chosen.validation.length,
        images: examples.map((e) => e.id).join(","),
        accuracy: accuracy as TransferTraining["accuracy"],
      });
      exercises.publish({ trainings: [...trainings] });
      view.trainStatus.dataset.summary = t.trained(chosen.train.length, chosen.validation.length);
      view.trainStatus.dataset.done = String(Number(view.trainStatus.dataset.done ?? 0) + 1);
    } finally {
      training = false;
      view.trainButton.disabled = false;
      showTrainState();
    }
    await reclassify();
  }

  const tuning = fineTuning({
    engine,
    settings,
    view: view.fineTune,
    split,
    rgbOf,
    cut: () => settings.cut,
    headsBest: () =>
      trained && trainingInput() === trainedWith
        ? Math.max(...trained.reports.map((r) => r.validation.accuracy))
        : undefined,
    failure,
  });

  // --- Wiring ------------------------------------------------------------------------------------------------

  view.addClassButton.addEventListener("click", () => void guard(keeper.addClass()));
  view.windows.scanButton.addEventListener("click", () => void guard(scanWindows()));
  view.trainButton.addEventListener("click", () => void guard(trainHeads()));
  view.byExamples.button.addEventListener("click", () => void guard(measureByExamples()));
  view.exportButton.addEventListener("click", () => void guard(exportSet()));
  view.importInput.addEventListener("change", () => {
    void guard(importSet(view.importInput.files?.[0]));
    view.importInput.value = "";
  });
  view.clearButton.addEventListener("click", () => {
    if (confirm(t.confirmClear)) void guard(replaceSet([]).then(() => keeper.load()));
  });

  void (async () => {
    await keeper.load();
    const catalogue = await engine.call("transfer/catalogue", undefined);
    const served: ServedModel | undefined = catalogue.find((c) => c.id === CLASSIFIER);
    if (served) view.provenance.textContent = t.provenance(served.origin, served.licence);
    const env = await environment(engine);
    if (!env.webgpu.available) {
      view.backendSelect.querySelector('option[value="webgpu"]')?.setAttribute("disabled", "");
      if (settings.backend === "webgpu") {
        settings.backend = view.backendSelect.value = "simd";
        notify(t.noWebgpu(whyNoWebgpu(env.webgpu)), "info");
      }
    }
    const baseUrl = new URL("static-models/", document.baseURI).href;
    const cuts = await engine.call("transfer/load-served", { baseUrl, id: CLASSIFIER });
    if (visit.aborted) return;
    points = cuts.points;
    defaultCut = cuts.defaultCut;
    if (!points.some((p) => p.layer === settings.cut)) settings.cut = cuts.defaultCut;
    // Layers are named by their kind's count, as the model's own names count them (conv 15, pool 4).
    const seen = new Map<string, number>();
    view.cutSelect.replaceChildren(
      ...points.map((p) => {
        const ordinal = (seen.get(p.kind) ?? 0) + 1;
        seen.set(p.kind, ordinal);
        return h("option", { value: p.layer }, t.cutOption(ordinal, p.kind, p.height, p.width, p.channels));
      }),
    );
    view.cutSelect.value = String(settings.cut);
    writeSettings(FIELDS, settings);
    await configure();
  })().catch(failure);

  return () => {
    tuning.stop();
    picture.dispose();
    classes.dispose();
    results.dispose();
  };
};

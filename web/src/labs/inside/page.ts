// The inside lab (#/inside): looking inside a network and fooling it. The network is the attendee's CNN
// (the CNN lab's, or a file it exported) with its dataset's test images, or a served network — the ImageNet
// classifier, the transfer lab's fine-tuned one, a detector's backbone — on the webcam, a sample or a photo,
// with the samples and the attendee's pictures as its image set. Four attribution maps side by side — and the same on a copy whose top layers
// are random, the sanity check that tells the maps that explain the network from the ones that only draw
// the input; adversarial inputs under an L∞ budget and the robustness curve with its control; images
// dreamed up for a class, and fooling images. Everything runs in the engine worker; nothing leaves the device.

import type { EngineClient } from "../../engine/client";
import {
  CNN_FILE_TYPES,
  type Attack,
  type Attribution,
  type DatasetId,
  type Dreamed,
  type EngineBackend,
  type InsideInfo,
  type Objective,
  type RobustnessPoint,
  type Target,
  type Transferred,
} from "../../engine/protocol";
import { insideSheet } from "../../exercises/inside";
import type { InsideLabState } from "../../exercises/lab-state";
import { sheetPanel } from "../../exercises/panel";
import { formatted, percent, text } from "../../i18n";
import type { Page } from "../../router";
import { h, labelled, numberInput, select, sliderField, type NumberRange } from "../../ui/dom";
import { drawPad } from "../../ui/draw-pad";
import { actions, controlGroup, labLayout } from "../../ui/lab-layout";
import { notify, reason } from "../../ui/notices";
import { pictureSource } from "../../ui/picture-source";
import { pictureSet, SAMPLE_PICTURES } from "../../ui/picture-set";
import { drawLineChart } from "../../ui/plot";
import { readSettings, writeSettings, type NumberSetting } from "../../ui/url-settings";
import { layersView } from "./layers-view";
import { drawExplanation, drawInput, drawPerturbation } from "./maps";
import * as S from "./settings";

const SIDE = 168;
/** The served models each source loads: the classifier, and the detectors whose backbones are looked into. */
const SERVED = {
  "fine-tuned": { source: "classifier", id: "darknet-tiny-imagenet" },
  imagenet: { source: "classifier", id: "darknet-tiny-imagenet" },
  yolo: { source: "detector", id: "yolo-fastest-1.1" },
  "tiny-face": { source: "detector", id: "tiny-face" },
} as const;
/** The most of the transfer lab's pictures a served network's image set takes. */
const SET_PICTURES = 60;
const BACKENDS: EngineBackend[] = ["simd", "webgpu", "scalar"];
/** The ε values of the robustness curve, and the test images it attacks. */
const CURVE_EPSILONS = [0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3];
const CURVE_IMAGES = 500;
/** A fooling image is done at this confidence. */
const FOOLED = 0.99;

const canvas = (testId: string) => h("canvas", { class: "inside-map", "data-testid": testId });

export const insideLab: Page = (container, query, engine: EngineClient, visit) => {
  const t = text.inside;
  const settings = readSettings(S.FIELDS, query);
  const save = () => writeSettings(S.FIELDS, settings);
  const layout = labLayout(container, t.title, t.intro);
  let info: InsideInfo | undefined;
  /** The picture as the network sees it, and the class its answer is judged by (a test image's label, or
   * the network's own first answer for a photo). */
  let input: Float32Array | undefined;
  let label = 0;
  let testIndex = 0;
  let randomised = 0;
  let explainClass = -1;
  let running: AbortController | undefined;
  const exercises = sheetPanel(insideSheet, text.exercises.inside.tasks, visit);
  /** What the exercise sheet checks: everything of this visit. */
  const state: InsideLabState = {
    randomised: [],
    weightedLayers: 0,
    attacks: [],
    curves: 0,
    bestFooling: 0,
    transfers: [],
  };
  const report = () =>
    exercises.publish({
      ...state,
      randomised: [...state.randomised],
      attacks: [...state.attacks],
      transfers: [...state.transfers],
    });
  const failed = (what: string) => (error: unknown) => {
    if (!visit.aborted) notify(text.app.failed(what, reason(error)));
  };

  // The stage: the picture, its answer, the four maps; the attack's result beside.
  const status = h("p", { class: "note", "data-testid": "inside-status", role: "status" }, t.loading);
  const inputCanvas = canvas("inside-input");
  const answer = h("ol", { class: "inside-answer", "data-testid": "inside-answer" });
  const methods = (): Attribution[] => {
    const spatial = info?.layers.filter((l) => l.height > 1) ?? [];
    const camLayer = spatial[spatial.length - 1]?.node ?? 1;
    return [
      { kind: "gradient" },
      { kind: "deconvnet" },
      { kind: "guided" },
      { kind: "grad-cam", node: camLayer },
    ];
  };
  const mapCanvases = methods().map((m) => canvas(`inside-map-${m.kind}`));
  const layers = layersView(engine, SIDE, failed);
  const mapCaptions = methods().map((m) => h("figcaption", {}, t.methods[m.kind]));
  const mapFigures = methods().map((_, i) => h("figure", {}, mapCanvases[i], mapCaptions[i]));
  const mapsRow = h("div", { class: "inside-row", "data-testid": "inside-maps" }, ...mapFigures);
  const adversarialCanvas = canvas("inside-adversarial");
  const perturbationCanvas = canvas("inside-perturbation");
  const afterAnswer = h("ol", { class: "inside-answer", "data-testid": "inside-after" });
  const smallest = h("p", { class: "note", "data-testid": "inside-smallest" });
  const picture = pictureSource(
    "inside",
    SAMPLE_PICTURES,
    { ...text.transfer, waiting: t.waiting },
    {
      ready: () => info !== undefined && settings.source !== "cnn",
      frame: async (video) => {
        const bitmap = await createImageBitmap(video);
        await usePicture(bitmap);
      },
      photo: async () => {
        const still = picture.still();
        if (still) await usePicture(await createImageBitmap(still));
      },
      failure: (error) => {
        failed(t.analysing)(error);
        return false;
      },
    },
    visit,
  );
  const addButton = h("button", { type: "button", "data-testid": "inside-add-picture" }, t.addPicture);
  addButton.addEventListener("click", () => {
    if (input) void addToSet(input).catch(failed(t.addPicture));
  });
  const imageCount = h("p", { class: "hint wide", "data-testid": "inside-image-count" });
  /** A drawn digit as the picture (for a CNN that reads 28 × 28 grey digits); the latest drawing is
   * analysed once the one before is done. */
  let drawn: number[] | undefined;
  let analysingDrawing = false;
  const pad = drawPad("inside-draw", text.cnn.clear, (ink, side) => {
    void engine
      .call("cnn/drawing-to-digit", { ink, width: side, height: side })
      .then(useDrawing)
      .catch(failed(text.cnn.draw));
  });
  const padStage = h("figure", { class: "inside-pad" }, pad.element, h("figcaption", {}, t.drawHere));
  const digitStage = h("figure", { class: "inside-digit" }, inputCanvas, h("figcaption", {}, t.picture));

  // Controls: the network, the picture, the maps, the attack.
  const sourceSelect = select<S.InsideSource>("inside-source", t.sources, settings.source, (source) => {
    settings.source = source;
    save();
    void load();
  });
  const datasetSelect = select<DatasetId>("inside-dataset", t.datasets, settings.dataset, (dataset) => {
    settings.dataset = dataset;
    save();
    void load();
  });
  const backendNames: Record<EngineBackend, string> = text.controls.backends;
  const backendSelect = select<EngineBackend>("inside-backend", backendNames, settings.backend, (backend) => {
    settings.backend = backend;
    save();
    void load();
  });
  const cnnFile = h("input", { type: "file", accept: CNN_FILE_TYPES, "data-testid": "inside-cnn-file" });
  cnnFile.addEventListener("change", () => {
    const file = cnnFile.files?.[0];
    if (!file) return;
    void file.arrayBuffer().then((buffer) => {
      const bytes = new Uint8Array(buffer);
      if (settings.source !== "fine-tuned") return loadCnn(bytes);
      return loadFineTuned(bytes).catch((error: unknown) => say(t.notLoaded(reason(error))));
    });
  });
  const indexInput = numberInput("inside-test-index", testIndex, { min: 0, max: 9999, step: 1 }, (index) => {
    testIndex = index;
    void showTestImage();
  });
  const randomButton = h("button", { type: "button", "data-testid": "inside-random" }, t.randomImage);
  randomButton.addEventListener("click", () => {
    testIndex = Math.floor(Math.random() * (info?.images || 1));
    indexInput.value = String(testIndex);
    void showTestImage();
  });
  const classSelect = h("select", { "data-testid": "inside-explain-class" });
  classSelect.addEventListener("change", () => {
    explainClass = Number(classSelect.value);
    void explain();
  });
  const randomisedInput = numberInput("inside-randomised", 0, { min: 0, max: 50, step: 1 }, (layers) => {
    randomised = Math.min(layers, info?.weightedLayers.length ?? 0);
    void explain();
  });
  const randomisedNote = h("p", { class: "hint", "data-testid": "inside-randomised-note" });

  /** The number field of setting `key`, within `range` (the address's); each change is saved to the address. */
  const settingInput = (key: NumberSetting<S.InsideSettings>, testId: string, range: NumberRange) =>
    numberInput(testId, settings[key], range, (value) => {
      settings[key] = value;
      save();
    });
  const attackSelect = select("inside-attack", t.attacks, settings.attack, (kind) => {
    settings.attack = kind;
    save();
  });
  const epsilonInput = settingInput("epsilon", "inside-epsilon", S.EPSILON_RANGE);
  const stepsInput = settingInput("steps", "inside-steps", S.STEPS_RANGE);
  const targetInput = settingInput("target", "inside-target", S.TARGET_RANGE);
  const attackButton = h(
    "button",
    { type: "button", class: "primary", "data-testid": "inside-attack-run" },
    t.attack,
  );
  const smallestButton = h(
    "button",
    { type: "button", "data-testid": "inside-smallest-run" },
    t.findSmallest,
  );
  const fullScreenButton = h("button", { type: "button", "data-testid": "inside-full-screen" }, t.fullScreen);
  const attackStop = h(
    "button",
    { type: "button", "data-testid": "inside-attack-stop", disabled: true },
    t.stop,
  );
  attackStop.addEventListener("click", () => running?.abort());
  attackButton.addEventListener("click", () => void attack());
  smallestButton.addEventListener("click", () => void findSmallest());
  fullScreenButton.addEventListener("click", () => {
    adversarialCanvas.requestFullscreen?.().catch(failed(t.fullScreen));
  });

  // Below: the robustness curve (a CNN's test images) and the dream.
  const curveCanvas = h("canvas", { "data-testid": "inside-curve" });
  const curveButton = h(
    "button",
    { type: "button", class: "primary", "data-testid": "inside-curve-run" },
    t.measure,
  );
  const curveTable = h("table", { class: "results", "data-testid": "inside-curve-table" });
  const curveNote = h("p", { class: "hint", "data-testid": "inside-curve-note" }, t.curveNote(CURVE_IMAGES));
  curveButton.addEventListener("click", () => void measureCurve());
  const curveSection = h(
    "section",
    { class: "inside-curve" },
    h("h2", {}, t.curveTitle),
    curveNote,
    actions(curveButton),
    curveCanvas,
    curveTable,
  );

  // Does it transfer: the attack made here, scored on a second network.
  const secondSelect = h("select", { "data-testid": "inside-second" });
  const secondFile = h("input", {
    type: "file",
    accept: CNN_FILE_TYPES,
    "data-testid": "inside-second-file",
  });
  const transferButton = h(
    "button",
    { type: "button", class: "primary", "data-testid": "inside-transfer-run" },
    t.transferRun,
  );
  const transferTable = h("table", { class: "results", "data-testid": "inside-transfer-table" });
  const transferStop = h(
    "button",
    { type: "button", "data-testid": "inside-transfer-stop", disabled: true },
    t.stop,
  );
  transferButton.addEventListener("click", () => void measureTransfer());
  transferStop.addEventListener("click", () => running?.abort());
  const transferSection = h(
    "section",
    { class: "inside-transfer" },
    h("h2", {}, t.transferTitle),
    h("p", { class: "hint" }, t.transferNote),
    labelled(t.second, secondSelect),
    labelled(t.secondFile, secondFile),
    actions(transferButton, transferStop),
    transferTable,
  );

  const dreamCanvas = canvas("inside-dream");
  const dreamScore = h("p", { class: "note", "data-testid": "inside-dream-score" });
  const objectiveSelect = select<"class" | "unit" | "fooling">(
    "inside-objective",
    t.objectives,
    "class",
    () => {},
  );
  const dreamClass = numberInput("inside-dream-class", 0, { min: 0, max: 999, step: 1 }, () => {});
  const dreamFields = [
    sliderField(
      t.stepSize,
      settingInput("stepSize", "inside-step-size", S.STEP_SIZE_RANGE),
      S.STEP_SIZE_RANGE,
      "log",
    ),
    sliderField(t.l2, settingInput("l2", "inside-l2", S.L2_RANGE), S.L2_RANGE),
    sliderField(t.jitter, settingInput("jitter", "inside-jitter", S.JITTER_RANGE), S.JITTER_RANGE),
    sliderField(t.blur, settingInput("blur", "inside-blur", S.BLUR_RANGE), S.BLUR_RANGE),
    labelled(t.dreamSteps, settingInput("dreamSteps", "inside-dream-steps", S.DREAM_STEPS_RANGE)),
  ];
  const dreamButton = h(
    "button",
    { type: "button", class: "primary", "data-testid": "inside-dream-run" },
    t.dream,
  );
  const stopButton = h("button", { type: "button", "data-testid": "inside-stop", disabled: true }, t.stop);
  dreamButton.addEventListener("click", () => void dream());
  stopButton.addEventListener("click", () => running?.abort());

  // What needs classes: a detector's backbone has none, only units.
  const answerBlock = h("div", {}, h("h3", {}, t.answer), answer);
  const attackStage = h(
    "div",
    {},
    h("h3", {}, t.attackTitle),
    h(
      "div",
      { class: "inside-row" },
      h("figure", {}, adversarialCanvas, h("figcaption", {}, t.adversarial)),
      h("figure", {}, perturbationCanvas, h("figcaption", {}, t.perturbation)),
      h("div", {}, h("h3", {}, t.after), afterAnswer, smallest),
    ),
  );
  const attackGroup = controlGroup(
    t.attackTitle,
    labelled(t.attackKind, attackSelect),
    sliderField(t.epsilon, epsilonInput, S.EPSILON_RANGE),
    labelled(t.steps, stepsInput),
    labelled(t.target, targetInput),
    actions(attackButton, smallestButton, attackStop, fullScreenButton),
  );
  const classLabel = labelled(t.explainClass, classSelect);
  const backboneNote = h(
    "p",
    { class: "hint hidden", "data-testid": "inside-backbone-note" },
    t.backboneNote,
  );
  layout.stage.append(
    h(
      "div",
      { class: "full" },
      h("div", { class: "inside-row" }, digitStage, padStage, picture.stage, answerBlock),
      h("h3", {}, t.mapsTitle),
      backboneNote,
      mapsRow,
      randomisedNote,
      attackStage,
      status,
    ),
  );
  layout.controls.append(
    controlGroup(
      t.network,
      labelled(t.source, sourceSelect),
      labelled(t.dataset, datasetSelect),
      labelled(t.cnnFile, cnnFile),
      labelled(t.backend, backendSelect),
    ),
    controlGroup(
      t.picture,
      labelled(t.testIndex, indexInput),
      actions(randomButton),
      ...picture.controls,
      actions(addButton),
      imageCount,
    ),
    controlGroup(t.mapsTitle, classLabel, labelled(t.randomised, randomisedInput)),
    attackGroup,
  );
  layout.details.append(
    exercises.element,
    layers.element,
    curveSection,
    transferSection,
    h(
      "section",
      { class: "inside-dream" },
      h("h2", {}, t.dreamTitle),
      h("p", { class: "hint" }, t.dreamNote),
      h(
        "div",
        { class: "inside-row" },
        h("figure", {}, dreamCanvas, dreamScore),
        h(
          "div",
          {},
          labelled(t.objective, objectiveSelect),
          labelled(t.dreamClass, dreamClass),
          ...dreamFields,
          actions(dreamButton, stopButton),
        ),
      ),
    ),
  );

  function showSource() {
    const cnn = settings.source === "cnn";
    digitStage.classList.toggle("hidden", !cnn);
    padStage.classList.toggle("hidden", !cnn);
    picture.stage.classList.toggle("hidden", cnn);
    // Each control with its label, and the sections that need a CNN's test images.
    const cnnOnly = [datasetSelect, indexInput, randomButton].map((e) => e.closest("label") ?? e);
    cnnFile.closest("label")?.classList.toggle("hidden", !cnn && settings.source !== "fine-tuned");
    for (const element of [...cnnOnly, curveSection]) element.classList.toggle("hidden", !cnn);
    for (const control of [...picture.controls, addButton, imageCount])
      control.classList.toggle("hidden", cnn);
    if (cnn) picture.stopCamera();
    const backbone = settings.source !== "cnn" && SERVED[settings.source].source === "detector";
    for (const element of [answerBlock, attackStage, attackGroup, classLabel])
      element.classList.toggle("hidden", backbone);
    backboneNote.classList.toggle("hidden", !backbone);
    transferSection.classList.toggle("hidden", backbone);
    secondFile.closest("label")?.classList.toggle("hidden", !cnn);
    for (const option of objectiveSelect.options) option.disabled = backbone && option.value !== "unit";
    if (backbone) objectiveSelect.value = "unit";
  }

  function say(message: string) {
    status.textContent = message;
  }

  async function load() {
    showSource();
    info = undefined;
    input = undefined;
    delete status.dataset.ready;
    say(t.loading);
    try {
      if (settings.source === "fine-tuned") {
        const bytes = await engine.call("transfer/fine-tune-export", undefined).catch(() => undefined);
        if (bytes) await loadFineTuned(bytes);
        else say(t.noFineTuned);
        return;
      }
      if (settings.source !== "cnn") {
        const baseUrl = new URL("static-models/", document.baseURI).href;
        const served = SERVED[settings.source];
        loaded(await engine.call("inside/load", { ...served, backend: settings.backend, baseUrl }));
        say(t.pickPicture);
        await fillImageSet();
        return;
      }
      const current = await engine.call("cnn/current", undefined);
      if (!current) {
        say(t.noCnn);
        return;
      }
      await loadCnn(await engine.call("cnn/export", undefined));
    } catch (error) {
      say(t.notLoaded(reason(error)));
    }
  }

  /** The transfer lab's fine-tuned network (its export, or a file of it) on the classifier's layers. */
  async function loadFineTuned(bytes: Uint8Array) {
    const baseUrl = new URL("static-models/", document.baseURI).href;
    const id = SERVED["fine-tuned"].id;
    loaded(
      await engine.call("inside/load", {
        source: "fine-tuned",
        backend: settings.backend,
        baseUrl,
        id,
        bytes,
      }),
    );
    say(t.pickPicture);
    await fillImageSet();
  }

  /** A served network's image set: the samples, and the pictures of the transfer lab's set (where the
   * browser kept them), each labelled by the network's own answer. */
  async function fillImageSet() {
    const network = info;
    for (const blob of await pictureSet(SET_PICTURES)) {
      if (info !== network) return;
      const bitmap = await createImageBitmap(blob).catch(() => undefined);
      if (!bitmap) continue;
      const input = await engine.call("inside/input", bitmap, { transfer: [bitmap] });
      // The attendee may have chosen another network while this picture was on its way in.
      if (info !== network) return;
      await addToSet(input);
    }
  }

  async function addToSet(picture: Float32Array) {
    const count = await engine.call("inside/add-image", picture);
    if (info) info.images = count;
    layers.images(count);
    imageCount.textContent = t.imageSet(count);
    imageCount.dataset.count = String(count);
  }

  async function loadCnn(bytes: Uint8Array) {
    settings.source = "cnn";
    sourceSelect.value = "cnn";
    showSource();
    say(t.loading);
    const baseUrl = new URL("data/", document.baseURI).href;
    try {
      loaded(
        await engine.call("inside/load", {
          source: "cnn",
          backend: settings.backend,
          bytes,
          baseUrl,
          dataset: settings.dataset,
        }),
      );
      await showTestImage();
    } catch (error) {
      say(t.notLoaded(reason(error)));
    }
  }

  function loaded(next: InsideInfo) {
    info = next;
    randomised = Math.min(randomised, next.weightedLayers.length);
    randomisedInput.max = String(next.weightedLayers.length);
    methods().forEach((m, i) => (mapCaptions[i].textContent = t.methods[m.kind]));
    layers.network(next);
    imageCount.textContent = t.imageSet(next.images);
    secondSelect.replaceChildren(
      ...BACKENDS.filter((b) => b !== settings.backend).map((b) =>
        h("option", { value: b }, t.sameOn(backendNames[b])),
      ),
      ...(next.labelled ? [h("option", { value: "file" }, t.anotherCnn)] : []),
    );
    transferTable.replaceChildren();
    say(t.loaded(next.layers.length, next.classes));
    status.dataset.ready = settings.source;
  }

  async function showTestImage() {
    if (!info) return;
    const image = await engine.call("inside/image", testIndex).catch(failed(t.analysing));
    if (!image) return;
    label = image.label;
    input = image.input;
    drawInput(inputCanvas, input, info, SIDE);
    await analyse(false);
  }

  async function useDrawing(digit: number[]) {
    drawn = digit;
    if (analysingDrawing) return;
    analysingDrawing = true;
    try {
      while (drawn && info) {
        const next = drawn;
        drawn = undefined;
        if (info.height !== 28 || info.width !== 28 || info.channels !== 1) return notify(t.drawNeedsDigits);
        input = Float32Array.from(next);
        drawInput(inputCanvas, input, info, SIDE);
        await analyse(true);
      }
    } finally {
      analysingDrawing = false;
    }
  }

  async function usePicture(bitmap: ImageBitmap) {
    input = await engine.call("inside/input", bitmap, { transfer: [bitmap] });
    await analyse(true);
  }

  /** The answer for the picture on show, and its maps; a photo's label is the network's own answer. */
  async function analyse(photo: boolean) {
    const network = info;
    if (!network || !input) return;
    if (network.classNames.length === 0) {
      await explain();
      await layers.picture(input);
      return;
    }
    const probabilities = await engine.call("inside/probabilities", input);
    const ranked = top(probabilities, 5);
    if (photo) label = ranked[0].index;
    showAnswer(answer, ranked);
    classSelect.replaceChildren(
      h("option", { value: "-1" }, t.predicted),
      ...ranked.map(({ index }) =>
        h("option", { value: String(index) }, network.classNames[index] ?? String(index)),
      ),
      ...(photo
        ? []
        : [h("option", { value: String(label) }, t.trueClass(network.classNames[label] ?? String(label)))]),
    );
    classSelect.value = ranked.some((r) => r.index === explainClass) ? String(explainClass) : "-1";
    say(t.shown(network.classNames[label] ?? String(label)));
    await explain(ranked[0].index);
    await layers.picture(input);
  }

  async function explain(predicted?: number) {
    const network = info;
    if (!network || !input) return;
    const shown = input;
    const target =
      network.classNames.length === 0 ? await strongestUnit(shown) : await classTarget(shown, predicted);
    const chosenMethods = methods();
    const maps = await engine.call("inside/explain", {
      input: shown,
      target,
      methods: chosenMethods,
      randomised,
    });
    mapsRow.dataset.drawn = String(Number(mapsRow.dataset.drawn ?? 0) + 1);
    mapsRow.dataset.randomised = String(randomised);
    maps.forEach((map, i) => drawExplanation(mapCanvases[i], map, chosenMethods[i], shown, network, SIDE));
    if (!state.randomised.includes(randomised)) state.randomised.push(randomised);
    state.weightedLayers = network.weightedLayers.length;
    report();
    randomisedNote.textContent =
      randomised === 0
        ? t.trainedMaps
        : t.randomisedMaps(network.weightedLayers.slice(-randomised).join(", "));
  }

  /** The class the maps explain: the one chosen, else the predicted one. */
  async function classTarget(shown: Float32Array, predicted?: number): Promise<Target> {
    const chosen = Number(classSelect.value);
    if (chosen >= 0) return { kind: "class", class: chosen };
    return {
      kind: "class",
      class: predicted ?? top(await engine.call("inside/probabilities", shown), 1)[0].index,
    };
  }

  /** A backbone's answer has no classes: its top layer's strongest unit for the picture is what is explained. */
  async function strongestUnit(shown: Float32Array): Promise<Target> {
    const topLayer = info?.layers[info.layers.length - 1];
    if (!topLayer) throw new Error("a network without layers");
    const values = await engine.call("inside/layer", { input: shown, node: topLayer.node });
    let best = 0;
    for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
    return { kind: "unit", node: topLayer.node, index: best };
  }

  function currentAttack(): Attack {
    return { kind: settings.attack, epsilon: settings.epsilon, steps: settings.steps };
  }

  const aimed = () =>
    settings.target >= 0 && info && settings.target < info.classes ? settings.target : undefined;

  async function attack() {
    if (!info || !input) return say(t.pickPicture);
    const clean = input;
    try {
      const attacked = await engine.call("inside/attack", {
        input: clean,
        label,
        target: aimed(),
        attack: currentAttack(),
      });
      drawInput(adversarialCanvas, attacked.adversarial, info, SIDE);
      drawPerturbation(
        perturbationCanvas,
        attacked.adversarial.map((v, i) => v - clean[i]),
        info,
        SIDE,
      );
      const ranked = top(Float32Array.from(attacked.probabilities), 3);
      showAnswer(afterAnswer, ranked);
      afterAnswer.dataset.first = String(ranked[0].index);
      const target = aimed();
      const attack = currentAttack();
      state.attacks.push({
        kind: attack.kind,
        epsilon: attack.epsilon,
        targeted: target !== undefined,
        turned: ranked[0].index !== label,
        reachedTarget: target !== undefined && ranked[0].index === target,
      });
      report();
    } catch (error) {
      failed(t.attack)(error);
    }
  }

  async function findSmallest() {
    if (!info || !input) return say(t.pickPicture);
    running?.abort();
    const controller = new AbortController();
    running = controller;
    smallest.textContent = t.searching;
    delete smallest.dataset.value;
    attackStop.disabled = false;
    const found = await engine
      .call(
        "inside/smallest-epsilon",
        { input, label, target: aimed(), attack: currentAttack() },
        {
          signal: controller.signal,
          onProgress: (tried) => (smallest.textContent = t.searchedUpTo(formatted(tried, 3))),
        },
      )
      .catch(failed(t.findSmallest))
      .finally(() => (attackStop.disabled = true));
    if (found === undefined || controller.signal.aborted) return;
    smallest.dataset.value = String(found ?? "");
    smallest.textContent =
      found === null ? t.noSmallest : t.smallest(formatted(found, 3), formatted(found * 255, 0));
  }

  async function measureCurve() {
    if (!info?.labelled) return notify(t.curveNeedsCnn);
    running?.abort();
    const controller = new AbortController();
    running = controller;
    stopButton.disabled = false;
    const attacks: Attack[] = (["fgsm", "pgd", "noise"] as const).flatMap((kind) =>
      CURVE_EPSILONS.map((epsilon) => ({ kind, epsilon, steps: settings.steps })),
    );
    const points: RobustnessPoint[] = [];
    const draw = () => {
      const series = (["fgsm", "pgd", "noise"] as const).map((kind, i) => ({
        label: t.attacks[kind],
        colour: ["#c0392b", "#8e44ad", "#7f8c8d"][i],
        values: points.filter((p) => p.attack.kind === kind).map((p) => p.accuracy),
      }));
      drawLineChart(curveCanvas, series, { xEnd: CURVE_EPSILONS[CURVE_EPSILONS.length - 1] });
      curveTable.replaceChildren(
        h("tr", {}, h("th", {}, "ε"), ...series.map((s) => h("th", {}, s.label))),
        ...CURVE_EPSILONS.map((epsilon, row) =>
          h(
            "tr",
            {},
            h("td", {}, formatted(epsilon, 2)),
            ...series.map((s) => h("td", {}, s.values[row] === undefined ? "" : percent(s.values[row], 1))),
          ),
        ),
      );
    };
    try {
      const measured = await engine.call(
        "inside/robustness",
        { attacks, images: CURVE_IMAGES },
        {
          signal: controller.signal,
          onProgress: (point) => {
            points.push(point);
            draw();
          },
        },
      );
      if (measured.length === attacks.length) {
        state.curves += 1;
        report();
      }
    } catch (error) {
      failed(t.measure)(error);
    } finally {
      stopButton.disabled = true;
    }
  }

  /** The current attack made on this network for the set's images, scored on it and on the second network. */
  async function measureTransfer() {
    const network = info;
    if (!network || network.images === 0) return notify(t.transferNeedsImages);
    const choice = secondSelect.value;
    const attack = currentAttack();
    try {
      let second: string;
      if (choice === "file") {
        const file = secondFile.files?.[0];
        if (!file) return notify(t.chooseSecondFile);
        const bytes = new Uint8Array(await file.arrayBuffer());
        await engine.call("inside/second", { kind: "cnn", backend: settings.backend, bytes });
        second = file.name;
      } else {
        const backend = choice as EngineBackend;
        await engine.call("inside/second", { kind: "backend", backend });
        second = t.sameOn(backendNames[backend]);
      }
      running?.abort();
      const controller = new AbortController();
      running = controller;
      delete transferTable.dataset.first;
      delete transferTable.dataset.second;
      transferButton.disabled = true;
      transferStop.disabled = false;
      const show = (scored: Transferred) => showTransfer(scored, attack, second, network);
      const scored = await engine.call(
        "inside/transfer",
        { attack, images: CURVE_IMAGES },
        { signal: controller.signal, onProgress: show },
      );
      if (info !== network) return;
      show(scored);
      transferTable.dataset.second = String(scored.secondAdversarial);
      transferTable.dataset.first = String(scored.adversarial);
      state.transfers.push({
        network: choice === "file",
        secondClean: scored.secondClean,
        secondAdversarial: scored.secondAdversarial,
      });
      report();
    } catch (error) {
      failed(t.transferRun)(error);
    } finally {
      transferButton.disabled = false;
      transferStop.disabled = true;
    }
  }

  function showTransfer(scored: Transferred, attack: Attack, second: string, network: InsideInfo) {
    const row = (name: string, clean: number, after: number) =>
      h("tr", {}, h("td", {}, name), h("td", {}, percent(clean, 1)), h("td", {}, percent(after, 1)));
    transferTable.replaceChildren(
      h(
        "caption",
        {},
        t.transferCaption(
          t.attacks[attack.kind],
          formatted(attack.epsilon, 3),
          scored.images,
          network.labelled,
        ),
      ),
      h("tr", {}, h("th", {}, t.second), h("th", {}, t.clean), h("th", {}, t.afterAttack)),
      row(t.thisNetwork(backendNames[settings.backend]), scored.clean, scored.adversarial),
      row(second, scored.secondClean, scored.secondAdversarial),
    );
  }

  async function dream() {
    const network = info;
    if (!network) return;
    running?.abort();
    const controller = new AbortController();
    running = controller;
    stopButton.disabled = false;
    const chosen = Math.min(Number(dreamClass.value) || 0, network.classes - 1);
    const fooling = objectiveSelect.value === "fooling";
    const unit = objectiveSelect.value === "unit" ? layers.clicked() : undefined;
    if (objectiveSelect.value === "unit" && !unit) {
      stopButton.disabled = true;
      return notify(t.clickMapFirst);
    }
    const objective: Objective = fooling
      ? { kind: "probability", class: chosen }
      : {
          kind: "maximise",
          target: unit
            ? { kind: "channel", node: unit.node, channel: unit.channel }
            : { kind: "class", class: chosen },
        };
    const regularised = {
      stepSize: settings.stepSize,
      l2: settings.l2,
      jitter: settings.jitter,
      blur: settings.blur,
      blurEvery: 4,
    };
    const plain = { stepSize: settings.stepSize, l2: 0, jitter: 0, blur: 0, blurEvery: 1 };
    const show = (d: Dreamed) => {
      drawInput(dreamCanvas, d.image, network, SIDE);
      if (fooling && d.probabilities[chosen] > state.bestFooling) {
        state.bestFooling = d.probabilities[chosen];
        report();
      }
      dreamScore.dataset.probability = String(d.probabilities[chosen]);
      dreamScore.textContent = unit
        ? t.dreamedUnit(d.steps, formatted(d.score, 3))
        : t.dreamed(
            d.steps,
            formatted(d.score, 3),
            percent(d.probabilities[chosen], 1),
            network.classNames[chosen] ?? String(chosen),
          );
    };
    try {
      show(
        await engine.call(
          "inside/dream",
          {
            objective,
            settings: fooling ? plain : regularised,
            steps: settings.dreamSteps,
            seed: 1,
            stopAt: fooling ? FOOLED : undefined,
          },
          { signal: controller.signal, onProgress: show },
        ),
      );
    } catch (error) {
      failed(t.dream)(error);
    } finally {
      stopButton.disabled = true;
    }
  }

  function top(probabilities: Float32Array, count: number) {
    return Array.from(probabilities, (probability, index) => ({ index, probability }))
      .sort((a, b) => b.probability - a.probability)
      .slice(0, count);
  }

  function showAnswer(list: HTMLElement, ranked: { index: number; probability: number }[]) {
    list.replaceChildren(
      ...ranked.map(({ index, probability }) =>
        h("li", { "data-class": index }, `${info?.classNames[index] ?? index}: ${percent(probability, 1)}`),
      ),
    );
  }

  void load();
  return () => {
    running?.abort();
    picture.dispose();
  };
};

// The autoencoder lab (#/autoencoder): a network squeezes each digit into a code of a few numbers and draws
// it back from the code alone. In front: test digits as the encoder sees them (noisy, when it learns to
// denoise), what comes back and the original, each with its PSNR, beside the loss and the test PSNR per
// epoch. Below: the code itself — with two numbers, the test set as a map coloured by class, any point of
// it decoded under the pointer and a walk between two digits — a pad to draw on, and, for a dense network,
// what each first-layer unit responds to.

import type { EngineClient } from "../../engine/client";
import type {
  AutoencoderEvaluation,
  AutoencoderProgress,
  CodeMap,
  DatasetId,
  FewLabelsPoint,
  EngineBackend,
} from "../../engine/protocol";
import { autoencoderSheet } from "../../exercises/autoencoder";
import type { AutoencoderLabState } from "../../exercises/lab-state";
import { sheetPanel } from "../../exercises/panel";
import { formatted, percent, text } from "../../i18n";
import type { Page } from "../../router";
import {
  button,
  h,
  labelled,
  numberInput,
  select,
  showValue,
  sliderField,
  type NumberRange,
} from "../../ui/dom";
import { drawPad, shrink, type Brush } from "../../ui/draw-pad";
import { drawGrey } from "../../ui/images";
import { actions, controlGroup, labLayout } from "../../ui/lab-layout";
import { notify, reason } from "../../ui/notices";
import { drawLineChart } from "../../ui/plot";
import { readSettings, writeSettings, type NumberSetting } from "../../ui/url-settings";
import * as S from "./settings";
import { drawStrip, interpolate } from "../../ui/digits";
import { drawCodeMap, drawSamples, type MapView } from "./view";

/** Test digits in the grid, test images on the code map, steps of a walk between two digits. */
const SAMPLES = 10;
const MAP_IMAGES = 2000;
const WALK_STEPS = 10;
/** First-layer units drawn. */
const FEATURES = 64;
/** The few-labels chart's labelled digits per class, and the test digits each point is scored on. */
export const FEW_LABELS = [1, 5, 10, 50, 100, 500];
const FEW_LABELS_TEST = 1000;

export const autoencoderLab: Page = (container, query, engine: EngineClient, visit) => {
  const t = text.autoencoder;
  const settings = readSettings(S.FIELDS, query);
  const save = () => writeSettings(S.FIELDS, settings);
  const layout = labLayout(container, t.title, t.intro);
  const exercises = sheetPanel(autoencoderSheet, text.exercises.autoencoder.tasks, visit);
  const state: AutoencoderLabState = { runs: [], planeDecoded: false, interpolated: false, fewLabels: [] };
  const report = () =>
    exercises.publish({ ...state, runs: [...state.runs], fewLabels: [...state.fewLabels] });
  /** The settings the network in the worker was made with; none before the first. */
  let made: string | undefined;
  let epochs = 0;
  let target = 0;
  let losses: number[] = [];
  let evaluations: AutoencoderEvaluation[] = [];
  let codeMap: CodeMap | undefined;
  let mapView: MapView | undefined;
  let training: AbortController | undefined;
  const failed = (what: string) => (error: unknown) => {
    if (!visit.aborted) notify(text.app.failed(what, reason(error)));
  };

  // The stage: the digits through the network, the loss and the test PSNR.
  const status = h("p", { class: "note", role: "status", "data-testid": "autoencoder-status" }, t.start);
  const grid = h("canvas", { class: "autoencoder-grid", "data-testid": "autoencoder-grid" });
  const lossChart = h("canvas", { class: "chart", "data-testid": "autoencoder-loss" });
  const psnrChart = h("canvas", { class: "chart", "data-testid": "autoencoder-psnr" });
  layout.stage.append(status, grid, h("div", { class: "chart-row" }, lossChart, psnrChart));

  // The controls.
  const numberField = (
    key: NumberSetting<S.AutoencoderSettings>,
    label: string,
    range: NumberRange,
    slider = false,
  ) => {
    const input = numberInput(`autoencoder-${key}`, settings[key], range, (value) => {
      settings[key] = value;
      save();
      showFields();
    });
    return slider ? sliderField(label, input, range) : labelled(label, input);
  };
  const kindSelect = select<S.NetworkKind>("autoencoder-kind", t.kinds, settings.kind, (kind) => {
    settings.kind = kind;
    save();
    showFields();
  });
  const codeField = numberField("code", t.code, S.CODE_RANGE);
  const hiddenField = numberField("hidden", t.hidden, S.HIDDEN_RANGE);
  const noiseSelect = select<S.NoiseChoice>("autoencoder-noise", t.noises, settings.noise, (noise) => {
    settings.noise = noise;
    save();
    showFields();
  });
  const levelField = numberField("level", t.level, S.LEVEL_RANGE, true);
  const sparsityField = numberField("sparsity", t.sparsity, S.SPARSITY_RANGE);
  const rateField = numberField("learningRate", t.learningRate, S.LEARNING_RATE_RANGE);
  const epochsField = numberField("epochs", t.epochs, S.EPOCHS_RANGE);
  const chunksField = numberField("chunks", t.chunks, S.CHUNKS_RANGE);
  const testField = numberField("testImages", t.testImages, S.TEST_IMAGES_RANGE);
  const datasetSelect = select<DatasetId>(
    "autoencoder-dataset",
    text.controls.imageDatasets,
    settings.dataset,
    (dataset) => {
      settings.dataset = dataset;
      save();
    },
  );
  const backendSelect = select<EngineBackend>(
    "autoencoder-backend",
    text.controls.backends,
    settings.backend,
    (backend) => {
      settings.backend = backend;
      save();
    },
  );
  const trainButton = button("autoencoder-train", t.train, { primary: true });
  const pauseButton = button("autoencoder-pause", text.controls.pause, { disabled: true });
  const resetButton = button("autoencoder-reset", text.controls.reset);
  const progress = h("p", { class: "hint wide", role: "status", "data-testid": "autoencoder-progress" });
  trainButton.addEventListener("click", () => void train());
  pauseButton.addEventListener("click", () => training?.abort());
  resetButton.addEventListener("click", () => void reset());
  const presetButtons = (Object.keys(S.PRESETS) as (keyof typeof S.PRESETS)[]).map((preset) => {
    const button = h(
      "button",
      { type: "button", "data-testid": `autoencoder-preset-${preset}` },
      t.presets[preset],
    );
    button.addEventListener("click", () => {
      Object.assign(settings, S.PRESETS[preset]);
      save();
      syncFields();
    });
    return button;
  });
  layout.controls.append(
    controlGroup(t.network, labelled(t.kind, kindSelect), codeField, hiddenField, actions(...presetButtons)),
    controlGroup(t.noise, labelled(t.noiseKind, noiseSelect), levelField, sparsityField),
    controlGroup(
      text.controls.groups.training,
      rateField,
      epochsField,
      actions(trainButton, pauseButton, resetButton),
      progress,
    ),
    controlGroup(
      text.controls.groups.data,
      labelled(text.controls.dataset, datasetSelect),
      chunksField,
      testField,
      labelled(t.backend, backendSelect),
    ),
  );

  // Below: the code plane, a walk between two digits, the pad, the features.
  const mapCanvas = h("canvas", { class: "autoencoder-map", "data-testid": "autoencoder-map" });
  const decoded = h("canvas", { class: "digit-large", "data-testid": "autoencoder-decoded" });
  const decodedFigure = h("figure", { class: "hidden" }, decoded, h("figcaption", {}, t.decodedHere));
  const mapNote = h("p", { class: "hint", "data-testid": "autoencoder-map-note" }, t.mapNeedsTwo);
  const fromInput = numberInput("autoencoder-from", 0, { min: 0, max: MAP_IMAGES - 1, step: 1 }, () => {});
  const toInput = numberInput("autoencoder-to", 1, { min: 0, max: MAP_IMAGES - 1, step: 1 }, () => {});
  const walkButton = h("button", { type: "button", "data-testid": "autoencoder-walk" }, t.walk);
  const walkStrip = h("canvas", {
    class: "autoencoder-strip hidden",
    "data-testid": "autoencoder-walk-strip",
  });
  walkButton.addEventListener("click", () => void walk(Number(fromInput.value), Number(toInput.value)));
  const pad = drawPad("autoencoder-pad", text.cnn.clear, (ink, side) => void reconstructDrawing(ink, side));
  const brushSelect = select<Brush>(
    "autoencoder-brush",
    t.brushes,
    pad.brush,
    (brush) => (pad.brush = brush),
  );
  const digitButton = h("button", { type: "button", "data-testid": "autoencoder-pad-digit" }, t.padDigit);
  digitButton.addEventListener("click", () => putDigitOnPad());
  /** The clean test digits of the grid, the last one put on the pad, and whether the pad holds one. */
  let cleanDigits: Float32Array | undefined;
  let padDigit = -1;
  let padHoldsDigit = false;
  const padOutput = h("canvas", { class: "digit-large", "data-testid": "autoencoder-pad-output" });
  const features = h("canvas", { class: "autoencoder-features", "data-testid": "autoencoder-features" });
  const fewChart = h("canvas", { class: "chart", "data-testid": "autoencoder-few-labels" });
  const fewTable = h("table", { class: "bench", "data-testid": "autoencoder-few-labels-table" });
  const fewButton = h("button", { type: "button", "data-testid": "autoencoder-few-labels-run" }, t.fewRun);
  const fewStop = h("button", { type: "button", disabled: true }, t.stop);
  const fewProgress = h("p", {
    class: "hint",
    role: "status",
    "data-testid": "autoencoder-few-labels-progress",
  });
  let measuring: AbortController | undefined;
  fewButton.addEventListener("click", () => void measureFewLabels());
  fewStop.addEventListener("click", () => measuring?.abort());
  const featuresNote = h("p", { class: "hint", "data-testid": "autoencoder-features-note" });
  layout.details.append(
    exercises.element,
    h(
      "section",
      {},
      h("h2", {}, t.codeTitle),
      mapNote,
      h("div", { class: "autoencoder-plane" }, mapCanvas, decodedFigure),
      h("p", { class: "hint" }, t.walkNote),
      actions(labelled(t.fromDigit, fromInput), labelled(t.toDigit, toInput), walkButton),
      walkStrip,
    ),
    h(
      "section",
      {},
      h("h2", {}, t.padTitle),
      h("p", { class: "hint" }, t.padNote),
      actions(labelled(t.brush, brushSelect), digitButton),
      h("div", { class: "autoencoder-pad" }, pad.element, padOutput),
    ),
    h("section", {}, h("h2", {}, t.featuresTitle), featuresNote, features),
    h(
      "section",
      {},
      h("h2", {}, t.fewTitle),
      h("p", { class: "hint" }, t.fewNote(FEW_LABELS.join(", "), formatted(FEW_LABELS_TEST))),
      actions(fewButton, fewStop),
      fewProgress,
      fewChart,
      h("div", { class: "table-scroll" }, fewTable),
    ),
  );
  mapCanvas.addEventListener("pointermove", (event) => void decodeAt(event));
  mapCanvas.addEventListener("click", (event) => pickNearest(event));

  /** Shows only the fields the chosen network and noise use. */
  function showFields() {
    hiddenField.classList.toggle("hidden", settings.kind !== "dense");
    levelField.classList.toggle("hidden", settings.noise === "none");
  }

  /** Every field to the settings (after a preset changed them). */
  function syncFields() {
    kindSelect.value = settings.kind;
    noiseSelect.value = settings.noise;
    for (const [label, key] of [
      [codeField, "code"],
      [hiddenField, "hidden"],
      [levelField, "level"],
      [sparsityField, "sparsity"],
    ] as const)
      showValue(label, settings[key]);
    showFields();
  }

  /** The settings that make the network: a change means a new one. */
  const network = () =>
    JSON.stringify([
      S.specOf(settings),
      S.trainingOf(settings),
      settings.dataset,
      settings.backend,
      settings.chunks,
    ]);

  /** A fresh network for the current settings. */
  async function reset(): Promise<boolean> {
    training?.abort();
    status.textContent = t.loading;
    try {
      const { trainImages } = await engine.call("autoencoder/load", {
        backend: settings.backend,
        spec: S.specOf(settings),
        training: S.trainingOf(settings),
        baseUrl: new URL("data/", document.baseURI).href,
        dataset: settings.dataset,
        trainChunks: settings.chunks,
      });
      made = network();
      epochs = 0;
      target = 0;
      losses = [];
      evaluations = [];
      codeMap = undefined;
      status.textContent = t.ready(formatted(trainImages));
      status.dataset.ready = "1";
      drawCharts();
      await showNetwork();
      return true;
    } catch (error) {
      made = undefined;
      if (!visit.aborted) status.textContent = t.notMade(reason(error));
      return false;
    }
  }

  async function train() {
    if (made !== network() && !(await reset())) return;
    if (epochs >= target) target = Math.floor(epochs) + settings.epochs;
    const controller = new AbortController();
    training = controller;
    trainButton.disabled = true;
    pauseButton.disabled = false;
    resetButton.disabled = true;
    try {
      const done = await engine.call(
        "autoencoder/train",
        { untilEpoch: target, testImages: settings.testImages },
        {
          signal: controller.signal,
          // A report with test scores ended an epoch (or the run): the network is shown as it is then.
          onProgress: (step) => {
            record(step);
            if (step.evaluation) void showNetwork();
          },
        },
      );
      epochs = done.epochs;
      progress.textContent = controller.signal.aborted
        ? t.paused(formatted(epochs, 2))
        : t.trained(formatted(epochs, 2));
      status.textContent = progress.textContent;
      // Paused within an epoch: what it has learned since the last one is shown too.
      if (controller.signal.aborted) await showNetwork();
    } catch (error) {
      progress.textContent = "";
      failed(t.training)(error);
    } finally {
      trainButton.disabled = false;
      pauseButton.disabled = true;
      resetButton.disabled = false;
    }
  }

  /** A report of training: the loss, and the test scores when an epoch ended. */
  function record(step: AutoencoderProgress) {
    epochs = step.epochs;
    losses.push(step.loss);
    if (step.evaluation) evaluations.push(step.evaluation);
    const e = evaluations.at(-1);
    progress.textContent = e
      ? t.progress(formatted(epochs, 2), formatted(target), formatted(step.loss, 4), formatted(e.psnr, 1))
      : t.progressLoss(formatted(epochs, 2), formatted(target), formatted(step.loss, 4));
    drawCharts();
  }

  function drawCharts() {
    drawLineChart(lossChart, [{ label: t.loss, colour: "#2b7bb9", values: losses }], { xEnd: epochs });
    const psnr = evaluations;
    const series = [{ label: t.psnrOut, colour: "#2b7bb9", values: psnr.map((e) => e.psnr) }];
    if (psnr.some((e) => e.noisyPsnr != null)) {
      series.push({ label: t.psnrIn, colour: "#e8873a", values: psnr.map((e) => e.noisyPsnr ?? NaN) });
    }
    drawLineChart(psnrChart, series, { xEnd: psnr.length });
    psnrChart.dataset.epochs = String(psnr.length);
  }

  /** The grid, the code plane and the features of the network as it is now; the run for the sheet. */
  async function showNetwork() {
    try {
      const samples = await engine.call("autoencoder/samples", { count: SAMPLES });
      if (visit.aborted) return;
      drawSamples(grid, samples, { input: t.rowInput, output: t.rowOutput, clean: t.rowClean });
      cleanDigits = Float32Array.from(samples.clean);
      grid.dataset.psnr = String(
        samples.outputPsnr.reduce((sum, p) => sum + p, 0) / Math.max(1, samples.outputPsnr.length),
      );
      codeMap = await engine.call("autoencoder/code-map", { limit: MAP_IMAGES });
      showCodeMap();
      await showFeatures();
      const evaluation = evaluations.at(-1);
      if (evaluation && epochs >= 1) {
        const run = {
          kind: settings.kind,
          code: settings.code,
          noise: settings.noise === "none" ? null : settings.noise,
          level: settings.level,
          sparsity: settings.sparsity,
          epochs,
          evaluation,
        };
        state.runs = [...state.runs.filter((r) => r.evaluation !== evaluation), run];
        report();
      }
    } catch (error) {
      failed(t.showing)(error);
    }
  }

  function showCodeMap() {
    const twoD = codeMap?.code === 2;
    mapCanvas.classList.toggle("hidden", !twoD);
    decodedFigure.classList.toggle("hidden", !twoD);
    mapNote.textContent = twoD ? t.mapNote(formatted(MAP_IMAGES)) : t.mapNeedsTwo;
    mapView = twoD && codeMap ? drawCodeMap(mapCanvas, codeMap) : undefined;
    mapCanvas.dataset.points = String(twoD ? codeMap?.labels.length : 0);
  }

  const pointerAt = (event: MouseEvent): [number, number] => {
    const box = mapCanvas.getBoundingClientRect();
    const size = 360;
    return [((event.clientX - box.left) * size) / box.width, ((event.clientY - box.top) * size) / box.height];
  };

  let decoding = false;
  async function decodeAt(event: PointerEvent) {
    if (!mapView || decoding) return;
    decoding = true;
    try {
      const code = mapView.toCode(...pointerAt(event));
      const image = await engine.call("autoencoder/decode", { codes: Float32Array.from(code) });
      drawGrey(decoded, image, 28, 28, 4, { low: 0, high: 1 });
      decoded.dataset.code = code.map((c) => c.toFixed(2)).join(",");
      if (!state.planeDecoded) {
        state.planeDecoded = true;
        report();
      }
    } catch (error) {
      failed(t.decoding)(error);
    } finally {
      decoding = false;
    }
  }

  /** A click picks the nearest test digit as the walk's start, the next click its end. */
  let pickEnd = false;
  function pickNearest(event: MouseEvent) {
    if (!mapView || !codeMap) return;
    const [x, y] = mapView.toCode(...pointerAt(event));
    let best = 0;
    let bestDistance = Infinity;
    for (let i = 0; i < codeMap.labels.length; i++) {
      const distance = (codeMap.codes[2 * i] - x) ** 2 + (codeMap.codes[2 * i + 1] - y) ** 2;
      if (distance < bestDistance) [best, bestDistance] = [i, distance];
    }
    (pickEnd ? toInput : fromInput).value = String(best);
    pickEnd = !pickEnd;
    if (!pickEnd) void walk(Number(fromInput.value), Number(toInput.value));
  }

  async function walk(from: number, to: number) {
    if (!codeMap) return notify(t.trainFirst);
    const size = codeMap.code;
    const count = codeMap.labels.length;
    if (![from, to].every((i) => Number.isInteger(i) && i >= 0 && i < count)) {
      return notify(t.noSuchDigit(formatted(count - 1)));
    }
    const codes = interpolate(
      codeMap.codes.slice(from * size, (from + 1) * size),
      codeMap.codes.slice(to * size, (to + 1) * size),
      WALK_STEPS,
    );
    try {
      const images = await engine.call("autoencoder/decode", { codes });
      walkStrip.classList.remove("hidden");
      drawStrip(walkStrip, images);
      walkStrip.dataset.steps = String(WALK_STEPS);
      state.interpolated = true;
      report();
    } catch (error) {
      failed(t.decoding)(error);
    }
  }

  /** The next test digit of the grid on the pad, for the noise brush to rub noise onto. */
  function putDigitOnPad() {
    if (!cleanDigits) return notify(t.trainFirst);
    padDigit = (padDigit + 1) % SAMPLES;
    padHoldsDigit = true;
    pad.show(cleanDigits.subarray(padDigit * 784, (padDigit + 1) * 784), 28);
  }

  async function reconstructDrawing(ink: Uint8Array, side: number) {
    if (!made) return;
    // A cleared pad holds no test digit any more.
    if (!ink.some((v) => v > 0)) padHoldsDigit = false;
    try {
      // A test digit (with what was rubbed onto it) is already a digit: shrunk as it is. A drawing is framed
      // and centred as MNIST's digits are first.
      const image = await engine.call("autoencoder/reconstruct", {
        image: padHoldsDigit
          ? shrink(ink, side, 28)
          : Float32Array.from(
              await engine.call("cnn/drawing-to-digit", { ink, width: side, height: side }),
              (v) => v / 255,
            ),
      });
      drawGrey(padOutput, image, 28, 28, 4, { low: 0, high: 1 });
      padOutput.dataset.drawn = "1";
      padOutput.dataset.source = padHoldsDigit ? "test-digit" : "drawing";
    } catch (error) {
      failed(t.decoding)(error);
    }
  }

  async function showFeatures() {
    const images = await engine.call("autoencoder/features", { max: FEATURES });
    const count = images.length / 784;
    features.classList.toggle("hidden", count === 0);
    // Only a ReLU code's units are on or off; a linear code's are never exactly zero.
    const active = S.specOf(settings).reluCode ? evaluations.at(-1)?.activeCode : undefined;
    featuresNote.textContent =
      count === 0
        ? t.featuresDenseOnly
        : active === undefined
          ? t.featuresNote
          : `${t.featuresNote} ${t.activeCode(percent(active, 1))}`;
    if (count > 0) drawFeatureGrid(features, images, count);
  }

  async function measureFewLabels() {
    if (!made || epochs < 1) return notify(t.fewTrainFirst);
    measuring?.abort();
    const controller = new AbortController();
    measuring = controller;
    fewButton.disabled = true;
    fewStop.disabled = false;
    const points: FewLabelsPoint[] = [];
    const show = () => {
      drawLineChart(
        fewChart,
        [
          { label: t.fewCodes, colour: "#2b7bb9", values: points.map((p) => p.svmOnCodes) },
          { label: t.fewPixels, colour: "#e8873a", values: points.map((p) => p.svmOnPixels) },
          { label: t.fewCnn, colour: "#3a9e5f", values: points.map((p) => p.cnn) },
        ],
        { xEnd: points.at(-1)?.perClass ?? 0 },
      );
      fewTable.replaceChildren(
        h("tr", {}, ...[t.fewPerClass, t.fewCodes, t.fewPixels, t.fewCnn].map((c) => h("th", {}, c))),
        ...points.map((p) =>
          h(
            "tr",
            { "data-testid": "autoencoder-few-labels-row" },
            h("td", {}, formatted(p.perClass)),
            ...[p.svmOnCodes, p.svmOnPixels, p.cnn].map((a) => h("td", {}, percent(a, 1))),
          ),
        ),
      );
    };
    try {
      await engine.call(
        "autoencoder/few-labels",
        { perClass: FEW_LABELS, testImages: FEW_LABELS_TEST },
        {
          signal: controller.signal,
          onProgress: (point) => {
            points.push(point);
            fewProgress.textContent = t.fewProgress(formatted(points.length), formatted(FEW_LABELS.length));
            show();
          },
        },
      );
      fewProgress.textContent = t.fewDone(formatted(points.length));
      state.fewLabels = points;
      report();
    } catch (error) {
      failed(t.fewTitle)(error);
    } finally {
      fewButton.disabled = false;
      fewStop.disabled = true;
    }
  }

  showFields();
  drawCharts();
  void reset();
  return () => {
    training?.abort();
    measuring?.abort();
  };
};

/** Each unit's weights over the pixels, scaled to its own range, in rows of 16. */
function drawFeatureGrid(canvas: HTMLCanvasElement, images: Float32Array, count: number) {
  const columns = 16;
  const size = 40;
  const rows = Math.ceil(count / columns);
  const tile = document.createElement("canvas");
  const context = canvas.getContext("2d");
  canvas.width = columns * (size + 2);
  canvas.height = rows * (size + 2);
  if (!context) return;
  for (let unit = 0; unit < count; unit++) {
    drawGrey(tile, images.subarray(unit * 784, (unit + 1) * 784), 28, 28, 1);
    context.imageSmoothingEnabled = false;
    context.drawImage(
      tile,
      (unit % columns) * (size + 2),
      Math.floor(unit / columns) * (size + 2),
      size,
      size,
    );
  }
  canvas.dataset.units = String(count);
}

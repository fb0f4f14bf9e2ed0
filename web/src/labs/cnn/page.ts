// CNN lab (#/cnn): train a LeNet-style network on MNIST or Fashion-MNIST on this laptop, watch it learn,
// look inside it (filters, activation maps, the images a filter likes), draw digits for it, see its
// confusions, and augment its data. The training and every view run in the engine worker
// (crate/src/wasm/cnn.rs); this page asks and draws.

import type { CnnEvaluation, CnnSpec, DataProgress, TrainProgress } from "../../engine/protocol";
import { cnnSheet } from "../../exercises/cnn";
import type { CnnEvaluationRecord } from "../../exercises/lab-state";
import { sheetPanel, startsAfresh } from "../../exercises/panel";
import { text } from "../../i18n";
import type { Page } from "../../router";
import { downloadFile } from "../../ui/dom";
import { drawGrey } from "../../ui/images";
import { failureReporter, notify, reason } from "../../ui/notices";
import { drawLineChart } from "../../ui/plot";
import { augmentationSection } from "./augmentation";
import { drawPad } from "../../ui/draw-pad";
import { drawConfusion } from "../../ui/class-charts";
import { drawActivations, drawFilters, drawProbabilities, showDigits } from "./inside";
import { keptModelsShelf } from "./kept-models";
import { readSettings, writeSettings } from "../../ui/url-settings";
import {
  FIELDS,
  formatBlocks,
  parseBlocks,
  SMALL_DATA,
  specOf,
  trainingOf,
  type CnnSettings,
} from "./settings";
import { cnnView } from "./view";

const ZOOM = 3;

/**
 * Training has diverged once a batch's loss is this many times the first one. A fresh network starts near
 * ln 10 ≈ 2.3; a healthy run's batches stay well below 5 × that, a diverged one reaches millions.
 */
const DIVERGED_LOSS_RATIO = 5;
/** Test images the dead-filter check runs the network on. */
const DEAD_CHECK_IMAGES = 500;

/** What the page showed of the network's training, kept while the attendee visits another lab. */
interface KeptRun {
  spec: string;
  trainLoss: number[];
  trainAccuracy: number[];
  epochs: EpochAccuracy[];
  elapsed: number;
  last?: TrainProgress;
  evaluation?: CnnEvaluation;
}
let keptRun: KeptRun | undefined;

/** An evaluation's accuracies: on the test images, and by the same weights on as many training images. */
interface EpochAccuracy {
  test: number;
  train: number | null;
}

export const cnnLab: Page = (container, query, engine, visit) => {
  const t = text.cnn;
  const settings: CnnSettings = readSettings(FIELDS, query);
  let classes = t.digits;
  /** Training images in, and in the whole set once every chunk is (an epoch's length without small data). */
  let trainLoaded = 0;
  let trainTotal = 0;
  let training: AbortController | undefined;
  let trainLoss: number[] = [];
  let trainAccuracy: number[] = [];
  let epochs: EpochAccuracy[] = [];
  let started = 0;
  let elapsedBefore = 0;
  let lastProgress: TrainProgress | undefined;
  let lastEvaluation: CnnEvaluation | undefined;
  /** The image the activation maps show: a test digit, or the drawing. */
  let inspected: number[] | undefined;
  /** What the exercise sheet checks: the network's size, every evaluation of this visit, the dead filters. */
  let parameters = 0;
  /** The names of the layers whose outputs are maps, in order (as the engine lists activations). */
  let featureLayers: string[] = [];
  /** Counts the networks built in this visit, so the sheet tells one training run from the next. */
  let network = 0;
  const evaluations: CnnEvaluationRecord[] = [];
  /** Per feature layer, the channels that never fired in the last check, and that check's count and epoch. */
  let dead: number[][] = [];
  let deadCheck: { filters: number; epoch: number } | undefined;
  const exercises = sheetPanel(cnnSheet, text.exercises.cnn.tasks, visit);

  const pad = drawPad("cnn-draw", t.clear, (ink, side) => {
    void engine
      .call("cnn/drawing-to-digit", { ink, width: side, height: side })
      .then((digit) => inspect(digit))
      .catch(failure(t.draw));
  });
  /** A control's setting: kept in the address, then `then` (a new network, or new training settings). */
  const setting =
    <K extends keyof CnnSettings>(key: K, then: () => unknown = () => {}) =>
    (value: CnnSettings[K]) => {
      settings[key] = value;
      writeSettings(FIELDS, settings);
      void then();
    };

  const shelf = keptModelsShelf({
    current: async () => ({
      bytes: new Uint8Array(await engine.call("cnn/export", undefined)),
      dataset: settings.dataset,
      accuracy: lastEvaluation?.accuracy,
    }),
    load: (model) => loadWeights(model.bytes, model.name, model.dataset as CnnSettings["dataset"]),
    describe: (model) =>
      t.keptName(
        text.controls.imageDatasets[model.dataset as CnnSettings["dataset"]],
        formatBlocks(settings.blocks),
        model.accuracy,
        new Date(model.savedAt),
      ),
  });

  const view = cnnView(
    container,
    settings,
    {
      setting,
      changeTraining: () => void changeTraining(),
      rebuildNetwork: () => void rebuildNetwork(),
      switchBackend: (backend) => void switchBackend(backend),
      changeDataset: (dataset) => {
        setting("dataset")(dataset);
        void loadData().then(rebuildNetwork);
      },
      changeSmallData,
      exportWeights: () => void exportWeights(),
    },
    {
      pad: pad.element,
      shelf,
      augmentation: augmentationSection(engine, () => ({ settings, classes })),
      sheet: exercises.element,
    },
  );
  const {
    dataBar,
    dataStatus,
    blocksInput,
    networkError,
    showSummary,
    trainButton,
    resetButton,
    progressBar,
    progressText,
    estimate,
    epoch,
    loss,
    batchAccuracy,
    accuracy,
    speed,
    elapsed,
    lossChart,
    accuracyChart,
    probabilities,
    inputView,
    activationMaps,
    deadButton,
    deadResult,
    filterGrid,
    topImages,
    confusion,
    confused,
    importInput,
    backendSelect,
    drawTitle,
    datasetSelect,
  } = view;
  /**
   * Reports a failed engine call with what was being done, unless it was the GPU going away, which the
   * engine survived by moving the network to SIMD with the weights and the place in the epoch of its last
   * training call; the page follows (and the reporter says it survived).
   */
  const failure = failureReporter(backendSelect, () => setting("backend")("simd"));

  // --- Network summary and (re)building ----------------------------------------------------------------

  let building = Promise.resolve(false);

  /**
   * Coming back to the lab: the network the worker still holds, with its curves, when it is the one these
   * settings describe (training settings may differ: they carry over); otherwise a fresh network.
   */
  async function openNetwork(): Promise<boolean> {
    const kept = keptRun;
    const current = await engine.call("cnn/current", undefined).catch(() => null);
    if (visit.aborted) return false;
    const spec = JSON.stringify(specOf(settings));
    if (!kept || !current || kept.spec !== spec || JSON.stringify(current.spec) !== spec)
      return rebuildNetwork();
    ({ trainLoss, trainAccuracy, epochs } = kept);
    elapsedBefore = kept.elapsed;
    lastProgress = kept.last;
    lastEvaluation = kept.evaluation;
    try {
      await summarise(specOf(settings));
      const training = trainingOf(settings);
      if (
        current.backend !== settings.backend ||
        JSON.stringify(current.training) !== JSON.stringify(training)
      )
        await carryOver(settings.backend);
    } catch (error) {
      failure(t.networkTitle)(error);
      return rebuildNetwork();
    }
    updateTraining(lastProgress);
    if (lastProgress) trainButton.textContent = t.resume;
    if (lastEvaluation) showEvaluation(lastEvaluation);
    else await refreshViews();
    void estimateTime();
    publishState();
    return true;
  }

  /** A fresh network from the settings; false (with the message shown) when the stack is impossible. */
  function rebuildNetwork(): Promise<boolean> {
    stopTraining();
    building = (async () => {
      try {
        await summarise(specOf(settings));
        networkError.hidden = true;
      } catch (error) {
        networkError.hidden = false;
        networkError.textContent = t.impossible(reason(error));
        cancelEstimate();
        return false;
      }
      // A lab left meanwhile ("start here" reopens it at once) leaves the network to its successor: a
      // create of its own, landing after the successor's, would replace that network with this one.
      if (visit.aborted) return false;
      try {
        const counts = await engine.call("cnn/create", {
          backend: settings.backend,
          spec: specOf(settings),
          training: trainingOf(settings),
        });
        // Data that arrived before this network was counted as none: the network holds it now.
        if (lastData) showData({ ...lastData, ...counts });
      } catch (error) {
        failure(t.networkTitle)(error);
        return false;
      }
      if (visit.aborted) return false;
      newNetwork();
      trainLoss = [];
      trainAccuracy = [];
      epochs = [];
      elapsedBefore = 0;
      lastProgress = lastEvaluation = undefined;
      updateTraining(undefined);
      void estimateTime();
      await refreshViews();
      return true;
    })();
    return building;
  }

  /** Shows the network's layers and keeps its parameter count. */
  async function summarise(spec: CnnSpec) {
    const layers = await engine.call("cnn/summary", spec);
    parameters = layers.reduce((sum, layer) => sum + layer.parameters, 0);
    featureLayers = layers.filter((layer) => layer.output.length === 3).map((layer) => layer.name);
    showSummary(layers);
  }

  /** Another network is in the lab: its own evaluations and dead filters from now on. */
  function newNetwork() {
    network++;
    dead = [];
    deadCheck = undefined;
    deadResult.textContent = "";
    publishState();
  }

  function publishState() {
    exercises.publish({
      parameters,
      network,
      epoch: lastProgress?.report.epoch ?? 0,
      evaluations: [...evaluations],
      deadFilters: deadCheck,
    });
  }

  blocksInput.addEventListener("change", () => {
    const blocks = parseBlocks(blocksInput.value);
    blocksInput.classList.toggle("invalid", !blocks);
    if (!blocks) {
      networkError.hidden = false;
      networkError.textContent = t.impossible(t.blocksFormat);
      return;
    }
    setting("blocks", rebuildNetwork)(blocks);
  });

  // --- Data ----------------------------------------------------------------------------------------------

  let dataReady: Promise<void> = Promise.resolve();
  let firstChunks: () => void = () => {};

  /** The last data report, so the counts can be shown again once a network holds the data. */
  let lastData: DataProgress | undefined;

  function showData(progress: DataProgress) {
    lastData = progress;
    classes = progress.dataset === "mnist" ? t.digits : progress.classes;
    trainLoaded = progress.train;
    trainTotal = progress.trainTotal;
    drawTitle.textContent = t.drawTitle(progress.dataset === "fashion-mnist");
    dataBar.value = progress.loaded / progress.total;
    dataStatus.textContent = t.dataStatus(
      progress.title,
      progress.train,
      progress.test,
      progress.loaded / progress.total,
    );
    dataStatus.dataset.train = String(progress.train);
    if (progress.train > 0) firstChunks();
  }

  /** Opening the lab (or another dataset) fetches the test set and the first training chunk. */
  function loadData(): Promise<void> {
    dataReady = new Promise((resolve) => (firstChunks = resolve));
    fetchData(1);
    return dataReady;
  }

  /** Fetches what is not in yet of the first `trainChunks` training chunks, all when absent. */
  function fetchData(trainChunks?: number) {
    const baseUrl = new URL("data/", document.baseURI).href;
    engine
      .call("cnn/load-data", { baseUrl, dataset: settings.dataset, trainChunks }, { onProgress: showData })
      .then(showData)
      .catch(failure(t.dataTitle));
  }

  function changeSmallData(on: boolean) {
    setting("smallData")(on ? SMALL_DATA : 0);
    void engine
      .call("cnn/small-data", settings.smallData || null)
      .then(() => rebuildNetwork())
      .catch(failure(t.smallData(SMALL_DATA)));
  }

  // --- Training ---------------------------------------------------------------------------------------------

  function updateTraining(progress: TrainProgress | undefined) {
    if (progress) {
      const r = progress.report;
      epoch.set(r.epoch, 2);
      loss.set(r.loss);
      batchAccuracy.set(r.batchAccuracy, 3);
      speed.set(Math.round(progress.samplesPerSecond), 0);
      progressBar.value = Math.min(1, r.epoch / settings.epochs);
      // What is left at the speed of late: the epochs still to go, each the set's size in images.
      const images = settings.smallData || trainLoaded;
      const left = (Math.max(0, settings.epochs - r.epoch) * images) / progress.samplesPerSecond;
      progressText.textContent = t.epochOf(
        r.epoch,
        settings.epochs,
        training && r.epoch < settings.epochs ? left : undefined,
      );
      if (progress.evaluation) showEvaluation(progress.evaluation);
    } else {
      progressBar.value = 0;
      progressText.textContent = "";
      for (const value of [epoch, loss, batchAccuracy, accuracy, speed, elapsed])
        value.element.textContent = "–";
    }
    elapsed.set((elapsedBefore + (training ? performance.now() - started : 0)) / 1000, 1);
    const smooth = (values: number[]) => values.map((_, i) => mean(values.slice(Math.max(0, i - 9), i + 1)));
    drawLineChart(lossChart, [{ label: t.loss, colour: "#2b7bb9", values: smooth(trainLoss) }], {
      xEnd: progress?.report.epoch,
    });
    drawLineChart(
      accuracyChart,
      [
        { label: t.trainAccuracy, colour: "#2b7bb9", values: smooth(trainAccuracy) },
        {
          label: t.trainAccuracyPerEpoch,
          colour: "#7a4fb0",
          values: stretch(
            epochs.flatMap(({ train }) => (train === null ? [] : [train])),
            trainAccuracy.length,
          ),
        },
        {
          label: t.testAccuracyPerEpoch,
          colour: "#c33",
          values: stretch(
            epochs.map(({ test }) => test),
            trainAccuracy.length,
          ),
        },
      ],
      { xEnd: progress?.report.epoch },
    );
  }

  /** Adds a training report (and its evaluation, at an epoch's end) to the run's curves. */
  function record(progress: TrainProgress) {
    // One point per step: a report from within a large network's step has none of its own.
    if (progress.report.steps !== lastProgress?.report.steps) {
      trainLoss.push(progress.report.loss);
      trainAccuracy.push(progress.report.batchAccuracy);
    }
    lastProgress = progress;
    if (progress.evaluation) recordEvaluation(progress.evaluation);
  }

  function recordEvaluation(evaluation: CnnEvaluation) {
    epochs.push({ test: evaluation.accuracy, train: evaluation.trainAccuracy });
    lastEvaluation = evaluation;
    evaluations.push({
      network,
      dataset: settings.dataset,
      epoch: lastProgress?.report.epoch ?? 0,
      accuracy: evaluation.accuracy,
      trainAccuracy: evaluation.trainAccuracy,
      testImages: settings.testImages,
      smallData: settings.smallData,
      augment: settings.augment,
    });
    publishState();
  }

  function showEvaluation(evaluation: CnnEvaluation) {
    accuracy.set(evaluation.accuracy, 4);
    drawConfusion(
      confusion,
      evaluation.confusion,
      classes,
      t.actualPredicted,
      "cnn-confusion",
      (actual, predicted) => void showConfused(actual, predicted),
    );
    void refreshViews();
  }

  function stopTraining() {
    training?.abort();
  }

  async function train() {
    if (training) return stopTraining();
    if (!(await building)) return;
    await dataReady;
    // The full training set comes when training needs it, chunk by chunk while the network trains.
    if (!settings.smallData) fetchData();
    const controller = new AbortController();
    training = controller;
    trainButton.textContent = text.controls.pause;
    started = performance.now();
    // Whether training goes on after this call: the GPU went away and the network moved to SIMD.
    let goOn = false;
    try {
      let diverged: number | undefined;
      const last = await engine.call(
        "cnn/train",
        { untilEpoch: settings.epochs, testImages: settings.testImages },
        {
          signal: controller.signal,
          onProgress: (progress) => {
            record(progress);
            updateTraining(progress);
            if (hasDiverged(progress.report.loss)) {
              diverged = progress.report.loss;
              controller.abort();
            }
          },
        },
      );
      // The last slice of training comes as the result, not as progress.
      if (last.report.steps !== lastProgress?.report.steps) {
        record(last);
        updateTraining(last);
      }
      if (diverged !== undefined || hasDiverged(last.report.loss))
        notify(t.diverged(diverged ?? last.report.loss, trainLoss[0]));
      else if (hasStalled(last.report.epoch))
        notify(t.stalled(trainLoss[0], mean(trainLoss.slice(-5)), last.evaluation?.accuracy ?? NaN));
      else if (last.report.epoch >= settings.epochs)
        notify(t.finished(last.report.epoch, last.evaluation?.accuracy ?? NaN), "info");
    } catch (error) {
      // Training survives a GPU loss: it goes on on SIMD from where it was.
      goOn = failure(t.trainingTitle)(error);
    } finally {
      elapsedBefore += performance.now() - started;
      training = undefined;
      trainButton.textContent = t.resume;
      elapsed.set(elapsedBefore / 1000, 1);
    }
    if (goOn) void train();
  }

  /** A batch loss far above where this network's training began (or not a number): it diverged. */
  const hasDiverged = (loss: number) => !Number.isFinite(loss) || loss > DIVERGED_LOSS_RATIO * trainLoss[0];
  /** After a whole epoch the recent batches' loss is no lower than the first: the network learned nothing. */
  const hasStalled = (epoch: number) => epoch >= 1 && mean(trainLoss.slice(-5)) >= trainLoss[0];

  /**
   * The optimiser, learning rate, batch or augmentation changed: the network keeps its weights and its place
   * in the epoch, only the optimiser's state (momentum, Adam's moments) starts afresh, and the page says so.
   */
  async function changeTraining() {
    if (!(await building)) return;
    try {
      await carryOver(settings.backend);
      void estimateTime();
      notify(t.trainingChanged, "info");
    } catch (error) {
      failure(t.trainingTitle)(error);
    }
  }

  /**
   * The trained network, with its place in the epoch, goes onto `backend` and today's training settings; the
   * optimiser's state starts afresh. Training that was running goes on.
   */
  async function carryOver(backend: CnnSettings["backend"]) {
    const wasTraining = Boolean(training);
    stopTraining();
    await engine.call("cnn/reconfigure", {
      backend,
      spec: specOf(settings),
      training: trainingOf(settings),
      keepWeights: true,
    });
    if (wasTraining) void train();
  }

  let estimating = 0;

  /**
   * Before training starts, what it will cost: a few steps of a throwaway network with these settings are
   * timed in the engine, and an epoch is that many steps. Runs again when a setting changes the cost; a run
   * that a newer one (or `cancelEstimate`) overtook neither shows its figure nor reports its failure.
   */
  async function estimateTime() {
    const run = ++estimating;
    // The settings as they are now: an edit while the data arrives starts its own estimate.
    const setup = { backend: settings.backend, spec: specOf(settings), training: trainingOf(settings) };
    const steps = () => Math.ceil((settings.smallData || trainTotal) / setup.training.batch);
    estimate.textContent = t.estimating;
    delete estimate.dataset.stepMs;
    try {
      await dataReady;
      if (run !== estimating) return;
      const { msPerStep } = await engine.call("cnn/time-step", setup);
      if (run !== estimating) return;
      estimate.dataset.stepMs = String(msPerStep);
      estimate.dataset.steps = String(steps());
      estimate.textContent = t.estimate(msPerStep, steps(), (steps() * msPerStep) / 1000);
    } catch (error) {
      if (run !== estimating) return;
      estimate.textContent = "";
      failure(t.trainingTitle)(error);
    }
  }

  /** No estimate for a network that cannot be built. */
  function cancelEstimate() {
    estimating++;
    estimate.textContent = "";
    delete estimate.dataset.stepMs;
  }

  async function switchBackend(backend: CnnSettings["backend"]) {
    const previous = settings.backend;
    try {
      await carryOver(backend);
      setting("backend")(backend);
      void estimateTime();
      notify(t.backendSwitched(t.backends[backend]), "info");
    } catch (error) {
      backendSelect.value = previous;
      failure(t.backend)(error);
    }
  }

  // --- Views ----------------------------------------------------------------------------------------------------

  async function inspect(image: number[]) {
    inspected = image;
    drawGrey(inputView, image, 28, 28, ZOOM, { low: 0, high: 1 });
    const maps = await engine.call("cnn/inspect", image);
    drawActivations(
      activationMaps,
      maps.slice(0, -1),
      dead,
      (layer, c, name) => void showTopImages(layer, c, name),
    );
    drawProbabilities(probabilities, maps[maps.length - 1], classes);
  }

  /**
   * Which filters never fire: each feature layer's channels whose activation stays at 0 on the first test
   * images (after ReLU a filter can die for good, the deck's warning sign of too high a learning rate).
   */
  async function findDeadFilters() {
    await dataReady;
    const peaks = await engine.call("cnn/channel-peaks", { limit: DEAD_CHECK_IMAGES });
    dead = peaks.map((layer) => layer.flatMap((peak, c) => (peak <= 0 ? [c] : [])));
    // Filters are the convolutions' channels; a pool after a dead filter is dead too, and not counted again.
    const convs = featureLayers.flatMap((name, layer) => (name.startsWith("conv") ? [layer] : []));
    const count = convs.reduce((sum, layer) => sum + (dead[layer]?.length ?? 0), 0);
    const total = convs.reduce((sum, layer) => sum + (peaks[layer]?.length ?? 0), 0);
    deadCheck = { filters: count, epoch: lastProgress?.report.epoch ?? 0 };
    deadResult.textContent = t.deadFilters(count, total, DEAD_CHECK_IMAGES);
    publishState();
    if (inspected) await inspect(inspected);
  }

  async function showTopImages(layer: number, c: number, name: string) {
    const images = await engine.call("cnn/top-images", { layer, channel: c, count: 12, limit: 2000 });
    showDigits(topImages, t.topImagesOf(name, c), images, classes);
  }

  async function showConfused(actual: number, predicted: number) {
    const images = await engine.call("cnn/confused-images", { actual, predicted, max: 24 });
    showDigits(
      confused,
      t.confusedCaption(classes[actual], classes[predicted], images.length),
      images,
      classes,
    );
  }

  async function refreshViews() {
    if (visit.aborted) return;
    try {
      drawFilters(filterGrid, await engine.call("cnn/filters", undefined));
      if (!inspected) {
        // The first test image, once the test set (the first chunk) has arrived.
        await dataReady;
        const [first] = await engine.call("cnn/test-images", [0]);
        if (first) inspected = Array.from(first.pixels, (p) => p / 255);
      }
      if (inspected) await inspect(inspected);
    } catch (error) {
      failure(t.insideTitle)(error);
    }
  }

  // --- Export / import ---------------------------------------------------------------------------------------------

  async function exportWeights() {
    try {
      const bytes = new Uint8Array(await engine.call("cnn/export", undefined));
      downloadFile(bytes, `cnn-${settings.dataset}.safetensors`, "application/octet-stream");
    } catch (error) {
      failure(t.export)(error);
    }
  }

  /** Puts a weights file's network into the lab (its own architecture, these training settings). */
  async function loadWeights(bytes: Uint8Array, name: string, dataset = settings.dataset) {
    stopTraining();
    if (dataset !== settings.dataset) {
      datasetSelect.value = dataset;
      setting("dataset")(dataset);
      await loadData();
    }
    const spec = await engine.call("cnn/import", { bytes, training: trainingOf(settings) });
    Object.assign(settings, {
      blocks: spec.blocks.map(({ filters, fire }) => ({ filters, fire })),
      kernel: spec.blocks[0]?.kernel === 5 ? 5 : 3,
      pooling: spec.blocks[0]?.pooling ?? "max",
      activation: spec.activation,
      hidden: spec.hidden ?? 0,
    });
    blocksInput.value = formatBlocks(settings.blocks);
    writeSettings(FIELDS, settings);
    await summarise(spec);
    newNetwork();
    // Right after a reload the test set may still be on its way: evaluated before it is, the loaded
    // network would score NaN.
    await dataReady;
    const evaluation = await engine.call("cnn/evaluate", { testImages: settings.testImages });
    recordEvaluation(evaluation);
    showEvaluation(evaluation);
    notify(t.imported(name), "info");
  }

  importInput.addEventListener("change", () => {
    const file = importInput.files?.[0];
    if (!file) return;
    void file
      .arrayBuffer()
      .then((buffer) => loadWeights(new Uint8Array(buffer), file.name))
      .catch(failure(t.import))
      .finally(() => (importInput.value = ""));
  });

  trainButton.addEventListener("click", () => void train());
  deadButton.addEventListener("click", () => void findDeadFilters().catch(failure(t.findDeadFilters)));
  resetButton.addEventListener("click", () => void rebuildNetwork());

  const stopListening = engine.onRestart(() => {
    void loadData();
    void rebuildNetwork();
  });
  writeSettings(FIELDS, settings);
  void loadData().then(() =>
    settings.smallData ? engine.call("cnn/small-data", settings.smallData) : undefined,
  );
  building = startsAfresh("cnn") ? rebuildNetwork() : openNetwork();
  return () => {
    stopTraining();
    stopListening();
    keptRun = {
      spec: JSON.stringify(specOf(settings)),
      trainLoss,
      trainAccuracy,
      epochs,
      elapsed: elapsedBefore,
      last: lastProgress,
      evaluation: lastEvaluation,
    };
  };
};

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

/** Per-epoch values spread over `length` report points, so both lines share the x axis. */
function stretch(perEpoch: number[], length: number): number[] {
  if (!perEpoch.length) return [];
  return Array.from(
    { length },
    (_, i) =>
      perEpoch[Math.min(perEpoch.length - 1, Math.floor((i * perEpoch.length) / Math.max(1, length)))],
  );
}

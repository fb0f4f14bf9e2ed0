// MLP lab (#/mlp): a small network trained with backprop, watched epoch by epoch. Forward, backward and
// update run in the Rust core (crate/src/labs/mlp.rs); this page asks and draws. The whole configuration
// lives in the URL, so a workshop leader can hand out a starting point as a link.

import { LIMITS } from "../engine/wire";
import type {
  Activation,
  DatasetKind,
  Domain,
  MlpLabConfig,
  MlpProgress,
  MlpReset,
  MlpView,
  Point,
} from "../engine/protocol";
import { text } from "../i18n";
import type { Page } from "../router";
import { h, labelled, numberInput, readout, select, sliderField, valueList } from "../ui/dom";
import { reportFailure } from "../ui/notices";
import { field, readSettings, writeSettings, type Fields } from "../ui/url-settings";
import { actions, controlGroup, labLayout } from "../ui/lab-layout";
import { drawLineChart, drawMap, drawPoints, PlaneView, prepare } from "../ui/plot";
import { CUSTOM_DOMAIN, loadCustomPoints, onPlotClick, saveCustomPoints } from "./custom-points";
import { drawNetwork } from "./network-diagram";

type MlpActivation = Extract<Activation, "sigmoid" | "tanh" | "relu">;
type MlpDataset = DatasetKind | "custom";

const ACTIVATIONS: MlpActivation[] = ["sigmoid", "tanh", "relu"];
const DATASETS: MlpDataset[] = ["and", "or", "xor", "clouds", "circles", "gaussians", "spiral", "custom"];
const POINTS = 200;
const PLOT_SIZE = 360;
/** Side of the grid every neuron's map is sampled on. */
const RESOLUTION = 32;
/** Far past any useful value, on purpose: watching training diverge is part of the lesson. */
const MAX_LEARNING_RATE = 1e6;
/** Epochs per second while playing; 0 is full speed (thousands a second: too fast to watch). */
const SPEEDS = [1, 3, 10, 30, 100, 300, 0];
const MAX_EPOCH = 1e7;

interface Settings {
  dataset: MlpDataset;
  noise: number;
  split: number;
  layers: number[];
  activation: MlpActivation;
  learningRate: number;
  batchSize: number;
  seed: number;
  /** Epochs per second while playing, one of SPEEDS. */
  speed: number;
  /** Playing stops at this epoch; 0: never. */
  stopAt: number;
}

/** "4,4" → [4, 4]; undefined unless every count is an integer in range. An empty text is no hidden layer. */
function parseLayers(value: string): number[] | undefined {
  const parts = value.split(",").map((part) => part.trim());
  if (parts.length === 1 && parts[0] === "") return [];
  const counts = parts.map(Number);
  const valid =
    counts.length <= LIMITS.mlpHiddenLayers &&
    counts.every((n) => Number.isInteger(n) && n >= 1 && n <= LIMITS.mlpNeuronsPerLayer);
  return valid ? counts : undefined;
}

/** The settings in the address, with the ranges the lab's number fields enforce. */
const FIELDS = {
  dataset: field.choice("dataset", DATASETS, "circles"),
  noise: field.number("noise", 0.1, { min: 0, max: 1, step: 0.05 }),
  split: field.number("split", 0.5, { min: 0.1, max: 0.9, step: 0.1 }),
  // No `layers` in the address is the default network; an empty one (`layers=`) is no hidden layer.
  layers: field.custom("layers", [4, 4], parseLayers, (layers) => layers.join(",")),
  activation: field.choice("act", ACTIVATIONS, "tanh"),
  learningRate: field.number("lr", 0.3, { min: 1e-4, max: MAX_LEARNING_RATE, step: 0.01 }),
  batchSize: field.number("batch", 10, { min: 1, max: 1000, step: 1 }),
  seed: field.number("seed", 1, { min: 0, max: 2 ** 32, step: 1 }),
  speed: field.custom("speed", 30, (raw) => SPEEDS.find((perSecond) => String(perSecond) === raw), String),
  stopAt: field.number("until", 0, { min: 0, max: MAX_EPOCH, step: 1 }),
} satisfies Fields<Settings>;

/** The loss curves of the network the worker holds, kept while the attendee visits another lab. */
let keptLosses: { train: number[]; test: number[] } = { train: [], test: [] };

export const mlpLab: Page = (container, query, engine) => {
  const t = text.mlp;
  const settings: Settings = readSettings(FIELDS, query);
  let domain: Domain = CUSTOM_DOMAIN;
  let points: Point[] = [];
  let split: { train: Point[]; test: Point[] } = { train: [], test: [] };
  let view: MlpView | undefined;
  let trainLosses: number[] = [];
  let testLosses: number[] = [];
  let playing: AbortController | undefined;

  const epoch = readout("mlp-epoch");
  const trainLoss = readout("mlp-train-loss");
  const testLoss = readout("mlp-test-loss");
  const trainAccuracy = readout("mlp-train-accuracy");
  const testAccuracy = readout("mlp-test-accuracy");

  /** A control whose change rebuilds the network from the new settings. */
  const rebuildOn =
    <K extends keyof Settings>(key: K) =>
    (value: Settings[K]) => {
      settings[key] = value;
      void reset();
    };

  const layersInput = h("input", {
    type: "text",
    "data-testid": "mlp-layers",
    value: settings.layers.join(","),
    size: 10,
  });
  const layersError = h("p", { class: "note error", "data-testid": "mlp-layers-error", hidden: true });
  layersInput.addEventListener("change", () => {
    const layers = parseLayers(layersInput.value);
    layersInput.classList.toggle("invalid", !layers);
    layersError.hidden = Boolean(layers);
    layersError.textContent = layers ? "" : t.invalidLayers;
    if (layers) rebuildOn("layers")(layers);
  });

  const playButton = h("button", { type: "button", class: "primary", "data-testid": "mlp-play" }, t.play);
  const stepButton = h("button", { type: "button", "data-testid": "mlp-step" }, t.stepEpoch);
  const resetButton = h("button", { type: "button", "data-testid": "mlp-reset" }, text.controls.reset);
  const status = h("p", { class: "note", "data-testid": "mlp-status", hidden: true });
  /** A control that changes how playing goes on, not the network: it takes effect at the next Play. */
  const playOption =
    <K extends "speed" | "stopAt">(key: K) =>
    (value: Settings[K]) => {
      settings[key] = value;
      writeSettings(FIELDS, settings);
      if (playing) {
        pause();
        void play().catch(reportFailure(t.play));
      }
    };

  const plot = h("canvas", { class: "plane", "data-testid": "mlp-plot" });
  const network = h("canvas", { class: "network", "data-testid": "mlp-network" });
  const lossChart = h("canvas", { class: "chart", "data-testid": "mlp-loss-chart" });

  const layout = labLayout(container, t.title, t.intro);
  layout.stage.append(
    h("div", { class: "figure" }, plot, h("p", { class: "hint" }, t.legend), status),
    h(
      "div",
      { class: "side-view" },
      valueList([
        [text.controls.epoch, epoch.element],
        [t.trainLoss, trainLoss.element],
        [t.testLoss, testLoss.element],
        [t.trainAccuracy, trainAccuracy.element],
        [t.testAccuracy, testAccuracy.element],
      ]),
      h("h3", {}, t.losses),
      lossChart,
      h("h3", {}, t.network),
      network,
    ),
  );
  layout.controls.append(
    controlGroup(
      text.controls.groups.run,
      actions(stepButton, playButton, resetButton),
      labelled(
        t.speed,
        select(
          "mlp-speed",
          Object.fromEntries(SPEEDS.map((perSecond) => [String(perSecond), t.speeds(perSecond)])),
          String(settings.speed),
          (value) => playOption("speed")(Number(value)),
        ),
      ),
      labelled(
        t.stopAt,
        numberInput("mlp-stop-at", settings.stopAt, FIELDS.stopAt.range, playOption("stopAt")),
      ),
    ),
    controlGroup(
      text.controls.groups.data,
      labelled(
        text.controls.dataset,
        select(
          "mlp-dataset",
          Object.fromEntries(DATASETS.map((d) => [d, text.datasets[d]])) as Record<MlpDataset, string>,
          settings.dataset,
          rebuildOn("dataset"),
        ),
      ),
      sliderField(
        t.noise,
        numberInput("mlp-noise", settings.noise, FIELDS.noise.range, rebuildOn("noise")),
        FIELDS.noise.range,
      ),
      sliderField(
        t.trainFraction,
        numberInput("mlp-split", settings.split, FIELDS.split.range, rebuildOn("split")),
        FIELDS.split.range,
      ),
      labelled(t.seed, numberInput("mlp-seed", settings.seed, FIELDS.seed.range, rebuildOn("seed"))),
    ),
    controlGroup(
      text.controls.groups.network,
      h("div", { class: "wide" }, labelled(t.hiddenLayers, layersInput), layersError),
      labelled(
        text.controls.activation,
        select(
          "mlp-activation",
          Object.fromEntries(ACTIVATIONS.map((a) => [a, text.activations[a]])) as Record<
            MlpActivation,
            string
          >,
          settings.activation,
          rebuildOn("activation"),
        ),
      ),
    ),
    controlGroup(
      text.controls.groups.training,
      sliderField(
        text.controls.learningRate,
        numberInput("mlp-lr", settings.learningRate, FIELDS.learningRate.range, (rate) => {
          settings.learningRate = rate;
          writeSettings(FIELDS, settings);
          void resetting
            .then(() => engine.call("mlp/set-learning-rate", rate))
            .catch(reportFailure(text.controls.learningRate));
        }),
        FIELDS.learningRate.range,
        "log",
      ),
      labelled(
        t.batchSize,
        numberInput("mlp-batch", settings.batchSize, FIELDS.batchSize.range, rebuildOn("batchSize")),
      ),
    ),
  );

  const plane = () => new PlaneView(domain, PLOT_SIZE);

  function draw() {
    const context = prepare(plot, PLOT_SIZE, PLOT_SIZE, draw);
    if (view) {
      const cells = RESOLUTION * RESOLUTION;
      const output = view.neuronMaps.subarray(view.neuronMaps.length - cells);
      drawMap(context, output, RESOLUTION, { x: 0, y: 0, width: PLOT_SIZE, height: PLOT_SIZE });
      drawNetwork(network, view.layers, view.neuronMaps, RESOLUTION, settings.activation);
      epoch.set(view.epoch, 0);
      trainLoss.set(view.train.loss);
      testLoss.set(view.test.loss);
      trainAccuracy.set(view.train.accuracy);
      testAccuracy.set(view.test.accuracy);
    }
    drawPoints(context, plane(), split.train);
    drawPoints(context, plane(), split.test, { hollow: true });
    drawLineChart(lossChart, [
      { label: t.trainLoss, colour: "#2b7bb9", values: trainLosses },
      { label: t.testLoss, colour: "#c33", values: testLosses },
    ]);
  }

  function apply(progress: MlpProgress) {
    view = progress.view;
    for (const loss of progress.losses) {
      trainLosses[loss.epoch] = loss.train;
      testLosses[loss.epoch] = loss.test;
    }
    draw();
  }

  async function loadPoints() {
    if (settings.dataset === "custom") {
      ({ points, domain } = loadCustomPoints());
      return;
    }
    const dataset = await engine.call("dataset/generate", {
      kind: settings.dataset,
      count: POINTS,
      noise: settings.noise,
      seed: settings.seed,
    });
    points = dataset.points;
    domain = dataset.domain;
  }

  /** Settles when the latest reset has; every other action waits for it, so none meets a stale model. */
  let resetting = Promise.resolve();

  const configOf = (): MlpLabConfig => ({
    network: {
      hiddenLayers: settings.layers,
      activation: settings.activation,
      learningRate: settings.learningRate,
      batchSize: settings.batchSize,
      seed: settings.seed,
    },
    points,
    trainFraction: settings.split,
    domain,
    resolution: RESOLUTION,
  });

  /** A fresh network from the settings (and, with `keep`, the one the worker holds if these describe it). */
  function reset({ keep = false } = {}): Promise<void> {
    pause();
    writeSettings(FIELDS, settings);
    resetting = (async () => {
      try {
        await loadPoints();
        const config = configOf();
        const kept = keep ? await keptNetwork(config) : undefined;
        const fresh = kept ?? (await engine.call("mlp/reset", config));
        split = { train: fresh.train, test: fresh.test };
        trainLosses = kept ? keptLosses.train : [fresh.view.train.loss];
        testLosses = kept ? keptLosses.test : [fresh.view.test.loss];
        apply(fresh);
      } catch (error) {
        reportFailure(text.controls.reset)(error);
      }
    })();
    return resetting;
  }

  /** The network the worker still holds from an earlier visit, when it is the one `config` describes. */
  async function keptNetwork(config: MlpLabConfig): Promise<MlpReset | undefined> {
    if (!keptLosses.train.length) return undefined;
    const current = await engine.call("mlp/current", undefined);
    return current && JSON.stringify(current.config) === JSON.stringify(config) ? current : undefined;
  }

  function pause() {
    playing?.abort();
    playing = undefined;
    playButton.textContent = t.play;
  }

  async function play() {
    const controller = new AbortController();
    playing = controller;
    playButton.textContent = text.controls.pause;
    status.hidden = true;
    try {
      await resetting;
      const limit = settings.stopAt > 0 ? settings.stopAt - (view?.epoch ?? 0) : Number.MAX_SAFE_INTEGER;
      const last = await engine.call(
        "mlp/train",
        { epochs: Math.max(0, limit), epochsPerSecond: settings.speed || undefined },
        { signal: controller.signal, onProgress: apply },
      );
      apply(last);
      if (settings.stopAt > 0 && last.view.epoch >= settings.stopAt) {
        status.textContent = t.stoppedAt(last.view.epoch);
        status.hidden = false;
      }
    } finally {
      if (playing === controller) pause();
    }
  }

  async function stepEpoch() {
    pause();
    await resetting;
    apply(await engine.call("mlp/train", { epochs: 1 }));
  }

  async function addPoint(point: Point) {
    if (settings.dataset !== "custom") {
      settings.dataset = "custom";
      (container.querySelector('[data-testid="mlp-dataset"]') as HTMLSelectElement).value = "custom";
    }
    // Kept at once, so a second click before the reset has finished adds to this one.
    points = [...points, point];
    saveCustomPoints({ points, domain });
    await reset();
  }

  playButton.addEventListener("click", () => (playing ? pause() : void play().catch(reportFailure(t.play))));
  stepButton.addEventListener("click", () => void stepEpoch().catch(reportFailure(t.stepEpoch)));
  resetButton.addEventListener("click", () => void reset());
  onPlotClick(
    plot,
    plane,
    () => 1,
    (point) => void addPoint(point).catch(reportFailure(text.controls.dataset)),
    t.plotLabel,
  );

  const stopListening = engine.onRestart(() => void reset());
  void reset({ keep: true });
  return () => {
    pause();
    stopListening();
    keptLosses = { train: trainLosses, test: testLosses };
  };
};

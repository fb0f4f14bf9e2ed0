// MLP lab (#/mlp): a small network trained with backprop, watched epoch by epoch. Forward, backward and
// update run in the Rust core (crate/src/labs/mlp.rs); this page asks and draws. The whole configuration
// lives in the URL, so a workshop leader can hand out a starting point as a link.

import type { Domain, MlpLabConfig, MlpProgress, MlpReset, MlpView, Point } from "../../engine/protocol";
import { problemOf } from "../../engine/client";
import { mlpSheet } from "../../exercises/mlp";
import { sheetPanel, startsAfresh } from "../../exercises/panel";
import { text } from "../../i18n";
import type { Page } from "../../router";
import { reportFailure } from "../../ui/notices";
import { readSettings, writeSettings } from "../../ui/url-settings";
import { drawLineChart, drawMap, drawPoints, PlaneView, prepare } from "../../ui/plot";
import { CUSTOM_DOMAIN, loadCustomPoints, onPlotClick, saveCustomPoints } from "../custom-points";
import { drawNetwork } from "../network-diagram";
import { FIELDS, PLOT_SIZE, POINTS, RESOLUTION, type Settings } from "./settings";
import { mlpView } from "./view";

/** The loss curves of the network the worker holds, kept while the attendee visits another lab. */
let keptLosses: { train: number[]; test: number[] } = { train: [], test: [] };

export const mlpLab: Page = (container, query, engine, visit) => {
  const t = text.mlp;
  const settings: Settings = readSettings(FIELDS, query);
  let domain: Domain = CUSTOM_DOMAIN;
  let points: Point[] = [];
  let split: { train: Point[]; test: Point[] } = { train: [], test: [] };
  let view: MlpView | undefined;
  let trainLosses: number[] = [];
  let testLosses: number[] = [];
  let playing: AbortController | undefined;
  /** The learning rate at which this network's training diverged, for the exercise sheet. */
  let divergedAt: number | undefined;

  const exercises = sheetPanel(mlpSheet, text.exercises.mlp.tasks, visit);

  /** A control whose change rebuilds the network from the new settings. */
  const rebuildOn =
    <K extends keyof Settings>(key: K) =>
    (value: Settings[K]) => {
      settings[key] = value;
      void reset();
    };

  /** A control that changes how playing goes on, not the network: it takes effect at the next Play. */
  const playOption =
    <K extends "speed" | "stopAt">(key: K) =>
    (value: Settings[K]) => {
      settings[key] = value;
      writeSettings(FIELDS, settings);
      if (playing) {
        pause();
        void play().catch(trainingFailed(t.play));
      }
    };

  const {
    epoch,
    trainLoss,
    testLoss,
    trainAccuracy,
    testAccuracy,
    playButton,
    stepButton,
    resetButton,
    status,
    plot,
    network,
    lossChart,
  } = mlpView(
    container,
    settings,
    {
      rebuildOn,
      playOption,
      setLearningRate: (rate) => {
        settings.learningRate = rate;
        writeSettings(FIELDS, settings);
        void resetting
          .then(() => engine.call("mlp/set-learning-rate", rate))
          .catch(reportFailure(text.controls.learningRate));
      },
    },
    exercises.element,
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
      exercises.publish({
        dataset: settings.dataset,
        activation: settings.activation,
        learningRate: settings.learningRate,
        trainFraction: settings.split,
        hiddenLayers: view.layers.slice(0, -1).map((layer) => layer.outputs),
        epoch: view.epoch,
        testAccuracy: view.test.accuracy,
        divergedAt,
      });
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
        // Left while it waited ("start here" reopens the lab at once): the new lab's network must be the last made.
        if (visit.aborted) return;
        const fresh = kept ?? (await engine.call("mlp/reset", config));
        split = { train: fresh.train, test: fresh.test };
        if (!kept) divergedAt = undefined;
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

  /** Reports a failed training call; a divergence is also kept for the exercise sheet. */
  const trainingFailed = (what: string) => (error: unknown) => {
    const diverged = problemOf(error, "mlp-diverged");
    if (diverged) {
      divergedAt = diverged.learningRate;
      draw();
    }
    reportFailure(what)(error);
  };

  playButton.addEventListener("click", () => (playing ? pause() : void play().catch(trainingFailed(t.play))));
  stepButton.addEventListener("click", () => void stepEpoch().catch(trainingFailed(t.stepEpoch)));
  resetButton.addEventListener("click", () => void reset());
  onPlotClick(
    plot,
    plane,
    () => 1,
    (point) => void addPoint(point).catch(reportFailure(text.controls.dataset)),
    t.plotLabel,
  );

  const stopListening = engine.onRestart(() => void reset());
  void reset({ keep: !startsAfresh("mlp") });
  return () => {
    pause();
    stopListening();
    keptLosses = { train: trainLosses, test: testLosses };
  };
};

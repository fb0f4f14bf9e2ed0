// Perceptron lab (#/perceptron): one neuron, stepped through learning one sample at a time.
// The maths runs in the Rust core (crate/src/labs/perceptron.rs); this page only asks and draws.

import type { Domain, PerceptronState, PerceptronStep, Point } from "../../engine/protocol";
import { text } from "../../i18n";
import type { Page } from "../../router";
import { h } from "../../ui/dom";
import { reportFailure } from "../../ui/notices";
import { readSettings, writeSettings } from "../../ui/url-settings";
import { drawHalfPlanes, drawLineChart, drawPoints, PlaneView, prepare } from "../../ui/plot";
import { CUSTOM_DOMAIN, loadCustomPoints, onPlotClick, saveCustomPoints } from "../custom-points";
import { EPOCH_INTERVAL_MS, FIELDS, PLOT_SIZE, SEED } from "./settings";
import { perceptronView } from "./view";
import { sheetPanel } from "../../exercises/panel";
import { perceptronSheet } from "../../exercises/perceptron";

export const perceptronLab: Page = (container, query, engine, visit) => {
  const t = text.perceptron;
  const settings = readSettings(FIELDS, query);
  let points: Point[] = [];
  let domain: Domain = CUSTOM_DOMAIN;
  let state: PerceptronState | undefined;
  let lastStep: PerceptronStep | null = null;
  let running: AbortController | undefined;
  let leftClickClass = 1;

  const saveSettings = () => writeSettings(FIELDS, settings);

  const exercises = sheetPanel(perceptronSheet, text.exercises.perceptron.tasks, visit);
  const {
    w1,
    w2,
    bias,
    epoch,
    errors,
    datasetSelect,
    runButton,
    stepButton,
    resetButton,
    clearButton,
    plot,
    chart,
    rule,
    notes,
    showStep,
  } = perceptronView(
    container,
    settings,
    {
      changeDataset: (dataset) => {
        settings.dataset = dataset;
        void reset({ reloadPoints: true });
      },
      changeActivation: (activation) => {
        settings.activation = activation;
        void reset();
      },
      setLearningRate: (rate) => {
        settings.learningRate = rate;
        saveSettings();
        void resetting
          .then(() => engine.call("perceptron/set-learning-rate", rate))
          .catch(reportFailure(text.controls.learningRate));
      },
      setLeftClickClass: (label) => (leftClickClass = label),
    },
    exercises.element,
  );

  const view = () => new PlaneView(domain, PLOT_SIZE);

  function draw() {
    const context = prepare(plot, PLOT_SIZE, PLOT_SIZE, draw);
    if (state) drawHalfPlanes(context, view(), state.perceptron.weights, state.perceptron.bias);
    drawPoints(context, view(), points, { highlight: lastStep?.sampleIndex });
    drawLineChart(chart, [{ label: t.misclassified, colour: "#c33", values: state?.errorsPerEpoch ?? [] }], {
      xEnd: state?.epoch,
    });
    if (!state) return;
    exercises.publish({
      dataset: settings.dataset,
      activation: settings.activation,
      learningRate: settings.learningRate,
      epoch: state.epoch,
      errorsPerEpoch: state.errorsPerEpoch,
      misclassified: state.misclassified,
      counts: [points.filter((p) => p.label === 0).length, points.filter((p) => p.label === 1).length],
    });
    w1.set(state.perceptron.weights[0]);
    w2.set(state.perceptron.weights[1]);
    bias.set(state.perceptron.bias);
    epoch.set(state.epoch, 0);
    errors.set(state.misclassified, 0);
    rule.textContent = settings.activation === "threshold" ? t.rule.threshold : t.rule.differentiable;
    showStep(lastStep, settings.activation);
    drawNotes();
  }

  function drawNotes() {
    const children: HTMLElement[] = [];
    const u = lastStep?.update;
    if (settings.activation === "piecewise-linear" && u && u.slope === 0 && u.error !== 0) {
      children.push(h("p", { class: "note" }, t.saturated));
    }
    if (points.length === 0) children.push(h("p", { class: "note" }, t.noPoints));
    if (state?.errorsPerEpoch.at(-1) === 0) {
      children.push(h("p", { class: "note success" }, t.converged(state.epoch)));
    }
    if (settings.dataset === "xor" && state && state.epoch > 0 && state.misclassified > 0) {
      children.push(
        h(
          "p",
          { class: "note", "data-testid": "perceptron-xor-note" },
          `${t.xorExplanation} `,
          h("a", { href: "#/mlp?dataset=xor&layers=4&act=tanh" }, t.xorLink),
        ),
      );
    }
    notes.replaceChildren(...children);
  }

  async function loadDataset() {
    stop();
    if (settings.dataset === "custom") {
      ({ points, domain } = loadCustomPoints());
      return;
    }
    const gate = settings.dataset !== "clouds";
    const dataset = await engine.call("dataset/generate", {
      kind: settings.dataset,
      count: gate ? 4 : 40,
      noise: 0,
      seed: SEED,
    });
    points = dataset.points;
    domain = dataset.domain;
  }

  /** Settles when the latest reset has; every other action waits for it, so none meets a stale model. */
  let resetting = Promise.resolve();

  function reset(options = { reloadPoints: false }): Promise<void> {
    stop();
    saveSettings();
    lastStep = null;
    resetting = (async () => {
      try {
        if (options.reloadPoints) await loadDataset();
        state = await engine.call("perceptron/reset", {
          activation: settings.activation,
          learningRate: settings.learningRate,
          points,
          seed: SEED,
        });
      } catch (error) {
        reportFailure(text.controls.reset)(error);
      }
      draw();
    })();
    return resetting;
  }

  async function stepOnce() {
    stop();
    stepButton.disabled = true;
    try {
      await resetting;
      lastStep = await engine.call("perceptron/step", undefined);
      if (lastStep) state = lastStep.state;
      draw();
    } finally {
      stepButton.disabled = false;
    }
  }

  function stop() {
    running?.abort();
    running = undefined;
    runButton.textContent = text.controls.run;
  }

  async function run() {
    const controller = new AbortController();
    running = controller;
    runButton.textContent = text.controls.pause;
    lastStep = null;
    await resetting;
    while (!controller.signal.aborted && points.length > 0) {
      state = await engine.call("perceptron/epoch", undefined);
      if (controller.signal.aborted) break;
      draw();
      if (state.errorsPerEpoch.at(-1) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, EPOCH_INTERVAL_MS));
    }
    if (running === controller) stop();
  }

  /** The user edited the points: they become "my own points", kept across reloads; the weights stay. */
  async function setCustomPoints(edited: Point[]) {
    if (settings.dataset !== "custom") {
      settings.dataset = "custom";
      datasetSelect.value = "custom";
      saveSettings();
    }
    points = edited;
    saveCustomPoints({ points, domain });
    await resetting;
    state = await engine.call("perceptron/set-points", points);
    draw();
  }

  stepButton.addEventListener("click", () => void stepOnce().catch(reportFailure(text.controls.step)));
  runButton.addEventListener("click", () =>
    running ? stop() : void run().catch(reportFailure(text.controls.run)),
  );
  resetButton.addEventListener("click", () => void reset());
  clearButton.addEventListener("click", () => void setCustomPoints([]).catch(reportFailure(t.clearPoints)));
  onPlotClick(
    plot,
    view,
    () => leftClickClass,
    (point) => void setCustomPoints([...points, point]).catch(reportFailure(t.title)),
    t.clickHint,
  );

  const stopListening = engine.onRestart(() => void reset());
  draw();
  void reset({ reloadPoints: true });

  return () => {
    stop();
    stopListening();
  };
};

// Perceptron lab (#/perceptron): one neuron, stepped through learning one sample at a time.
// The maths runs in the Rust core (crate/src/labs/perceptron.rs); this page only asks and draws.

import type {
  Activation,
  DatasetKind,
  Domain,
  PerceptronState,
  PerceptronStep,
  Point,
} from "../engine/protocol";
import { text } from "../i18n";
import type { Page } from "../router";
import { h, labelled, numberInput, readout, select, sliderField, valueList } from "../ui/dom";
import { reportFailure } from "../ui/notices";
import { field, readSettings, writeSettings } from "../ui/url-settings";
import { actions, controlGroup, labLayout } from "../ui/lab-layout";
import { drawHalfPlanes, drawLineChart, drawPoints, PlaneView, prepare } from "../ui/plot";
import { CUSTOM_DOMAIN, loadCustomPoints, onPlotClick, saveCustomPoints } from "./custom-points";

type PerceptronActivation = Extract<Activation, "threshold" | "piecewise-linear" | "sigmoid">;
type PerceptronDataset = Extract<DatasetKind, "and" | "or" | "xor" | "clouds"> | "custom";

const ACTIVATIONS: PerceptronActivation[] = ["threshold", "piecewise-linear", "sigmoid"];
const DATASETS: PerceptronDataset[] = ["and", "or", "xor", "clouds", "custom"];
const PLOT_SIZE = 360;
/** Pause between epochs while running, so the line can be seen moving. */
const EPOCH_INTERVAL_MS = 40;
const SEED = 1;
/** The settings in the address, with the learning rates the field accepts. */
const FIELDS = {
  dataset: field.choice("dataset", DATASETS, "and"),
  activation: field.choice("activation", ACTIVATIONS, "threshold"),
  learningRate: field.number("lr", 0.1, { min: 0.001, max: 10, step: 0.01 }),
};

export const perceptronLab: Page = (container, query, engine) => {
  const t = text.perceptron;
  const settings = readSettings(FIELDS, query);
  let points: Point[] = [];
  let domain: Domain = CUSTOM_DOMAIN;
  let state: PerceptronState | undefined;
  let lastStep: PerceptronStep | null = null;
  let running: AbortController | undefined;
  let leftClickClass = 1;

  const saveSettings = () => writeSettings(FIELDS, settings);

  // Read-outs.
  const w1 = readout("perceptron-w1");
  const w2 = readout("perceptron-w2");
  const bias = readout("perceptron-bias");
  const epoch = readout("perceptron-epoch");
  const errors = readout("perceptron-errors");
  const step = {
    x1: readout("perceptron-sample-x1"),
    x2: readout("perceptron-sample-x2"),
    target: readout("perceptron-target"),
    sum: readout("perceptron-sum"),
    output: readout("perceptron-output"),
    error: readout("perceptron-error"),
    factor: readout("perceptron-factor"),
    dw1: readout("perceptron-dw1"),
    dw2: readout("perceptron-dw2"),
    db: readout("perceptron-db"),
  };

  // Controls.
  const datasetSelect = select(
    "perceptron-dataset",
    Object.fromEntries(DATASETS.map((d) => [d, text.datasets[d]])) as Record<PerceptronDataset, string>,
    settings.dataset,
    (dataset) => {
      settings.dataset = dataset;
      void reset({ reloadPoints: true });
    },
  );
  const activationSelect = select(
    "perceptron-activation",
    Object.fromEntries(ACTIVATIONS.map((a) => [a, text.activations[a]])) as Record<
      PerceptronActivation,
      string
    >,
    settings.activation,
    (activation) => {
      settings.activation = activation;
      void reset();
    },
  );
  const learningRate = numberInput(
    "perceptron-lr",
    settings.learningRate,
    FIELDS.learningRate.range,
    (rate) => {
      settings.learningRate = rate;
      saveSettings();
      void resetting
        .then(() => engine.call("perceptron/set-learning-rate", rate))
        .catch(reportFailure(text.controls.learningRate));
    },
  );
  const runButton = h(
    "button",
    { type: "button", class: "primary", "data-testid": "perceptron-run" },
    text.controls.run,
  );
  const stepButton = h("button", { type: "button", "data-testid": "perceptron-step" }, text.controls.step);
  const resetButton = h("button", { type: "button", "data-testid": "perceptron-reset" }, text.controls.reset);
  const classToggle = select<"0" | "1">(
    "perceptron-class",
    { "1": t.classLabel(1), "0": t.classLabel(0) },
    "1",
    (value) => (leftClickClass = Number(value)),
  );
  const clearButton = h("button", { type: "button", "data-testid": "perceptron-clear" }, t.clearPoints);

  // Views.
  const plot = h("canvas", { class: "plane", "data-testid": "perceptron-plot" });
  const chart = h("canvas", { class: "chart", "data-testid": "perceptron-chart" });
  const rule = h("p", { class: "rule" });
  const stepPanel = h("div", { class: "step-panel", "data-testid": "perceptron-step-panel" });
  const notes = h("div", { class: "notes" });

  const layout = labLayout(container, t.title, t.intro);
  layout.stage.append(
    h("div", { class: "figure" }, plot, h("p", { class: "hint" }, t.clickHint)),
    h(
      "div",
      { class: "side-view" },
      valueList([
        ["w₁", w1.element],
        ["w₂", w2.element],
        ["b", bias.element],
        [text.controls.epoch, epoch.element],
        [t.misclassified, errors.element],
      ]),
      rule,
      notes,
      h("h3", {}, t.lastStep),
      stepPanel,
      h("h3", {}, t.errorsPerEpoch),
      chart,
    ),
  );
  layout.controls.append(
    controlGroup(
      text.controls.groups.run,
      actions(stepButton, runButton, resetButton),
      labelled(text.controls.dataset, datasetSelect),
      labelled(text.controls.activation, activationSelect),
      sliderField(text.controls.learningRate, learningRate, FIELDS.learningRate.range, "log"),
    ),
    controlGroup(text.controls.groups.points, labelled(t.leftClickClass, classToggle), clearButton),
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
    w1.set(state.perceptron.weights[0]);
    w2.set(state.perceptron.weights[1]);
    bias.set(state.perceptron.bias);
    epoch.set(state.epoch, 0);
    errors.set(state.misclassified, 0);
    rule.textContent = settings.activation === "threshold" ? t.rule.threshold : t.rule.differentiable;
    drawStep();
    drawNotes();
  }

  function drawStep() {
    if (!lastStep) {
      stepPanel.replaceChildren(h("p", {}, t.noStepYet));
      return;
    }
    const u = lastStep.update;
    const values: [keyof typeof step, number][] = [
      ["x1", u.input[0]],
      ["x2", u.input[1]],
      ["target", u.target],
      ["sum", u.weightedSum],
      ["output", u.output],
      ["error", u.error],
      ["factor", u.slope],
      ["dw1", u.deltaWeights[0]],
      ["dw2", u.deltaWeights[1]],
      ["db", u.deltaBias],
    ];
    values.forEach(([key, value]) => step[key].set(value));
    const row = (label: string, ...cells: (HTMLElement | string)[]) =>
      h("tr", {}, h("th", {}, label), h("td", {}, ...cells));
    stepPanel.replaceChildren(
      h(
        "table",
        {},
        row(t.sample, "(", step.x1.element, ", ", step.x2.element, ")"),
        row(t.target, step.target.element),
        row(t.weightedSum, step.sum.element),
        row(t.output, step.output.element),
        row(t.error, step.error.element),
        row(
          settings.activation === "threshold" ? `${t.slope}: ${t.slopeThreshold}` : `${t.slope} f′(s)`,
          step.factor.element,
        ),
        row(t.update, "Δw₁ ", step.dw1.element, ", Δw₂ ", step.dw2.element, ", Δb ", step.db.element),
      ),
    );
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

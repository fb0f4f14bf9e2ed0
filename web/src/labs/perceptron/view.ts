// The perceptron lab's view: the plane with the points and the dividing line in front, the weights, the
// last step and the errors per epoch beside it, and the controls. The page (page.ts) wires them to the engine.

import type { PerceptronStep } from "../../engine/protocol";
import { text } from "../../i18n";
import { h, labelled, numberInput, readout, select, sliderField, valueList } from "../../ui/dom";
import { actions as buttonRow, controlGroup, labLayout } from "../../ui/lab-layout";
import { ACTIVATIONS, DATASETS, FIELDS, type PerceptronActivation, type PerceptronDataset } from "./settings";

/** What the controls do, given by the page. */
export interface PerceptronActions {
  changeDataset: (dataset: PerceptronDataset) => void;
  changeActivation: (activation: PerceptronActivation) => void;
  setLearningRate: (rate: number) => void;
  /** The class a click on the plane adds. */
  setLeftClickClass: (label: number) => void;
}

export function perceptronView(
  container: HTMLElement,
  settings: { dataset: PerceptronDataset; activation: PerceptronActivation; learningRate: number },
  actions: PerceptronActions,
  sheet: HTMLElement,
) {
  const t = text.perceptron;
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
    actions.changeDataset,
  );
  const activationSelect = select(
    "perceptron-activation",
    Object.fromEntries(ACTIVATIONS.map((a) => [a, text.activations[a]])) as Record<
      PerceptronActivation,
      string
    >,
    settings.activation,
    actions.changeActivation,
  );
  const learningRate = numberInput(
    "perceptron-lr",
    settings.learningRate,
    FIELDS.learningRate.range,
    actions.setLearningRate,
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
    (value) => actions.setLeftClickClass(Number(value)),
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
      buttonRow(stepButton, runButton, resetButton),
      labelled(text.controls.dataset, datasetSelect),
      labelled(text.controls.activation, activationSelect),
      sliderField(text.controls.learningRate, learningRate, FIELDS.learningRate.range, "log"),
    ),
    controlGroup(text.controls.groups.points, labelled(t.leftClickClass, classToggle), clearButton),
    sheet,
  );

  /** The last learning step, term by term, as the deck writes the rule. */
  function showStep(lastStep: PerceptronStep | null, activation: PerceptronActivation) {
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
          activation === "threshold" ? `${t.slope}: ${t.slopeThreshold}` : `${t.slope} f′(s)`,
          step.factor.element,
        ),
        row(t.update, "Δw₁ ", step.dw1.element, ", Δw₂ ", step.dw2.element, ", Δb ", step.db.element),
      ),
    );
  }

  return {
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
  };
}

// The MLP lab's view: the plane with its decision surface in front, the network and the loss curves beside
// it, and the controls grouped by what they change. The page (page.ts) wires them to the engine.

import { text } from "../../i18n";
import { h, labelled, numberInput, readout, select, sliderField, valueList } from "../../ui/dom";
import { actions as buttonRow, controlGroup, labLayout } from "../../ui/lab-layout";
import {
  ACTIVATIONS,
  DATASETS,
  FIELDS,
  parseLayers,
  SPEEDS,
  type MlpDataset,
  type MlpActivation,
  type Settings,
} from "./settings";

/** What the controls do, given by the page. */
export interface MlpActions {
  /** A control whose change rebuilds the network from the new settings. */
  rebuildOn: <K extends keyof Settings>(key: K) => (value: Settings[K]) => void;
  /** A control that changes how playing goes on, not the network. */
  playOption: <K extends "speed" | "stopAt">(key: K) => (value: Settings[K]) => void;
  /** The learning rate changes on the network as it is. */
  setLearningRate: (rate: number) => void;
}

export function mlpView(container: HTMLElement, settings: Settings, actions: MlpActions, sheet: HTMLElement) {
  const t = text.mlp;
  const epoch = readout("mlp-epoch");
  const trainLoss = readout("mlp-train-loss");
  const testLoss = readout("mlp-test-loss");
  const trainAccuracy = readout("mlp-train-accuracy");
  const testAccuracy = readout("mlp-test-accuracy");

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
    if (layers) actions.rebuildOn("layers")(layers);
  });

  const playButton = h("button", { type: "button", class: "primary", "data-testid": "mlp-play" }, t.play);
  const stepButton = h("button", { type: "button", "data-testid": "mlp-step" }, t.stepEpoch);
  const resetButton = h("button", { type: "button", "data-testid": "mlp-reset" }, text.controls.reset);
  const status = h("p", { class: "note", "data-testid": "mlp-status", hidden: true });
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
      buttonRow(stepButton, playButton, resetButton),
      labelled(
        t.speed,
        select(
          "mlp-speed",
          Object.fromEntries(SPEEDS.map((perSecond) => [String(perSecond), t.speeds(perSecond)])),
          String(settings.speed),
          (value) => actions.playOption("speed")(Number(value)),
        ),
      ),
      labelled(
        t.stopAt,
        numberInput("mlp-stop-at", settings.stopAt, FIELDS.stopAt.range, actions.playOption("stopAt")),
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
          actions.rebuildOn("dataset"),
        ),
      ),
      sliderField(
        t.noise,
        numberInput("mlp-noise", settings.noise, FIELDS.noise.range, actions.rebuildOn("noise")),
        FIELDS.noise.range,
      ),
      sliderField(
        t.trainFraction,
        numberInput("mlp-split", settings.split, FIELDS.split.range, actions.rebuildOn("split")),
        FIELDS.split.range,
      ),
      labelled(t.seed, numberInput("mlp-seed", settings.seed, FIELDS.seed.range, actions.rebuildOn("seed"))),
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
          actions.rebuildOn("activation"),
        ),
      ),
    ),
    controlGroup(
      text.controls.groups.training,
      sliderField(
        text.controls.learningRate,
        numberInput("mlp-lr", settings.learningRate, FIELDS.learningRate.range, actions.setLearningRate),
        FIELDS.learningRate.range,
        "log",
      ),
      labelled(
        t.batchSize,
        numberInput("mlp-batch", settings.batchSize, FIELDS.batchSize.range, actions.rebuildOn("batchSize")),
      ),
    ),
    sheet,
  );

  return {
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
  };
}

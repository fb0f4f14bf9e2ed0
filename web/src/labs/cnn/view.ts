// The CNN lab's view: every element of the page, laid out with the visual in front (the training curves,
// the draw pad and what the network makes of it) and the controls beside it. The page (page.ts) wires them
// to the engine through `CnnActions`.

import { CNN_FILE_TYPES, type LayerSummary } from "../../engine/protocol";
import { formatted, text } from "../../i18n";
import { checkbox, h, labelled, numberInput, readout, select, sliderField, valueList } from "../../ui/dom";
import { actions as buttonRow, controlGroup, labLayout } from "../../ui/lab-layout";
import { FIELDS, formatBlocks, SMALL_DATA, type CnnSettings } from "./settings";

/** What the controls do, given by the page. */
export interface CnnActions {
  /** A control's setting: kept in the address, then `then` (a new network, or new training settings). */
  setting: <K extends keyof CnnSettings>(key: K, then?: () => unknown) => (value: CnnSettings[K]) => void;
  /** The optimiser, learning rate, batch or augmentation changed. */
  changeTraining: () => void;
  /** The architecture changed. */
  rebuildNetwork: () => void;
  switchBackend: (backend: CnnSettings["backend"]) => void;
  changeDataset: (dataset: CnnSettings["dataset"]) => void;
  changeSmallData: (on: boolean) => void;
  exportWeights: () => void;
}

/** Parts the page makes itself (they talk to the engine), placed by the view. */
export interface CnnParts {
  pad: HTMLElement;
  shelf: HTMLElement;
  augmentation: HTMLElement;
  sheet: HTMLElement;
}

export type CnnView = ReturnType<typeof cnnView>;

export function cnnView(container: HTMLElement, settings: CnnSettings, actions: CnnActions, parts: CnnParts) {
  const t = text.cnn;
  // --- Data -------------------------------------------------------------------------------------------
  const dataBar = h("progress", { "data-testid": "cnn-data-progress", max: 1, value: 0 });
  const dataStatus = h("span", { "data-testid": "cnn-data-status" });

  // --- Network ----------------------------------------------------------------------------------------
  const blocksInput = h("input", {
    type: "text",
    size: 10,
    "data-testid": "cnn-blocks",
    value: formatBlocks(settings.blocks),
  });
  const networkError = h("p", { class: "note error", "data-testid": "cnn-network-error", hidden: true });
  const summaryBody = h("tbody");
  const summaryTotal = h("tfoot");

  // --- Training ---------------------------------------------------------------------------------------
  const trainButton = h("button", { type: "button", class: "primary", "data-testid": "cnn-train" }, t.train);
  const resetButton = h("button", { type: "button", "data-testid": "cnn-reset" }, text.controls.reset);
  const progressBar = h("progress", { "data-testid": "cnn-progress", max: 1, value: 0 });
  const progressText = h("span", { "data-testid": "cnn-progress-text" });
  const estimate = h("p", { class: "hint wide", "data-testid": "cnn-estimate" });
  const epoch = readout("cnn-epoch");
  const loss = readout("cnn-loss");
  const batchAccuracy = readout("cnn-train-accuracy");
  const accuracy = readout("cnn-test-accuracy");
  const speed = readout("cnn-speed");
  const elapsed = readout("cnn-elapsed");
  const lossChart = h("canvas", { class: "chart", "data-testid": "cnn-loss-chart" });
  const accuracyChart = h("canvas", { class: "chart", "data-testid": "cnn-accuracy-chart" });

  // --- Looking inside -----------------------------------------------------------------------------------
  const probabilities = h("div", { class: "bars", "data-testid": "cnn-probabilities" });
  const inputView = h("canvas", { class: "digit", "data-testid": "cnn-input-view" });
  const activationMaps = h("div", { class: "maps", "data-testid": "cnn-activations" });
  const filterGrid = h("div", { class: "maps", "data-testid": "cnn-filters" });
  const topImages = h("div", { class: "digits", "data-testid": "cnn-top-images" });
  const deadButton = h("button", { type: "button", "data-testid": "cnn-dead-check" }, t.findDeadFilters);
  const deadResult = h("p", { class: "note", "data-testid": "cnn-dead-result" });
  const confusion = h("table", { class: "confusion", "data-testid": "cnn-confusion" });
  const confused = h("div", { class: "digits", "data-testid": "cnn-confused-images" });
  const importInput = h("input", { type: "file", accept: CNN_FILE_TYPES, "data-testid": "cnn-import" });

  const backendSelect = select(
    "cnn-backend",
    { simd: t.backends.simd, webgpu: t.backends.webgpu, scalar: t.backends.scalar },
    settings.backend,
    (backend) => actions.switchBackend(backend),
  );
  const drawTitle = h("h3", { "data-testid": "cnn-draw-title" });
  const datasetSelect = select(
    "cnn-dataset",
    text.controls.imageDatasets,
    settings.dataset,
    actions.changeDataset,
  );
  const layout = labLayout(container, t.title, t.intro);
  layout.stage.append(
    h(
      "div",
      { class: "side-view" },
      h("div", {}, progressBar, " ", progressText),
      valueList(
        [
          [text.controls.epoch, epoch.element],
          [t.loss, loss.element],
          [t.trainAccuracy, batchAccuracy.element],
          [t.testAccuracy, accuracy.element],
          [t.speed, speed.element],
          [t.elapsed, elapsed.element],
        ],
        true,
      ),
      h("div", { class: "stage" }, lossChart, accuracyChart),
      drawTitle,
      h("p", { class: "hint" }, t.drawHint),
      h(
        "div",
        { class: "stage" },
        parts.pad,
        h("div", {}, h("p", {}, t.networkSees), inputView),
        probabilities,
      ),
    ),
  );
  layout.controls.append(
    controlGroup(
      text.controls.groups.training,
      buttonRow(trainButton, resetButton),
      estimate,
      labelled(t.backend, backendSelect),
      labelled(
        t.optimiser,
        select(
          "cnn-optimiser",
          { adam: "Adam", sgd: t.sgd },
          settings.optimiser,
          actions.setting("optimiser", actions.changeTraining),
        ),
      ),
      sliderField(
        text.controls.learningRate,
        numberInput(
          "cnn-lr",
          settings.learningRate,
          FIELDS.learningRate.range,
          actions.setting("learningRate", actions.changeTraining),
        ),
        FIELDS.learningRate.range,
        "log",
      ),
      labelled(
        t.batch,
        numberInput(
          "cnn-batch",
          settings.batch,
          FIELDS.batch.range,
          actions.setting("batch", actions.changeTraining),
        ),
      ),
      labelled(
        t.epochs,
        numberInput("cnn-epochs", settings.epochs, FIELDS.epochs.range, actions.setting("epochs")),
      ),
      labelled(
        t.testImages,
        numberInput(
          "cnn-test-images",
          settings.testImages,
          FIELDS.testImages.range,
          actions.setting("testImages"),
        ),
      ),
      h(
        "div",
        { class: "wide" },
        checkbox(
          "cnn-augment",
          t.augmentTraining,
          settings.augment,
          actions.setting("augment", actions.changeTraining),
        ),
      ),
    ),
    controlGroup(
      text.controls.groups.data,
      labelled(text.controls.dataset, datasetSelect),
      checkbox("cnn-small-data", t.smallData(SMALL_DATA), settings.smallData > 0, actions.changeSmallData),
      h("div", { class: "wide" }, dataBar, " ", dataStatus),
    ),
    controlGroup(
      text.controls.groups.network,
      labelled(t.blocks, blocksInput),
      labelled(
        t.kernel,
        select("cnn-kernel", { "3": "3×3", "5": "5×5" }, String(settings.kernel) as "3" | "5", (k) =>
          actions.setting("kernel", actions.rebuildNetwork)(k === "5" ? 5 : 3),
        ),
      ),
      labelled(
        t.pooling,
        select(
          "cnn-pooling",
          { max: t.maxPool, average: t.averagePool },
          settings.pooling,
          actions.setting("pooling", actions.rebuildNetwork),
        ),
      ),
      labelled(
        text.controls.activation,
        select(
          "cnn-activation",
          { relu: "ReLU", tanh: "tanh", sigmoid: "sigmoid" },
          settings.activation,
          actions.setting("activation", actions.rebuildNetwork),
        ),
      ),
      labelled(
        t.hidden,
        numberInput(
          "cnn-hidden",
          settings.hidden,
          FIELDS.hidden.range,
          actions.setting("hidden", actions.rebuildNetwork),
        ),
      ),
      h("div", { class: "wide" }, networkError),
    ),
    parts.shelf,
    parts.sheet,
  );
  layout.details.append(
    h(
      "section",
      {},
      h("h2", {}, t.networkTitle),
      h(
        "table",
        { class: "summary", "data-testid": "cnn-summary" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", {}, t.layer),
            h("th", {}, t.output),
            h("th", {}, t.parameters),
            h("th", {}, t.flops),
          ),
        ),
        summaryBody,
        summaryTotal,
      ),
      h(
        "div",
        { class: "toolbar" },
        h(
          "button",
          { type: "button", "data-testid": "cnn-export", onclick: actions.exportWeights },
          t.export,
        ),
        labelled(t.import, importInput),
      ),
    ),
    h(
      "section",
      {},
      h("h2", {}, t.insideTitle),
      h("p", { class: "hint" }, t.insideHint),
      h("h3", {}, t.activations),
      h("div", { class: "toolbar" }, deadButton, deadResult),
      activationMaps,
      h("h3", {}, t.filters),
      filterGrid,
      h("h3", {}, t.topImages),
      topImages,
    ),
    h(
      "section",
      {},
      h("h2", {}, t.confusionTitle),
      h("p", { class: "hint" }, t.confusionHint),
      confusion,
      confused,
    ),
    parts.augmentation,
  );

  /** The network's layers, with their outputs, parameters and FLOPs, and the totals. */
  function showSummary(layers: LayerSummary[]) {
    summaryBody.replaceChildren(
      ...layers.map((l) =>
        h(
          "tr",
          {},
          h("td", {}, l.name),
          h("td", {}, l.output.join(" × ")),
          h("td", {}, formatted(l.parameters)),
          h("td", {}, formatted(l.flops)),
        ),
      ),
    );
    const total = (key: "parameters" | "flops") => formatted(layers.reduce((sum, l) => sum + l[key], 0));
    summaryTotal.replaceChildren(
      h(
        "tr",
        {},
        h("td", {}, t.total),
        h("td"),
        h("td", { "data-testid": "cnn-total-parameters" }, total("parameters")),
        h("td", {}, total("flops")),
      ),
    );
  }

  return {
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
  };
}

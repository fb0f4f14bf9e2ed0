// The fine-tuning part of the transfer lab's view: its controls (what to freeze, an extra hidden layer, the
// learning rates, epochs, augmentation; start, stop, export, import) and what it shows (the loss and accuracy
// curves per epoch, the time per epoch, the accuracy before and after next to the heads').

import type { Freeze } from "../../engine/protocol";
import { text } from "../../i18n";
import { checkbox, h, labelled, numberInput, select, sliderField } from "../../ui/dom";
import { actions as buttonRow, controlGroup } from "../../ui/lab-layout";
import { EPOCHS_RANGE, FRACTION_RANGE, HIDDEN_RANGE, RATE_RANGE, type TransferSettings } from "./settings";

export function fineTuneView(settings: TransferSettings, changed: () => void) {
  const t = text.transfer;
  const set =
    <K extends keyof TransferSettings>(key: K) =>
    (value: TransferSettings[K]) => {
      settings[key] = value;
      changed();
    };
  const startButton = h(
    "button",
    { type: "button", class: "primary", "data-testid": "transfer-fine-tune" },
    t.startFineTune,
  );
  const stopButton = h(
    "button",
    { type: "button", disabled: true, "data-testid": "transfer-fine-tune-stop" },
    t.stopFineTune,
  );
  const exportButton = h(
    "button",
    { type: "button", disabled: true, "data-testid": "transfer-fine-tune-export" },
    t.exportNetwork,
  );
  const importInput = h("input", {
    type: "file",
    accept: ".safetensors",
    "data-testid": "transfer-fine-tune-import",
  });
  const accuracyChart = h("canvas", { class: "chart", "data-testid": "transfer-fine-tune-chart" });
  const lossChart = h("canvas", { class: "chart", "data-testid": "transfer-fine-tune-loss" });
  const status = h(
    "p",
    { "data-testid": "transfer-fine-tune-status", "aria-live": "polite" },
    t.fineTuneWaiting,
  );
  const comparison = h("p", { class: "hint", "data-testid": "transfer-fine-tune-comparison" });

  const controls = controlGroup(
    t.fineTuneTitle,
    buttonRow(startButton, stopButton),
    h(
      "div",
      { class: "wide" },
      labelled(t.freeze, select<Freeze>("transfer-freeze", t.freezes, settings.freeze, set("freeze"))),
    ),
    labelled(t.hidden, numberInput("transfer-hidden", settings.hidden, HIDDEN_RANGE, set("hidden"))),
    sliderField(
      t.epochs,
      numberInput("transfer-epochs", settings.epochs, EPOCHS_RANGE, set("epochs")),
      EPOCHS_RANGE,
    ),
    sliderField(
      t.learningRate,
      numberInput("transfer-learning-rate", settings.learningRate, RATE_RANGE, set("learningRate")),
      RATE_RANGE,
      "log",
    ),
    sliderField(
      t.pretrainedRate,
      numberInput("transfer-pretrained-rate", settings.pretrainedRate, FRACTION_RANGE, set("pretrainedRate")),
      FRACTION_RANGE,
    ),
    h("div", { class: "wide" }, checkbox("transfer-augment", t.augment, settings.augment, set("augment"))),
    buttonRow(exportButton),
    h("div", { class: "wide" }, labelled(t.importNetwork, importInput)),
  );
  const section = h(
    "section",
    { class: "full" },
    h("h2", {}, t.fineTuneTitle),
    h("p", { class: "hint" }, t.fineTuneHint),
    h("div", { class: "toolbar" }, accuracyChart, lossChart),
    status,
    comparison,
  );
  return {
    controls,
    section,
    startButton,
    stopButton,
    exportButton,
    importInput,
    accuracyChart,
    lossChart,
    status,
    comparison,
  };
}

// The transfer lab's view: the camera or photo in front with what the ImageNet network sees beside it, the
// attendee's classes and the heads' results under it; beside them the controls, grouped by what they change.
// The page (page.ts) wires them to the engine and the set's storage.

import type { EngineBackend, Metric } from "../../engine/protocol";
import { text } from "../../i18n";
import { h, labelled, numberInput, select, sliderField, valueList } from "../../ui/dom";
import { actions as buttonRow, controlGroup, labLayout } from "../../ui/lab-layout";
import type { Picture } from "../../ui/picture-source";
import { byExamplesView } from "./by-examples";
import { fineTuneView } from "./fine-tune-view";
import { windowsView } from "./windows";
import { C_RANGE, K_RANGE, SHARE_RANGE, type TransferSettings } from "./settings";

/** What a changed control asks of the page, after the view has put the value into the settings. */
export interface TransferViewActions {
  /** The network is laid out again (backend, cut). */
  configure: () => void;
  /** The split or a head's knob changed: the trained heads no longer match. */
  headsChanged: () => void;
  /** A setting changed that takes effect at the next run (fine-tuning, sliding windows). */
  settingChanged: () => void;
}

export function transferView(
  container: HTMLElement,
  settings: TransferSettings,
  actions: TransferViewActions,
  picture: Picture,
  sheet: HTMLElement,
) {
  const t = text.transfer;
  const status = h("p", { "data-testid": "transfer-status" }, t.loadingModel);
  const provenance = h("p", { class: "hint", "data-testid": "transfer-provenance" });
  const topList = h("ol", { class: "ranked", "data-testid": "transfer-top" });
  const readouts = Object.fromEntries(
    (["network", "capture", "fps", "memory"] as const).map((key) => [
      key,
      h("output", { "data-testid": `transfer-${key}` }, "–"),
    ]),
  ) as Record<"network" | "capture" | "fps" | "memory", HTMLOutputElement>;
  const live = h(
    "div",
    { class: "transfer-live", "data-testid": "transfer-live" },
    h("p", { class: "hint" }, t.liveHint),
  );

  const classesList = h("div", { class: "transfer-classes", "data-testid": "transfer-classes" });
  const addClassButton = h("button", { type: "button", "data-testid": "transfer-add-class" }, t.addClass);
  const results = h("div", { class: "transfer-results", "data-testid": "transfer-results" });
  const cellImages = h("div", { class: "transfer-cell-images", "data-testid": "transfer-cell-images" });

  const backendSelect = select<EngineBackend>(
    "transfer-backend",
    text.controls.backends,
    settings.backend,
    (backend) => {
      settings.backend = backend;
      actions.configure();
    },
  );
  const cutSelect = h("select", { "data-testid": "transfer-cut" });
  cutSelect.addEventListener("change", () => {
    settings.cut = Number(cutSelect.value);
    actions.configure();
  });
  const changesHeads =
    <K extends keyof TransferSettings>(key: K) =>
    (value: TransferSettings[K]) => {
      settings[key] = value;
      actions.headsChanged();
    };
  const shareInput = numberInput(
    "transfer-validation-share",
    settings.validationShare,
    SHARE_RANGE,
    changesHeads("validationShare"),
  );
  const svmInput = numberInput("transfer-svm-c", settings.svmC, C_RANGE, changesHeads("svmC"));
  const softmaxInput = numberInput(
    "transfer-softmax-c",
    settings.softmaxC,
    C_RANGE,
    changesHeads("softmaxC"),
  );
  const kInput = numberInput("transfer-k", settings.k, K_RANGE, changesHeads("k"));
  const metricSelect = select<Metric>("transfer-metric", t.metrics, settings.metric, changesHeads("metric"));
  const trainButton = h(
    "button",
    { type: "button", class: "primary", "data-testid": "transfer-train" },
    t.train,
  );
  const trainStatus = h("p", {
    class: "hint",
    "data-testid": "transfer-train-status",
    "aria-live": "polite",
  });
  const exportButton = h("button", { type: "button", "data-testid": "transfer-export" }, t.exportSet);
  const importInput = h("input", {
    type: "file",
    accept: ".json,application/json",
    "data-testid": "transfer-import",
  });
  const clearButton = h("button", { type: "button", "data-testid": "transfer-clear" }, t.clearSet);

  const fineTune = fineTuneView(settings, actions.settingChanged);
  const byExamples = byExamplesView();
  const windows = windowsView(settings, actions.settingChanged);

  const layout = labLayout(container, t.title, t.intro);
  layout.stage.append(
    h("div", { class: "figure" }, picture.stage, status),
    h(
      "div",
      { class: "side-view" },
      h("h3", {}, t.topTitle),
      topList,
      valueList([
        [t.networkMs, readouts.network],
        [t.captureMs, readouts.capture],
        [t.fps, readouts.fps],
        [t.memory, readouts.memory],
      ]),
      h("h3", {}, t.liveTitle),
      live,
    ),
    h(
      "section",
      { class: "full" },
      h("h2", {}, t.classesTitle),
      h("p", { class: "hint" }, t.classesHint),
      classesList,
      buttonRow(addClassButton),
    ),
    h(
      "section",
      { class: "full" },
      h("h2", {}, t.resultsTitle),
      trainStatus,
      results,
      cellImages,
      byExamples.element,
    ),
    fineTune.section,
  );
  layout.controls.append(
    controlGroup(text.controls.groups.source, ...picture.controls),
    controlGroup(
      t.networkTitle,
      labelled(t.backend, backendSelect),
      h("div", { class: "wide" }, labelled(t.cut, cutSelect), h("p", { class: "hint" }, t.cutHint)),
    ),
    windows.controls,
    controlGroup(
      t.headsTitle,
      buttonRow(trainButton),
      sliderField(t.validationShare, shareInput, SHARE_RANGE),
      sliderField(t.svmC, svmInput, C_RANGE, "log"),
      sliderField(t.softmaxC, softmaxInput, C_RANGE, "log"),
      sliderField(t.knnK, kInput, K_RANGE),
      labelled(t.metric, metricSelect),
    ),
    fineTune.controls,
    controlGroup(
      t.setTitle,
      buttonRow(exportButton, clearButton),
      h("div", { class: "wide" }, labelled(t.importSet, importInput)),
    ),
    sheet,
  );
  layout.details.append(
    provenance,
    h(
      "details",
      { class: "explain" },
      h("summary", {}, t.explainTitle),
      ...t.explain.map(([title, body]) => h("div", {}, h("h3", {}, title), h("p", {}, body))),
    ),
  );

  return {
    status,
    provenance,
    topList,
    readouts,
    live,
    classesList,
    addClassButton,
    results,
    cellImages,
    backendSelect,
    cutSelect,
    trainButton,
    trainStatus,
    exportButton,
    importInput,
    clearButton,
    fineTune,
    byExamples,
    windows,
  };
}

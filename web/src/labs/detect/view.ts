// The detection lab's view: the camera or photo with its boxes in front, the timings and the boxes found
// beside it, the controls grouped by what they change. The page (page.ts) wires them to the engine.

import type { EngineBackend } from "../../engine/protocol";
import { text } from "../../i18n";
import { checkbox, h, labelled, numberInput, select, sliderField, valueList } from "../../ui/dom";
import { controlGroup, labLayout } from "../../ui/lab-layout";
import type { Picture } from "../../ui/picture-source";
import { INPUT_SIZES, THRESHOLD_RANGE, type DetectSettings } from "./settings";

export const SAMPLES = ["dog.jpg", "astronaut.png"] as const;

/** What a changed control asks of the page, after the view has put the value into the settings. */
export interface DetectActions {
  /** The detector is laid out again (input size, backend). */
  configure: () => void;
  /** What is on show is detected again (thresholds, the grid). */
  redetect: () => void;
}

export function detectView(
  container: HTMLElement,
  settings: DetectSettings,
  actions: DetectActions,
  picture: Picture,
  sheet: HTMLElement,
) {
  const t = text.detect;
  const status = h("p", { "data-testid": "detect-status" }, t.loadingModel);
  const provenance = h("p", { class: "hint", "data-testid": "detect-provenance" });
  const boxesList = h("ol", { class: "detect-boxes", "data-testid": "detect-boxes" });
  const readouts = Object.fromEntries(
    (["fps", "capture", "preprocess", "network", "decode", "memory", "frames"] as const).map((key) => [
      key,
      h("output", { "data-testid": `detect-${key}` }, "–"),
    ]),
  ) as Record<
    "fps" | "capture" | "preprocess" | "network" | "decode" | "memory" | "frames",
    HTMLOutputElement
  >;

  const modelSelect = h("select", { "data-testid": "detect-model" });
  const sizeSelect = select(
    "detect-size",
    Object.fromEntries([
      ["0", t.modelsOwnSize],
      ...INPUT_SIZES.map((s) => [String(s), `${s} × ${s}`]),
    ]) as Record<string, string>,
    String(settings.size),
    (value) => {
      settings.size = Number(value);
      actions.configure();
    },
  );
  const backendSelect = select<EngineBackend>(
    "detect-backend",
    text.controls.backends,
    settings.backend,
    (backend) => {
      settings.backend = backend;
      actions.configure();
    },
  );
  const confidenceInput = numberInput("detect-confidence", 0.5, THRESHOLD_RANGE, (value) => {
    settings.confidence = value;
    actions.redetect();
  });
  const nmsInput = numberInput("detect-nms", 0.45, THRESHOLD_RANGE, (value) => {
    settings.nmsIou = value;
    actions.redetect();
  });
  const customInputs = (["cfg", "weights", "names"] as const).map((kind) =>
    h("input", {
      type: "file",
      accept: `.${kind === "names" ? "names,.txt" : kind}`,
      "data-testid": `detect-custom-${kind}`,
    }),
  );
  const customButton = h("button", { type: "button", "data-testid": "detect-custom-load" }, t.loadCustom);

  const layout = labLayout(container, t.title, t.intro);
  layout.stage.append(
    h("div", { class: "figure" }, picture.stage, status),
    h(
      "div",
      { class: "side-view" },
      valueList([
        [t.fps, readouts.fps],
        [t.stages.capture, readouts.capture],
        [t.stages.preprocess, readouts.preprocess],
        [t.stages.network, readouts.network],
        [t.stages.decode, readouts.decode],
        [t.memory, readouts.memory],
        [t.frames, readouts.frames],
      ]),
      boxesList,
    ),
  );
  layout.controls.append(
    controlGroup(text.controls.groups.source, ...picture.controls),
    controlGroup(
      text.controls.groups.detector,
      h("div", { class: "wide" }, labelled(t.model, modelSelect)),
      labelled(t.inputSize, sizeSelect),
      labelled(t.backend, backendSelect),
      sliderField(t.confidence, confidenceInput, THRESHOLD_RANGE),
      sliderField(t.nms, nmsInput, THRESHOLD_RANGE),
      h(
        "div",
        { class: "wide" },
        checkbox("detect-grid", t.showGrid, settings.grid, (on) => {
          settings.grid = on;
          actions.redetect();
        }),
      ),
    ),
    sheet,
  );
  layout.details.append(
    provenance,
    h(
      "details",
      { class: "explain", "data-testid": "detect-explain" },
      h("summary", {}, t.explainTitle),
      ...t.explain.map(([title, body]) => h("div", {}, h("h3", {}, title), h("p", {}, body))),
    ),
    h(
      "section",
      {},
      h("h2", {}, t.customTitle),
      h("p", { class: "hint" }, t.customHint),
      h(
        "div",
        { class: "toolbar" },
        labelled(".cfg", customInputs[0]),
        labelled(".weights", customInputs[1]),
        labelled(t.namesFile, customInputs[2]),
        customButton,
      ),
    ),
  );

  return {
    status,
    provenance,
    boxesList,
    readouts,
    modelSelect,
    backendSelect,
    confidenceInput,
    nmsInput,
    customInputs,
    customButton,
  };
}

// The compression lab (#/compress): the attendee's CNN pruned, retrained, stored shared, int8, float16 or
// low-rank and Huffman-coded, each setting measured three ways — the real bytes of its file, the test
// accuracy of what that file decodes to, its inference time on every backend — so that the deck's memory
// footprint is seen to be one axis of three. Every setting tried is a point of the chart, the Pareto front
// drawn through the best; each layer's sensitivity to pruning is a curve of its own.

import type { EngineClient } from "../../engine/client";
import {
  CNN_FILE_TYPES,
  type CompressInfo,
  type CompressedSetting,
  type DatasetId,
  type EngineBackend,
  type SensitivityPoint,
  type TimedBackend,
} from "../../engine/protocol";
import { sheetPanel } from "../../exercises/panel";
import { compressSheet } from "../../exercises/compress";
import type { CompressLabState } from "../../exercises/lab-state";
import { formatted, percent, text } from "../../i18n";
import type { Page } from "../../router";
import {
  checkbox,
  downloadFile,
  h,
  labelled,
  numberInput,
  select,
  showValue,
  sliderField,
  type NumberRange,
} from "../../ui/dom";
import { actions, controlGroup, labLayout } from "../../ui/lab-layout";
import { notify, reason } from "../../ui/notices";
import { drawLineChart, type Series } from "../../ui/plot";
import { readSettings, writeSettings, type NumberSetting } from "../../ui/url-settings";
import { bytesLabel, drawPareto } from "./chart";
import { servedSection } from "./served-view";
import * as S from "./settings";

const TIMED: TimedBackend[] = ["scalar", "simd", "simd-int8", "webgpu"];
/** Test images one timed pass classifies at once (the worker's batch). */
const TIMED_IMAGES = 64;
/** The fractions each layer is pruned to for its sensitivity curve, and the test images it is scored on. */
const SENSITIVITY_FRACTIONS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
const SENSITIVITY_IMAGES = 1000;
const LAYER_COLOURS = ["#2b7bb9", "#e8873a", "#3a9e5f", "#b5478f", "#7a6ad8", "#c0392b", "#555"];

/** One row of the results: the setting as the page words it, and what it measured. */
interface Row {
  label: string;
  bytes: number;
  accuracy: number;
  result?: CompressedSetting;
}

export const compressLab: Page = (container, query, engine: EngineClient, visit) => {
  const t = text.compress;
  const settings = readSettings(S.FIELDS, query);
  const save = () => writeSettings(S.FIELDS, settings);
  const layout = labLayout(container, t.title, t.intro);
  let info: CompressInfo | undefined;
  let rows: Row[] = [];
  let running: AbortController | undefined;
  const exercises = sheetPanel(compressSheet, text.exercises.compress.tasks, visit);
  const state: CompressLabState = { float32Bytes: 0, float32Accuracy: 0, settings: [], sensitivity: false };
  const report = () => exercises.publish({ ...state, settings: [...state.settings] });
  const failed = (what: string) => (error: unknown) => {
    if (!visit.aborted) notify(text.app.failed(what, reason(error)));
  };

  // The stage: the chart of every setting tried, and their table.
  const status = h("p", { class: "note", "data-testid": "compress-status", role: "status" }, t.loading);
  const chart = h("canvas", { class: "compress-chart", "data-testid": "compress-chart" });
  const table = h("table", { class: "bench compress-table", "data-testid": "compress-table" });
  const deck = h("p", { class: "hint", "data-testid": "compress-deck" });
  const timesNote = h("p", { class: "hint" }, t.timesNote(TIMED_IMAGES));
  layout.stage.append(status, chart, h("div", { class: "table-scroll" }, table), timesNote, deck);

  // The network.
  const backendNames: Record<EngineBackend, string> = text.controls.backends;
  const timedNames: Record<TimedBackend, string> = {
    ...backendNames,
    scalar: t.scalar,
    "simd-int8": t.simdInt8,
  };
  const datasetSelect = select<DatasetId>(
    "compress-dataset",
    text.controls.imageDatasets,
    settings.dataset,
    (dataset) => {
      settings.dataset = dataset;
      save();
      void load();
    },
  );
  const backendSelect = select<EngineBackend>(
    "compress-backend",
    backendNames,
    settings.backend,
    (backend) => {
      settings.backend = backend;
      save();
      void load();
    },
  );
  const fromLab = h("button", { type: "button", "data-testid": "compress-from-cnn" }, t.fromCnn);
  fromLab.addEventListener("click", () => void load());
  const fileInput = h("input", { type: "file", accept: CNN_FILE_TYPES, "data-testid": "compress-file" });
  fileInput.addEventListener("change", () => {
    const file = fileInput.files?.[0];
    if (file) void file.arrayBuffer().then((buffer) => loadBytes(new Uint8Array(buffer), file.name));
  });
  const networkNote = h("p", { class: "hint wide", "data-testid": "compress-network" });

  // The setting.
  const numberField = (
    key: NumberSetting<S.CompressSettings>,
    label: string,
    range: NumberRange,
    slider = false,
  ) => {
    const input = numberInput(`compress-${key}`, settings[key], range, (value) => {
      settings[key] = value;
      save();
      showSetting();
    });
    return slider ? sliderField(label, input, range) : labelled(label, input);
  };
  const pruningSelect = select<S.PruningKind>("compress-pruning", t.prunings, settings.pruning, (kind) => {
    settings.pruning = kind;
    save();
    showSetting();
  });
  const fractionField = numberField("fraction", t.fraction, S.FRACTION_RANGE, true);
  const retrainField = numberField("retrainEpochs", t.retrain, S.RETRAIN_RANGE);
  const storageSelect = select<S.Storage>("compress-storage", t.storages, settings.storage, (storage) => {
    settings.storage = storage;
    save();
    showSetting();
  });
  const bitsField = numberField("bits", t.bits, S.BITS_RANGE);
  const tuneField = numberField("centroidEpochs", t.tune, S.RETRAIN_RANGE);
  const rankInput = h("input", {
    type: "text",
    size: 8,
    "data-testid": "compress-rank",
    value: S.formatRanks(settings.ranks),
  });
  rankInput.addEventListener("change", () => {
    const ranks = S.parseRanks(rankInput.value);
    rankInput.classList.toggle("invalid", !ranks);
    rankInput.setAttribute("aria-invalid", String(!ranks));
    if (!ranks) return notify(t.ranksFormat);
    settings.ranks = ranks;
    save();
  });
  const rankField = labelled(t.rank, rankInput);
  const huffman = checkbox("compress-huffman", t.huffman, settings.huffman, (on) => {
    settings.huffman = on;
    save();
  });
  const testImagesField = numberField("testImages", t.testImages, S.TEST_IMAGES_RANGE);
  const runButton = h("button", { type: "button", "data-testid": "compress-run", class: "primary" }, t.run);
  const stopButton = h("button", { type: "button", "data-testid": "compress-stop", disabled: true }, t.stop);
  const presetButton = h("button", { type: "button", "data-testid": "compress-deep" }, t.deepCompression);
  const downloadButton = h(
    "button",
    { type: "button", "data-testid": "compress-download", disabled: true },
    t.download,
  );
  const progress = h("p", { class: "hint wide", "data-testid": "compress-progress", role: "status" });
  runButton.addEventListener("click", () => void run());
  stopButton.addEventListener("click", () => running?.abort());
  presetButton.addEventListener("click", () => {
    Object.assign(settings, S.DEEP_COMPRESSION);
    save();
    syncFields();
    void run();
  });
  downloadButton.addEventListener("click", () => void downloadLast());

  layout.controls.append(
    controlGroup(t.pruning, labelled(t.pruningKind, pruningSelect), fractionField, retrainField),
    controlGroup(t.storage, labelled(t.values, storageSelect), bitsField, tuneField, rankField, huffman),
    controlGroup(
      t.measure,
      testImagesField,
      actions(runButton, stopButton),
      actions(presetButton, downloadButton),
      progress,
    ),
    // Last: the network comes from the CNN lab by itself.
    controlGroup(
      t.network,
      labelled(t.dataset, datasetSelect),
      labelled(t.backend, backendSelect),
      actions(fromLab),
      h("div", { class: "wide" }, labelled(t.file, fileInput)),
      networkNote,
    ),
  );

  // Below: each tensor of the latest setting, each layer's sensitivity, the sheet.
  const tensorTable = h("table", { class: "bench compress-table", "data-testid": "compress-tensors" });
  const sensitivityChart = h("canvas", {
    class: "compress-sensitivity",
    "data-testid": "compress-sensitivity",
  });
  const sensitivityButton = h(
    "button",
    { type: "button", "data-testid": "compress-sensitivity-run" },
    t.sensitivityRun,
  );
  const sensitivityStop = h("button", { type: "button", disabled: true }, t.stop);
  sensitivityButton.addEventListener("click", () => void measureSensitivity());
  sensitivityStop.addEventListener("click", () => running?.abort());
  // The served networks take the setting's pruning and storage; they are not retrained.
  const served = servedSection(
    engine,
    () => ({ setting: S.settingOf(settings), label: describe(settings, 0, 0) }),
    failed,
  );
  layout.details.append(
    exercises.element,
    h(
      "section",
      {},
      h("h2", {}, t.tensorsTitle),
      h("p", { class: "hint" }, t.tensorsNote),
      h("div", { class: "table-scroll" }, tensorTable),
    ),
    h(
      "section",
      {},
      h("h2", {}, t.sensitivityTitle),
      h("p", { class: "hint" }, t.sensitivityNote(SENSITIVITY_IMAGES)),
      actions(sensitivityButton, sensitivityStop),
      sensitivityChart,
    ),
    served.element,
  );

  /** Shows only the fields the chosen methods use. */
  function showSetting() {
    const pruned = settings.pruning !== "none";
    fractionField.classList.toggle("hidden", !pruned);
    retrainField.classList.toggle("hidden", !pruned);
    for (const field of [bitsField, tuneField])
      field.classList.toggle("hidden", settings.storage !== "shared");
  }

  /** Every field to the settings (after a preset changed them). */
  function syncFields() {
    pruningSelect.value = settings.pruning;
    storageSelect.value = settings.storage;
    for (const [label, key] of [
      [fractionField, "fraction"],
      [retrainField, "retrainEpochs"],
      [bitsField, "bits"],
      [tuneField, "centroidEpochs"],
      [testImagesField, "testImages"],
    ] as const)
      showValue(label, settings[key]);
    rankInput.value = S.formatRanks(settings.ranks);
    const box = huffman.querySelector("input");
    if (box) box.checked = settings.huffman;
    showSetting();
  }

  function say(message: string) {
    status.textContent = message;
  }

  async function load() {
    delete status.dataset.ready;
    say(t.loading);
    try {
      const current = await engine.call("cnn/current", undefined);
      if (!current) return say(t.noCnn);
      await loadBytes(await engine.call("cnn/export", undefined), t.cnnLab);
    } catch (error) {
      say(t.notLoaded(reason(error)));
    }
  }

  async function loadBytes(bytes: Uint8Array, name: string) {
    running?.abort();
    delete status.dataset.ready;
    say(t.loading);
    try {
      const baseUrl = new URL("data/", document.baseURI).href;
      info = await engine.call("compress/load", {
        backend: settings.backend,
        bytes,
        baseUrl,
        dataset: settings.dataset,
      });
    } catch (error) {
      if (!visit.aborted) say(t.notLoaded(reason(error)));
      return;
    }
    const parameters = info.tensors.reduce((sum, tensor) => sum + tensor.shape.reduce((p, d) => p * d, 1), 0);
    networkNote.textContent = t.networkInfo(name, formatted(parameters), bytesLabel(info.float32Bytes));
    rows = [];
    state.settings = [];
    state.float32Bytes = info.float32Bytes;
    state.sensitivity = false;
    downloadButton.disabled = true;
    say(t.ready);
    status.dataset.ready = "1";
    // The float32 original is the first point: what every setting is measured against.
    await run({ ...settings, pruning: "none", storage: "f32", ranks: [0], huffman: false }, t.original);
  }

  /** Words for a setting as it ran (a stop cuts training short): its methods, in the order they apply. */
  function describe(s: S.CompressSettings, retrained: number, tuned: number): string {
    const parts: string[] = [];
    if (s.pruning !== "none") {
      parts.push(t.prunedLabel(t.prunings[s.pruning], percent(s.fraction, 0)));
      if (retrained > 0) parts.push(t.retrainedLabel(formatted(retrained, 2)));
    }
    parts.push(s.storage === "shared" ? t.sharedLabel(s.bits) : t.storages[s.storage]);
    if (tuned > 0) parts.push(t.tunedLabel(formatted(tuned, 2)));
    if (s.ranks.some((r) => r > 0)) parts.push(t.rankLabel(S.formatRanks(s.ranks)));
    if (s.huffman) parts.push("Huffman");
    return parts.join(" · ");
  }

  async function run(chosen: S.CompressSettings = settings, label?: string) {
    if (!info) return notify(t.noNetwork);
    running?.abort();
    const controller = new AbortController();
    running = controller;
    const network = info;
    runButton.disabled = true;
    stopButton.disabled = false;
    progress.textContent = t.compressing;
    const setting = S.settingOf(chosen);
    try {
      const result = await engine.call(
        "compress/run",
        { setting, testImages: chosen.testImages, timeOn: TIMED, timedImages: TIMED_IMAGES },
        {
          signal: controller.signal,
          onProgress: ({ phase, epochs }) => {
            const total = phase === "retrain" ? setting.retrainEpochs : setting.centroidEpochs;
            progress.textContent = t.training[phase](formatted(epochs, 2), formatted(total, 2));
          },
        },
      );
      if (info !== network || visit.aborted) return;
      if (rows.length === 0) state.float32Accuracy = result.float32TestAccuracy;
      rows.push({
        label: label ?? describe(chosen, result.retrainedEpochs, result.tunedEpochs),
        bytes: result.bytes,
        accuracy: result.testAccuracy,
        result,
      });
      state.settings.push({
        pruning: setting.pruning,
        retrainedEpochs: result.retrainedEpochs,
        encoding: setting.encoding,
        bytes: result.bytes,
        accuracy: result.testAccuracy,
        zeroWeights: result.zeroWeights,
        grew: result.tensors.some((tensor) => tensor.stored > tensor.parameters),
      });
      report();
      progress.textContent = t.done(bytesLabel(result.bytes), percent(result.testAccuracy, 2));
      downloadButton.disabled = false;
      showResults();
    } catch (error) {
      progress.textContent = "";
      failed(t.compressing)(error);
    } finally {
      runButton.disabled = false;
      stopButton.disabled = true;
    }
  }

  function showResults() {
    const latest = rows.length - 1;
    drawPareto(chart, rows, latest, t.chart);
    chart.dataset.points = String(rows.length);
    const original = rows[0];
    const cell = (value: string, testId?: string) => h("td", testId ? { "data-testid": testId } : {}, value);
    table.replaceChildren(
      h(
        "tr",
        {},
        ...[
          t.setting,
          t.bytes,
          t.ratio,
          t.accuracy,
          t.int8Accuracy,
          t.zeros,
          ...TIMED.map((b) => t.timeOn(timedNames[b])),
        ].map((heading) => h("th", {}, heading)),
      ),
      ...rows.map((row, i) =>
        h(
          "tr",
          {
            "data-testid": "compress-row",
            "data-bytes": row.bytes,
            "data-accuracy": row.accuracy,
            "data-int8-accuracy": row.result?.int8TestAccuracy,
            class: i === latest ? "latest" : "",
          },
          cell(row.label),
          cell(bytesLabel(row.bytes)),
          cell(`${formatted(original.bytes / row.bytes, 1)}×`),
          cell(percent(row.accuracy, 2)),
          cell(row.result ? percent(row.result.int8TestAccuracy, 2) : "—"),
          cell(percent(row.result?.zeroWeights ?? 0, 0)),
          ...TIMED.map((backend) => {
            const timing = row.result?.timings.find((x) => x.backend === backend);
            const shown =
              timing?.msPerImage === undefined ? "—" : `${formatted(timing.msPerImage * 1000, 0)} µs`;
            return h("td", { title: timing?.error ?? "" }, shown);
          }),
        ),
      ),
    );
    const best = rows.reduce((a, b) => (b.bytes < a.bytes && b.accuracy >= original.accuracy - 0.01 ? b : a));
    deck.textContent = t.deck(bytesLabel(original.bytes), bytesLabel(best.bytes));
    showTensors(rows[latest].result);
  }

  function showTensors(result: CompressedSetting | undefined) {
    if (!result) return;
    tensorTable.replaceChildren(
      h("tr", {}, ...[t.tensor, t.parameters, t.stored, t.bytes].map((heading) => h("th", {}, heading))),
      ...result.tensors.map((tensor) =>
        h(
          "tr",
          { "data-testid": "compress-tensor", class: tensor.stored > tensor.parameters ? "grows" : "" },
          h("td", {}, tensor.name),
          h("td", {}, formatted(tensor.parameters)),
          h(
            "td",
            {},
            tensor.stored > tensor.parameters ? t.grows(formatted(tensor.stored)) : formatted(tensor.stored),
          ),
          h("td", {}, bytesLabel(tensor.bytes)),
        ),
      ),
    );
  }

  async function downloadLast() {
    try {
      const file = new Uint8Array(await engine.call("compress/file", undefined));
      downloadFile(file, `${settings.dataset}-compressed.pgcz`, "application/octet-stream");
    } catch (error) {
      failed(t.download)(error);
    }
  }

  async function measureSensitivity() {
    if (!info) return notify(t.noNetwork);
    running?.abort();
    const controller = new AbortController();
    running = controller;
    const network = info;
    const points: SensitivityPoint[] = [];
    sensitivityButton.disabled = true;
    sensitivityStop.disabled = false;
    const weights = network.tensors.map((tensor, i) => (tensor.weight ? i : -1)).filter((i) => i >= 0);
    const draw = () => {
      const series: Series[] = weights.flatMap((tensor, n) => {
        const values = points.filter((p) => p.tensor === tensor).map((p) => p.accuracy);
        const colour = LAYER_COLOURS[n % LAYER_COLOURS.length];
        return values.length === 0 ? [] : [{ label: network.tensors[tensor].name, colour, values }];
      });
      drawLineChart(sensitivityChart, series, {
        width: 560,
        height: 220,
        xEnd: SENSITIVITY_FRACTIONS.at(-1),
      });
      sensitivityChart.dataset.points = String(points.length);
    };
    try {
      await engine.call(
        "compress/sensitivity",
        { fractions: SENSITIVITY_FRACTIONS, testImages: SENSITIVITY_IMAGES },
        {
          signal: controller.signal,
          onProgress: (point) => {
            points.push(point);
            if (info === network) draw();
          },
        },
      );
      if (info !== network || controller.signal.aborted) return;
      state.sensitivity = points.length === weights.length * SENSITIVITY_FRACTIONS.length;
      report();
    } catch (error) {
      failed(t.sensitivityTitle)(error);
    } finally {
      sensitivityButton.disabled = false;
      sensitivityStop.disabled = true;
    }
  }

  showSetting();
  drawPareto(chart, [], -1, t.chart);
  void load();
  return () => {
    running?.abort();
    served.stop();
  };
};

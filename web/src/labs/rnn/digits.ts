// The RNN lab's second section: a recurrent network reading digits a row at a time (sequence MNIST),
// trained in the page. Beside its loss and test accuracy, a test digit read step by step: a scan line moves
// down the digit while the hidden state fills in below it and the class probabilities change.

import type { EngineClient } from "../../engine/client";
import type { DatasetId, ReaderProgress, DigitTrace } from "../../engine/protocol";
import { percent, text } from "../../i18n";
import { drawBars } from "../../ui/class-charts";
import { button, h, labelled, numberInput, readout, select } from "../../ui/dom";
import { actions } from "../../ui/lab-layout";
import { drawDigit } from "../../ui/digits";
import { drawGrey } from "../../ui/images";
import { notify, reason } from "../../ui/notices";
import { drawLineChart, prepare } from "../../ui/plot";
import { CELL_COLOURS } from "./colours";
import * as S from "./settings";
import { trainPause } from "./train-pause";

/** Steps a Train trains unless paused; test accuracy every `SCORE_EVERY` steps on `TEST_DIGITS` digits. */
const TRAIN_STEPS = 100_000;
const SCORE_EVERY = 50;
const TEST_DIGITS = 512;
/** Rows of a digit (steps of the sequence), the scan line's pace, and the digit's size on screen. */
const ROWS = 28;
const ROW_MS = 150;
const DIGIT_SIZE = 168;

export function digitsSection(
  engine: EngineClient,
  visit: AbortSignal,
  settings: S.RnnSettings,
  save: () => void,
): { element: HTMLElement; leave: () => void } {
  const t = text.rnn;
  let losses: number[] = [];
  let steps = 0;
  let trace: DigitTrace | undefined;
  let shown = 0;
  let row = 0;

  const status = h("p", { class: "note", role: "status", "data-testid": "rnn-digits-status" }, t.digitsStart);
  const stepsReadout = readout("rnn-digits-steps");
  const accuracy = h("output", { "data-testid": "rnn-digits-accuracy" }, "–");
  const lossChart = h("canvas", { class: "chart", "data-testid": "rnn-digits-losses" });
  const digit = h("canvas", { class: "rnn-digit", "data-testid": "rnn-digit" });
  const hiddenMap = h("canvas", { class: "rnn-hidden", "data-testid": "rnn-digit-hidden" });
  const bars = h("div", { class: "bars", "data-testid": "rnn-digit-classes" });
  const datasetSelect = select<DatasetId>(
    "rnn-digits",
    text.controls.imageDatasets,
    settings.digits,
    (dataset) => {
      settings.digits = dataset;
      save();
    },
  );
  const hiddenInput = numberInput("rnn-readerHidden", settings.readerHidden, S.HIDDEN_RANGE, (value) => {
    settings.readerHidden = value;
    save();
  });
  const trainButton = button("rnn-digits-train", t.digitsTrain, { primary: true });
  const pauseButton = button("rnn-digits-pause", text.controls.pause, { disabled: true });
  const nextButton = button("rnn-digits-next", t.digitsNext, { disabled: true });
  const trainer = trainPause({
    train: trainButton,
    pause: pauseButton,
    needTraining: [nextButton],
    status,
    key: () => JSON.stringify([settings.digits, settings.readerHidden, settings.backend]),
    making: t.digitsLoading,
    make,
    run: (signal) =>
      engine.call(
        "rnn/digits-train",
        { steps: TRAIN_STEPS, scoreEvery: SCORE_EVERY, testDigits: TEST_DIGITS },
        { signal, onProgress: record },
      ),
    steps: () => steps,
    visit,
  });
  nextButton.addEventListener("click", () => void showDigit(shown + 1));

  const element = h(
    "section",
    { "data-testid": "rnn-digits-section" },
    h("h2", {}, t.digitsTitle),
    h("p", {}, t.digitsNote),
    actions(labelled(text.controls.dataset, datasetSelect), labelled(t.hidden, hiddenInput)),
    actions(trainButton, pauseButton, nextButton),
    status,
    h(
      "div",
      { class: "gan-stage" },
      h("figure", { class: "rnn-figure" }, h("figcaption", {}, t.digitsReading), digit),
      h("figure", { class: "rnn-figure" }, h("figcaption", {}, t.digitsHidden), hiddenMap),
      h("figure", { class: "rnn-figure" }, h("figcaption", {}, t.digitsClasses), bars),
      h(
        "div",
        { class: "gan-side" },
        h(
          "dl",
          { class: "values" },
          h("dt", {}, t.steps),
          h("dd", {}, stepsReadout.element),
          h("dt", {}, t.digitsAccuracy),
          h("dd", {}, accuracy),
        ),
        lossChart,
      ),
    ),
  );

  // The scan line moves down the shown digit, row by row, and starts again at the top.
  const timer = window.setInterval(() => {
    if (!trace) return;
    row = (row + 1) % ROWS;
    drawTrace();
  }, ROW_MS);

  async function make() {
    await engine.call("rnn/digits-load", {
      backend: settings.backend,
      spec: { cell: "lstm", hidden: settings.readerHidden, layers: 1 },
      training: S.trainingOf(settings),
      baseUrl: new URL("data/", document.baseURI).href,
      dataset: settings.digits,
      trainChunks: 1,
    });
    losses = [];
    steps = 0;
    stepsReadout.set(0, 0);
    accuracy.textContent = "–";
    delete accuracy.dataset.value;
    await showDigit(0);
  }

  function record(progress: ReaderProgress) {
    let sum = 0;
    for (let i = 0; i < progress.values.length; i += 2) sum += progress.values[i];
    losses.push(sum / (progress.values.length / 2));
    steps = progress.steps;
    stepsReadout.set(steps, 0);
    drawLineChart(lossChart, [{ label: t.lstmLoss, colour: CELL_COLOURS.lstm, values: losses }], {
      xEnd: steps,
    });
    if (progress.accuracy !== undefined) {
      accuracy.textContent = percent(progress.accuracy, 1);
      accuracy.dataset.value = String(progress.accuracy);
      void showDigit(shown);
    }
  }

  async function showDigit(index: number) {
    try {
      trace = await engine.call("rnn/digits-trace", { index });
      shown = index;
      drawTrace();
    } catch (error) {
      if (!visit.aborted) notify(text.app.failed(t.digitsReading, reason(error)));
    }
  }

  function drawTrace() {
    if (!trace) return;
    const context = prepare(digit, DIGIT_SIZE, DIGIT_SIZE);
    drawDigit(context, trace.pixels, 0, 0, 0, DIGIT_SIZE);
    const rowHeight = DIGIT_SIZE / ROWS;
    context.fillStyle = "rgba(232, 135, 58, 0.35)";
    context.fillRect(0, row * rowHeight, DIGIT_SIZE, rowHeight);
    context.strokeStyle = CELL_COLOURS.rnn;
    context.lineWidth = 2;
    context.strokeRect(0, row * rowHeight, DIGIT_SIZE, rowHeight);
    digit.dataset.row = String(row);
    // The hidden state after each row read so far; the rows not yet read are left blank (grey).
    const hidden = trace.hidden.length / ROWS;
    const read = trace.hidden.map((v, i) => (Math.floor(i / hidden) <= row ? v : 0));
    drawGrey(hiddenMap, read, hidden, ROWS, Math.max(2, Math.floor(DIGIT_SIZE / Math.max(hidden, ROWS))), {
      low: -1,
      high: 1,
    });
    const probabilities = trace.probabilities.subarray(row * 10, row * 10 + 10);
    drawBars(
      bars,
      Array.from(probabilities, (p, c) => ({ label: String(c), fill: p, value: p, shown: percent(p, 0) })),
      "rnn-digit-class",
    );
  }

  return {
    element,
    leave: () => {
      trainer.stop();
      window.clearInterval(timer);
    },
  };
}

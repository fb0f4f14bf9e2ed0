// The RNN lab's house numbers, at workshop scale: strips of one to five MNIST digits at random scale and
// spacing, read by a small CNN whose columns an LSTM reads left to right, trained in the page with CTC (no
// one tells it where each digit is). In front, a held-out strip with a scan line moving across it; under
// each column the class the reader names there (a digit, or the blank, shaded by its probability), and what
// it has read so far against the number. Beside it, the loss and the share of held-out strips read whole.

import type { EngineClient } from "../../engine/client";
import type { NumberTrace, ReaderProgress } from "../../engine/protocol";
import { percent, text } from "../../i18n";
import { button, h, labelled, numberInput, readout } from "../../ui/dom";
import { paintGrey } from "../../ui/images";
import { actions } from "../../ui/lab-layout";
import { notify, reason } from "../../ui/notices";
import { drawLineChart, prepare } from "../../ui/plot";
import { CELL_COLOURS } from "./colours";
import * as S from "./settings";
import { trainPause } from "./train-pause";

/** Steps a Train trains unless paused; the held-out score every `SCORE_EVERY` steps on `STRIPS` strips. */
const TRAIN_STEPS = 100_000;
const SCORE_EVERY = 100;
const STRIPS = 256;
/** Screen pixels a strip pixel; the band of named classes under the strip; the scan line's pace. */
const ZOOM = 5;
const BAND = 36;
const COLUMN_MS = 120;

export function numbersSection(
  engine: EngineClient,
  visit: AbortSignal,
  settings: S.RnnSettings,
  save: () => void,
  scored: (accuracy: number) => void,
): { element: HTMLElement; leave: () => void } {
  const t = text.rnn;
  let losses: number[] = [];
  let accuracies: number[] = [];
  let steps = 0;
  let heldOut = 0;
  let trace: NumberTrace | undefined;
  let shown = 0;
  let column = 0;

  const status = h(
    "p",
    { class: "note", role: "status", "data-testid": "rnn-numbers-status" },
    t.numbersStart,
  );
  const stepsReadout = readout("rnn-numbers-steps");
  const accuracy = h("output", { "data-testid": "rnn-numbers-accuracy" }, "–");
  const lossChart = h("canvas", { class: "chart", "data-testid": "rnn-numbers-losses" });
  const accuracyChart = h("canvas", { class: "chart", "data-testid": "rnn-numbers-accuracies" });
  const strip = h("canvas", { class: "rnn-strip", "data-testid": "rnn-strip" });
  const reading = h("p", { class: "rnn-reading", "data-testid": "rnn-strip-reading" });
  const hiddenInput = numberInput("rnn-numbersHidden", settings.numbersHidden, S.HIDDEN_RANGE, (value) => {
    settings.numbersHidden = value;
    save();
  });
  const trainButton = button("rnn-numbers-train", t.numbersTrain, { primary: true });
  const pauseButton = button("rnn-numbers-pause", text.controls.pause, { disabled: true });
  const nextButton = button("rnn-numbers-next", t.numbersNext, { disabled: true });
  const trainer = trainPause({
    train: trainButton,
    pause: pauseButton,
    needTraining: [nextButton],
    status,
    key: () => JSON.stringify([settings.numbersHidden, settings.backend]),
    making: t.numbersLoading,
    make,
    run: (signal) =>
      engine.call(
        "rnn/numbers-train",
        { steps: TRAIN_STEPS, scoreEvery: SCORE_EVERY },
        { signal, onProgress: record },
      ),
    steps: () => steps,
    visit,
  });
  nextButton.addEventListener("click", () => void showStrip((shown + 1) % Math.max(heldOut, 1)));

  const element = h(
    "section",
    { "data-testid": "rnn-numbers-section" },
    h("h2", {}, t.numbersTitle),
    h("p", {}, t.numbersNote),
    actions(labelled(t.hidden, hiddenInput)),
    actions(trainButton, pauseButton, nextButton),
    status,
    h(
      "div",
      { class: "gan-stage" },
      h(
        "figure",
        { class: "rnn-figure rnn-strip-figure" },
        h("figcaption", {}, t.numbersReading),
        strip,
        reading,
      ),
      h(
        "div",
        { class: "gan-side" },
        h(
          "dl",
          { class: "values" },
          h("dt", {}, t.steps),
          h("dd", {}, stepsReadout.element),
          h("dt", {}, t.numbersAccuracy),
          h("dd", {}, accuracy),
        ),
        accuracyChart,
        lossChart,
      ),
    ),
  );

  // The scan line moves across the shown strip a column at a time, and starts again at the left.
  const timer = window.setInterval(() => {
    if (!trace) return;
    column = (column + 1) % columnsOf(trace);
    drawTrace();
  }, COLUMN_MS);

  async function make() {
    ({ heldOut } = await engine.call("rnn/numbers-load", {
      backend: settings.backend,
      spec: { cell: "lstm", hidden: settings.numbersHidden, layers: 1 },
      training: S.trainingOf(settings),
      baseUrl: new URL("data/", document.baseURI).href,
      dataset: "mnist",
      trainChunks: 1,
      strips: STRIPS,
    }));
    losses = [];
    accuracies = [];
    steps = 0;
    stepsReadout.set(0, 0);
    accuracy.textContent = "–";
    delete accuracy.dataset.value;
    await showStrip(0);
  }

  function record(progress: ReaderProgress) {
    if (progress.values.length > 0) {
      let sum = 0;
      for (let i = 0; i < progress.values.length; i += 2) sum += progress.values[i];
      // On a log scale: CTC's loss adds up over the columns, so it starts high (about 28 · ln 11) and
      // falls by orders of magnitude.
      losses.push(Math.log10(sum / (progress.values.length / 2)));
    }
    steps = progress.steps;
    stepsReadout.set(steps, 0);
    drawLineChart(lossChart, [{ label: t.numbersLoss, colour: CELL_COLOURS.lstm, values: losses }], {
      xEnd: steps,
    });
    if (progress.accuracy !== undefined) {
      accuracies.push(progress.accuracy);
      drawLineChart(
        accuracyChart,
        [{ label: t.numbersAccuracy, colour: CELL_COLOURS.lstm, values: accuracies }],
        { xEnd: steps },
      );
      accuracy.textContent = percent(progress.accuracy, 1);
      accuracy.dataset.value = String(progress.accuracy);
      scored(progress.accuracy);
      void showStrip(shown);
    }
  }

  async function showStrip(index: number) {
    try {
      trace = await engine.call("rnn/numbers-trace", { index });
      shown = index;
      column = Math.min(column, columnsOf(trace) - 1);
      drawTrace();
    } catch (error) {
      if (!visit.aborted) notify(text.app.failed(t.numbersReading, reason(error)));
    }
  }

  function drawTrace() {
    if (!trace) return;
    const { width, height, pixels, probabilities } = trace;
    const columns = columnsOf(trace);
    // Each column's classes: the ten digits, then the blank.
    const classes = probabilities.length / columns;
    const blank = classes - 1;
    const columnWidth = (width * ZOOM) / columns;
    const context = prepare(strip, width * ZOOM, height * ZOOM + BAND);
    paintGrey(context, pixels, width, height, ZOOM, { low: 0, high: 1 });
    // The column being read; under each column read so far, the class named there.
    context.fillStyle = "rgba(232, 135, 58, 0.35)";
    context.fillRect(column * columnWidth, 0, columnWidth, height * ZOOM);
    context.font = `${Math.round(BAND * 0.6)}px sans-serif`;
    context.textAlign = "center";
    context.textBaseline = "middle";
    for (let c = 0; c <= column; c++) {
      const row = probabilities.slice(c * classes, (c + 1) * classes);
      const best = row.indexOf(Math.max(...row));
      const x = (c + 0.5) * columnWidth;
      const y = height * ZOOM + BAND / 2;
      context.globalAlpha = 0.25 + 0.75 * row[best];
      context.fillStyle = best === blank ? "#8a8a8a" : CELL_COLOURS.lstm;
      context.fillText(best === blank ? "·" : String(best), x, y);
    }
    context.globalAlpha = 1;
    strip.dataset.column = String(column);
    const number = trace.digits.join("");
    const whole = trace.read.join("");
    reading.textContent = t.numbersRead(whole.slice(0, trace.readAfter[column]), number);
    reading.dataset.read = whole;
    reading.dataset.number = number;
    reading.dataset.strip = String(shown);
    reading.classList.toggle("right", whole === number);
  }

  return {
    element,
    leave: () => {
      trainer.stop();
      window.clearInterval(timer);
    },
  };
}

const columnsOf = (trace: NumberTrace): number => trace.readAfter.length;

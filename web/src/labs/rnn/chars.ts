// The RNN lab's third section: a plain RNN and an LSTM reading a text a character a step, trained side by
// side to predict the next one. The text is a word list the site ships (English or Dutch: the networks
// learn to invent words) or text the attendee pastes, which stays in this browser. In front: both training
// perplexities against the characters' frequencies alone, what each network writes (the argmax and samples
// at the temperature slider), and the LSTM reading held-out text: under each character its hidden state and
// the gates of a chosen unit.

import type { EngineClient } from "../../engine/client";
import type { Cell, CharModelProgress, CharTrace } from "../../engine/protocol";
import type { CharsRun } from "../../exercises/lab-state";
import { formatted, text } from "../../i18n";
import { button, h, labelled, numberInput, readout, select, sliderField } from "../../ui/dom";
import { actions } from "../../ui/lab-layout";
import { notify, reason } from "../../ui/notices";
import { drawLineChart, prepare, type Series } from "../../ui/plot";
import { BASELINE_COLOUR, CELL_COLOURS } from "./colours";
import * as S from "./settings";
import { trainPause } from "./train-pause";

/** Steps a Train trains unless paused; the held-out perplexity (and fresh writing) every `SCORE_EVERY`. */
const TRAIN_STEPS = 100_000;
const SCORE_EVERY = 100;
/** Characters each network writes (a forward pass each), and the samples beside its argmax. */
const WRITTEN = 120;
const SAMPLES = 2;
/** Where pasted text is kept, so a reload or another lab loses none of it. */
const PASTED_KEY = "playground.rnn.pasted";
/** The trace's layout: pixels a character wide, a hidden unit tall, and a strip (gate, probability) tall. */
const CHAR_WIDTH = 14;
const UNIT_HEIGHT = 3;
const STRIP_HEIGHT = 12;

export function charsSection(
  engine: EngineClient,
  visit: AbortSignal,
  settings: S.RnnSettings,
  save: () => void,
  onRun: (run: CharsRun) => void,
): { element: HTMLElement; leave: () => void } {
  const t = text.rnn;
  let run: CharsRun | undefined;
  let baseline: number | undefined;
  let steps = 0;
  let perplexities: Record<Cell, number[]> = { rnn: [], lstm: [] };
  let trace: CharTrace | undefined;
  let unit = 0;
  /** The networks whose writing is on its way. */
  const writing = new Set<Cell>();

  const status = h("p", { class: "note", role: "status", "data-testid": "rnn-chars-status" }, t.charsStart);
  const stepsReadout = readout("rnn-chars-steps");
  const heldOut: Record<Cell, ReturnType<typeof readout>> = {
    rnn: readout("rnn-chars-perplexity-rnn"),
    lstm: readout("rnn-chars-perplexity-lstm"),
  };
  const baselineReadout = readout("rnn-chars-baseline");
  const chart = h("canvas", { class: "rnn-chart", "data-testid": "rnn-chars-chart" });
  const written: Record<Cell, HTMLElement> = {
    rnn: h("div", { class: "rnn-written", "data-testid": "rnn-chars-written-rnn" }),
    lstm: h("div", { class: "rnn-written", "data-testid": "rnn-chars-written-lstm" }),
  };
  const traceCanvas = h("canvas", { class: "rnn-trace", "data-testid": "rnn-chars-trace" });

  const pasted = h("textarea", {
    class: "rnn-paste",
    rows: 5,
    "data-testid": "rnn-chars-paste",
    "aria-label": t.charsPaste,
  });
  pasted.value = localStorage.getItem(PASTED_KEY) ?? "";
  pasted.addEventListener("input", () => localStorage.setItem(PASTED_KEY, pasted.value));
  const pastedLabel = labelled(t.charsPaste, pasted);
  const showPasted = () => pastedLabel.classList.toggle("hidden", settings.text !== "pasted");
  const textSelect = select<S.TextSource>("rnn-chars-text", t.charsTexts, settings.text, (source) => {
    settings.text = source;
    save();
    showPasted();
  });
  const numberField = (key: "window" | "charsHidden", label: string, range: typeof S.WINDOW_RANGE) =>
    labelled(
      label,
      numberInput(`rnn-${key}`, settings[key], range, (value) => {
        settings[key] = value;
        save();
      }),
    );
  const temperatureInput = numberInput(
    "rnn-temperature",
    settings.temperature,
    S.TEMPERATURE_RANGE,
    (value) => {
      settings.temperature = value;
      save();
      void writeAll();
    },
  );
  const unitInput = numberInput(
    "rnn-chars-unit",
    unit,
    { min: 0, max: S.HIDDEN_RANGE.max - 1, step: 1 },
    (value) => {
      unit = value;
      drawTrace();
    },
  );
  const trainButton = button("rnn-chars-train", t.charsTrain, { primary: true });
  const pauseButton = button("rnn-chars-pause", text.controls.pause, { disabled: true });
  const writeButton = button("rnn-chars-write", t.charsWrite, { disabled: true });
  const trainer = trainPause({
    train: trainButton,
    pause: pauseButton,
    needTraining: [writeButton],
    status,
    key: () =>
      JSON.stringify([
        settings.text,
        settings.window,
        settings.charsHidden,
        S.trainingOf(settings),
        settings.backend,
      ]),
    making: t.charsLoading,
    make,
    run: (signal) =>
      engine.call(
        "rnn/chars-train",
        { steps: TRAIN_STEPS, scoreEvery: SCORE_EVERY },
        { signal, onProgress: record },
      ),
    steps: () => steps,
    visit,
  });
  writeButton.addEventListener("click", () => void writeAll());
  // A click on the trace's hidden state picks that row's unit for the gate strips.
  traceCanvas.addEventListener("click", (event) => {
    if (!trace) return;
    const box = traceCanvas.getBoundingClientRect();
    const hidden = trace.hidden.length / trace.characters.length;
    const y = ((event.clientY - box.top) * traceHeight(hidden)) / box.height - 2 * STRIP_HEIGHT;
    if (y < 0 || y >= hidden * UNIT_HEIGHT) return;
    unit = Math.floor(y / UNIT_HEIGHT);
    unitInput.value = String(unit);
    drawTrace();
  });

  const element = h(
    "section",
    { "data-testid": "rnn-chars-section" },
    h("h2", {}, t.charsTitle),
    h("p", {}, t.charsNote),
    actions(
      labelled(t.charsText, textSelect),
      numberField("window", t.charsWindow, S.WINDOW_RANGE),
      numberField("charsHidden", t.hidden, S.HIDDEN_RANGE),
    ),
    pastedLabel,
    actions(
      trainButton,
      pauseButton,
      writeButton,
      sliderField(t.charsTemperature, temperatureInput, S.TEMPERATURE_RANGE),
    ),
    status,
    h(
      "div",
      { class: "gan-stage" },
      h("figure", { class: "rnn-figure" }, h("figcaption", {}, t.charsChartTitle), chart),
      h(
        "div",
        { class: "gan-side" },
        h(
          "dl",
          { class: "values" },
          h("dt", {}, t.steps),
          h("dd", {}, stepsReadout.element),
          h("dt", {}, t.charsHeldOut.rnn),
          h("dd", {}, heldOut.rnn.element),
          h("dt", {}, t.charsHeldOut.lstm),
          h("dd", {}, heldOut.lstm.element),
          h("dt", {}, t.charsBaseline),
          h("dd", {}, baselineReadout.element),
        ),
      ),
    ),
    h(
      "div",
      { class: "gan-stage" },
      h("figure", { class: "rnn-figure" }, h("figcaption", {}, t.rnnLoss), written.rnn),
      h("figure", { class: "rnn-figure" }, h("figcaption", {}, t.lstmLoss), written.lstm),
    ),
    h(
      "figure",
      { class: "rnn-figure" },
      h("figcaption", {}, t.charsTraceTitle),
      h("p", { class: "note" }, t.charsTraceNote),
      actions(labelled(t.charsUnit, unitInput)),
      traceCanvas,
    ),
  );
  showPasted();

  async function source(): Promise<string> {
    if (settings.text === "pasted") return pasted.value;
    const response = await fetch(new URL(`data/words/${settings.text}.txt`, document.baseURI));
    if (!response.ok) throw new Error(`data/words/${settings.text}.txt: HTTP ${response.status}`);
    return response.text();
  }

  async function make() {
    const words = await source();
    for (const cell of S.CELLS) {
      ({ baseline } = await engine.call("rnn/chars-create", {
        backend: settings.backend,
        text: words,
        length: settings.window,
        spec: { cell, hidden: settings.charsHidden, layers: 1 },
        training: S.trainingOf(settings),
      }));
    }
    run = { text: settings.text, steps: 0, perplexity: {}, baseline: baseline ?? Infinity };
    steps = 0;
    perplexities = { rnn: [], lstm: [] };
    stepsReadout.set(0, 0);
    for (const cell of S.CELLS) heldOut[cell].element.textContent = "–";
    baselineReadout.set(baseline ?? 0, 3);
    trace = undefined;
    drawChart();
  }

  function record(progress: CharModelProgress) {
    const { cell, values } = progress;
    // Training perplexity: e to each report's mean loss (the loss is the mean cross-entropy a character).
    let sum = 0;
    for (let i = 0; i < values.length; i += 2) sum += values[i];
    if (values.length > 0) perplexities[cell].push(Math.exp(sum / (values.length / 2)));
    steps = progress.steps;
    stepsReadout.set(steps, 0);
    drawChart();
    if (progress.perplexity !== undefined) {
      heldOut[cell].set(progress.perplexity, 3);
      if (run) {
        run.steps = steps;
        run.perplexity[cell] = progress.perplexity;
        onRun(run);
      }
      // Fresh writing with each score, unless the last is still being written: writing waits its turn
      // behind training in the worker, and a queue of them would hold up a pause.
      if (!writing.has(cell)) {
        writing.add(cell);
        void write(cell).finally(() => writing.delete(cell));
        if (cell === "lstm") void showTrace();
      }
    }
  }

  function drawChart() {
    const series: Series[] = S.CELLS.map((cell) => ({
      label: cell === "rnn" ? t.rnnLoss : t.lstmLoss,
      colour: CELL_COLOURS[cell],
      values: perplexities[cell],
    }));
    const longest = Math.max(...S.CELLS.map((cell) => perplexities[cell].length), 2);
    if (baseline !== undefined) {
      series.push({
        label: t.charsBaseline,
        colour: BASELINE_COLOUR,
        values: new Array<number>(longest).fill(baseline),
      });
    }
    drawLineChart(chart, series, { xEnd: steps });
  }

  async function write(cell: Cell) {
    try {
      const rows = await engine.call("rnn/chars-write", {
        cell,
        count: WRITTEN,
        temperature: settings.temperature,
        samples: SAMPLES,
      });
      const [argmax, ...drawn] = rows;
      written[cell].replaceChildren(
        h("p", { class: "note" }, t.charsArgmax),
        h("pre", { "data-testid": `rnn-chars-argmax-${cell}` }, argmax),
        h("p", { class: "note" }, t.charsSampled(formatted(settings.temperature, 2))),
        ...drawn.map((row) => h("pre", { class: "rnn-sample" }, row)),
      );
    } catch (error) {
      if (!visit.aborted) notify(text.app.failed(t.charsWritten, reason(error)));
    }
  }

  async function writeAll() {
    if (!trainer.current()) return;
    for (const cell of S.CELLS) await write(cell);
  }

  async function showTrace() {
    try {
      trace = await engine.call("rnn/chars-trace", { cell: "lstm" });
      drawTrace();
    } catch (error) {
      if (!visit.aborted) notify(text.app.failed(t.charsTraceTitle, reason(error)));
    }
  }

  const traceHeight = (hidden: number) => 2 * STRIP_HEIGHT + hidden * UNIT_HEIGHT + 3 * STRIP_HEIGHT;

  /** Top to bottom: the probability each character was given, the characters, the hidden state (a row a
   * unit, white positive), and the chosen unit's input, forget and output gates (bright: open). */
  function drawTrace() {
    if (!trace) return;
    const characters = [...trace.characters];
    const columns = characters.length;
    const hidden = trace.hidden.length / columns;
    unit = Math.min(unit, hidden - 1);
    const context = prepare(traceCanvas, columns * CHAR_WIDTH, traceHeight(hidden));
    const grey = (v: number) => `rgb(${v}, ${v}, ${v})`;
    for (let s = 0; s < columns; s++) {
      const x = s * CHAR_WIDTH;
      const p = s > 0 ? trace.expected[s - 1] : 0;
      context.fillStyle = `rgba(232, 135, 58, ${p})`;
      context.fillRect(x, 0, CHAR_WIDTH, STRIP_HEIGHT);
      context.fillStyle = "#222";
      context.font = `${STRIP_HEIGHT}px monospace`;
      context.fillText(characters[s] === "\n" ? "↵" : characters[s], x + 2, 2 * STRIP_HEIGHT - 2);
      for (let u = 0; u < hidden; u++) {
        const v = trace.hidden[s * hidden + u];
        context.fillStyle = grey(Math.round(255 * Math.min(1, Math.max(0, (v + 1) / 2))));
        context.fillRect(x, 2 * STRIP_HEIGHT + u * UNIT_HEIGHT, CHAR_WIDTH, UNIT_HEIGHT);
      }
      if (trace.gates.length === 0) continue;
      for (let gate = 0; gate < 3; gate++) {
        const v = trace.gates[(s * 3 + gate) * hidden + unit];
        context.fillStyle = grey(Math.round(255 * v));
        context.fillRect(
          x,
          2 * STRIP_HEIGHT + hidden * UNIT_HEIGHT + gate * STRIP_HEIGHT,
          CHAR_WIDTH,
          STRIP_HEIGHT,
        );
      }
    }
    // The chosen unit's row, outlined.
    context.strokeStyle = CELL_COLOURS.lstm;
    context.strokeRect(0, 2 * STRIP_HEIGHT + unit * UNIT_HEIGHT, columns * CHAR_WIDTH, UNIT_HEIGHT);
    traceCanvas.dataset.characters = trace.characters;
    traceCanvas.dataset.unit = String(unit);
  }

  return {
    element,
    leave: () => {
      trainer.stop();
    },
  };
}

// The RNN lab (#/rnn): a plain RNN and an LSTM trained side by side on a memory task whose answer lies many
// steps back. In front: both training losses against the baseline of a network that learned nothing;
// beside it each network's test score, and below the gradient's norm at each step back in time, where the
// plain RNN's vanishes and the LSTM's does not. Any change of the setting makes fresh networks. Below, both
// kinds reading a text a character a time (chars.ts), and an LSTM reading digits a row at a time (digits.ts).

import type { EngineClient } from "../../engine/client";
import type { Cell, RnnProgress } from "../../engine/protocol";
import { rnnSheet } from "../../exercises/rnn";
import type { RnnLabState, RnnRun } from "../../exercises/lab-state";
import { sheetPanel } from "../../exercises/panel";
import { formatted, text } from "../../i18n";
import type { Page } from "../../router";
import { button, h, labelled, numberInput, readout, select, sliderField } from "../../ui/dom";
import type { NumberRange } from "../../ui/dom";
import { actions, controlGroup, labLayout } from "../../ui/lab-layout";
import { notify, reason } from "../../ui/notices";
import { drawLineChart, type Series } from "../../ui/plot";
import { readSettings, writeSettings, type NumberSetting } from "../../ui/url-settings";
import { BASELINE_COLOUR, CELL_COLOURS } from "./colours";
import { charsSection } from "./chars";
import { digitsSection } from "./digits";
import { numbersSection } from "./numbers";
import * as S from "./settings";

/** Steps a Run trains unless paused; test scores and the gradient chart every `SCORE_EVERY` steps. */
const RUN_STEPS = 100_000;
const SCORE_EVERY = 50;
const TEST_SEQUENCES = 256;

export const rnnLab: Page = (container, query, engine: EngineClient, visit) => {
  const t = text.rnn;
  const settings = readSettings(S.FIELDS, query);
  const layout = labLayout(container, t.title, t.intro);
  const exercises = sheetPanel(rnnSheet, text.exercises.rnn.tasks, visit);
  const state: RnnLabState = { runs: [], chars: [] };
  const publishState = () =>
    exercises.publish({
      runs: state.runs.map((run) => ({ ...run })),
      chars: state.chars.map((run) => ({ ...run, perplexity: { ...run.perplexity } })),
      numbers: state.numbers,
    });
  /** The setting the networks in the worker were made with; none before the first. */
  let made: string | undefined;
  let run: RnnRun | undefined;
  let losses: Record<Cell, number[]> = { rnn: [], lstm: [] };
  let gradients: Partial<Record<Cell, Float32Array>> = {};
  let training: AbortController | undefined;
  let trainingDone: Promise<void> = Promise.resolve();

  // The stage: the losses in front, the scores and the gradient by lag beside them.
  const status = h("p", { class: "note", role: "status", "data-testid": "rnn-status" }, t.start);
  const lossChart = h("canvas", { class: "rnn-chart", "data-testid": "rnn-losses" });
  const gradientChart = h("canvas", { class: "chart", "data-testid": "rnn-gradients" });
  const steps = readout("rnn-steps");
  const scores: Record<Cell, ReturnType<typeof readout>> = {
    rnn: readout("rnn-score-rnn"),
    lstm: readout("rnn-score-lstm"),
  };
  const baseline = readout("rnn-baseline");
  const scoreLabels: Record<Cell, HTMLElement> = { rnn: h("dt", {}), lstm: h("dt", {}) };
  layout.stage.append(
    status,
    h(
      "div",
      { class: "gan-stage" },
      h("figure", { class: "rnn-figure" }, h("figcaption", {}, t.lossTitle), lossChart),
      h(
        "div",
        { class: "gan-side" },
        h(
          "dl",
          { class: "values" },
          h("dt", {}, t.steps),
          h("dd", {}, steps.element),
          scoreLabels.rnn,
          h("dd", {}, scores.rnn.element),
          scoreLabels.lstm,
          h("dd", {}, scores.lstm.element),
          h("dt", {}, t.baseline),
          h("dd", {}, baseline.element),
        ),
        h("figure", {}, h("figcaption", {}, t.gradientTitle), gradientChart),
      ),
    ),
  );

  // The controls.
  const numberField = (key: NumberSetting<S.RnnSettings>, label: string, range: NumberRange, log = false) => {
    const input = numberInput(`rnn-${key}`, settings[key], range, (value) => {
      settings[key] = value;
      changed();
    });
    return log ? sliderField(label, input, range, "log") : sliderField(label, input, range);
  };
  const taskNote = h("p", { class: "hint", "data-testid": "rnn-task-note" });
  const taskSelect = select<S.TaskKind>("rnn-task", t.tasks, settings.task, (task) => {
    settings.task = task;
    changed();
  });
  const backendSelect = select("rnn-backend", text.controls.backends, settings.backend, (backend) => {
    settings.backend = backend;
    changed();
  });
  const runButton = button("rnn-run", t.run, { primary: true });
  const pauseButton = button("rnn-pause", text.controls.pause, { disabled: true });
  const resetButton = button("rnn-reset", text.controls.reset);
  runButton.addEventListener("click", () => void train());
  pauseButton.addEventListener("click", () => training?.abort());
  resetButton.addEventListener("click", () => void reset(true));
  layout.controls.append(
    controlGroup(
      text.controls.groups.training,
      actions(runButton, pauseButton, resetButton),
      numberField("rate", t.rate, S.RATE_RANGE, true),
      numberField("batch", t.batch, S.BATCH_RANGE),
    ),
    controlGroup(
      t.task,
      labelled(t.taskKind, taskSelect),
      numberField("length", t.length, S.LENGTH_RANGE),
      taskNote,
    ),
    controlGroup(
      t.networks,
      numberField("hidden", t.hidden, S.HIDDEN_RANGE),
      labelled(t.backend, backendSelect),
    ),
  );
  const saveSettings = () => writeSettings(S.FIELDS, settings);
  const digits = digitsSection(engine, visit, settings, saveSettings);
  const numbers = numbersSection(engine, visit, settings, saveSettings, (accuracy) => {
    state.numbers = Math.max(state.numbers ?? 0, accuracy);
    publishState();
  });
  const chars = charsSection(engine, visit, settings, saveSettings, (run) => {
    if (!state.chars.includes(run)) state.chars.push(run);
    publishState();
  });
  layout.details.append(
    exercises.element,
    h("section", {}, h("h2", {}, t.howTitle), h("p", {}, t.how)),
    chars.element,
    digits.element,
    numbers.element,
  );

  /** The setting that makes the networks: a change means fresh ones. */
  const network = () =>
    JSON.stringify([S.taskOf(settings), settings.hidden, S.trainingOf(settings), settings.backend]);

  function changed() {
    writeSettings(S.FIELDS, settings);
    void reset();
  }

  let resetting: Promise<boolean> | undefined;
  /** Fresh networks for the setting as it is once earlier training and resets are done; `again`: even
   * when they are of that setting already. */
  async function reset(again = false): Promise<boolean> {
    training?.abort();
    resetting = (resetting ?? Promise.resolve(true)).then(async () => {
      await trainingDone;
      const key = network();
      if (made === key && !again) return true;
      status.textContent = t.start;
      delete status.dataset.ready;
      try {
        for (const cell of S.CELLS) {
          await engine.call("rnn/create", {
            backend: settings.backend,
            task: S.taskOf(settings),
            spec: S.specOf(settings, cell),
            training: S.trainingOf(settings),
          });
        }
        made = key;
        losses = { rnn: [], lstm: [] };
        gradients = {};
        run = { task: settings.task, length: settings.length, steps: 0, scores: {}, farthest: {} };
        for (const cell of S.CELLS) {
          scores[cell].element.textContent = "–";
          delete scores[cell].element.dataset.value;
        }
        steps.set(0, 0);
        status.textContent = t.ready;
        status.dataset.ready = "1";
        draw();
        publishState();
        return true;
      } catch (error) {
        made = undefined;
        if (!visit.aborted) status.textContent = t.notMade(reason(error));
        return false;
      }
    });
    return resetting;
  }

  async function train() {
    if (made !== network() && !(await reset())) return;
    trainingDone = trainOn();
    await trainingDone;
  }

  async function trainOn() {
    const controller = new AbortController();
    training = controller;
    runButton.disabled = resetButton.disabled = true;
    pauseButton.disabled = false;
    status.textContent = t.running;
    try {
      const done = await engine.call(
        "rnn/train",
        { steps: RUN_STEPS, scoreEvery: SCORE_EVERY, testSequences: TEST_SEQUENCES },
        { signal: controller.signal, onProgress: record },
      );
      status.textContent = t.paused(formatted(run?.steps ?? done.steps));
    } catch (error) {
      status.textContent = "";
      if (!visit.aborted) notify(text.app.failed(t.training, reason(error)));
    } finally {
      runButton.disabled = resetButton.disabled = false;
      pauseButton.disabled = true;
    }
  }

  function record(progress: RnnProgress) {
    const { cell, values } = progress;
    // One point a report: the mean loss of its steps.
    let sum = 0;
    for (let i = 0; i < values.length; i += 2) sum += values[i];
    if (values.length > 0) losses[cell].push(sum / (values.length / 2));
    if (!run) return;
    run.steps = progress.steps;
    steps.set(progress.steps, 0);
    if (progress.score !== undefined) {
      run.scores[cell] = progress.score;
      scores[cell].set(progress.score, settings.task === "adding" ? 4 : 3);
    }
    if (progress.gradients) {
      gradients[cell] = progress.gradients;
      run.farthest[cell] = progress.gradients[progress.gradients.length - 1];
      if (!state.runs.includes(run)) state.runs.push(run);
      publishState();
    }
    draw();
  }

  function draw() {
    const adding = settings.task === "adding";
    const reference = S.baselineOf(settings.task);
    baseline.set(reference, 3);
    const kind = adding ? t.mse : t.accuracy;
    scoreLabels.rnn.textContent = `${t.rnnScore} (${kind})`;
    scoreLabels.lstm.textContent = `${t.lstmScore} (${kind})`;
    taskNote.textContent = adding ? t.addingNote : t.copyNote;
    const points = Math.max(losses.rnn.length, losses.lstm.length, 2);
    const series: Series[] = [
      { label: t.rnnLoss, colour: CELL_COLOURS.rnn, values: losses.rnn },
      { label: t.lstmLoss, colour: CELL_COLOURS.lstm, values: losses.lstm },
      // The loss is the MSE for the adding problem, so its baseline is on the same scale.
      ...(adding
        ? [{ label: t.baselineSeries, colour: BASELINE_COLOUR, values: Array(points).fill(reference) }]
        : []),
    ];
    drawLineChart(lossChart, series, { width: 560, height: 300, xEnd: run?.steps });
    const byLag: Series[] = S.CELLS.flatMap((cell) => {
      const norms = gradients[cell];
      if (!norms) return [];
      const values = Array.from(norms, (n) => Math.log10(Math.max(n, 1e-30)));
      return [{ label: cell === "rnn" ? t.rnnLoss : t.lstmLoss, colour: CELL_COLOURS[cell], values }];
    });
    drawLineChart(gradientChart, byLag, {
      xEnd: Math.max((gradients.lstm ?? gradients.rnn ?? []).length - 1, 1),
    });
    gradientChart.dataset.lags = String(gradients.lstm?.length ?? 0);
  }

  draw();
  void reset();
  return () => {
    training?.abort();
    digits.leave();
    numbers.leave();
    chars.leave();
  };
};

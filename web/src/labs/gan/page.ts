// The GAN lab (#/gan), for the plane first: a generator turns 2-D noise into points, a discriminator tells
// them from points of a target. In front: the plane, with the discriminator's belief as a map, the target's
// points and the generated ones, the noise square as the generator warps it and the pull of the generator's
// loss on each point; beside it the two losses, the distance to the target and the modes covered. Training
// steps one iteration at a time or runs until paused; any change of the setting makes fresh networks.

import type { EngineClient } from "../../engine/client";
import type { EngineBackend, GanPlaneProgress, PlaneGanView } from "../../engine/protocol";
import { ganSheet } from "../../exercises/gan";
import type { GanLabState, GanRun } from "../../exercises/lab-state";
import { sheetPanel } from "../../exercises/panel";
import { formatted, text } from "../../i18n";
import type { Page } from "../../router";
import {
  button,
  checkbox,
  h,
  labelled,
  numberInput,
  readout,
  select,
  showValue,
  sliderField,
} from "../../ui/dom";
import type { NumberRange } from "../../ui/dom";
import { actions, controlGroup, labLayout } from "../../ui/lab-layout";
import { notify, reason } from "../../ui/notices";
import { drawLineChart, type PlaneView } from "../../ui/plot";
import { readSettings, writeSettings, type NumberSetting } from "../../ui/url-settings";
import { dcganSection } from "./dcgan";
import { pix2pixSection } from "./pix2pix";
import * as S from "./settings";
import { drawGanPlane, FAKE_COLOUR, LossCurves, PLANE_SIZE, REAL_COLOUR, swatch, type Layers } from "./view";

/** Iterations a Run trains unless paused. */
const RUN_ITERATIONS = 100_000;

export const ganLab: Page = (container, query, engine: EngineClient, visit) => {
  const t = text.gan;
  const settings = readSettings(S.FIELDS, query);
  const save = () => writeSettings(S.FIELDS, settings);
  const layout = labLayout(container, t.title, t.intro);
  const exercises = sheetPanel(ganSheet, text.exercises.gan.tasks, visit);
  const state: GanLabState = {
    runs: [],
    digits: { iterations: 0, noise: 0, walked: false },
    edges: { iterations: 0, drawn: false },
  };
  const publishState = () => exercises.publish({ ...state, runs: [...state.runs] });
  const layers: Layers = { map: true, mesh: true, arrows: true };
  /** The setting the networks in the worker were made with; none before the first. */
  let made: string | undefined;
  let view: PlaneGanView | undefined;
  let plane: PlaneView | undefined;
  /** The pair of networks in the worker, as the sheet sees it. */
  let run: GanRun | undefined;
  const losses = new LossCurves();
  let distances: number[] = [];
  let training: AbortController | undefined;
  /** The training call under way: fresh networks wait for it to end. */
  let trainingDone: Promise<void> = Promise.resolve();
  const failed = (what: string) => (error: unknown) => {
    if (!visit.aborted) notify(text.app.failed(what, reason(error)));
  };

  // The stage: the plane, and beside it what training has reached.
  const status = h("p", { class: "note", role: "status", "data-testid": "gan-status" }, t.start);
  const canvas = h("canvas", { class: "gan-plane", "data-testid": "gan-plane" });
  const legend = h(
    "p",
    { class: "hint" },
    swatch(REAL_COLOUR),
    ` ${t.legendReal} `,
    swatch(FAKE_COLOUR),
    ` ${t.legendFake} `,
    t.legendMap,
  );
  const iterations = readout("gan-iterations");
  const distance = readout("gan-distance");
  const modes = h("output", { "data-testid": "gan-modes" });
  const lossChart = h("canvas", { class: "chart", "data-testid": "gan-losses" });
  const distanceChart = h("canvas", { class: "chart", "data-testid": "gan-distances" });
  layout.stage.append(
    status,
    h(
      "div",
      { class: "gan-stage" },
      h("figure", {}, canvas, legend),
      h(
        "div",
        { class: "gan-side" },
        h(
          "dl",
          { class: "values" },
          ...[
            [t.iterations, iterations.element],
            [t.distance, distance.element],
            [t.modes, modes],
          ].flatMap(([label, value]) => [h("dt", {}, label), h("dd", {}, value)]),
        ),
        lossChart,
        distanceChart,
      ),
    ),
  );

  // The controls.
  const numberField = (
    key: NumberSetting<S.GanSettings>,
    label: string,
    range: NumberRange,
    slider = false,
  ) => {
    const input = numberInput(`gan-${key}`, settings[key], range, (value) => {
      settings[key] = value;
      changed();
    });
    return slider ? sliderField(label, input, range) : labelled(label, input);
  };
  const rateField = (key: "generatorRate" | "discriminatorRate", label: string) => {
    const input = numberInput(`gan-${key}`, settings[key], S.RATE_RANGE, (value) => {
      settings[key] = value;
      changed();
    });
    return sliderField(label, input, S.RATE_RANGE, "log");
  };
  const targetSelect = select<S.TargetChoice>("gan-target", t.targets, settings.target, (target) => {
    settings.target = target;
    if (target !== "drawn") {
      settings.spread = S.PRESET_SPREADS[target];
      showValue(spreadField, settings.spread);
    }
    changed();
  });
  const spreadField = numberField("spread", t.spread, S.SPREAD_RANGE, true);
  const drawNote = h("p", { class: "hint", "data-testid": "gan-draw-note" });
  const clearButton = h("button", { type: "button", "data-testid": "gan-clear" }, t.clear);
  clearButton.addEventListener("click", () => {
    settings.drawn = [];
    changed();
  });
  const optimiserSelect = (key: "generatorOptimiser" | "discriminatorOptimiser") =>
    select<S.OptimiserChoice>(`gan-${key}`, t.optimisers, settings[key], (choice) => {
      settings[key] = choice;
      changed();
    });
  const backendSelect = select<EngineBackend>(
    "gan-backend",
    text.controls.backends,
    settings.backend,
    (b) => {
      settings.backend = b;
      changed();
    },
  );
  const stepButton = button("gan-step", t.step);
  const runButton = button("gan-run", t.run, { primary: true });
  const pauseButton = button("gan-pause", text.controls.pause, { disabled: true });
  const resetButton = button("gan-reset", text.controls.reset);
  stepButton.addEventListener("click", () => void train(1));
  runButton.addEventListener("click", () => void train(RUN_ITERATIONS));
  pauseButton.addEventListener("click", () => training?.abort());
  resetButton.addEventListener("click", () => void reset(true));
  const show = (key: keyof Layers, label: string) =>
    checkbox(`gan-show-${key}`, label, layers[key], (on) => {
      layers[key] = on;
      drawPlane();
    });
  layout.controls.append(
    controlGroup(
      text.controls.groups.training,
      actions(stepButton, runButton, pauseButton, resetButton),
      labelled(t.generatorOptimiser, optimiserSelect("generatorOptimiser")),
      rateField("generatorRate", t.generatorRate),
      labelled(t.discriminatorOptimiser, optimiserSelect("discriminatorOptimiser")),
      rateField("discriminatorRate", t.discriminatorRate),
      numberField("dSteps", t.dSteps, S.D_STEPS_RANGE),
      numberField("batch", t.batch, S.BATCH_RANGE),
    ),
    controlGroup(t.target, labelled(t.targetKind, targetSelect), spreadField, drawNote, actions(clearButton)),
    controlGroup(
      t.networks,
      numberField("units", t.units, S.UNITS_RANGE),
      numberField("layers", t.layers, S.LAYERS_RANGE),
    ),
    controlGroup(
      t.show,
      show("map", t.showMap),
      show("mesh", t.showMesh),
      show("arrows", t.showArrows),
      labelled(t.backend, backendSelect),
    ),
  );
  const digits = dcganSection(engine, visit, settings, save, (digits) => {
    state.digits = digits;
    publishState();
  });
  const edges = pix2pixSection(engine, visit, settings, save, (edges) => {
    state.edges = edges;
    publishState();
  });
  layout.details.append(
    exercises.element,
    h("section", {}, h("h2", {}, t.howTitle), h("p", {}, t.how)),
    digits.element,
    edges.element,
  );

  // A click on the plane adds a bump to a drawn target.
  canvas.addEventListener("click", (event) => {
    if (settings.target !== "drawn" || !plane) return;
    if (settings.drawn.length >= S.MAX_DRAWN) return notify(t.tooManyBumps(formatted(S.MAX_DRAWN)));
    const box = canvas.getBoundingClientRect();
    const [x, y] = plane.fromPixels(
      ((event.clientX - box.left) * PLANE_SIZE) / box.width,
      ((event.clientY - box.top) * PLANE_SIZE) / box.height,
    );
    settings.drawn = [...settings.drawn, [x, y]];
    changed();
  });

  /** The setting that makes the networks: a change means fresh ones. */
  const network = () =>
    JSON.stringify([S.hiddenOf(settings), S.targetOf(settings), S.trainingOf(settings), settings.backend]);

  /** A setting changed: saved, and fresh networks for it. */
  function changed() {
    save();
    showDrawing();
    void reset();
  }

  function showDrawing() {
    const drawn = settings.target === "drawn";
    drawNote.textContent = drawn ? t.drawNote(formatted(settings.drawn.length)) : t.presetNote;
    clearButton.classList.toggle("hidden", !drawn);
    canvas.classList.toggle("drawing", drawn);
  }

  let resetting: Promise<boolean> | undefined;
  /** Fresh networks for the setting as it is when the training and the resets before are done (so quick
   * changes make one pair, for the last setting); `again`: even when the pair is of that setting already. */
  async function reset(again = false): Promise<boolean> {
    training?.abort();
    resetting = (resetting ?? Promise.resolve(true)).then(async () => {
      await trainingDone;
      const key = network();
      const target = S.targetOf(settings);
      if (made === key && !again) return true;
      status.textContent = t.start;
      if (target.centres.length === 0) {
        made = undefined;
        view = undefined;
        status.textContent = t.drawFirst;
        drawPlane();
        return false;
      }
      try {
        view = await engine.call("gan/plane-create", {
          backend: settings.backend,
          hidden: S.hiddenOf(settings),
          target,
          training: S.trainingOf(settings),
        });
        made = key;
        losses.clear();
        distances = [];
        run = {
          target: settings.target,
          modes: target.centres.length,
          dSteps: settings.dSteps,
          iterations: 0,
          bestDistance: view.distance,
          coverage: [],
        };
        status.textContent = t.ready;
        status.dataset.ready = "1";
        showView(view);
        return true;
      } catch (error) {
        made = undefined;
        if (!visit.aborted) status.textContent = t.notMade(reason(error));
        return false;
      }
    });
    return resetting;
  }

  async function train(count: number) {
    if (made !== network() && !(await reset())) return;
    trainingDone = trainOn(count);
    await trainingDone;
  }

  async function trainOn(count: number) {
    const controller = new AbortController();
    training = controller;
    for (const b of [stepButton, runButton, resetButton]) b.disabled = true;
    pauseButton.disabled = false;
    status.textContent = count > 1 ? t.running : t.stepping;
    try {
      const last = await engine.call(
        "gan/plane-train",
        { iterations: count },
        { signal: controller.signal, onProgress: record },
      );
      record(last);
      const done = formatted(last.view.iterations);
      status.textContent = count > 1 ? t.paused(done) : t.stepped(done);
    } catch (error) {
      status.textContent = "";
      failed(t.training)(error);
    } finally {
      for (const b of [stepButton, runButton, resetButton]) b.disabled = false;
      pauseButton.disabled = true;
    }
  }

  function record(progress: GanPlaneProgress) {
    losses.add(progress.losses);
    showView(progress.view);
  }

  /** The networks as they are: the plane, the read-outs and charts, and the run for the sheet. */
  function showView(next: PlaneGanView) {
    view = next;
    if (next.iterations > 0 && next.iterations !== run?.iterations) distances.push(next.distance);
    iterations.set(next.iterations, 0);
    distance.set(next.distance, 3);
    modes.textContent = t.covered(formatted(next.modesCovered), formatted(next.modes));
    modes.dataset.covered = String(next.modesCovered);
    drawPlane();
    losses.draw(lossChart);
    drawLineChart(distanceChart, [{ label: t.distanceSeries, colour: REAL_COLOUR, values: distances }], {
      xEnd: next.iterations,
    });
    if (run && next.iterations > run.iterations) {
      run.iterations = next.iterations;
      run.bestDistance = Math.min(run.bestDistance, next.distance);
      run.coverage.push({ iterations: next.iterations, covered: next.modesCovered });
      if (!state.runs.includes(run)) state.runs.push(run);
      publishState();
    }
  }

  function drawPlane() {
    const bumps = settings.target === "drawn" ? settings.drawn : [];
    plane = drawGanPlane(canvas, view, layers, bumps);
    canvas.dataset.iterations = String(view?.iterations ?? 0);
  }

  showDrawing();
  void reset();
  return () => {
    training?.abort();
    digits.leave();
    edges.leave();
  };
};

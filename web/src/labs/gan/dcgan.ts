// The GAN lab's DCGAN on digits: trained in the worker on MNIST or Fashion-MNIST, a grid of images from
// noise that stays fixed (so the grid shows training move), a walk between two noise vectors, and with two
// noise values the whole noise square drawn as a plane of digits.

import type { EngineClient } from "../../engine/client";
import type { DatasetId } from "../../engine/protocol";
import type { GanLabState } from "../../exercises/lab-state";
import { formatted, text } from "../../i18n";
import { drawDigitGrid, drawStrip, interpolate } from "../../ui/digits";
import { button, h, labelled, numberInput, select, type NumberRange } from "../../ui/dom";
import { actions } from "../../ui/lab-layout";
import { notify, reason } from "../../ui/notices";
import { LossCurves } from "./view";
import * as S from "./settings";

/** Images in the fixed grid, its columns, iterations between two updates of it, steps of a walk, and the
 * noise plane's points per side. */
const GRID = 64;
const COLUMNS = 16;
const IMAGES_EVERY = 10;
const WALK_STEPS = 10;
const PLANE_SIDE = 12;
/** Iterations a Train trains unless paused. */
const TRAIN_ITERATIONS = 100_000;

const uniformNoise = (count: number) => Float32Array.from({ length: count }, () => 2 * Math.random() - 1);

/** The section, its state for the sheet (`digits`), and what to do when the page is left. */
export function dcganSection(
  engine: EngineClient,
  settings: S.GanSettings,
  save: () => void,
  report: (digits: GanLabState["digits"]) => void,
): { element: HTMLElement; leave: () => void } {
  const t = text.gan;
  let made: string | undefined;
  let iterations = 0;
  const losses = new LossCurves();
  /** Noise values per image of the networks in the worker. */
  let noiseSize = settings.noise;
  let fixed = uniformNoise(GRID * noiseSize);
  let pair = uniformNoise(2 * noiseSize);
  let walked = false;
  let training: AbortController | undefined;
  let left = false;

  const status = h("p", { class: "note", role: "status", "data-testid": "dcgan-status" }, t.dcganStart);
  const grid = h("canvas", { class: "dcgan-grid", "data-testid": "dcgan-grid" });
  const lossChart = h("canvas", { class: "chart", "data-testid": "dcgan-losses" });
  const walkStrip = h("canvas", { class: "autoencoder-strip", "data-testid": "dcgan-walk" });
  const plane = h("canvas", { class: "dcgan-plane hidden", "data-testid": "dcgan-plane" });
  const planeNote = h("p", { class: "hint" }, t.dcganPlaneNeedsTwo);
  const field = (key: "noise" | "filters" | "chunks", label: string, range: NumberRange) =>
    labelled(
      label,
      numberInput(`dcgan-${key}`, settings[key], range, (value) => {
        settings[key] = value;
        save();
      }),
    );
  const datasetSelect = select<DatasetId>(
    "dcgan-dataset",
    text.controls.imageDatasets,
    settings.digits,
    (dataset) => {
      settings.digits = dataset;
      save();
    },
  );
  const trainButton = button("dcgan-train", t.dcganTrain, { primary: true });
  const pauseButton = button("dcgan-pause", text.controls.pause, { disabled: true });
  const walkButton = button("dcgan-new-pair", t.dcganNewPair);
  trainButton.addEventListener("click", () => void train());
  pauseButton.addEventListener("click", () => training?.abort());
  walkButton.addEventListener("click", () => {
    pair = uniformNoise(2 * noiseSize);
    void showWalk(true);
  });

  const element = h(
    "section",
    { "data-testid": "dcgan" },
    h("h2", {}, t.dcganTitle),
    h("p", {}, t.dcganNote),
    actions(
      labelled(text.controls.dataset, datasetSelect),
      field("noise", t.dcganNoise, S.NOISE_RANGE),
      field("filters", t.dcganFilters, S.FILTERS_RANGE),
      field("chunks", t.dcganChunks, S.CHUNKS_RANGE),
    ),
    actions(trainButton, pauseButton),
    status,
    h("div", { class: "chart-row" }, grid, lossChart),
    h("h3", {}, t.dcganWalkTitle),
    actions(walkButton),
    walkStrip,
    h("h3", {}, t.dcganPlaneTitle),
    planeNote,
    plane,
  );

  const network = () =>
    JSON.stringify([S.dcganSpecOf(settings), settings.digits, settings.backend, settings.chunks]);

  async function load(): Promise<boolean> {
    status.textContent = t.dcganLoading;
    try {
      const { trainImages } = await engine.call("gan/dcgan-load", {
        backend: settings.backend,
        spec: S.dcganSpecOf(settings),
        baseUrl: new URL("data/", document.baseURI).href,
        dataset: settings.digits,
        trainChunks: settings.chunks,
      });
      made = network();
      iterations = 0;
      losses.clear();
      noiseSize = settings.noise;
      fixed = uniformNoise(GRID * noiseSize);
      pair = uniformNoise(2 * noiseSize);
      status.textContent = t.dcganReady(formatted(trainImages));
      return true;
    } catch (error) {
      made = undefined;
      if (!left) status.textContent = t.notMade(reason(error));
      return false;
    }
  }

  async function train() {
    if (made !== network() && !(await load())) return;
    const controller = new AbortController();
    training = controller;
    trainButton.disabled = true;
    pauseButton.disabled = false;
    const start = iterations;
    try {
      await engine.call(
        "gan/dcgan-train",
        { iterations: TRAIN_ITERATIONS, imagesEvery: IMAGES_EVERY, noise: fixed },
        {
          signal: controller.signal,
          onProgress: (progress) => {
            iterations = start + progress.iterations;
            losses.add(progress.losses);
            status.textContent = t.dcganProgress(formatted(iterations));
            losses.draw(lossChart);
            if (progress.images) {
              drawDigitGrid(grid, progress.images, COLUMNS, 32);
              grid.dataset.iterations = String(iterations);
              publish();
            }
          },
        },
      );
      status.textContent = t.dcganPaused(formatted(iterations));
      await showWalk();
      await showPlane();
    } catch (error) {
      if (!left) notify(text.app.failed(t.training, reason(error)));
    } finally {
      trainButton.disabled = false;
      pauseButton.disabled = true;
    }
  }

  function publish() {
    report({ iterations, noise: noiseSize, walked });
  }

  /** Ten steps from one noise vector of the pair to the other, each generated; `asked`: by the attendee
   * (New pair), which the sheet counts once the networks have trained. */
  async function showWalk(asked = false) {
    if (!made) return notify(t.dcganTrainFirst);
    try {
      const noise = interpolate(pair.subarray(0, noiseSize), pair.subarray(noiseSize), WALK_STEPS);
      drawStrip(walkStrip, await engine.call("gan/dcgan-generate", { noise }), 40);
      walkStrip.dataset.steps = String(WALK_STEPS);
      if (asked && iterations > 0) {
        walked = true;
        publish();
      }
    } catch (error) {
      if (!left) notify(text.app.failed(t.training, reason(error)));
    }
  }

  /** With two noise values, the noise square's points generated, as a plane of digits. */
  async function showPlane() {
    const two = noiseSize === 2 && made !== undefined;
    plane.classList.toggle("hidden", !two);
    planeNote.textContent = two ? t.dcganPlaneNote : t.dcganPlaneNeedsTwo;
    if (!two) return;
    const line = (i: number) => -1 + (2 * i) / (PLANE_SIDE - 1);
    const noise = Float32Array.from({ length: 2 * PLANE_SIDE * PLANE_SIDE }, (_, k) =>
      k % 2 === 0 ? line(Math.floor(k / 2) % PLANE_SIDE) : -line(Math.floor(k / 2 / PLANE_SIDE)),
    );
    drawDigitGrid(plane, await engine.call("gan/dcgan-generate", { noise }), PLANE_SIDE, 28);
    plane.dataset.side = String(PLANE_SIDE);
  }

  return {
    element,
    leave: () => {
      left = true;
      training?.abort();
    },
  };
}

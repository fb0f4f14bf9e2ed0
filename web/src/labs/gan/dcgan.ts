// The GAN lab's DCGAN on digits: trained in the worker on MNIST or Fashion-MNIST, a grid of images from
// noise that stays fixed (so the grid shows training move), a walk between two noise vectors, and with two
// noise values the whole noise square drawn as a plane of digits.

import type { EngineClient } from "../../engine/client";
import type { DatasetId } from "../../engine/protocol";
import type { GanLabState } from "../../exercises/lab-state";
import { text } from "../../i18n";
import { drawDigitGrid, drawStrip, interpolate } from "../../ui/digits";
import { button, h, labelled, numberInput, select, type NumberRange } from "../../ui/dom";
import { actions } from "../../ui/lab-layout";
import { notify } from "../../ui/notices";
import { DigitGanTrainer } from "./digit-gan";
import * as S from "./settings";

/** Images in the fixed grid, its columns, steps of a walk, and the noise plane's points per side. */
const GRID = 64;
const COLUMNS = 16;
const WALK_STEPS = 10;
const PLANE_SIDE = 12;

const uniformNoise = (count: number) => Float32Array.from({ length: count }, () => 2 * Math.random() - 1);

/** The section, its state for the sheet (`digits`), and what to do when the page is left. */
export function dcganSection(
  engine: EngineClient,
  visit: AbortSignal,
  settings: S.GanSettings,
  save: () => void,
  report: (digits: GanLabState["digits"]) => void,
): { element: HTMLElement; leave: () => void } {
  const t = text.gan;
  /** Noise values per image of the networks in the worker. */
  let noiseSize = settings.noise;
  let fixed = uniformNoise(GRID * noiseSize);
  let pair = uniformNoise(2 * noiseSize);
  let walked = false;

  const grid = h("canvas", { class: "dcgan-grid", "data-testid": "dcgan-grid" });
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
  const trainer = new DigitGanTrainer(engine, visit, "dcgan", t.dcganTrain, {
    spec: () => ({ kind: "dcgan", ...S.dcganSpecOf(settings) }),
    backend: () => settings.backend,
    dataset: () => settings.digits,
    chunks: () => settings.chunks,
    made: () => {
      noiseSize = settings.noise;
      fixed = uniformNoise(GRID * noiseSize);
      pair = uniformNoise(2 * noiseSize);
    },
    shown: () => fixed,
    images: (images, iterations) => {
      drawDigitGrid(grid, images, COLUMNS, 32);
      grid.dataset.iterations = String(iterations);
      publish();
    },
    paused: async () => {
      await showWalk();
      await showPlane();
    },
  });
  const walkButton = button("dcgan-new-pair", t.dcganNewPair);
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
    actions(trainer.trainButton, trainer.pauseButton),
    trainer.status,
    h("div", { class: "chart-row" }, grid, trainer.lossChart),
    h("h3", {}, t.dcganWalkTitle),
    actions(walkButton),
    walkStrip,
    h("h3", {}, t.dcganPlaneTitle),
    planeNote,
    plane,
  );

  function publish() {
    report({ iterations: trainer.iterations, noise: noiseSize, walked });
  }

  /** Ten steps from one noise vector of the pair to the other, each generated; `asked`: by the attendee
   * (New pair), which the sheet counts once the networks have trained. */
  async function showWalk(asked = false) {
    if (!trainer.ready) return notify(t.dcganTrainFirst);
    const noise = interpolate(pair.subarray(0, noiseSize), pair.subarray(noiseSize), WALK_STEPS);
    const images = await trainer.generate(noise);
    if (!images) return;
    drawStrip(walkStrip, images, 40);
    walkStrip.dataset.steps = String(WALK_STEPS);
    if (asked && trainer.iterations > 0) {
      walked = true;
      publish();
    }
  }

  /** With two noise values, the noise square's points generated, as a plane of digits. */
  async function showPlane() {
    const two = noiseSize === 2 && trainer.ready;
    plane.classList.toggle("hidden", !two);
    planeNote.textContent = two ? t.dcganPlaneNote : t.dcganPlaneNeedsTwo;
    if (!two) return;
    const line = (i: number) => -1 + (2 * i) / (PLANE_SIDE - 1);
    const noise = Float32Array.from({ length: 2 * PLANE_SIDE * PLANE_SIDE }, (_, k) =>
      k % 2 === 0 ? line(Math.floor(k / 2) % PLANE_SIDE) : -line(Math.floor(k / 2 / PLANE_SIDE)),
    );
    const images = await trainer.generate(noise);
    if (!images) return;
    drawDigitGrid(plane, images, PLANE_SIDE, 28);
    plane.dataset.side = String(PLANE_SIDE);
  }

  return { element, leave: () => trainer.leave() };
}

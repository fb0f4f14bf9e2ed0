// The GAN lab's pix2pix on digits, the deck's "edges to photo": trained in the worker on (edge map, digit)
// pairs made from MNIST or Fashion-MNIST by a Sobel filter; test digits' edge maps beside what the
// generator draws from them and the real digits, and a pad where the attendee draws edges and watches a
// digit appear.

import type { EngineClient } from "../../engine/client";
import type { DatasetId } from "../../engine/protocol";
import type { GanLabState } from "../../exercises/lab-state";
import { text } from "../../i18n";
import { drawDigitGrid } from "../../ui/digits";
import { drawPad, shrink } from "../../ui/draw-pad";
import { button, h, labelled, numberInput, select } from "../../ui/dom";
import { drawGrey } from "../../ui/images";
import { actions } from "../../ui/lab-layout";
import { notify } from "../../ui/notices";
import { DigitGanTrainer } from "./digit-gan";
import * as S from "./settings";

/** Test pairs shown (one column each: edges, generated, real), and the side of a digit's pixels. */
const SHOWN = 8;
const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** The section, its state for the sheet (`edges`), and what to do when the page is left. */
export function pix2pixSection(
  engine: EngineClient,
  visit: AbortSignal,
  settings: S.GanSettings,
  save: () => void,
  report: (edges: GanLabState["edges"]) => void,
): { element: HTMLElement; leave: () => void } {
  const t = text.gan;
  /** The shown test digits' edge maps, then the digits. */
  let pairs: Float32Array = new Float32Array(0);
  let padEdges: Float32Array | undefined;
  let padDigit = -1;
  /** Whether the pad holds a test digit's edge map untouched (a stroke makes it the attendee's drawing),
   * and whether the next report of the pad is of one put there. */
  let padHoldsTestEdges = false;
  let showingTestEdges = false;
  let drawn = false;

  const grid = h("canvas", { class: "dcgan-grid", "data-testid": "pix2pix-grid" });
  const padOutput = h("canvas", { class: "digit-large", "data-testid": "pix2pix-pad-output" });
  const pad = drawPad("pix2pix-pad", text.cnn.clear, (ink, side) => {
    padEdges = shrink(ink, side, SIDE);
    padHoldsTestEdges = showingTestEdges;
    showingTestEdges = false;
    void translatePad();
  });
  const datasetSelect = select<DatasetId>(
    "pix2pix-dataset",
    text.controls.imageDatasets,
    settings.edgesDigits,
    (dataset) => {
      settings.edgesDigits = dataset;
      save();
    },
  );
  const filtersInput = numberInput("pix2pix-filters", settings.edgesFilters, S.FILTERS_RANGE, (value) => {
    settings.edgesFilters = value;
    save();
  });
  const trainer = new DigitGanTrainer(engine, visit, "pix2pix", t.pix2pixTrain, {
    spec: () => ({ kind: "pix2pix", filters: settings.edgesFilters }),
    backend: () => settings.backend,
    dataset: () => settings.edgesDigits,
    chunks: () => 1,
    made: async () => {
      pairs = await engine.call("gan/digits-test-pairs", { kind: "pix2pix", count: SHOWN });
    },
    shown: () => pairs.subarray(0, SHOWN * PIXELS),
    images: (images, iterations) => {
      drawPairs(images);
      grid.dataset.iterations = String(iterations);
      publish();
    },
    paused: () => translatePad(),
  });
  const testEdgesButton = button("pix2pix-test-edges", t.pix2pixTestEdges);
  testEdgesButton.addEventListener("click", putTestEdgesOnPad);

  const element = h(
    "section",
    { "data-testid": "pix2pix" },
    h("h2", {}, t.pix2pixTitle),
    h("p", {}, t.pix2pixNote),
    actions(labelled(text.controls.dataset, datasetSelect), labelled(t.dcganFilters, filtersInput)),
    actions(trainer.trainButton, trainer.pauseButton),
    trainer.status,
    h("p", { class: "hint" }, t.pix2pixGridNote),
    h("div", { class: "chart-row" }, grid, trainer.lossChart),
    h("h3", {}, t.pix2pixPadTitle),
    h("p", { class: "hint" }, t.pix2pixPadNote),
    h("div", { class: "chart-row" }, pad.element, padOutput),
    actions(testEdgesButton),
  );

  /** Rows: the shown edge maps, the digits drawn from them, the real digits. */
  function drawPairs(generated: Float32Array) {
    const rows = new Float32Array(3 * SHOWN * PIXELS);
    rows.set(pairs.subarray(0, SHOWN * PIXELS));
    rows.set(generated, SHOWN * PIXELS);
    rows.set(pairs.subarray(SHOWN * PIXELS), 2 * SHOWN * PIXELS);
    drawDigitGrid(grid, rows, SHOWN, 40);
  }

  function publish() {
    report({ iterations: trainer.iterations, drawn });
  }

  /** The next shown test digit's edge map on the pad, for the attendee to change. */
  function putTestEdgesOnPad() {
    if (!trainer.ready) return notify(t.pix2pixTrainFirst);
    padDigit = (padDigit + 1) % SHOWN;
    showingTestEdges = true;
    pad.show(pairs.subarray(padDigit * PIXELS, (padDigit + 1) * PIXELS), SIDE);
  }

  /** The digit the generator draws from the pad's edges. It is generated in the company of the shown edge
   * maps: the generator's batch norms take a batch's statistics, and a lone map's differ from training's. */
  async function translatePad() {
    if (!trainer.ready || !padEdges) return;
    const batch = new Float32Array((SHOWN + 1) * PIXELS);
    batch.set(pairs.subarray(0, SHOWN * PIXELS));
    batch.set(padEdges, SHOWN * PIXELS);
    const images = await trainer.generate(batch);
    if (!images) return;
    drawGrey(padOutput, images.subarray(SHOWN * PIXELS), SIDE, SIDE, 4, { low: 0, high: 1 });
    padOutput.dataset.drawn = "1";
    padOutput.dataset.source = padHoldsTestEdges ? "test-edges" : "drawing";
    if (!padHoldsTestEdges && trainer.iterations > 0 && padEdges.some((v) => v > 0)) {
      drawn = true;
      publish();
    }
  }

  return { element, leave: () => trainer.leave() };
}

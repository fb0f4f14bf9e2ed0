// The data-augmentation section of the CNN lab: every augmentation on a digit and on a colour photo, the
// deck's 1 / 2 / 10 counting, what training-time augmentation does to digits, and, on small data, test
// accuracy with and without it side by side. Every image is made by the Rust core (crate/src/augment/).

import type { EngineClient } from "../../engine/client";
import type { Augmentation, RgbaImage } from "../../engine/protocol";
import { text } from "../../i18n";
import { h } from "../../ui/dom";
import { samplePicture } from "../../ui/picture-source";
import { digitCanvas, drawRgba, rgbaOf } from "../../ui/images";
import { reportFailure } from "../../ui/notices";
import { DIGIT_AUGMENTATION, SMALL_DATA, specOf, trainingOf, type CnnSettings } from "./settings";

const PREVIEW: { name: keyof typeof text.cnn.augmentations; augmentation: Augmentation }[] = [
  { name: "flipHorizontal", augmentation: { kind: "flip-horizontal" } },
  { name: "flipVertical", augmentation: { kind: "flip-vertical" } },
  { name: "rotate", augmentation: { kind: "rotate", degrees: 25 } },
  { name: "crop", augmentation: { kind: "crop", x: 0.2, y: 0.1, fraction: 0.7 } },
  { name: "translate", augmentation: { kind: "translate", dx: 4, dy: -3 } },
  { name: "distort", augmentation: { kind: "distort", shear: 0.3, scaleX: 0.85, scaleY: 1.1 } },
  { name: "colourCast", augmentation: { kind: "colour-cast", red: 1.3, green: 1.0, blue: 0.7 } },
  { name: "grey", augmentation: { kind: "colour-space", space: "grey" } },
  { name: "hsv", augmentation: { kind: "colour-space", space: "hsv" } },
  { name: "ycbcr", augmentation: { kind: "colour-space", space: "y-cb-cr" } },
  { name: "relight", augmentation: { kind: "relight", brightness: 30, contrast: 1.3, gamma: 0.8 } },
];

const COMPARE_EPOCHS = 20;

export function augmentationSection(
  engine: EngineClient,
  current: () => { settings: CnnSettings },
): HTMLElement {
  const t = text.cnn;
  const grid = h("div", { class: "augment-grid", "data-testid": "cnn-augment-grid" });
  const counting = h("div", { "data-testid": "cnn-augment-counting" });
  const random = h("div", { class: "digits", "data-testid": "cnn-augment-random" });
  const compareResult = h("p", { "data-testid": "cnn-augment-compare-result" });
  const compareButton = h(
    "button",
    { type: "button", "data-testid": "cnn-augment-compare" },
    t.compare(SMALL_DATA, COMPARE_EPOCHS),
  );
  const showButton = h("button", { type: "button", "data-testid": "cnn-augment-show" }, t.showAugmentations);

  async function photo(): Promise<RgbaImage> {
    return rgbaOf(await samplePicture("chelsea.png"), 128);
  }

  const cell = (label: string, ...canvases: HTMLCanvasElement[]) =>
    h("figure", { class: "augment-cell" }, ...canvases, h("figcaption", {}, label));

  async function show() {
    const [digit] = await engine.call("cnn/test-images", [0]);
    if (!digit) throw new Error(t.noData);
    const image = await photo();
    const photoCanvas = (rgba: Uint8Array) => {
      const canvas = h("canvas", { class: "photo" });
      drawRgba(canvas, rgba, image.width, image.height);
      return canvas;
    };
    const cells = [cell(t.augmentations.original, digitCanvas(digit.pixels), photoCanvas(image.rgba))];
    for (const { name, augmentation } of PREVIEW) {
      const onPhoto = await engine.call("augment/photo", { augmentation, image });
      const geometric = !["colour-cast", "colour-space", "relight"].includes(augmentation.kind);
      const onDigit = geometric
        ? [digitCanvas(await engine.call("augment/digit", { augmentation, pixels: digit.pixels, side: 28 }))]
        : [];
      cells.push(cell(t.augmentations[name], ...onDigit, photoCanvas(onPhoto)));
    }
    grid.replaceChildren(...cells);

    const rows = [];
    for (const [label, flips, crops] of [
      [t.countNone, false, false],
      [t.countFlip, true, false],
      [t.countCropFlip, true, true],
    ] as const) {
      const views = await engine.call("augment/counted-views", { image, flips, crops });
      rows.push(
        h(
          "div",
          { class: "map-row", "data-testid": "cnn-augment-count-row", "data-count": views.length },
          h("span", { class: "map-label" }, `${label}: ${views.length}`),
          ...views.map(photoCanvas),
        ),
      );
    }
    counting.replaceChildren(...rows);

    const randomised = [];
    for (let seed = 1; seed <= 8; seed++) {
      const params = { policy: DIGIT_AUGMENTATION, pixels: digit.pixels, side: 28, seed };
      randomised.push(digitCanvas(await engine.call("augment/random-digit", params)));
    }
    random.replaceChildren(...randomised);
  }

  async function compare() {
    const { settings } = current();
    compareButton.disabled = true;
    compareResult.textContent = t.comparing;
    try {
      const result = await engine.call(
        "cnn/compare-augmentation",
        {
          backend: settings.backend,
          spec: specOf(settings),
          training: { ...trainingOf(settings), augmentation: DIGIT_AUGMENTATION },
          images: SMALL_DATA,
          epochs: COMPARE_EPOCHS,
        },
        { onProgress: (phase) => (compareResult.textContent = `${t.comparing} (${phase})`) },
      );
      compareResult.textContent = t.compareResult(result.without, result.with);
      compareResult.dataset.without = String(result.without);
      compareResult.dataset.with = String(result.with);
    } catch (error) {
      compareResult.textContent = "";
      reportFailure(t.augmentTitle)(error);
    } finally {
      compareButton.disabled = false;
    }
  }

  showButton.addEventListener("click", () => void show().catch(reportFailure(t.augmentTitle)));
  compareButton.addEventListener("click", () => void compare());
  return h(
    "section",
    {},
    h("h2", {}, t.augmentTitle),
    h("p", { class: "hint" }, t.augmentHint),
    showButton,
    grid,
    h("h3", {}, t.countingTitle),
    counting,
    h("h3", {}, t.randomTitle),
    random,
    h("h3", {}, t.compareTitle),
    compareButton,
    compareResult,
  );
}

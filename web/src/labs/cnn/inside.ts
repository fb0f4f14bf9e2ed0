// The CNN lab's views into the network: class probabilities, activation maps, filters and rows of labelled
// test digits. Plain drawing into the elements the page gives; the page asks the engine and says what a
// click on a map does.

import type { NamedMap, TestImage } from "../../engine/protocol";
import { percent, text } from "../../i18n";
import { drawBars } from "../../ui/class-charts";
import { h } from "../../ui/dom";
import { channel, digitCanvas, drawGrey } from "../../ui/images";

const t = text.cnn;

export function drawProbabilities(target: HTMLElement, map: NamedMap, classes: string[]): void {
  const bars = map.values.map((p, i) => ({ label: classes[i], fill: p, value: p, shown: percent(p, 1) }));
  drawBars(target, bars, "cnn-probability");
}

/**
 * Every channel of every layer's activation map; `onPick(layer, channel, name)` on a click. The channels in
 * `dead[layer]` are marked as filters that never fired.
 */
export function drawActivations(
  target: HTMLElement,
  maps: NamedMap[],
  dead: number[][],
  onPick: (layer: number, channel: number, name: string) => void,
): void {
  target.replaceChildren(
    ...maps.map((map, layer) => {
      const [height, width, channels] = map.shape;
      const cells = Array.from({ length: channels }, (_, c) => {
        const never = dead[layer]?.includes(c) ?? false;
        const title = t.filterTitle(map.name, c);
        const canvas = h("canvas", {
          class: never ? "map dead" : "map",
          title: never ? `${title} — ${t.neverFired}` : title,
          "data-dead": never ? "" : undefined,
        });
        drawGrey(
          canvas,
          channel(map.values, height * width, channels, c),
          width,
          height,
          Math.max(1, Math.floor(56 / width)),
        );
        canvas.addEventListener("click", () => onPick(layer, c, map.name));
        return canvas;
      });
      return h("div", { class: "map-row" }, h("span", { class: "map-label" }, map.name), ...cells);
    }),
  );
}

/** One tile per (output filter, input channel) of each convolution, the first four inputs of each. */
export function drawFilters(target: HTMLElement, filters: NamedMap[]): void {
  target.replaceChildren(
    ...filters.map((f) => {
      const [k, , inputs, outputs] = f.shape;
      const cells = [];
      for (let o = 0; o < outputs; o++) {
        for (let i = 0; i < Math.min(inputs, 4); i++) {
          const canvas = h("canvas", { class: "map", title: t.filterTitle(f.name, o) });
          drawGrey(canvas, channel(f.values, k * k, inputs * outputs, i * outputs + o), k, k, 8);
          cells.push(canvas);
        }
      }
      return h(
        "div",
        { class: "map-row" },
        h("span", { class: "map-label" }, t.filterRow(f.name, Math.min(inputs, 4), inputs)),
        ...cells,
      );
    }),
  );
}

/** A caption and a row of test digits, each with its class below. */
export function showDigits(
  target: HTMLElement,
  caption: string,
  images: TestImage[],
  classes: string[],
): void {
  target.replaceChildren(h("p", {}, caption), ...images.map((image) => labelledDigit(image, classes)));
}

function labelledDigit(image: TestImage, classes: string[]): HTMLElement {
  const canvas = digitCanvas(image.pixels);
  canvas.dataset.testid = "cnn-digit";
  return h("figure", { class: "digit-figure" }, canvas, h("figcaption", {}, classes[image.label] ?? ""));
}

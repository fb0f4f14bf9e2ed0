// The inside lab's "every layer" view: each map of a chosen layer for the picture on show, the dead ones
// (that never fired on the lab's images) outlined, the layer's filters, and for a clicked map its strongest
// unit projected back to pixels by the deconvnet and guided backprop, beside the input square that unit can
// see, with the lab's images that excite it most cropped to that square.

import type { EngineClient } from "../../engine/client";
import type { Attribution, InsideInfo } from "../../engine/protocol";
import { formatted, text } from "../../i18n";
import { h } from "../../ui/dom";
import { channel, context2d, drawGrey } from "../../ui/images";
import { actions } from "../../ui/lab-layout";
import { crop, drawExplanation, drawInput } from "./maps";

/** The most maps of one layer shown; a 1000-channel layer is read in its first ones. */
const MAX_MAPS = 64;
/** Images (of the lab's set) a map must stay silent on to count as dead. */
const DEAD_OVER = 500;
const PROJECTIONS: Attribution[] = [{ kind: "deconvnet" }, { kind: "guided" }];
/** The top images of a unit: how many, from how many of the lab's images. */
const TOP_COUNT = 9;
const TOP_OVER = 2000;
/** A filter's or a crop's shown side, in CSS pixels. */
const THUMB = 40;

export function layersView(
  engine: EngineClient,
  side: number,
  failed: (what: string) => (error: unknown) => void,
) {
  const t = text.inside;
  const layerSelect = h("select", { "data-testid": "inside-layer" });
  const grid = h("div", { class: "inside-grid", "data-testid": "inside-layer-maps" });
  const deadButton = h("button", { type: "button", "data-testid": "inside-dead-run" }, t.findDead);
  const deadNote = h("p", { class: "note", "data-testid": "inside-dead-note" });
  const projectionCanvases = PROJECTIONS.map((m) =>
    h("canvas", { class: "inside-map", "data-testid": `inside-projection-${m.kind}` }),
  );
  const fieldCanvas = h("canvas", { class: "inside-map", "data-testid": "inside-field" });
  const filterGrid = h("div", { class: "inside-grid", "data-testid": "inside-filters" });
  const topGrid = h("div", { class: "inside-grid", "data-testid": "inside-top-images" });
  const topTitle = h("h3", {});
  const layersNote = h("p", { class: "hint" });
  const projectionRow = h(
    "div",
    { class: "inside-row", "data-testid": "inside-projection" },
    ...PROJECTIONS.map((m, i) =>
      h("figure", {}, projectionCanvases[i], h("figcaption", {}, t.methods[m.kind])),
    ),
    h("figure", {}, fieldCanvas, h("figcaption", {}, t.field)),
  );
  let info: InsideInfo | undefined;
  let input: Float32Array | undefined;
  /** The map clicked last: what "the clicked map" dreams for. */
  let clicked: { node: number; channel: number } | undefined;
  /** Per layer (in `info.layers` order), each map's largest value over the lab's images. */
  let peaks: number[][] | undefined;
  /** How many images the lab's set holds. */
  let images = 0;

  layerSelect.addEventListener("change", () => void showLayer().catch(failed(t.layersTitle)));
  deadButton.addEventListener("click", () => void findDead().catch(failed(t.findDead)));

  const element = h(
    "section",
    { class: "inside-layers" },
    h("h2", {}, t.layersTitle),
    layersNote,
    h("label", { class: "control" }, h("span", {}, t.layer), layerSelect),
    actions(deadButton),
    deadNote,
    grid,
    h("h3", {}, t.filters),
    filterGrid,
    projectionRow,
    topTitle,
    topGrid,
  );

  async function showLayer() {
    const layer = info?.layers.find((l) => String(l.node) === layerSelect.value);
    if (!info || !input || !layer) return;
    const shown = input;
    const values = await engine.call("inside/layer", { input: shown, node: layer.node });
    const layerPeaks = peaks?.[info.layers.indexOf(layer)];
    const pixels = layer.height * layer.width;
    const zoom = Math.max(1, Math.floor(56 / layer.width));
    const maps = Array.from({ length: Math.min(layer.channels, MAX_MAPS) }, (_, k) => {
      const canvas = h("canvas", {
        "data-testid": "inside-layer-map",
        "data-channel": k,
        class: layerPeaks && layerPeaks[k] <= 0 ? "dead" : undefined,
        title: layerPeaks && layerPeaks[k] <= 0 ? t.dead : t.channel(k),
        tabindex: 0,
        role: "button",
      });
      drawGrey(canvas, channel(values, pixels, layer.channels, k), layer.width, layer.height, zoom);
      const project = () => void projectStrongest(shown, layer.node, k, values).catch(failed(t.layersTitle));
      canvas.addEventListener("click", project);
      canvas.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") project();
      });
      return canvas;
    });
    grid.replaceChildren(...maps);
    grid.dataset.node = String(layer.node);
    await showFilters(layer.node);
  }

  /** A convolution's filters: as colour images where they read RGB (the first layer), else each output
   * filter's weights summed over its inputs, grey around zero. */
  async function showFilters(node: number) {
    const filters = await engine.call("inside/filters", node);
    filterGrid.replaceChildren();
    if (!filters || filters.shape.length !== 4) return;
    const [kh, kw, inputs, outputs] = filters.shape;
    const scale = Math.max(1e-12, ...filters.values.map(Math.abs));
    for (let k = 0; k < Math.min(outputs, MAX_MAPS); k++) {
      const rgba = new Uint8ClampedArray(kh * kw * 4);
      for (let p = 0; p < kh * kw; p++) {
        const at = (c: number) => filters.values[(p * inputs + c) * outputs + k];
        const colour =
          inputs === 3
            ? [at(0), at(1), at(2)]
            : Array(3).fill(
                Array.from({ length: inputs }, (_, c) => at(c)).reduce((a, b) => a + b, 0) /
                  Math.sqrt(inputs),
              );
        rgba.set([...colour.map((v) => 128 + 127 * (v / scale)), 255], p * 4);
      }
      const canvas = h("canvas", { "data-testid": "inside-filter", title: t.channel(k) });
      canvas.width = kw;
      canvas.height = kh;
      context2d(canvas).putImageData(new ImageData(rgba, kw, kh), 0, 0);
      canvas.style.width = canvas.style.height = `${THUMB}px`;
      filterGrid.append(canvas);
    }
  }

  /** The lab's images that excite channel `k` of `node` most, each cropped to the square its unit sees. */
  async function showTopImages(node: number, k: number) {
    topGrid.replaceChildren();
    if (!info || images === 0) return;
    const network = info;
    const top = await engine.call("inside/top-images", {
      node,
      channel: k,
      count: TOP_COUNT,
      limit: TOP_OVER,
    });
    for (const found of top) {
      const [image, field] = await Promise.all([
        engine.call("inside/image", found.index),
        engine.call("inside/receptive-field", { node, y: found.y, x: found.x }),
      ]);
      const part = crop(image.input, network, field);
      const canvas = h("canvas", {
        "data-testid": "inside-top-image",
        title: t.excites(formatted(found.value, 2)),
      });
      drawInput(canvas, part.values, part.shape, THUMB);
      topGrid.append(canvas);
    }
    topGrid.dataset.unit = `${node}:${k}`;
  }

  /** Channel `k`'s strongest unit of node `node`, projected back to pixels, and the square it sees. */
  async function projectStrongest(shown: Float32Array, node: number, k: number, values: Float32Array) {
    const layer = info?.layers.find((l) => l.node === node);
    if (!info || !layer) return;
    let best = 0;
    for (let p = 1; p < layer.height * layer.width; p++) {
      if (values[p * layer.channels + k] > values[best * layer.channels + k]) best = p;
    }
    const [y, x] = [Math.floor(best / layer.width), best % layer.width];
    clicked = { node, channel: k };
    const target = { kind: "unit" as const, node, index: best * layer.channels + k };
    const maps = await engine.call("inside/explain", {
      input: shown,
      target,
      methods: PROJECTIONS,
      randomised: 0,
    });
    maps.forEach((map, i) =>
      drawExplanation(projectionCanvases[i], map, PROJECTIONS[i], shown, info as InsideInfo, side),
    );
    const [top, left, bottom, right] = await engine.call("inside/receptive-field", { node, y, x });
    const inputWidth = info.width;
    drawInput(fieldCanvas, shown, info, side, (context, drawnSide) => {
      const scale = drawnSide / inputWidth;
      context.strokeStyle = "#f1c40f";
      context.lineWidth = 2;
      context.strokeRect(left * scale, top * scale, (right - left) * scale, (bottom - top) * scale);
    });
    projectionRow.dataset.unit = `${node}:${y}:${x}:${k}`;
    projectionRow.dataset.field = [top, left, bottom, right].join(",");
    await showTopImages(node, k);
  }

  async function findDead() {
    if (!info || images === 0) return;
    peaks = await engine.call("inside/channel-peaks", DEAD_OVER);
    const dead = peaks.map((layer) => layer.filter((p) => p <= 0).length);
    const named = (info.layers ?? [])
      .map((l, i) => [l.name, dead[i]] as const)
      .filter(([, count]) => count > 0);
    deadNote.dataset.dead = String(dead.reduce((a, b) => a + b, 0));
    deadNote.textContent =
      named.length === 0
        ? t.noDead(Math.min(images, DEAD_OVER))
        : t.deadIn(named.map(([n, c]) => `${n}: ${c}`).join(", "));
    await showLayer();
  }

  return {
    element,
    /** The map clicked last, if one was. */
    clicked: () => clicked,
    /** A new network: its layers to choose from (the last with maps first), nothing found dead yet. */
    network(next: InsideInfo) {
      info = next;
      clicked = undefined;
      peaks = undefined;
      deadNote.textContent = "";
      delete deadNote.dataset.dead;
      this.images(next.images);
      const spatial = next.layers.filter((l) => l.height > 1);
      layerSelect.replaceChildren(
        ...next.layers.map((l) =>
          h("option", { value: String(l.node) }, `${l.name}: ${l.height}×${l.width}×${l.channels}`),
        ),
      );
      layerSelect.value = String((spatial[0] ?? next.layers[0]).node);
    },
    /** The lab's set now holds `count` images: what finding dead maps and top images look through. */
    images(count: number) {
      images = count;
      deadButton.classList.toggle("hidden", count === 0);
      const over = Math.min(count, DEAD_OVER);
      layersNote.textContent = count === 0 ? t.layersNoImages : t.layersNote(over);
      topTitle.textContent = t.topImages(TOP_COUNT, Math.min(count, TOP_OVER));
    },
    /** A new picture: the chosen layer's maps for it. */
    async picture(next: Float32Array) {
      input = next;
      await showLayer();
    },
  };
}

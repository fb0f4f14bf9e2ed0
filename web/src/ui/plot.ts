// Canvas drawing for the labs: points and boundaries in the plane, value maps, and line charts.

import type { Domain, Point } from "../engine/protocol";
import { formatted } from "../i18n";
import { decimate, extent } from "./series";

export const CLASS_COLOURS = ["#e8873a", "#2b7bb9"] as const;

function context2d<C extends HTMLCanvasElement | OffscreenCanvas>(
  canvas: C,
): C extends HTMLCanvasElement ? CanvasRenderingContext2D : OffscreenCanvasRenderingContext2D {
  const context = canvas.getContext("2d");
  if (!context) throw new Error("this browser cannot draw on a 2D canvas");
  return context as never;
}

/** Each watched canvas's redraw and the width it was drawn at (`redrawWhenResized`). */
const drawnAt = new WeakMap<HTMLCanvasElement, { width: number; redraw: () => void }>();
let resizes: ResizeObserver | undefined;

/**
 * Draws `canvas` again with `redraw` when the page shows it at another width (the window resized, presenter
 * mode toggled): until then the browser stretches the old drawing. Only a change of width redraws, so a
 * drawing that keeps its size is drawn once.
 */
function redrawWhenResized(canvas: HTMLCanvasElement, redraw: () => void) {
  resizes ??= new ResizeObserver((entries) => {
    for (const { target } of entries) {
      // A canvas taken off the page (its lab was left) shrinks to nothing: it is never drawn again, and its
      // redraw would run the left lab's code (publishing its state to the exercise sheet of the next one).
      if (!target.isConnected) {
        resizes?.unobserve(target);
        drawnAt.delete(target as HTMLCanvasElement);
        continue;
      }
      const watched = drawnAt.get(target as HTMLCanvasElement);
      if (watched && (target as HTMLCanvasElement).clientWidth !== watched.width) watched.redraw();
    }
  });
  if (!drawnAt.has(canvas)) resizes.observe(canvas);
  drawnAt.set(canvas, { width: canvas.clientWidth, redraw });
}

/**
 * Sizes the canvas backing store for the screen's pixel density and for the size the page shows it at
 * (the stage grows with the window and in presenter mode), and returns a context in `width` × `height` units.
 * With `redraw` (the whole drawing again), the canvas is drawn afresh when it is shown at another width.
 */
export function prepare(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
  redraw?: () => void,
): CanvasRenderingContext2D {
  if (redraw) redrawWhenResized(canvas, redraw);
  const scale = (window.devicePixelRatio || 1) * Math.max(1, (canvas.clientWidth || 0) / width);
  if (canvas.width !== Math.round(width * scale)) canvas.width = Math.round(width * scale);
  if (canvas.height !== Math.round(height * scale)) canvas.height = Math.round(height * scale);
  const context = context2d(canvas);
  context.setTransform(scale, 0, 0, scale, 0, 0);
  context.clearRect(0, 0, width, height);
  return context;
}

/** Maps the plane's domain onto a square of `size` CSS pixels, y upwards. */
export class PlaneView {
  constructor(
    readonly domain: Domain,
    readonly size: number,
  ) {}

  toPixels(x: number, y: number): [number, number] {
    const span = this.domain.max - this.domain.min;
    return [((x - this.domain.min) / span) * this.size, ((this.domain.max - y) / span) * this.size];
  }

  fromPixels(px: number, py: number): [number, number] {
    const span = this.domain.max - this.domain.min;
    return [this.domain.min + (px / this.size) * span, this.domain.max - (py / this.size) * span];
  }
}

/** Orange (0) through white (0.5) to blue (1), the classes' colours. */
export function classShade(value: number): [number, number, number] {
  const v = Math.min(1, Math.max(0, value));
  const [from, to] = v < 0.5 ? [[232, 135, 58], 1 - 2 * v] : [[43, 123, 185], 2 * v - 1];
  return [0, 1, 2].map((i) => Math.round(255 + (from[i] - 255) * to * 0.75)) as [number, number, number];
}

/** Draws `resolution`² values in [0, 1] (row 0 at the top) stretched over the rectangle. */
export function drawMap(
  context: CanvasRenderingContext2D,
  values: ArrayLike<number>,
  resolution: number,
  rect: { x: number; y: number; width: number; height: number },
): void {
  const image = new ImageData(resolution, resolution);
  for (let i = 0; i < resolution * resolution; i++) {
    const [r, g, b] = classShade(values[i]);
    image.data.set([r, g, b, 255], 4 * i);
  }
  const tile = new OffscreenCanvas(resolution, resolution);
  context2d(tile).putImageData(image, 0, 0);
  context.imageSmoothingEnabled = true;
  context.drawImage(tile, rect.x, rect.y, rect.width, rect.height);
}

export function drawAxes(context: CanvasRenderingContext2D, view: PlaneView): void {
  context.strokeStyle = "#0002";
  context.lineWidth = 1;
  const [x0, y0] = view.toPixels(0, 0);
  context.beginPath();
  context.moveTo(x0, 0);
  context.lineTo(x0, view.size);
  context.moveTo(0, y0);
  context.lineTo(view.size, y0);
  context.stroke();
}

export function drawPoints(
  context: CanvasRenderingContext2D,
  view: PlaneView,
  points: Point[],
  style: { hollow?: boolean; highlight?: number } = {},
): void {
  points.forEach((point, index) => {
    const [px, py] = view.toPixels(point.x, point.y);
    const colour = CLASS_COLOURS[point.label];
    context.beginPath();
    context.arc(px, py, index === style.highlight ? 8 : 4.5, 0, 2 * Math.PI);
    if (style.hollow) {
      context.strokeStyle = colour;
      context.lineWidth = 2;
      context.stroke();
    } else {
      context.fillStyle = colour;
      context.fill();
      context.strokeStyle = index === style.highlight ? "#000" : "#fff";
      context.lineWidth = index === style.highlight ? 2.5 : 1;
      context.stroke();
    }
  });
}

/** Shades the two half-planes of w₁x + w₂y + b ≥ 0 and draws their border. */
export function drawHalfPlanes(
  context: CanvasRenderingContext2D,
  view: PlaneView,
  weights: [number, number],
  bias: number,
): void {
  const resolution = 64;
  const values = new Float32Array(resolution * resolution);
  const step = (view.domain.max - view.domain.min) / resolution;
  for (let row = 0; row < resolution; row++) {
    for (let col = 0; col < resolution; col++) {
      const x = view.domain.min + (col + 0.5) * step;
      const y = view.domain.max - (row + 0.5) * step;
      values[row * resolution + col] = weights[0] * x + weights[1] * y + bias >= 0 ? 0.7 : 0.3;
    }
  }
  context.save();
  context.imageSmoothingEnabled = false;
  drawMap(context, values, resolution, { x: 0, y: 0, width: view.size, height: view.size });
  context.restore();
  drawAxes(context, view);
  // The boundary, clipped to the view: solve for y along the left and right edges (or x if nearly vertical).
  const { min, max } = view.domain;
  const ends: [number, number][] =
    Math.abs(weights[1]) > Math.abs(weights[0])
      ? [min, max].map((x) => [x, -(weights[0] * x + bias) / weights[1]] as [number, number])
      : [min, max].map((y) => [-(weights[1] * y + bias) / weights[0], y] as [number, number]);
  if (ends.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y))) return;
  context.strokeStyle = "#222";
  context.lineWidth = 2;
  context.beginPath();
  context.moveTo(...view.toPixels(...ends[0]));
  context.lineTo(...view.toPixels(...ends[1]));
  context.stroke();
}

export interface Series {
  label: string;
  colour: string;
  values: number[];
}

export interface ChartOptions {
  width?: number;
  height?: number;
  /** What the last value stands for on the x axis (the epoch training reached); its index by default. */
  xEnd?: number;
}

/** A line chart of series over their index (epochs), with the y range taken from the data; any length. */
export function drawLineChart(canvas: HTMLCanvasElement, series: Series[], options: ChartOptions = {}): void {
  const { width = 360, height = 180 } = options;
  const context = prepare(canvas, width, height, () => drawLineChart(canvas, series, options));
  context.font = "11px system-ui, sans-serif";
  // The legend wraps onto more lines rather than running off the canvas; the plot starts below it.
  const legend = legendPlaces(context, series, width);
  const legendLines = Math.max(1, ...legend.map((place) => place.line + 1));
  const margin = { left: 44, right: 12, top: 6 + 12 * legendLines, bottom: 20 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const range = extent(series.flatMap((s) => s.values));
  const length = series.reduce((longest, s) => Math.max(longest, s.values.length), 2);
  const top = range?.max ?? 1;
  const bottom = Math.min(0, range?.min ?? 0);
  const span = top - bottom || 1;
  const toX = (i: number) => margin.left + (i / (length - 1)) * plotWidth;
  const toY = (v: number) => margin.top + (1 - (v - bottom) / span) * plotHeight;

  context.fillStyle = "#555";
  context.strokeStyle = "#ccc";
  context.strokeRect(margin.left, margin.top, plotWidth, plotHeight);
  context.textAlign = "right";
  context.fillText(formatTick(top), margin.left - 4, margin.top + 4);
  context.fillText(formatTick(bottom), margin.left - 4, margin.top + plotHeight);
  context.fillText(formatTick(options.xEnd ?? length - 1), width - 2, height - 6);

  series.forEach((s, i) => {
    context.strokeStyle = s.colour;
    context.lineWidth = 1.75;
    context.beginPath();
    decimate(s.values, Math.ceil(plotWidth)).forEach(({ index, value }, j) =>
      j === 0 ? context.moveTo(toX(index), toY(value)) : context.lineTo(toX(index), toY(value)),
    );
    context.stroke();
    context.fillStyle = s.colour;
    context.textAlign = "left";
    context.fillText(s.label, legend[i].x, 12 + 12 * legend[i].line);
  });
}

/**
 * Each series' legend entry: left to right from `start` (the plot's left edge), a new line when one would not
 * fit in `width`.
 */
export function legendPlaces(
  context: CanvasRenderingContext2D,
  series: readonly { label: string }[],
  width: number,
  start = 50,
) {
  let x = start;
  let line = 0;
  return series.map((s) => {
    const labelWidth = context.measureText(s.label).width;
    if (x > start && x + labelWidth > width - 2) {
      x = start;
      line++;
    }
    const place = { x, line };
    x += labelWidth + 16;
    return place;
  });
}

function formatTick(value: number): string {
  return formatted(value, Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : 2);
}

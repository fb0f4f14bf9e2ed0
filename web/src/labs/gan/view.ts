// The GAN lab's plane: the discriminator's belief as a map (blue where it says "real", orange where it says
// "fake"), the target's points and the generated ones, the noise square as the generator warps it, and on
// each generated point the way the generator's loss pushes it.

import type { PlaneGanView } from "../../engine/protocol";
import { text } from "../../i18n";
import { drawAxes, drawLineChart, drawMap, PlaneView, prepare } from "../../ui/plot";
import { DOMAIN } from "./settings";

export const PLANE_SIZE = 480;
export const REAL_COLOUR = "#1b7a3e";
export const FAKE_COLOUR = "#7b3fa0";
/** The longest arrow, in CSS pixels: arrows are scaled to the longest pull of the view. */
const ARROW = 28;

export interface Layers {
  map: boolean;
  mesh: boolean;
  arrows: boolean;
}

/** Losses per iteration, gathered from the worker's reports, drawn as one chart: both networks', and
 * pix2pix's L1 distance when `withL1`. */
export class LossCurves {
  private readonly series: { label: string; colour: string; values: number[] }[];

  constructor(withL1 = false) {
    const t = text.gan;
    this.series = [
      { label: t.discriminatorLoss, colour: "#2b7bb9", values: [] },
      { label: t.generatorLoss, colour: FAKE_COLOUR, values: [] },
      ...(withL1 ? [{ label: t.l1Loss, colour: REAL_COLOUR, values: [] }] : []),
    ];
  }

  /** A report's losses: one of each series, for each iteration in turn. */
  add(losses: ArrayLike<number>): void {
    for (let i = 0; i + this.series.length <= losses.length; i += this.series.length) {
      this.series.forEach((s, k) => s.values.push(losses[i + k]));
    }
  }

  clear(): void {
    for (const s of this.series) s.values = [];
  }

  draw(canvas: HTMLCanvasElement): void {
    drawLineChart(canvas, this.series);
  }
}

/** Draws the view (an empty plane before there are networks); the drawn target's bumps as crosses.
 * Returns the pixels-to-plane mapping. */
export function drawGanPlane(
  canvas: HTMLCanvasElement,
  view: PlaneGanView | undefined,
  layers: Layers,
  bumps: [number, number][],
): PlaneView {
  const plane = new PlaneView(DOMAIN, PLANE_SIZE);
  const redraw = () => drawGanPlane(canvas, view, layers, bumps);
  const context = prepare(canvas, PLANE_SIZE, PLANE_SIZE, redraw);
  if (view && layers.map) {
    drawMap(context, view.discriminator, view.cells, { x: 0, y: 0, width: PLANE_SIZE, height: PLANE_SIZE });
  }
  drawAxes(context, plane);
  if (view) {
    if (layers.mesh) drawMesh(context, plane, view.mesh, view.meshLines);
    drawDots(context, plane, view.real, REAL_COLOUR);
    drawDots(context, plane, view.fakes, FAKE_COLOUR);
    if (layers.arrows) drawArrows(context, plane, view.fakes, view.pull);
  }
  context.strokeStyle = "#000";
  context.lineWidth = 2;
  for (const [x, y] of bumps) {
    const [px, py] = plane.toPixels(x, y);
    context.beginPath();
    context.moveTo(px - 6, py - 6);
    context.lineTo(px + 6, py + 6);
    context.moveTo(px + 6, py - 6);
    context.lineTo(px - 6, py + 6);
    context.stroke();
  }
  return plane;
}

/** A dot of `colour` for a legend, drawn (the page's policy allows no inline styles). */
export function swatch(colour: string): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.className = "swatch";
  const context = prepare(canvas, 12, 12);
  context.fillStyle = colour;
  context.beginPath();
  context.arc(6, 6, 5, 0, 2 * Math.PI);
  context.fill();
  return canvas;
}

function drawDots(context: CanvasRenderingContext2D, plane: PlaneView, points: number[], colour: string) {
  context.fillStyle = colour;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const [px, py] = plane.toPixels(points[i], points[i + 1]);
    context.beginPath();
    context.arc(px, py, 2.5, 0, 2 * Math.PI);
    context.fill();
  }
}

/** The noise grid's rows and columns, joined where the generator sends them. */
function drawMesh(context: CanvasRenderingContext2D, plane: PlaneView, mesh: number[], lines: number) {
  const at = (row: number, column: number) =>
    plane.toPixels(mesh[2 * (row * lines + column)], mesh[2 * (row * lines + column) + 1]);
  context.strokeStyle = "#0005";
  context.lineWidth = 1;
  context.beginPath();
  for (let i = 0; i < lines; i++) {
    context.moveTo(...at(i, 0));
    for (let j = 1; j < lines; j++) context.lineTo(...at(i, j));
    context.moveTo(...at(0, i));
    for (let j = 1; j < lines; j++) context.lineTo(...at(j, i));
  }
  context.stroke();
}

function drawArrows(context: CanvasRenderingContext2D, plane: PlaneView, points: number[], pull: number[]) {
  let longest = 0;
  for (let i = 0; i + 1 < pull.length; i += 2) longest = Math.max(longest, Math.hypot(pull[i], pull[i + 1]));
  if (!(longest > 0)) return;
  context.strokeStyle = "#222a";
  context.lineWidth = 1;
  context.beginPath();
  for (let i = 0; i + 1 < points.length; i += 2) {
    const [px, py] = plane.toPixels(points[i], points[i + 1]);
    // The plane's y points up, the canvas's down.
    const [dx, dy] = [(pull[i] / longest) * ARROW, (-pull[i + 1] / longest) * ARROW];
    const length = Math.hypot(dx, dy);
    if (length < 1) continue;
    const [ex, ey] = [px + dx, py + dy];
    const [ux, uy] = [dx / length, dy / length];
    context.moveTo(px, py);
    context.lineTo(ex, ey);
    context.moveTo(ex - 4 * ux - 3 * uy, ey - 4 * uy + 3 * ux);
    context.lineTo(ex, ey);
    context.lineTo(ex - 4 * ux + 3 * uy, ey - 4 * uy - 3 * ux);
  }
  context.stroke();
}

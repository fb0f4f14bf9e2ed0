// What the detection lab draws over the frame: each box with its class and score, and optionally the
// heads' grids, each cell shaded by its highest objectness. The overlay canvas has the frame's pixel size
// and is stretched over the picture by CSS, so boxes are drawn in frame pixels as the engine returns them.

import type { DetectedBox, DetectionGrid } from "../../engine/protocol";
import { percent } from "../../i18n";
import { labelSpot, type Rect } from "./labels";

const COLOURS = ["#e8873a", "#2b7bb9", "#3a9e8f", "#b33c86", "#7a6a1d", "#5b4bb7"];

function colourOf(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLOURS[hash % COLOURS.length];
}

/**
 * Draws the boxes and grids of a `width` × `height` frame. `mirrored`: the frame is shown mirrored (the
 * webcam, as a mirror), so boxes and grids are drawn mirrored too, their labels still readable.
 */
export function drawOverlay(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
  boxes: DetectedBox[],
  grids: DetectionGrid[] | null,
  mirrored = false,
): void {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext("2d");
  if (!context) return;
  context.clearRect(0, 0, width, height);
  const line = Math.max(2, Math.round(Math.max(width, height) / 300));
  if (mirrored) context.setTransform(-1, 0, 0, 1, width, 0);
  for (const grid of grids ?? []) drawGrid(context, grid, width, height);
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.font = `${6 * line + 4}px system-ui, sans-serif`;
  context.lineWidth = line;
  const textHeight = 6 * line + 8;
  const placed: Rect[] = [];
  for (const { class: name, score, boxXywh } of boxes) {
    const [x, y, w, h] = boxXywh;
    const left = mirrored ? width - x - w : x;
    const colour = colourOf(name);
    context.strokeStyle = colour;
    context.strokeRect(left, y, w, h);
    const label = `${name} ${percent(score)}`;
    const labelWidth = context.measureText(label).width + 8;
    const spot = labelSpot({ x: left, y, width: labelWidth, height: textHeight }, width, height, placed);
    placed.push(spot);
    context.fillStyle = colour;
    context.fillRect(spot.x, spot.y, spot.width, spot.height);
    context.fillStyle = "#fff";
    context.fillText(label, spot.x + 4, spot.y + textHeight - 4);
  }
}

/** The grid's cell lines, and each cell tinted by its objectness. */
function drawGrid(context: CanvasRenderingContext2D, grid: DetectionGrid, width: number, height: number) {
  const [cellWidth, cellHeight] = [width / grid.cols, height / grid.rows];
  grid.objectness.forEach((value, cell) => {
    context.fillStyle = `rgba(220, 40, 40, ${0.6 * value})`;
    context.fillRect(
      (cell % grid.cols) * cellWidth,
      Math.floor(cell / grid.cols) * cellHeight,
      cellWidth,
      cellHeight,
    );
  });
  context.strokeStyle = "rgba(255, 255, 255, 0.5)";
  context.lineWidth = 1;
  context.beginPath();
  for (let col = 1; col < grid.cols; col++) {
    context.moveTo(col * cellWidth, 0);
    context.lineTo(col * cellWidth, height);
  }
  for (let row = 1; row < grid.rows; row++) {
    context.moveTo(0, row * cellHeight);
    context.lineTo(width, row * cellHeight);
  }
  context.stroke();
}

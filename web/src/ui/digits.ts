// Digits drawn on canvases: one at a place, in a row or a grid; and the codes (or noise vectors) evenly
// between two, whose decodings make a walk from one digit to the other.

import { prepare } from "./plot";

const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** Draws digit `index` of `images` ([n, 28 × 28] in [0, 1]) at (x, y), `size` pixels square. */
export function drawDigit(
  context: CanvasRenderingContext2D,
  images: ArrayLike<number>,
  index: number,
  x: number,
  y: number,
  size: number,
) {
  const picture = new ImageData(SIDE, SIDE);
  for (let i = 0; i < PIXELS; i++) {
    const v = Math.round(255 * Math.min(1, Math.max(0, images[index * PIXELS + i])));
    picture.data.set([v, v, v, 255], i * 4);
  }
  const tile = document.createElement("canvas");
  tile.width = SIDE;
  tile.height = SIDE;
  tile.getContext("2d")?.putImageData(picture, 0, 0);
  context.imageSmoothingEnabled = false;
  context.drawImage(tile, x, y, size, size);
}

/** `images` ([n, 28 × 28] in [0, 1]) in rows of `columns`, each `size` pixels square. */
export function drawDigitGrid(
  canvas: HTMLCanvasElement,
  images: ArrayLike<number>,
  columns: number,
  size = 48,
): void {
  const count = images.length / PIXELS;
  const rows = Math.max(1, Math.ceil(count / columns));
  const [width, height] = [Math.max(1, columns * (size + 4)), rows * (size + 4)];
  const context = prepare(canvas, width, height, () => drawDigitGrid(canvas, images, columns, size));
  context.clearRect(0, 0, width, height);
  for (let i = 0; i < count; i++)
    drawDigit(context, images, i, (i % columns) * (size + 4), Math.floor(i / columns) * (size + 4), size);
}

/** `images` in one row. */
export const drawStrip = (canvas: HTMLCanvasElement, images: ArrayLike<number>, size = 48): void =>
  drawDigitGrid(canvas, images, images.length / PIXELS, size);

/** `steps` codes evenly from `from` to `to` (both included), one after the other. */
export function interpolate(from: ArrayLike<number>, to: ArrayLike<number>, steps: number): Float32Array {
  const codes = new Float32Array(steps * from.length);
  for (let s = 0; s < steps; s++) {
    const t = steps === 1 ? 0 : s / (steps - 1);
    for (let i = 0; i < from.length; i++) codes[s * from.length + i] = (1 - t) * from[i] + t * to[i];
  }
  return codes;
}

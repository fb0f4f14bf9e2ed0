// Small images on canvases: grey digits, feature maps and filters (scaled to their own range), RGBA photos.

import { prepare } from "./plot";

/** Draws `values` (row-major, `width × height`) as grey, black at `low` and white at `high`, scaled by `zoom`. */
export function drawGrey(
  canvas: HTMLCanvasElement,
  values: ArrayLike<number>,
  width: number,
  height: number,
  zoom: number,
  range: { low: number; high: number } = rangeOf(values),
): void {
  paintGrey(prepare(canvas, width * zoom, height * zoom), values, width, height, zoom, range);
}

/** As `drawGrey`, onto `context` at its origin, leaving the rest of it as it is. */
export function paintGrey(
  context: CanvasRenderingContext2D,
  values: ArrayLike<number>,
  width: number,
  height: number,
  zoom: number,
  range: { low: number; high: number },
): void {
  const image = new ImageData(width, height);
  const span = range.high - range.low || 1;
  for (let i = 0; i < width * height; i++) {
    const v = Math.round(255 * Math.min(1, Math.max(0, (values[i] - range.low) / span)));
    image.data.set([v, v, v, 255], i * 4);
  }
  blit(context, image, zoom);
}

/** A canvas showing a 28 × 28 grey digit (bytes 0–255) at twice its size. */
export function digitCanvas(pixels: ArrayLike<number>): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.className = "digit";
  drawGrey(canvas, pixels, 28, 28, 2, { low: 0, high: 255 });
  return canvas;
}

export function drawRgba(
  canvas: HTMLCanvasElement,
  rgba: Uint8Array,
  width: number,
  height: number,
  zoom = 1,
): void {
  const context = prepare(canvas, width * zoom, height * zoom);
  blit(context, new ImageData(new Uint8ClampedArray(rgba), width, height), zoom);
}

/** A canvas's 2-D context; every browser the playground supports has one. */
export function context2d<C extends HTMLCanvasElement | OffscreenCanvas>(
  canvas: C,
  options?: CanvasRenderingContext2DSettings,
): C extends OffscreenCanvas ? OffscreenCanvasRenderingContext2D : CanvasRenderingContext2D {
  const context = canvas.getContext("2d", options) as ReturnType<typeof context2d<C>> | null;
  if (!context) throw new Error("this browser gives no 2-D canvas");
  return context;
}

/** Draws `image` at the context's origin, each pixel a `zoom` × `zoom` square. */
function blit(context: CanvasRenderingContext2D, image: ImageData, zoom: number) {
  const source = new OffscreenCanvas(image.width, image.height);
  context2d(source).putImageData(image, 0, 0);
  context.imageSmoothingEnabled = false;
  context.drawImage(source, 0, 0, image.width * zoom, image.height * zoom);
}

export function rangeOf(values: ArrayLike<number>): { low: number; high: number } {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < values.length; i++) {
    low = Math.min(low, values[i]);
    high = Math.max(high, values[i]);
  }
  return { low, high };
}

/** Channel `c` of an NHWC-style [h, w, channels] map (or of [k, k, in, out] filters with `stride` = in × out). */
export function channel(
  values: ArrayLike<number>,
  pixels: number,
  stride: number,
  offset: number,
): Float32Array {
  const out = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) out[i] = values[i * stride + offset];
  return out;
}

/** The RGBA pixels of an image file or element, scaled to fit `maxSide`. */
export async function rgbaOf(source: ImageBitmapSource, maxSide: number) {
  const bitmap = await createImageBitmap(source);
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(width, height);
  const context = context2d(canvas);
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return { width, height, rgba: new Uint8Array(context.getImageData(0, 0, width, height).data.buffer) };
}

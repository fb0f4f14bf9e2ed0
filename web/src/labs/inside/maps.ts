// Drawing the inside lab's images: a network input ([height, width, channels] in [0, 1]) as it is, a map
// of the input's shape as the method it came from is read, and a coarse Grad-CAM map over its input.

import type { Explanation, Attribution } from "../../engine/protocol";
import { context2d } from "../../ui/images";
import { prepare } from "../../ui/plot";

/** The largest |value| (at least a tiny positive number, so it can divide): a loop, as spreading 150 000
 * values into Math.max overflows the call stack. */
function largestMagnitude(values: ArrayLike<number>): number {
  let largest = 1e-12;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]));
  return largest;
}

/** The 99.5th percentile of |value|: the scale a map is drawn at, so that a few extreme pixels do not leave
 * the rest black (values beyond it are drawn at full strength). */
function robustMagnitude(values: ArrayLike<number>): number {
  const magnitudes = Float32Array.from(values, Math.abs).sort();
  return Math.max(1e-12, magnitudes[Math.floor(0.995 * (magnitudes.length - 1))]);
}

/** RGBA bytes of [height, width, channels] values, each channel mapped by `toByte`. */
function rgbaOf(
  values: ArrayLike<number>,
  channels: number,
  toByte: (v: number) => number,
): Uint8ClampedArray<ArrayBuffer> {
  const pixels = values.length / channels;
  const rgba = new Uint8ClampedArray(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) rgba[p * 4 + c] = toByte(values[p * channels + (channels === 1 ? 0 : c)]);
    rgba[p * 4 + 3] = 255;
  }
  return rgba;
}

/** Drawn over an image, given the side (CSS pixels) it was drawn at. */
type Overlay = (context: CanvasRenderingContext2D, side: number) => void;

/** Draws `rgba` (`width` × `height`) filling the canvas at the size it is shown (`side` CSS pixels where it
 * is not on the page yet), and again with `redraw` when that size changes; returns the side drawn at. */
function show(
  canvas: HTMLCanvasElement,
  rgba: Uint8ClampedArray<ArrayBuffer>,
  width: number,
  height: number,
  side: number,
  redraw: () => void,
): number {
  const shown = canvas.clientWidth || side;
  const context = prepare(canvas, shown, shown, redraw);
  const source = new OffscreenCanvas(width, height);
  context2d(source).putImageData(new ImageData(rgba, width, height), 0, 0);
  // Small inputs (MNIST) are shown as blocks, a coarse Grad-CAM map and photos smoothly.
  context.imageSmoothingEnabled = width >= 64;
  context.drawImage(source, 0, 0, shown, shown);
  return shown;
}

/** A network input as it is, with `overlay` drawn over it (given the side drawn at). */
export function drawInput(
  canvas: HTMLCanvasElement,
  input: ArrayLike<number>,
  shape: Shape,
  side: number,
  overlay?: Overlay,
): void {
  const shown = show(
    canvas,
    rgbaOf(input, shape.channels, (v) => 255 * v),
    shape.width,
    shape.height,
    side,
    () => drawInput(canvas, input, shape, side, overlay),
  );
  overlay?.(context2d(canvas), shown);
}

export interface Shape {
  height: number;
  width: number;
  channels: number;
}

/** The rectangle [top, left, bottom, right) of `input`, as an input of its own. */
export function crop(
  input: ArrayLike<number>,
  shape: Shape,
  [top, left, bottom, right]: number[],
): { values: Float32Array; shape: Shape } {
  const part = { height: bottom - top, width: right - left, channels: shape.channels };
  const values = new Float32Array(part.height * part.width * part.channels);
  for (let y = 0; y < part.height; y++) {
    const from = ((top + y) * shape.width + left) * shape.channels;
    for (let i = 0; i < part.width * part.channels; i++)
      values[y * part.width * part.channels + i] = input[from + i];
  }
  return { values, shape: part };
}

/** `perturbation` (adversarial − clean, within ±ε) amplified to fill the range: grey is no change. */
export function drawPerturbation(
  canvas: HTMLCanvasElement,
  perturbation: ArrayLike<number>,
  shape: Shape,
  side: number,
): void {
  const largest = largestMagnitude(perturbation);
  show(
    canvas,
    rgbaOf(perturbation, shape.channels, (v) => 128 + 127 * (v / largest)),
    shape.width,
    shape.height,
    side,
    () => drawPerturbation(canvas, perturbation, shape, side),
  );
}

/**
 * A map as its method is read: gradient saliency as the largest |gradient| over a pixel's channels (white is
 * most salient); the deconvnet's and guided backprop's projections as images around grey (their signs are
 * what they show); Grad-CAM as a heat map over the input.
 */
export function drawExplanation(
  canvas: HTMLCanvasElement,
  map: Explanation,
  method: Attribution,
  input: ArrayLike<number>,
  shape: Shape,
  side: number,
): void {
  const { values, channels } = map;
  const redraw = () => drawExplanation(canvas, map, method, input, shape, side);
  if (method.kind === "gradient") {
    const pixels = values.length / channels;
    const magnitude = new Float32Array(pixels);
    for (let p = 0; p < pixels; p++) {
      for (let c = 0; c < channels; c++)
        magnitude[p] = Math.max(magnitude[p], Math.abs(values[p * channels + c]));
    }
    const largest = robustMagnitude(magnitude);
    show(
      canvas,
      rgbaOf(magnitude, 1, (v) => 255 * (v / largest)),
      map.width,
      map.height,
      side,
      redraw,
    );
  } else if (method.kind === "grad-cam") {
    const largest = largestMagnitude(values);
    const heat = new Uint8ClampedArray(values.length * 4);
    values.forEach((v, i) =>
      heat.set([255, Math.round(200 * (1 - v / largest)), 0, Math.round(200 * (v / largest))], i * 4),
    );
    const source = new OffscreenCanvas(map.width, map.height);
    context2d(source).putImageData(new ImageData(heat, map.width, map.height), 0, 0);
    drawInput(canvas, input, shape, side, (context, shown) => {
      context.imageSmoothingEnabled = true;
      context.drawImage(source, 0, 0, shown, shown);
    });
  } else {
    const largest = robustMagnitude(values);
    show(
      canvas,
      rgbaOf(values, channels, (v) => 128 + 127 * (v / largest)),
      map.width,
      map.height,
      side,
      redraw,
    );
  }
}

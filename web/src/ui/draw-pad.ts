// The draw-a-digit pad: white ink on black like MNIST, reported as ink values while the user draws. A lab can
// put a digit on it, and hand the attendee a noise brush that rubs salt and pepper onto it instead of ink.

import { h } from "./dom";
import { context2d } from "./images";

const SIZE = 224;
const BRUSH = 16;
/** The noise brush: the side of one grain (a pixel of a 28 × 28 digit on the pad), and grains per stroke
 * segment. */
const GRAIN = SIZE / 28;
const GRAINS = 6;

export type Brush = "ink" | "noise";

export interface DrawPad {
  element: HTMLElement;
  clear(): void;
  /** Puts `image` (side × side values in [0, 1]) on the pad, filling it, and reports it. */
  show(image: ArrayLike<number>, side: number): void;
  brush: Brush;
}

/** Calls `onInk(ink, side)` (side × side values 0–255) at most once per animation frame while drawing. */
export function drawPad(
  testId: string,
  clearLabel: string,
  onInk: (ink: Uint8Array, side: number) => void,
): DrawPad {
  const canvas = h("canvas", { class: "draw-pad", "data-testid": testId, width: SIZE, height: SIZE });
  const context = context2d(canvas, { willReadFrequently: true });
  let drawing = false;
  let last: { x: number; y: number } | undefined;
  let queued = false;

  const clear = () => {
    context.fillStyle = "#000";
    context.fillRect(0, 0, SIZE, SIZE);
  };
  const report = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      const rgba = context.getImageData(0, 0, SIZE, SIZE).data;
      const ink = new Uint8Array(SIZE * SIZE);
      for (let i = 0; i < ink.length; i++) ink[i] = rgba[i * 4];
      onInk(ink, SIZE);
    });
  };
  const at = (event: PointerEvent) => {
    const box = canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) * SIZE) / box.width,
      y: ((event.clientY - box.top) * SIZE) / box.height,
    };
  };
  canvas.addEventListener("pointerdown", (event) => {
    drawing = true;
    last = at(event);
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!drawing || !last) return;
    const next = at(event);
    if (pad.brush === "ink") {
      context.strokeStyle = "#fff";
      context.lineWidth = BRUSH;
      context.lineCap = "round";
      context.beginPath();
      context.moveTo(last.x, last.y);
      context.lineTo(next.x, next.y);
      context.stroke();
    } else {
      sprinkle(next);
    }
    last = next;
    report();
  });
  /** Salt and pepper around `at`: grains of a digit's pixel, each white or black, on the grid of pixels. */
  const sprinkle = (at: { x: number; y: number }) => {
    for (let i = 0; i < GRAINS; i++) {
      const angle = Math.random() * 2 * Math.PI;
      const radius = Math.random() * BRUSH;
      const x = Math.floor((at.x + radius * Math.cos(angle)) / GRAIN) * GRAIN;
      const y = Math.floor((at.y + radius * Math.sin(angle)) / GRAIN) * GRAIN;
      context.fillStyle = Math.random() < 0.5 ? "#fff" : "#000";
      context.fillRect(x, y, GRAIN, GRAIN);
    }
  };
  const stop = () => {
    drawing = false;
    last = undefined;
  };
  canvas.addEventListener("pointerup", stop);
  canvas.addEventListener("pointercancel", stop);
  clear();
  const clearButton = h("button", { type: "button", "data-testid": `${testId}-clear` }, clearLabel);
  clearButton.addEventListener("click", () => {
    clear();
    report();
  });
  const show = (image: ArrayLike<number>, side: number) => {
    const pixels = new ImageData(side, side);
    for (let i = 0; i < side * side; i++) {
      const v = Math.round(Math.min(1, Math.max(0, image[i])) * 255);
      pixels.data.set([v, v, v, 255], 4 * i);
    }
    const tile = new OffscreenCanvas(side, side);
    context2d(tile).putImageData(pixels, 0, 0);
    context.imageSmoothingEnabled = false;
    context.drawImage(tile, 0, 0, SIZE, SIZE);
    report();
  };
  const pad: DrawPad = {
    element: h("div", { class: "draw" }, canvas, clearButton),
    clear,
    show,
    brush: "ink",
  };
  return pad;
}

/** `ink` (side × side, 0–255) averaged down to `to` × `to` values in [0, 1]; `side` is a multiple of `to`. */
export function shrink(ink: Uint8Array, side: number, to: number): Float32Array {
  const block = side / to;
  const out = new Float32Array(to * to);
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++)
      out[Math.floor(y / block) * to + Math.floor(x / block)] += ink[y * side + x] / (255 * block * block);
  return out;
}

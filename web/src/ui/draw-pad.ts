// The draw-a-digit pad: white ink on black like MNIST, reported as ink values while the user draws.

import { h } from "./dom";
import { context2d } from "./images";

const SIZE = 224;
const BRUSH = 16;

export interface DrawPad {
  element: HTMLElement;
  clear(): void;
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
    context.strokeStyle = "#fff";
    context.lineWidth = BRUSH;
    context.lineCap = "round";
    context.beginPath();
    context.moveTo(last.x, last.y);
    context.lineTo(next.x, next.y);
    context.stroke();
    last = next;
    report();
  });
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
  return { element: h("div", { class: "draw" }, canvas, clearButton), clear };
}

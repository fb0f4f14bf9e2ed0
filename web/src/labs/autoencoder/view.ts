// The autoencoder lab's pictures: rows of digits (what goes in, what comes back, the original) with their
// PSNR, the test set's 2-D codes as a scatter coloured by class, and strips of decoded digits.

import type { AutoencoderSamples, CodeMap } from "../../engine/protocol";
import { formatted } from "../../i18n";
import { drawDigit } from "../../ui/digits";
import { prepare } from "../../ui/plot";

const SIDE = 28;
const PIXELS = SIDE * SIDE;
/** Ten classes told apart at a glance (and by colour-blind eyes: no red beside green). */
export const DIGIT_COLOURS = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

/** The grid: one column per test digit, rows input (with its PSNR), reconstruction (with its PSNR), original. */
export function drawSamples(
  canvas: HTMLCanvasElement,
  samples: AutoencoderSamples,
  rowLabels: { input: string; output: string; clean: string },
): void {
  const count = samples.clean.length / PIXELS;
  const size = 48;
  const gap = 6;
  const labelWidth = 96;
  const rowHeight = size + 16;
  const width = labelWidth + count * (size + gap);
  const context = prepare(canvas, width, 3 * rowHeight, () => drawSamples(canvas, samples, rowLabels));
  context.clearRect(0, 0, width, 3 * rowHeight);
  context.font = "11px system-ui, sans-serif";
  const rows: [string, ArrayLike<number>, number[] | undefined][] = [
    [rowLabels.input, samples.inputs, samples.inputPsnr],
    [rowLabels.output, samples.outputs, samples.outputPsnr],
    [rowLabels.clean, samples.clean, undefined],
  ];
  rows.forEach(([label, images, psnr], row) => {
    const y = row * rowHeight;
    context.fillStyle = "#333";
    context.textAlign = "left";
    context.fillText(label, 0, y + size / 2 + 4);
    for (let i = 0; i < count; i++) {
      const x = labelWidth + i * (size + gap);
      drawDigit(context, images, i, x, y, size);
      if (psnr) {
        context.fillStyle = "#555";
        context.textAlign = "center";
        context.fillText(`${formatted(psnr[i], 1)} dB`, x + size / 2, y + size + 12);
      }
    }
  });
}

/** Where a 2-D code map sits on its canvas: code ↔ canvas units. */
export interface MapView {
  toCode(x: number, y: number): [number, number];
}

/** The test set's 2-D codes as dots coloured by class, with the class colours' key; how to read it back. */
export function drawCodeMap(canvas: HTMLCanvasElement, map: CodeMap, size = 360): MapView {
  const n = map.labels.length;
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    const [x, y] = [map.codes[2 * i], map.codes[2 * i + 1]];
    [minX, maxX, minY, maxY] = [Math.min(minX, x), Math.max(maxX, x), Math.min(minY, y), Math.max(maxY, y)];
  }
  const pad = 0.05 * Math.max(maxX - minX, maxY - minY, 1e-6);
  [minX, maxX, minY, maxY] = [minX - pad, maxX + pad, minY - pad, maxY + pad];
  const toCanvas = (x: number, y: number): [number, number] => [
    ((x - minX) / (maxX - minX)) * size,
    (1 - (y - minY) / (maxY - minY)) * size,
  ];
  const context = prepare(canvas, size, size + 16, () => drawCodeMap(canvas, map, size));
  context.fillStyle = "#fff";
  context.fillRect(0, 0, size, size + 16);
  context.strokeStyle = "#ccc";
  context.strokeRect(0, 0, size, size);
  for (let i = 0; i < n; i++) {
    const [x, y] = toCanvas(map.codes[2 * i], map.codes[2 * i + 1]);
    context.fillStyle = DIGIT_COLOURS[map.labels[i] % DIGIT_COLOURS.length];
    context.fillRect(x - 1.5, y - 1.5, 3, 3);
  }
  context.font = "11px system-ui, sans-serif";
  context.textAlign = "left";
  DIGIT_COLOURS.forEach((colour, digit) => {
    context.fillStyle = colour;
    context.fillText(String(digit), 4 + digit * (size / 10), size + 13);
  });
  return {
    toCode: (x, y) => [minX + (x / size) * (maxX - minX), minY + (1 - y / size) * (maxY - minY)],
  };
}

// The compression lab's chart: every tried setting as a point, file size (log scale) against test accuracy,
// with the Pareto front drawn through the ones nothing beats, the float32 original ringed and the latest
// setting filled.

import { formatted } from "../../i18n";
import { prepare } from "../../ui/plot";
import { paretoFront, type Tried } from "./pareto";

export interface ChartWords {
  size: string;
  accuracy: string;
  front: string;
  original: string;
}

const WIDTH = 560;
const HEIGHT = 300;
const MARGIN = { left: 48, right: 14, top: 22, bottom: 36 };
const FRONT_COLOUR = "#2b7bb9";
const POINT_COLOUR = "#e8873a";

/** A size in bytes as the axis labels it: B, kB or MB. */
export function bytesLabel(bytes: number): string {
  if (bytes >= 1e6) return `${formatted(bytes / 1e6, bytes >= 1e7 ? 0 : 1)} MB`;
  if (bytes >= 1e3) return `${formatted(bytes / 1e3, bytes >= 1e4 ? 0 : 1)} kB`;
  return `${formatted(bytes)} B`;
}

/** Draws `points` (the original first) on `canvas`; `latest`: the index of the setting just tried. */
export function drawPareto(
  canvas: HTMLCanvasElement,
  points: readonly Tried[],
  latest: number,
  words: ChartWords,
): void {
  const context = prepare(canvas, WIDTH, HEIGHT, () => drawPareto(canvas, points, latest, words));
  context.font = "11px system-ui, sans-serif";
  const plot = {
    width: WIDTH - MARGIN.left - MARGIN.right,
    height: HEIGHT - MARGIN.top - MARGIN.bottom,
  };
  const logs = points.map((p) => Math.log10(Math.max(1, p.bytes)));
  const [low, high] = [Math.floor(Math.min(3, ...logs)), Math.ceil(Math.max(4, ...logs))];
  const accuracies = points.map((p) => p.accuracy);
  const bottom = Math.max(0, Math.floor(Math.min(0.9, ...accuracies) * 10) / 10);
  const toX = (bytes: number) =>
    MARGIN.left + ((Math.log10(Math.max(1, bytes)) - low) / (high - low)) * plot.width;
  const toY = (accuracy: number) => MARGIN.top + (1 - (accuracy - bottom) / (1 - bottom)) * plot.height;

  context.strokeStyle = "#ccc";
  context.strokeRect(MARGIN.left, MARGIN.top, plot.width, plot.height);
  context.fillStyle = "#555";
  for (let power = low; power <= high; power++) {
    // The end labels stay inside the canvas.
    context.textAlign = power === low ? "left" : power === high ? "right" : "center";
    context.fillText(bytesLabel(10 ** power), toX(10 ** power), HEIGHT - MARGIN.bottom + 14);
  }
  context.textAlign = "center";
  context.fillText(words.size, MARGIN.left + plot.width / 2, HEIGHT - 4);
  context.textAlign = "right";
  for (const accuracy of [bottom, (bottom + 1) / 2, 1]) {
    context.fillText(`${formatted(accuracy * 100)} %`, MARGIN.left - 4, toY(accuracy) + 4);
  }
  context.textAlign = "left";
  context.fillText(words.accuracy, MARGIN.left, 12);

  const front = paretoFront(points);
  context.strokeStyle = FRONT_COLOUR;
  context.lineWidth = 1.5;
  context.beginPath();
  front.forEach((i, n) => {
    const [x, y] = [toX(points[i].bytes), toY(points[i].accuracy)];
    if (n === 0) context.moveTo(x, y);
    else context.lineTo(x, y);
  });
  context.stroke();
  context.fillStyle = FRONT_COLOUR;
  context.fillText(words.front, MARGIN.left + plot.width - context.measureText(words.front).width, 12);

  points.forEach((point, i) => {
    const [x, y] = [toX(point.bytes), toY(point.accuracy)];
    context.beginPath();
    context.arc(x, y, i === latest ? 5 : 3.5, 0, 2 * Math.PI);
    context.fillStyle = front.includes(i) ? FRONT_COLOUR : POINT_COLOUR;
    context.strokeStyle = context.fillStyle;
    if (i === 0) {
      context.stroke();
      context.fillText(words.original, x - context.measureText(words.original).width - 6, y - 6);
    } else context.fill();
  });
}

// The backends lab's chart: time per run against size, both axes logarithmic, one line per backend, and
// the size from which the GPU wins marked by a vertical line.

import { legendPlaces, prepare } from "../../ui/plot";
import type { Point } from "./sweeps";

export interface ChartLine {
  label: string;
  colour: string;
  points: Point[];
  dashed?: boolean;
}

const WIDTH = 520;
const HEIGHT = 280;
/** The top margin holds the legend, as many lines of it as the labels need. */
const MARGIN = { left: 52, right: 12, bottom: 34 };

function formatMs(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Draws `lines` over the sweep's `sizes`, and a labelled vertical line at `marker.size` when given. */
export function drawLogLogChart(
  canvas: HTMLCanvasElement,
  sizes: number[],
  lines: ChartLine[],
  axisLabel: string,
  marker?: { size: number; label: string },
): void {
  const context = prepare(canvas, WIDTH, HEIGHT, () =>
    drawLogLogChart(canvas, sizes, lines, axisLabel, marker),
  );
  context.font = "11px system-ui, sans-serif";
  const legend = legendPlaces(context, lines, WIDTH, MARGIN.left);
  const top = 10 + 12 * Math.max(1, ...legend.map((place) => place.line + 1));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - top - MARGIN.bottom;
  const times = lines.flatMap((line) => line.points.map((p) => p.ms)).filter((ms) => ms > 0);
  // Whole decades, so the grid lines read 0.01 ms, 0.1 ms, 1 ms…
  const low = Math.floor(Math.log10(times.length ? Math.min(...times) : 0.01));
  const high = Math.max(low + 1, Math.ceil(Math.log10(times.length ? Math.max(...times) : 1)));
  const [first, last] = [Math.log(sizes[0]), Math.log(sizes[sizes.length - 1])];
  const toX = (size: number) =>
    MARGIN.left + (last > first ? ((Math.log(size) - first) / (last - first)) * plotWidth : plotWidth / 2);
  const toY = (ms: number) => top + (1 - (Math.log10(ms) - low) / (high - low)) * plotHeight;

  context.lineWidth = 1;
  context.strokeStyle = "#ccc";
  context.strokeRect(MARGIN.left, top, plotWidth, plotHeight);
  context.fillStyle = "#555";
  context.textAlign = "right";
  for (let decade = low; decade <= high; decade++) {
    const y = toY(10 ** decade);
    context.strokeStyle = "#eee";
    context.beginPath();
    context.moveTo(MARGIN.left, y);
    context.lineTo(MARGIN.left + plotWidth, y);
    context.stroke();
    context.fillText(formatMs(Number((10 ** decade).toPrecision(1))), MARGIN.left - 4, y + 4);
  }
  context.textAlign = "center";
  for (const size of sizes) context.fillText(String(size), toX(size), HEIGHT - MARGIN.bottom + 14);
  context.fillText(axisLabel, MARGIN.left + plotWidth / 2, HEIGHT - 4);

  if (marker) {
    const x = toX(marker.size);
    context.strokeStyle = "#b33";
    context.setLineDash([4, 3]);
    context.beginPath();
    context.moveTo(x, top);
    context.lineTo(x, top + plotHeight);
    context.stroke();
    context.setLineDash([]);
    context.fillStyle = "#b33";
    context.textAlign = x > MARGIN.left + plotWidth / 2 ? "right" : "left";
    context.fillText(marker.label, x + (context.textAlign === "right" ? -4 : 4), top + 12);
  }

  lines.forEach((line, i) => {
    context.strokeStyle = line.colour;
    context.fillStyle = line.colour;
    context.lineWidth = 2;
    context.setLineDash(line.dashed ? [5, 4] : []);
    context.beginPath();
    line.points.forEach(({ size, ms }, i) =>
      i === 0 ? context.moveTo(toX(size), toY(ms)) : context.lineTo(toX(size), toY(ms)),
    );
    context.stroke();
    context.setLineDash([]);
    for (const { size, ms } of line.points) context.fillRect(toX(size) - 2, toY(ms) - 2, 4, 4);
    context.textAlign = "left";
    context.fillText(line.label, legend[i].x, 12 + 12 * legend[i].line);
  });
}

// Charts hold any number of points: the MLP lab records one loss per epoch, thousands a second at full speed.
import { expect, test } from "@playwright/test";
import { decimate, extent } from "../../web/src/ui/series";

/** A 2D context that accepts every call and remembers the points of each line drawn. */
function recordingCanvas() {
  const lines: [number, number][][] = [];
  const texts: { text: string; x: number; y: number; width: number }[] = [];
  const context = new Proxy(
    {
      measureText: (text: string) => ({ width: 6 * text.length }),
      beginPath: () => lines.push([]),
      moveTo: (x: number, y: number) => lines.at(-1)?.push([x, y]),
      lineTo: (x: number, y: number) => lines.at(-1)?.push([x, y]),
      fillText: (text: string, x: number, y: number) => texts.push({ text, x, y, width: 6 * text.length }),
    } as Record<string | symbol, unknown>,
    { get: (target, key) => target[key] ?? (() => {}), set: () => true },
  );
  const canvas = { width: 0, height: 0, getContext: () => context };
  return { canvas: canvas as unknown as HTMLCanvasElement, lines, texts };
}

test.beforeAll(() => {
  // What ui/plot.ts and the i18n module read of the browser when they load.
  for (const [name, value] of Object.entries({
    window: { devicePixelRatio: 1 },
    // Nothing is shown here, so nothing is ever resized.
    ResizeObserver: class {
      observe() {}
    },
    location: { search: "" },
    navigator: { languages: ["en"] },
  })) {
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
});

test("a line chart of 500 000 values draws, with a few points per pixel column", async () => {
  const { drawLineChart } = await import("../../web/src/ui/plot");
  const { canvas, lines } = recordingCanvas();
  const values = Array.from({ length: 500_000 }, (_, i) => 1 / (1 + i / 1000));
  values[123_456] = 7; // a spike must survive the thinning
  drawLineChart(canvas, [{ label: "loss", colour: "#000", values }]);
  const line = lines.find((points) => points.length > 100) ?? [];
  expect(line.length).toBeLessThanOrEqual(2 * 360 + 1);
  const ys = line.map(([, y]) => y);
  // y grows downwards: the spike is the chart's top edge (margin 18 px).
  expect(Math.min(...ys)).toBeCloseTo(18, 5);
});

test("a legend too long for one line wraps onto the next instead of running off the chart", async () => {
  const { drawLineChart } = await import("../../web/src/ui/plot");
  const { canvas, texts } = recordingCanvas();
  const labels = ["train accuracy (last batches)", "test accuracy (per epoch)"];
  drawLineChart(
    canvas,
    labels.map((label) => ({ label, colour: "#000", values: [0.1, 0.5, 0.9] })),
    { width: 300 },
  );
  const legend = texts.filter((t) => labels.includes(t.text));
  expect(legend).toHaveLength(2);
  for (const entry of legend) expect(entry.x + entry.width).toBeLessThanOrEqual(300);
  expect(legend[1].y).toBeGreaterThan(legend[0].y);
});

test("extent goes through any number of values and skips the non-finite ones", () => {
  const values = Array.from({ length: 1_000_000 }, (_, i) => Math.sin(i));
  values[10] = NaN;
  values[11] = Infinity;
  values[12] = 5;
  values[13] = -5;
  expect(extent(values)).toEqual({ min: -5, max: 5 });
  expect(extent([NaN])).toBeUndefined();
});

test("decimate keeps each column's lowest and highest value in order, and the last value", () => {
  const values = Array.from({ length: 10_000 }, (_, i) => i % 100);
  const kept = decimate(values, 50);
  expect(kept.length).toBeLessThanOrEqual(101);
  const indices = kept.map((p) => p.index);
  expect(indices).toEqual([...indices].sort((a, b) => a - b));
  expect(kept.every((p) => p.value === values[p.index])).toBe(true);
  // One highest and one lowest per column of 200 values, then the last value.
  expect(kept.filter((p) => p.value === 99 && p.index !== 9_999).length).toBe(50);
  expect(kept.filter((p) => p.value === 0).length).toBe(50);
  expect(kept.at(-1)?.index).toBe(9_999);
  // Short series are kept whole.
  expect(decimate([1, 2, 3], 50).map((p) => p.value)).toEqual([1, 2, 3]);
});

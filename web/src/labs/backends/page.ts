// The backends lab (#/backends): "is the GPU always better than the CPU?", answered on the attendee's own
// machine. The same work (matmul, convolutions, a training step, a detector frame) runs at growing sizes on
// every backend the engine has, each wasm build included; WebGPU's time is split into upload, compute and
// readback. The measuring runs in the engine worker, one point per call, so the page stays responsive and
// Stop takes effect after the current point.

import { EngineClient } from "../../engine/client";
import { measuredOn } from "../../engine/measured-on";
import type { EngineBackend, Environment, Measurement } from "../../engine/protocol";
import { backendsSheet } from "../../exercises/backends";
import { sheetPanel } from "../../exercises/panel";
import { formatted, text, whyNoWebgpu } from "../../i18n";
import type { Page } from "../../router";
import { checkbox, downloadFile, h } from "../../ui/dom";
import { environment, environmentTable } from "../../ui/environment-panel";
import { backendsView } from "./view";
import { reportFailure } from "../../ui/notices";
import { drawLogLogChart, type ChartLine } from "./chart";
import {
  crossover,
  estimateMs,
  MAX_RUN_MS,
  SWEEPS,
  type Point,
  type Row,
  type Sweep,
  type SweepId,
} from "./sweeps";

/**
 * One line of the chart: a backend in one wasm build, measured through its own engine worker, on at most
 * `threads` threads (all its worker has when not given).
 */
interface Series {
  key: string;
  label: string;
  backend: EngineBackend;
  engine: EngineClient;
  colour: string;
  threads?: number;
}

/** The series a row belongs to: its backend, and for SIMD its build and thread count. */
const seriesKey = (backend: EngineBackend, build: string, threads: number) =>
  backend !== "simd" ? backend : build === "threads" ? `simd-threads-${threads}` : `simd-${build}`;

/** The thread counts the lab sweeps on a threaded build of `threads`: doubling from 1, then all of them. */
const threadSweep = (threads: number): number[] => {
  const counts = [];
  for (let n = 1; n < threads; n *= 2) counts.push(n);
  return [...counts, threads];
};

/** Milliseconds each point is timed for, after its cold and warm-up runs. */
const BUDGET_MS = { full: 400, quick: 60 };

function toRow(sweep: Sweep, size: number, series: Series, m: Measurement): Row {
  return {
    workload: sweep.id,
    size,
    ...measuredOn(m, series.backend),
    first_ms: m.first_ms,
    upload_ms: m.upload_ms,
    compute_ms: m.median_ms,
    kernel_ms: m.kernel_ms,
    readback_ms: m.readback_ms,
    total_ms: m.upload_ms + m.median_ms + m.readback_ms,
    gflops: m.gflops,
    samples_per_s: m.samples_per_s,
    repeats: m.repeats,
  };
}

function toCsv(rows: Row[]): string {
  if (rows.length === 0) return "";
  const keys = Object.keys(rows[0]) as (keyof Row)[];
  return (
    [keys.join(","), ...rows.map((row) => keys.map((key) => row[key] ?? "").join(","))].join("\n") + "\n"
  );
}

/** The sweeps the address names (`sweeps=matmul,train-batch`), or every sweep. */
function sweepsIn(query: URLSearchParams): SweepId[] {
  const named = (query.get("sweeps") ?? "").split(",");
  const known = SWEEPS.map((s) => s.id).filter((id) => named.includes(id));
  return known.length > 0 ? known : SWEEPS.map((s) => s.id);
}

const isChecked = (label: HTMLLabelElement | undefined) => label?.querySelector("input")?.checked === true;

export const backendsLab: Page = (container, query, engine, visit) => {
  const t = text.backends;
  const rows: Row[] = [];
  let series: Series[] = [];
  let plainSimdEngine: EngineClient | undefined;
  let running: AbortController | undefined;
  let env: Environment | undefined;

  let seriesChecks = new Map<string, HTMLLabelElement>();
  const exercises = sheetPanel(backendsSheet, text.exercises.backends.tasks, visit);
  /** What the exercise sheet checks: whether WebGPU is here, and every point measured so far. */
  const publishMeasured = () =>
    exercises.publish({ webgpu: env?.webgpu.available ?? false, rows: [...rows] });
  const {
    sweepBoxes,
    seriesBoxes,
    quick,
    runButton,
    stopButton,
    progress,
    status,
    machine,
    charts,
    tableBody,
    downloadJson,
    downloadCsv,
  } = backendsView(container, query.get("quick") === "1", sweepsIn(query), exercises.element);

  // --- The machine and its series ----------------------------------------------------------------------------

  environment(engine).then((found) => {
    env = found;
    machine.replaceChildren(
      environmentTable(found),
      h("p", { "data-testid": "backends-adapter-note" }, adapterNote(found)),
      h("p", { "data-testid": "backends-threads-note" }, t.threadsNote(found.threads)),
    );
    series = seriesFor(found);
    seriesChecks = new Map(series.map((s) => [s.key, checkbox(`backends-series-${s.key}`, s.label, true)]));
    seriesBoxes.replaceChildren(...seriesChecks.values());
    runButton.disabled = false;
    publishMeasured();
    if (query.get("run") === "1") void run();
  }, reportFailure(t.machineTitle));

  function adapterNote(found: Environment): string {
    if (!found.webgpu.available) return t.noWebgpu(whyNoWebgpu(found.webgpu));
    return found.webgpu.software ? t.softwareAdapter : t.hardwareAdapter;
  }

  function seriesFor(found: Environment): Series[] {
    const list: Series[] = [
      { key: "scalar", label: t.seriesNames.scalar, backend: "scalar", engine, colour: "#888" },
    ];
    // The page's engine runs the best build this browser has: on a threaded one, the SIMD backend on all its
    // threads first, then on fewer, so the lab shows how many cores are worth it.
    const simdColours = ["#2b7bb9", "#7b5bb9", "#b95b9e", "#5b8fb9"];
    const threadCounts = found.build === "threads" ? threadSweep(found.threads).reverse() : [found.threads];
    threadCounts.forEach((threads, i) =>
      list.push({
        key: seriesKey("simd", found.build, threads),
        label:
          found.build === "threads" ? t.seriesNames.simdThreads(threads) : t.seriesNames.simd(found.build),
        backend: "simd",
        engine,
        colour: simdColours[i % simdColours.length],
        threads,
      }),
    );
    // A second worker runs the plain build beside the best one.
    if (found.build !== "simd128") {
      plainSimdEngine ??= new EngineClient("simd128");
      list.push({
        key: "simd-simd128",
        label: t.seriesNames.simd("simd128"),
        backend: "simd",
        engine: plainSimdEngine,
        colour: "#3a9e8f",
      });
    }
    if (found.webgpu.available) {
      list.push({ key: "webgpu", label: t.seriesNames.webgpu, backend: "webgpu", engine, colour: "#e8873a" });
    }
    return list;
  }

  // --- Measuring ---------------------------------------------------------------------------------------------

  async function run() {
    const sweeps = SWEEPS.filter((s) => isChecked(sweepBoxes.get(s.id)));
    const chosen = series.filter((s) => isChecked(seriesChecks.get(s.key)));
    const mode = isChecked(quick) ? "quick" : "full";
    const total = sweeps.reduce((sum, s) => sum + s[mode].length, 0) * chosen.length;
    const controller = new AbortController();
    running = controller;
    delete status.dataset.state;
    status.textContent = t.running;
    rows.length = 0;
    publishMeasured();
    tableBody.replaceChildren();
    charts.replaceChildren();
    runButton.disabled = true;
    stopButton.disabled = false;
    let done = 0;
    for (const sweep of sweeps) {
      const section = chartSection(sweep, sweep[mode]);
      // A series that failed, or whose next size would take too long, sits out the rest of the sweep.
      const retired = new Set<string>();
      for (const size of sweep[mode]) {
        for (const s of chosen) {
          if (controller.signal.aborted) break;
          const last = rows.findLast((r) => r.workload === sweep.id && seriesOf(r) === s.key);
          const guess = last ? estimateMs(sweep, last.size, last.total_ms, size) : 0;
          if (!retired.has(s.key) && guess > MAX_RUN_MS) {
            retired.add(s.key);
            tableBody.append(skippedRow(sweep, size, s, t.tooSlow(guess / 1000)));
          }
          if (!retired.has(s.key)) {
            status.textContent = t.measuring(t.sweeps[sweep.id].title, size, s.label);
            try {
              const m = await s.engine.call("engine/measure", {
                backend: s.backend,
                label: `${sweep.id} ${size}`,
                work: sweep.work(size),
                budgetMs: BUDGET_MS[mode],
                threads: s.threads,
              });
              const row = toRow(sweep, size, s, m);
              rows.push(row);
              publishMeasured();
              tableBody.append(tableRow(row, s));
              section.redraw();
            } catch (error) {
              retired.add(s.key);
              // Leaving the page closes the second worker under a pending call: no failure to report then.
              if (!controller.signal.aborted)
                reportFailure(t.measuring(t.sweeps[sweep.id].title, size, s.label))(error);
            }
          }
          progress.value = ++done / total;
        }
      }
    }
    const stopped = controller.signal.aborted;
    status.textContent = stopped ? t.stopped(done, total) : t.done(rows.length);
    status.dataset.state = stopped ? "stopped" : "done";
    runButton.disabled = false;
    stopButton.disabled = true;
    downloadJson.disabled = downloadCsv.disabled = rows.length === 0;
    running = undefined;
    if (rows.some((r) => r.backend === "webgpu")) void showTunedKernels();
  }

  /** Which product kernels WebGPU ran, and whether this visit timed them or an earlier one did. */
  async function showTunedKernels() {
    const { kernels, remembered } = await engine.call("engine/tuned-kernels", undefined);
    const note = h("p", { "data-testid": "backends-kernels-note" }, t.kernelsNote(kernels, remembered));
    machine.querySelector("[data-testid=backends-kernels-note]")?.remove();
    machine.append(note);
  }

  const seriesOf = (row: Row) => seriesKey(row.backend, row.build, row.threads);

  function chartSection(sweep: Sweep, sizes: number[]) {
    const canvas = h("canvas", { class: "sweep-chart", "data-testid": `backends-chart-${sweep.id}` });
    const summary = h("p", { "data-testid": `backends-summary-${sweep.id}` });
    charts.append(h("section", { class: "figure" }, h("h3", {}, t.sweeps[sweep.id].title), canvas, summary));
    /** The points of series `key` at `time`, leaving out the rows without that time. */
    const pointsOf = (key: string, time: (row: Row) => number | null): Point[] =>
      rows
        .filter((r) => r.workload === sweep.id && seriesOf(r) === key)
        .flatMap((r) => {
          const ms = time(r);
          return ms === null ? [] : [{ size: r.size, ms }];
        });
    return {
      redraw() {
        const measured = series.filter((s) => pointsOf(s.key, (r) => r.total_ms).length > 0);
        const lines: ChartLine[] = measured.map((s) => ({
          label: s.label,
          colour: s.colour,
          points: pointsOf(s.key, (r) => r.total_ms),
        }));
        const gpu = pointsOf("webgpu", (r) => r.total_ms);
        if (gpu.length) {
          lines.push({
            label: t.computeOnly,
            colour: "#e8873a",
            dashed: true,
            points: pointsOf("webgpu", (r) => r.compute_ms),
          });
          const kernels = pointsOf("webgpu", (r) => r.kernel_ms);
          if (kernels.length)
            lines.push({ label: t.kernelsOnly, colour: "#8a4b12", dashed: true, points: kernels });
        }
        const cpus = measured
          .filter((s) => s.backend !== "webgpu")
          .map((s) => pointsOf(s.key, (r) => r.total_ms));
        const from = crossover(gpu, cpus);
        const axis = t.sweeps[sweep.id].axis;
        drawLogLogChart(
          canvas,
          sizes,
          lines,
          axis,
          from === undefined ? undefined : { size: from, label: t.gpuWinsMarker(from) },
        );
        canvas.dataset.lines = String(lines.length);
        summary.textContent = explain(gpu, cpus, from, axis, pointsOf);
      },
    };
  }

  /** What the user's own result shows, in a sentence or two. */
  function explain(
    gpu: Point[],
    cpus: Point[][],
    from: number | undefined,
    axis: string,
    pointsOf: (key: string, time: (row: Row) => number | null) => Point[],
  ): string {
    const sentences: string[] = [];
    const compared = gpu.filter((p) => cpus.some((points) => points.some((c) => c.size === p.size)));
    if (compared.length === 0) sentences.push(t.gpuNotMeasured);
    else if (from === compared[0].size) sentences.push(t.gpuAlways);
    else if (from !== undefined) sentences.push(t.gpuFrom(axis, from));
    else sentences.push(env?.webgpu.software ? t.gpuNeverSoftware : t.gpuNever);
    const scalar = pointsOf("scalar", (r) => r.compute_ms);
    const simd = env ? pointsOf(seriesKey("simd", env.build, env.threads), (r) => r.compute_ms) : [];
    const pairs = simd.flatMap((p) =>
      scalar.filter((s) => s.size === p.size).map((s) => ({ simd: p, scalar: s })),
    );
    const largest = pairs.at(-1);
    if (largest)
      sentences.push(t.simdVersusScalar(largest.scalar.ms / largest.simd.ms, axis, largest.simd.size));
    const timed = pointsOf("webgpu", (r) => r.kernel_ms).at(-1);
    const compute = pointsOf("webgpu", (r) => r.compute_ms).find((p) => p.size === timed?.size);
    if (timed && compute) sentences.push(t.kernelShare(timed.ms, compute.ms, axis, timed.size));
    return sentences.join(" ");
  }

  function tableRow(row: Row, s: Series): HTMLTableRowElement {
    const ms = (value: number) => formatted(value, value < 1 ? 3 : 1);
    return h(
      "tr",
      {},
      ...[
        t.sweeps[row.workload].title,
        String(row.size),
        s.label,
        ms(row.first_ms),
        ms(row.upload_ms),
        ms(row.compute_ms),
        row.kernel_ms === null ? "" : ms(row.kernel_ms),
        ms(row.readback_ms),
        ms(row.total_ms),
        formatted(row.gflops, 2),
      ].map((cell) => h("td", {}, cell)),
    );
  }

  function skippedRow(sweep: Sweep, size: number, s: Series, why: string): HTMLTableRowElement {
    return h(
      "tr",
      { class: "skipped" },
      h("td", {}, t.sweeps[sweep.id].title),
      h("td", {}, String(size)),
      h("td", {}, s.label),
      h("td", { colspan: 7 }, why),
    );
  }

  runButton.addEventListener("click", () => void run());
  stopButton.addEventListener("click", () => running?.abort());
  downloadJson.addEventListener("click", () =>
    downloadFile(JSON.stringify(rows, null, 2), "backends.json", "application/json"),
  );
  downloadCsv.addEventListener("click", () => downloadFile(toCsv(rows), "backends.csv", "text/csv"));

  return () => {
    running?.abort();
    plainSimdEngine?.dispose();
  };
};

// bench.html: the engine's benchmark workloads (W1–W4 of the perf anchor) on each backend, in the engine
// worker, one after another. `?workloads=a,b&backends=simd,webgpu&run=1` selects and starts at once (as
// `npm run bench` does); the results are then in `window.benchResults`, as bench-results.json lists them,
// and the (workload, backend) pairs that failed, with why, in `window.benchFailures`.
// `&build=simd128` forces a wasm build (simd128, relaxed-simd, threads) instead of the best the browser runs;
// `&build=threads:2` the threaded build on two threads.

import { EngineClient } from "./engine/client";
import { measuredOn, type MeasuredOn } from "./engine/measured-on";
import type { EngineBackend, Measurement } from "./engine/protocol";
import { text } from "./i18n";
import { byId, h } from "./ui/dom";
import "./styles.css";

/** One row of bench-results.json. */
export interface BenchRow extends MeasuredOn {
  workload: string;
  first_ms: number;
  median_ms: number;
  /** The compute by the GPU's own clock, where it has one. */
  kernel_ms: number | null;
  gflops: number | null;
  samples_per_s: number | null;
  repeats: number;
}

const BACKENDS: EngineBackend[] = ["scalar", "simd", "webgpu"];
const t = text.bench;
const query = new URLSearchParams(location.search);
const engine = new EngineClient(query.get("build") ?? undefined);

function row(m: Measurement, backend: EngineBackend): BenchRow {
  return {
    workload: m.workload,
    ...measuredOn(m, backend),
    first_ms: m.first_ms,
    median_ms: m.median_ms,
    kernel_ms: m.kernel_ms,
    gflops: m.gflops > 0 ? m.gflops : null,
    samples_per_s: m.samples_per_s,
    repeats: m.repeats,
  };
}

function checkboxes(testId: string, names: string[], selected: string[]): HTMLElement {
  return h(
    "fieldset",
    { "data-testid": testId },
    ...names.map((name) =>
      h(
        "label",
        {},
        h("input", { type: "checkbox", value: name, checked: selected.includes(name) }),
        ` ${name} `,
      ),
    ),
  );
}

const checked = (fieldset: HTMLElement) =>
  [...fieldset.querySelectorAll<HTMLInputElement>("input:checked")].map((input) => input.value);

async function main() {
  const app = byId("app");
  document.title = t.title;
  const workloads = await engine.call("engine/workloads", undefined);
  const workloadBoxes = checkboxes(
    "bench-workloads",
    workloads,
    query.get("workloads")?.split(",") ?? workloads,
  );
  const backendBoxes = checkboxes(
    "bench-backends",
    BACKENDS,
    query.get("backends")?.split(",") ?? ["simd", "webgpu"],
  );
  const status = h("p", { "data-testid": "bench-status" });
  const body = h("tbody");
  const runButton = h("button", { type: "button", "data-testid": "bench-run" }, t.run);
  app.append(
    h("h1", {}, t.title),
    h("p", { class: "intro" }, t.intro),
    h("h3", {}, t.workloads),
    workloadBoxes,
    h("h3", {}, t.backends),
    backendBoxes,
    runButton,
    status,
    h(
      "table",
      { class: "bench" },
      h("thead", {}, h("tr", {}, ...t.columns.map((c) => h("th", {}, c)))),
      body,
    ),
  );

  async function run() {
    runButton.disabled = true;
    body.replaceChildren();
    const results: BenchRow[] = [];
    const failures: { workload: string; backend: string; error: string }[] = [];
    for (const backend of checked(backendBoxes) as EngineBackend[]) {
      for (const workload of checked(workloadBoxes)) {
        status.textContent = t.running(workload, backend);
        try {
          const result = row(await engine.call("engine/benchmark", { backend, workload }), backend);
          results.push(result);
          body.append(
            h(
              "tr",
              {},
              ...[
                result.workload,
                result.backend,
                result.build,
                String(result.threads),
                result.device,
                result.first_ms.toFixed(2),
                result.median_ms.toFixed(2),
                result.kernel_ms?.toFixed(2) ?? "",
                result.gflops?.toFixed(1) ?? "",
                result.samples_per_s?.toFixed(0) ?? "",
              ].map((cell) => h("td", {}, cell)),
            ),
          );
        } catch (error) {
          failures.push({ workload, backend, error: String(error) });
          body.append(h("tr", {}, h("td", {}, workload), h("td", {}, backend), h("td", {}, String(error))));
        }
      }
    }
    status.textContent = t.done(results.length);
    status.dataset.done = "true";
    Object.assign(window, { benchResults: results, benchFailures: failures });
    runButton.disabled = false;
  }

  runButton.addEventListener("click", () => void run());
  if (query.get("run") === "1") await run();
}

void main();

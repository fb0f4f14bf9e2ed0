// The environment panel: what the browser offers the engine (environment.ts), shown the same way in the
// header's dialog and on the #/environment page.

import type { EngineClient } from "../engine/client";
import type { Environment } from "../engine/protocol";
import { text, whyNoWebgpu } from "../i18n";
import { h } from "./dom";
import { reportFailure } from "./notices";

let detected: Promise<Environment> | undefined;

/** Detected once per page load; the answer does not change while the page lives. */
export function environment(engine: EngineClient): Promise<Environment> {
  detected ??= engine.call("environment", undefined);
  return detected;
}

function webgpuLine(env: Environment): string {
  const gpu = env.webgpu;
  if (!gpu.available) return text.environment.noWebgpu(whyNoWebgpu(gpu));
  const name = [gpu.vendor, gpu.architecture, gpu.device, gpu.description].filter(Boolean).join(" · ");
  return `${name} (${gpu.software ? text.environment.software : text.environment.hardware})`;
}

export function environmentTable(env: Environment): HTMLElement {
  const t = text.environment;
  const yesNo = (value: boolean) => (value ? t.yes : t.no);
  const rows: [string, string, string][] = [
    ["env-webgpu", t.webgpu, webgpuLine(env)],
    ["env-subgroups", t.subgroups, env.webgpu.subgroups ? t.subgroupSizes(env.webgpu.subgroups) : t.no],
    ["env-simd", t.wasmSimd, yesNo(env.wasmSimd)],
    ["env-relaxed-simd", t.relaxedSimd, yesNo(env.wasmRelaxedSimd)],
    ["env-isolation", t.isolation, yesNo(env.crossOriginIsolated)],
    ["env-threads", t.threads, yesNo(env.sharedMemory)],
    ["env-cores", t.cores, String(env.logicalCores)],
    ["env-engine-threads", t.engineThreads, String(env.threads)],
    ["env-backend", t.backends, env.backends.map((backend) => t.backendNames[backend](env.build)).join(", ")],
    ["env-build", t.build, env.build],
    ["env-core-version", t.core, env.coreVersion],
  ];
  return h(
    "table",
    { class: "environment" },
    ...rows.map(([testId, label, value]) =>
      h("tr", {}, h("th", {}, label), h("td", { "data-testid": testId }, value)),
    ),
  );
}

/**
 * Fills `container` with the panel, showing "detecting…" until the worker has answered. `heading`: h1 as a
 * page of its own, h2 in the header's dialog.
 */
export function renderEnvironment(container: HTMLElement, engine: EngineClient, heading: "h1" | "h2"): void {
  const body = h("div", {}, text.environment.detecting);
  container.replaceChildren(h(heading, {}, text.environment.title), h("p", {}, text.environment.intro), body);
  environment(engine).then(
    (env) => body.replaceChildren(environmentTable(env)),
    reportFailure(text.environment.title),
  );
}

// The backends lab's view: the sweep charts in front with the machine beside them, the measuring controls,
// and the table of every point below. The page (page.ts) runs the sweeps and fills them in.

import { text } from "../../i18n";
import { checkbox, h } from "../../ui/dom";
import { actions as buttonRow, controlGroup, labLayout } from "../../ui/lab-layout";
import { MAX_RUN_MS, SWEEPS, type SweepId } from "./sweeps";

/**
 * `quickAtFirst`: whether quick mode starts checked (the address's `quick=1`); `sweeps`: the sweeps checked
 * at first; `sheet`: the lab's exercises.
 */
export function backendsView(
  container: HTMLElement,
  quickAtFirst: boolean,
  sweeps: SweepId[],
  sheet: HTMLElement,
) {
  const t = text.backends;
  const sweepBoxes = new Map(
    SWEEPS.map((s) => [
      s.id,
      checkbox(`backends-sweep-${s.id}`, t.sweeps[s.id].title, sweeps.includes(s.id)),
    ]),
  );
  const seriesBoxes = h("div", { class: "toolbar" });
  const quick = checkbox("backends-quick", t.quick, quickAtFirst);
  const runButton = h(
    "button",
    { type: "button", class: "primary", "data-testid": "backends-run", disabled: true },
    t.run,
  );
  const stopButton = h("button", { type: "button", "data-testid": "backends-stop", disabled: true }, t.stop);
  const progress = h("progress", { "data-testid": "backends-progress", max: 1, value: 0 });
  const status = h("span", { "data-testid": "backends-status" });
  const machine = h("div", {}, text.environment.detecting);
  const charts = h(
    "div",
    { class: "stage full", "data-testid": "backends-charts" },
    h("p", { class: "hint" }, t.chartsAppear),
  );
  const tableBody = h("tbody", { "data-testid": "backends-rows" });
  const downloadJson = h(
    "button",
    { type: "button", "data-testid": "backends-json", disabled: true },
    t.json,
  );
  const downloadCsv = h("button", { type: "button", "data-testid": "backends-csv", disabled: true }, t.csv);

  const layout = labLayout(container, t.title, t.intro);
  layout.stage.append(charts, h("section", { class: "side-view" }, h("h3", {}, t.machineTitle), machine));
  layout.controls.append(
    controlGroup(
      text.controls.groups.measure,
      buttonRow(runButton, stopButton),
      h("div", { class: "wide" }, quick),
      h("div", { class: "wide" }, progress, " ", status),
      h("div", { class: "wide" }, ...sweepBoxes.values()),
      h("div", { class: "wide" }, seriesBoxes),
      h("p", { class: "hint wide" }, t.howMeasured(MAX_RUN_MS / 1000)),
    ),
    sheet,
  );
  layout.details.append(
    h(
      "section",
      {},
      h("h2", {}, t.tableTitle),
      h("div", { class: "toolbar" }, downloadJson, downloadCsv),
      h(
        "table",
        { class: "bench" },
        h("thead", {}, h("tr", {}, ...t.columns.map((c) => h("th", {}, c)))),
        tableBody,
      ),
    ),
  );

  return {
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
  };
}

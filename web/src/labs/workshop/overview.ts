// The class overview: the progress files attendees exported, in one table of who solved which task, with
// the hints they used and how long it took them.

import { taskKey, type ProgressFile, type TaskProgress } from "../../exercises/progress";
import { SHEETS } from "../../exercises/sheets";
import { text } from "../../i18n";
import { h } from "../../ui/dom";

type CellState = "solved" | "gave-up" | "seen" | "none";

const stateOf = (task: TaskProgress | undefined): CellState =>
  !task ? "none" : task.solvedAt !== undefined ? "solved" : task.gaveUp ? "gave-up" : "seen";

const MARKS: Record<CellState, string> = { solved: "✓", "gave-up": "✗", seen: "·", none: "" };

function cell(name: string, key: string, task: TaskProgress | undefined): HTMLTableCellElement {
  const t = text.workshop;
  const state = stateOf(task);
  const hints = task?.hints ?? 0;
  const took = task?.solvedAt !== undefined ? (task.solvedAt - task.seen) / 1000 : undefined;
  return h(
    "td",
    {
      class: `progress-cell ${state}`,
      "data-task": key,
      "data-state": state,
      title: t.cellTitle(name, key, state, hints, took),
    },
    MARKS[state],
    hints > 0 ? h("sup", {}, String(hints)) : undefined,
  );
}

/** One row per attendee (in the order given), one column per task of every sheet, totals at the end. */
export function classOverview(files: ProgressFile[]): HTMLTableElement {
  const t = text.workshop;
  const sheets = Object.values(SHEETS);
  const keys = sheets.flatMap((sheet) => sheet.tasks.map((task) => taskKey(sheet.lab, task.id)));
  const solvedBy = (key: string) => files.filter((f) => stateOf(f.progress[key]) === "solved").length;
  return h(
    "table",
    { class: "overview", "data-testid": "workshop-overview-table" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { rowspan: 2 }, t.attendee),
        ...sheets.map((sheet) => h("th", { colspan: sheet.tasks.length }, text.home.labs[sheet.lab].title)),
        h("th", { rowspan: 2 }, t.solvedColumn),
      ),
      h("tr", {}, ...sheets.flatMap((sheet) => sheet.tasks.map((_, i) => h("th", {}, String(i + 1))))),
    ),
    h(
      "tbody",
      {},
      ...files.map((file) =>
        h(
          "tr",
          { "data-attendee": file.name },
          h("th", {}, file.name),
          ...keys.map((key) => cell(file.name, key, file.progress[key])),
          h(
            "td",
            { "data-testid": "workshop-solved-count" },
            String(keys.filter((key) => stateOf(file.progress[key]) === "solved").length),
          ),
        ),
      ),
    ),
    h(
      "tfoot",
      {},
      h(
        "tr",
        {},
        h("th", {}, t.solvedBy),
        ...keys.map((key) => h("td", { "data-task": key }, String(solvedBy(key)))),
        h("td"),
      ),
    ),
  );
}

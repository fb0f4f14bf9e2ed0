// A lab's sheet beside the lab: each task's goal, a "start here" that loads its starting settings, what its
// check says of the lab's state now, hints one at a time, and the explanation once solved or given up.

import { text } from "../i18n";
import { h } from "../ui/dom";
import type { LabStates } from "./lab-state";
import { loadProgress, markSeen, taskKey, updateProgress } from "./progress";
import type { Sheet, TaskText } from "./sheet";

/** Whether the sheet is open: kept while "start here" loads a lab afresh. */
let open = false;

/** The lab whose "start here" was pressed last, until that lab opens. */
let freshStart: keyof LabStates | undefined;

/**
 * Whether `lab` opens from its sheet's "start here": then it starts afresh from the task's settings, not
 * with what it kept from an earlier visit (a trained network that matches them). Asked once per opening.
 */
export function startsAfresh(lab: keyof LabStates): boolean {
  const fresh = freshStart === lab;
  freshStart = undefined;
  return fresh;
}

/** Opens `lab` afresh at `query`, also when the address already is that (a second press starts again). */
function startAt(lab: keyof LabStates, query: string) {
  freshStart = lab;
  const target = `#/${lab}?${query}`;
  if (location.hash === target) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = target;
}

/** The sheet's panel, checking each state its lab `publish`es until `visit` ends. */
export function sheetPanel<L extends keyof LabStates>(
  sheet: Sheet<L>,
  words: Record<string, TaskText>,
  visit: AbortSignal,
): { element: HTMLElement; publish: (state: LabStates[L]) => void } {
  const t = text.exercises;
  const summary = h("summary", { "data-testid": "exercises-summary" });
  const tasks = sheet.tasks.map((task) => {
    const key = taskKey(sheet.lab, task.id);
    const { goal, hints, explanation } = words[task.id];
    const status = h("p", { class: "note", "data-testid": `exercise-${task.id}-status` });
    const hintList = h("ol", { class: "hints" });
    const answer = h(
      "div",
      { class: "note", hidden: true, "data-testid": `exercise-${task.id}-explanation` },
      h("p", {}, explanation),
      task.answer === undefined ? undefined : h("pre", { class: "model-answer" }, task.answer),
    );
    const hintButton = h("button", { type: "button", "data-testid": `exercise-${task.id}-hint` }, t.hint);
    const giveUp = h("button", { type: "button", "data-testid": `exercise-${task.id}-give-up` }, t.giveUp);
    const showHints = (count: number) => {
      hintList.replaceChildren(...hints.slice(0, count).map((hint) => h("li", {}, hint)));
      hintButton.textContent = count === 0 ? t.hint : t.nextHint;
      hintButton.hidden = count >= hints.length;
    };
    hintButton.addEventListener("click", () =>
      showHints(updateProgress(key, (p) => ({ ...p, hints: p.hints + 1 })).hints),
    );
    giveUp.addEventListener("click", () => {
      updateProgress(key, (p) => ({ ...p, gaveUp: true }));
      answer.hidden = false;
    });
    const kept = loadProgress()[key];
    showHints(kept?.hints ?? 0);
    answer.hidden = !kept?.gaveUp && !kept?.solvedAt;
    const start =
      task.start === undefined
        ? undefined
        : h(
            "button",
            {
              type: "button",
              "data-testid": `exercise-${task.id}-start`,
              onclick: () => startAt(sheet.lab, task.start ?? ""),
            },
            t.start,
          );
    const element = h(
      "section",
      { class: "exercise", "data-testid": `exercise-${task.id}` },
      h("p", { class: "goal" }, goal),
      h("div", { class: "actions" }, start, hintButton, giveUp),
      status,
      hintList,
      answer,
    );
    const entry = { element, show, solvedBefore: Boolean(kept?.solvedAt) };
    /**
     * Shows what the check says of `state`; the first time it is solved is kept (once: a lab publishes its
     * state on every epoch it draws, and storage is read and written only when something new happened).
     */
    function show(state: LabStates[L]) {
      const verdict = task.check(state);
      element.dataset.state = verdict.solved ? "solved" : "open";
      status.textContent = verdict.solved ? `✓ ${t.solved}` : t.notYet(verdict.missing);
      if (verdict.solved && !entry.solvedBefore) {
        updateProgress(key, (p) => ({ ...p, solvedAt: p.solvedAt ?? Date.now() }));
        entry.solvedBefore = true;
        answer.hidden = false;
      }
    }
    return entry;
  });
  /** The summary counts the tasks ever solved in this browser. */
  const count = () => {
    const done = tasks.filter((task) => task.solvedBefore).length;
    summary.textContent = `${t.title} — ${t.progress(done, sheet.tasks.length)}`;
  };
  count();
  /**
   * The lab's state changed: the tasks check it again. Once the lab is left, what it still publishes (an
   * async step of it finishing after "start here" reopened the lab) is no longer this lab's state.
   */
  const publish = (state: LabStates[L]) => {
    if (visit.aborted) return;
    tasks.forEach((task) => task.show(state));
    count();
  };
  const element = h(
    "details",
    { class: "group exercises", "data-testid": "exercises", open },
    summary,
    ...tasks.map((task) => task.element),
  );
  /** The first time the attendee sees a task starts its clock. */
  const seen = () => markSeen(sheet.tasks.map((task) => taskKey(sheet.lab, task.id)));
  if (open) seen();
  element.addEventListener("toggle", () => {
    open = (element as HTMLDetailsElement).open;
    if (open) seen();
  });
  return { element, publish };
}

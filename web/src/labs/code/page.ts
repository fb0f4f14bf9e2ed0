// The code panel (#/code): a few lines of JavaScript against the engine's tensor API, run in a worker of
// their own with no network and no page, stopped at a time limit or by a button, checked against what the
// engine computes. The sheet beside it holds the exercises, with hints and a model answer each.

import { CODE_EXERCISE_IDS, CODE_EXERCISES, type CodeExerciseId } from "../../exercises/code/exercises";
import { runCode, type Run, type RunOutcome } from "../../exercises/code/runner";
import { codeSheet } from "../../exercises/code";
import { sheetPanel } from "../../exercises/panel";
import { text } from "../../i18n";
import { reportFailure } from "../../ui/notices";
import type { Page } from "../../router";
import { h, labelled, select } from "../../ui/dom";
import { actions as buttonRow, controlGroup, labLayout } from "../../ui/lab-layout";
import type { CodeEditor } from "./editor";

/** Seconds a run may take before it is stopped: an endless loop must not hold the attendee up. */
const TIME_LIMIT_S = 5;
/** Each exercise's code as the attendee left it, kept in this browser. */
const codeKey = (id: CodeExerciseId) => `playground.code.${id}`;

const runs: Partial<Record<CodeExerciseId, RunOutcome>> = {};

export const codePage: Page = (container, query, _engine, visit) => {
  const t = text.code;
  const asked = query.get("exercise") as CodeExerciseId | null;
  let exercise: CodeExerciseId = asked && asked in CODE_EXERCISES ? asked : CODE_EXERCISE_IDS[0];
  let running: Run | undefined;

  const exercises = sheetPanel(codeSheet, text.exercises.code.tasks, visit);
  const codeOf = (id: CodeExerciseId) => localStorage.getItem(codeKey(id)) ?? CODE_EXERCISES[id].starter;

  const holder = h("div", { class: "code-editor", "data-testid": "code-editor" });
  let editor: CodeEditor | undefined;
  const saveCode = (code: string) => localStorage.setItem(codeKey(exercise), code);
  const setCode = (code: string) => editor?.setCode(code);

  const goal = h("p", { class: "goal", "data-testid": "code-goal" });
  const showGoal = () => (goal.textContent = text.exercises.code.tasks[exercise].goal);
  showGoal();
  const output = h("pre", { class: "code-console", "data-testid": "code-console" });
  const status = h("p", { class: "note", "data-testid": "code-status" });
  const runButton = h("button", { type: "button", class: "primary", "data-testid": "code-run" }, t.run);
  const stopButton = h("button", { type: "button", "data-testid": "code-stop", disabled: true }, t.stop);
  const starterButton = h("button", { type: "button", "data-testid": "code-starter" }, t.starter);
  const exerciseSelect = select(
    "code-exercise",
    Object.fromEntries(CODE_EXERCISE_IDS.map((id) => [id, t.titles[id]])) as Record<CodeExerciseId, string>,
    exercise,
    (id) => {
      exercise = id;
      showGoal();
      setCode(codeOf(id));
      output.textContent = status.textContent = "";
    },
  );

  const say = (outcome: RunOutcome): string => {
    switch (outcome.kind) {
      case "done":
        return t.returned(outcome.result.length);
      case "error":
        return outcome.line === undefined
          ? t.error(outcome.message)
          : t.errorAt(outcome.message, outcome.line);
      case "timeout":
        return t.timedOut(outcome.seconds);
      case "stopped":
        return t.stopped;
    }
  };

  async function run() {
    running?.stop();
    output.textContent = "";
    status.textContent = t.running;
    delete status.dataset.outcome;
    runButton.disabled = true;
    stopButton.disabled = false;
    const id = exercise;
    const current = runCode(id, editor?.code() ?? "", {
      seconds: TIME_LIMIT_S,
      onLog: (line) => (output.textContent += `${line}\n`),
    });
    running = current;
    const outcome = await current.outcome;
    if (running !== current) return;
    running = undefined;
    runs[id] = outcome;
    status.textContent = say(outcome);
    status.dataset.outcome = outcome.kind;
    runButton.disabled = false;
    stopButton.disabled = true;
    exercises.publish({ runs: { ...runs } });
  }

  runButton.addEventListener("click", () => void run());
  stopButton.addEventListener("click", () => running?.stop());
  starterButton.addEventListener("click", () => setCode(CODE_EXERCISES[exercise].starter));

  const layout = labLayout(container, t.title, t.intro);
  layout.stage.append(h("div", { class: "full" }, goal, holder, status, h("h3", {}, t.console), output));
  layout.controls.append(
    controlGroup(
      text.controls.groups.run,
      h("div", { class: "wide" }, labelled(t.exercise, exerciseSelect)),
      buttonRow(runButton, stopButton, starterButton),
      h("p", { class: "hint wide" }, t.api),
    ),
    exercises.element,
  );
  exercises.publish({ runs: { ...runs } });
  runButton.disabled = true;
  void import("./editor").then(({ codeEditor }) => {
    if (visit.aborted) return;
    editor = codeEditor(holder, codeOf(exercise), saveCode);
    runButton.disabled = false;
  }, reportFailure(t.title));
  return () => {
    running?.stop();
    editor?.destroy();
  };
};

// Train and Pause for a section of the RNN lab whose networks live in the worker: Train makes them first when
// the settings they depend on changed since they were made (or they never were), then trains until the job
// ends or Pause stops it (keeping what is trained); the buttons and the status line follow.

import { formatted, text } from "../../i18n";
import { notify, reason } from "../../ui/notices";

export interface TrainPause {
  train: HTMLButtonElement;
  pause: HTMLButtonElement;
  /** Buttons that need trained networks (Next digit, Write again): enabled once training starts. */
  needTraining: HTMLButtonElement[];
  status: HTMLElement;
  /** The settings the networks depend on, and what the status says while they are made. */
  key(): string;
  making: string;
  /** Makes the networks afresh (a throw says why it could not). */
  make(): Promise<void>;
  /** The training job, stopped by `signal`. */
  run(signal: AbortSignal): Promise<unknown>;
  /** Steps trained so far, for the paused status. */
  steps(): number;
  /** The lab's visit: once the attendee has left, failures are no longer worth a notice. */
  visit: AbortSignal;
}

/** Wires `controls`' Train and Pause. The result stops training (when the attendee leaves), and tells whether
 * the networks in the worker were made with the present settings. */
export function trainPause(controls: TrainPause): { stop(): void; current(): boolean } {
  const t = text.rnn;
  let training: AbortController | undefined;
  let made: string | undefined;
  const current = () => made === controls.key();
  async function ready(): Promise<boolean> {
    if (current()) return true;
    controls.status.textContent = controls.making;
    try {
      await controls.make();
      made = controls.key();
      return true;
    } catch (error) {
      made = undefined;
      if (!controls.visit.aborted) controls.status.textContent = t.notMade(reason(error));
      return false;
    }
  }
  async function train() {
    if (!(await ready())) return;
    const controller = new AbortController();
    training = controller;
    controls.train.disabled = true;
    controls.pause.disabled = false;
    for (const button of controls.needTraining) button.disabled = false;
    controls.status.textContent = t.running;
    try {
      await controls.run(controller.signal);
      controls.status.textContent = t.paused(formatted(controls.steps()));
    } catch (error) {
      controls.status.textContent = "";
      if (!controls.visit.aborted) notify(text.app.failed(t.training, reason(error)));
    } finally {
      controls.train.disabled = false;
      controls.pause.disabled = true;
    }
  }
  controls.train.addEventListener("click", () => void train());
  controls.pause.addEventListener("click", () => training?.abort());
  return { stop: () => training?.abort(), current };
}

// The RNN lab's settings, in the URL so a workshop leader can hand out a set-up: the memory task and its
// length, the networks' size, how both are trained, the digit reader's dataset and size, the house-number
// reader's size, and the character models' text, window, size and temperature.

import type {
  Cell,
  DatasetId,
  EngineBackend,
  MemoryTask,
  RecurrentSpec,
  SequenceTraining,
} from "../../engine/protocol";
import { adam } from "../../engine/protocol";
import { LIMITS } from "../../engine/wire";
import { field, type Fields } from "../../ui/url-settings";

export type TaskKind = MemoryTask["kind"];

export interface RnnSettings {
  task: TaskKind;
  /** The adding problem's steps, or the copy task's delay. */
  length: number;
  hidden: number;
  rate: number;
  batch: number;
  backend: EngineBackend;
  /** The digit reader: its dataset and hidden units. */
  digits: DatasetId;
  readerHidden: number;
  /** The house-number reader's LSTM's hidden units. */
  numbersHidden: number;
  /** The character models: their text, window (characters a sequence), hidden units, and the temperature
   * they write at. */
  text: TextSource;
  window: number;
  charsHidden: number;
  temperature: number;
}

/** The word lists the site ships (web/public/data/words), or text the attendee pastes. */
export type TextSource = "en" | "nl" | "pasted";

export const LENGTH_RANGE = { min: 2, max: 200, step: 1 };
export const HIDDEN_RANGE = { min: 1, max: LIMITS.rnnHidden, step: 1 };
export const RATE_RANGE = { min: 0.0001, max: 0.1, step: 0.0001 };
export const BATCH_RANGE = { min: 1, max: LIMITS.rnnBatch, step: 1 };
export const WINDOW_RANGE = { min: 2, max: 200, step: 1 };
export const TEMPERATURE_RANGE = { min: 0, max: 2, step: 0.05 };

export const FIELDS: Fields<RnnSettings> = {
  task: field.choice<TaskKind>("task", ["adding", "copy"], "adding"),
  length: field.number("length", 50, LENGTH_RANGE),
  hidden: field.number("hidden", 32, HIDDEN_RANGE),
  rate: field.number("lr", 0.005, RATE_RANGE),
  batch: field.number("batch", 32, BATCH_RANGE),
  backend: field.choice<EngineBackend>("backend", ["simd", "webgpu", "scalar"], "simd"),
  digits: field.choice<DatasetId>("digits", ["mnist", "fashion-mnist"], "mnist"),
  readerHidden: field.number("reader-hidden", 64, HIDDEN_RANGE),
  numbersHidden: field.number("numbers-hidden", 64, HIDDEN_RANGE),
  text: field.choice<TextSource>("text", ["en", "nl", "pasted"], "en"),
  window: field.number("window", 32, WINDOW_RANGE),
  charsHidden: field.number("chars-hidden", 64, HIDDEN_RANGE),
  temperature: field.number("temperature", 0.8, TEMPERATURE_RANGE),
};

/** The two networks trained side by side. */
export const CELLS: Cell[] = ["rnn", "lstm"];

export const taskOf = (s: RnnSettings): MemoryTask => ({ kind: s.task, length: s.length });

export const specOf = (s: RnnSettings, cell: Cell): RecurrentSpec => ({ cell, hidden: s.hidden, layers: 1 });

/** Adam, the gradient's norm clipped at 1 (as the command line's default). */
export const trainingOf = (s: RnnSettings): SequenceTraining => ({
  optimiser: adam(s.rate),
  batch: s.batch,
  clip: 1,
  seed: 1,
});

/** A network that learned nothing: predicting the mean sum (MSE 1/6), or guessing each copied symbol. */
export const baselineOf = (task: TaskKind): number => (task === "adding" ? 1 / 6 : 1 / 8);

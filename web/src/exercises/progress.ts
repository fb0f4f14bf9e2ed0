// What the attendee did with each task — solved, hints used, given up, when — kept in this browser
// (localStorage) and exported as one small file for the workshop leader.

export interface TaskProgress {
  /** When the attendee first opened the task's sheet with it, ms since the epoch. */
  seen: number;
  hints: number;
  gaveUp: boolean;
  solvedAt?: number;
}

/** Progress by "lab/task". */
export type Progress = Record<string, TaskProgress>;

const KEY = "playground.exercises.v1";

export function loadProgress(storage: Pick<Storage, "getItem"> = localStorage): Progress {
  try {
    const stored = JSON.parse(storage.getItem(KEY) ?? "{}") as unknown;
    return stored && typeof stored === "object" ? (stored as Progress) : {};
  } catch {
    // A damaged entry starts afresh rather than breaking the lab.
    return {};
  }
}

/** Changes one task's progress and keeps the whole. */
export function updateProgress(
  key: string,
  change: (task: TaskProgress) => TaskProgress,
  storage: Pick<Storage, "getItem" | "setItem"> = localStorage,
  now = Date.now(),
): TaskProgress {
  const progress = loadProgress(storage);
  const task = change(progress[key] ?? { seen: now, hints: 0, gaveUp: false });
  progress[key] = task;
  storage.setItem(KEY, JSON.stringify(progress));
  return task;
}

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

/** A task's key in the progress: "lab/task". */
export const taskKey = (lab: string, task: string): string => `${lab}/${task}`;

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

/** Starts the clock of each of `keys` not seen before (the overview shows how long a task took). */
export function markSeen(
  keys: string[],
  storage: Pick<Storage, "getItem" | "setItem"> = localStorage,
  now = Date.now(),
): void {
  const progress = loadProgress(storage);
  const unseen = keys.filter((key) => !progress[key]);
  if (unseen.length === 0) return;
  for (const key of unseen) progress[key] = { seen: now, hints: 0, gaveUp: false };
  storage.setItem(KEY, JSON.stringify(progress));
}

/** What an attendee hands the workshop leader: their name and their progress, as one small JSON file. */
export interface ProgressFile {
  format: typeof FORMAT;
  version: 1;
  name: string;
  /** ISO 8601. */
  exportedAt: string;
  progress: Progress;
}

const FORMAT = "deep-learning-playground/progress";

export function progressFile(name: string, progress: Progress, now = new Date()): ProgressFile {
  return { format: FORMAT, version: 1, name, exportedAt: now.toISOString(), progress };
}

const isTaskProgress = (value: unknown): value is TaskProgress => {
  const task = value as Partial<TaskProgress> | null;
  return (
    typeof task === "object" &&
    task !== null &&
    typeof task.seen === "number" &&
    typeof task.hints === "number" &&
    typeof task.gaveUp === "boolean" &&
    (task.solvedAt === undefined || typeof task.solvedAt === "number")
  );
};

/** The file's contents, or undefined when it is not a progress file this version reads. */
export function readProgressFile(json: string): ProgressFile | undefined {
  let file: Partial<ProgressFile>;
  try {
    file = JSON.parse(json) as Partial<ProgressFile>;
  } catch {
    return undefined;
  }
  const valid =
    typeof file === "object" &&
    file !== null &&
    file.format === FORMAT &&
    file.version === 1 &&
    typeof file.name === "string" &&
    typeof file.exportedAt === "string" &&
    typeof file.progress === "object" &&
    file.progress !== null &&
    Object.values(file.progress).every(isTaskProgress);
  return valid ? (file as ProgressFile) : undefined;
}

// An attendee's progress file: what the export writes, the leader's import reads back, and nothing else.
import { expect, test } from "@playwright/test";
import { progressFile, readProgressFile, type Progress } from "../../web/src/exercises/progress";

const progress: Progress = {
  "perceptron/or-threshold": { seen: 1000, hints: 1, gaveUp: false, solvedAt: 61_000 },
  "mlp/diverging-rate": { seen: 2000, hints: 2, gaveUp: true },
};

test("an exported progress file reads back as it was written", () => {
  const file = progressFile("Ada", progress, new Date("2026-12-02T10:00:00Z"));
  expect(readProgressFile(JSON.stringify(file))).toEqual({
    format: "deep-learning-playground/progress",
    version: 1,
    name: "Ada",
    exportedAt: "2026-12-02T10:00:00.000Z",
    progress,
  });
});

test("anything else is refused: not JSON, another format or version, damaged entries", () => {
  const good = progressFile("Ada", progress);
  const variants: unknown[] = [
    { ...good, format: "something-else" },
    { ...good, version: 2 },
    { ...good, name: 7 },
    { ...good, progress: null },
    { ...good, progress: { "mlp/x": { seen: "yesterday", hints: 0, gaveUp: false } } },
    { ...good, progress: { "mlp/x": { seen: 1, hints: 0, gaveUp: false, solvedAt: "now" } } },
    null,
    [],
  ];
  for (const variant of variants)
    expect(readProgressFile(JSON.stringify(variant)), JSON.stringify(variant)).toBeUndefined();
  expect(readProgressFile("{not json")).toBeUndefined();
  expect(readProgressFile("")).toBeUndefined();
});

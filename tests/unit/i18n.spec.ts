// The page's texts: both languages have the same keys, numbers follow the language, sentences fit the numbers.
import { expect, test } from "@playwright/test";
import { en } from "../../web/src/i18n/en";
import { nl } from "../../web/src/i18n/nl";
import { duration, formatNumber, formatPercent } from "../../web/src/i18n/numbers";

/** Every path to a leaf of a text tree ("mlp.speeds", "backends.columns.3"). */
function keys(tree: unknown, prefix = ""): string[] {
  if (tree === null || typeof tree !== "object") return [prefix];
  return Object.entries(tree).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key));
}

test("English and Dutch have the same text keys", () => {
  expect(keys(nl).sort()).toEqual(keys(en).sort());
});

test("numbers are written the way each language writes them", () => {
  expect(formatNumber("en", 0.1, 4)).toBe("0.1000");
  expect(formatNumber("nl", 0.1, 4)).toBe("0,1000");
  expect(formatNumber("en", 9098)).toBe("9,098");
  expect(formatNumber("nl", 9098)).toBe("9.098");
  expect(formatNumber("nl", -1.25, 1)).toBe("-1,3");
});

test("the SIMD-versus-scalar sentence says which was faster", () => {
  for (const t of [en, nl]) {
    const slower = t.backends.simdVersusScalar(0.5, "n", 16);
    expect(slower).not.toMatch(/0[.,]5×/);
    expect(slower).toMatch(/2[.,]0×/);
    expect(t.backends.simdVersusScalar(4, "n", 1024)).toMatch(/4[.,]0×/);
    expect(t.backends.simdVersusScalar(1.01, "n", 64)).not.toMatch(/×/);
  }
  expect(en.backends.simdVersusScalar(0.5, "n", 16)).toContain("scalar loops were 2.0× as fast");
});

test("Dutch says XOR, as Dutch courses do", () => {
  expect(nl.datasets.xor).toBe("XOR");
  expect(nl.perceptron.xorExplanation).not.toContain("XOF");
});

test("percentages keep their sign on the same line, in each language's notation", () => {
  expect(formatPercent("en", 1, 1)).toBe("100.0\u00a0%");
  expect(formatPercent("nl", 0.0912, 1)).toBe("9,1\u00a0%");
});

test("durations are rounded to a unit a person reads", () => {
  expect(duration("en", 4.26)).toBe("4.3\u00a0s");
  expect(duration("en", 42)).toBe("42\u00a0s");
  expect(duration("en", 150)).toBe("3\u00a0min");
  expect(duration("nl", 2 * 3600 + 360)).toBe("2,1\u00a0u");
});

test("training says which epoch of how many, and what is left", () => {
  expect(en.cnn.epochOf(1.3, 2, 40)).toBe("epoch 1.30 of 2, about 40\u00a0s left");
  expect(nl.cnn.epochOf(1.3, 2, 40)).toBe("epoch 1,30 van 2, nog ongeveer 40\u00a0s");
  expect(en.cnn.epochOf(2, 2)).toBe("epoch 2.00 of 2");
});

test("every exercise has a goal, two or three hints and an explanation, in both languages", () => {
  interface Words {
    goal: string;
    hints: string[];
    explanation: string;
  }
  for (const t of [en, nl]) {
    const sheets = Object.values(t.exercises as Record<string, unknown>).flatMap((entry) =>
      typeof entry === "object" && entry !== null && "tasks" in entry
        ? [(entry as { tasks: Record<string, Words> }).tasks]
        : [],
    );
    expect(sheets.length).toBe(12);
    for (const tasks of sheets)
      for (const [id, task] of Object.entries(tasks)) {
        expect(task.goal.length, id).toBeGreaterThan(20);
        expect(task.hints.length, id).toBeGreaterThanOrEqual(2);
        expect(task.hints.length, id).toBeLessThanOrEqual(3);
        expect(task.explanation.length, id).toBeGreaterThan(20);
      }
  }
});

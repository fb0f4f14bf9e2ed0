// The training loop every lab's worker handler runs (web/src/engine/job.ts), with steps that take a known time.
import { expect, test } from "@playwright/test";
import { pacedLoop } from "../../web/src/engine/job";

/** Busy for `ms`, as a training step is. */
function work(ms: number) {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

test("steps run in batches that fill a slice, with a report between slices, and all of them run", async () => {
  const budgets: number[] = [];
  const reportedAt: number[] = [];
  let ran = 0;
  const done = await pacedLoop({
    count: 2000,
    reportEveryMs: 20,
    stillCurrent: () => true,
    steps: (budget) => {
      budgets.push(budget);
      work(0.05 * budget);
      ran += budget;
      return budget;
    },
    report: () => void reportedAt.push(ran),
  });
  const reports = reportedAt.length;
  // The first report comes after the first step: the page shows where training starts.
  expect(reportedAt[0]).toBe(1);
  expect(done).toBe(2000);
  expect(budgets.reduce((a, b) => a + b, 0)).toBe(2000);
  // The first call asks for one step; once timed, a call asks for many (20 ms / 0.05 ms is 400).
  expect(budgets[0]).toBe(1);
  expect(Math.max(...budgets)).toBeGreaterThan(50);
  // 2000 × 0.05 ms = 100 ms of work in 20 ms slices: a handful of reports, not one per step.
  expect(reports).toBeGreaterThanOrEqual(3);
  expect(reports).toBeLessThan(20);
});

test("a step that runs fewer than asked (an epoch ended) is counted as what it ran", async () => {
  let calls = 0;
  let ran = 0;
  const done = await pacedLoop({
    count: 10,
    reportEveryMs: 50,
    stillCurrent: () => true,
    steps: (budget) => {
      const steps = Math.min(budget, ++calls % 2 === 0 ? 1 : 3);
      ran += steps;
      return steps;
    },
    report: () => {},
  });
  expect(ran).toBe(10);
  expect(done).toBe(10);
});

test("the loop stops within a slice once it is no longer current, and never reports after that", async () => {
  let ran = 0;
  let reportsAfterStop = 0;
  const done = await pacedLoop({
    count: Infinity,
    reportEveryMs: 10,
    stillCurrent: () => ran < 300,
    steps: (budget) => {
      work(0.02 * budget);
      ran += budget;
      return budget;
    },
    report: () => {
      if (ran >= 300) reportsAfterStop++;
    },
  });
  expect(done).toBe(ran);
  expect(done).toBeGreaterThanOrEqual(300);
  expect(reportsAfterStop).toBe(0);
});

test("with a pace, steps go one at a time at about that many per second", async () => {
  const started = performance.now();
  const done = await pacedLoop({
    count: 11,
    perSecond: 50,
    reportEveryMs: 40,
    stillCurrent: () => true,
    steps: (budget) => {
      expect(budget).toBe(1);
      return 1;
    },
    report: () => {},
  });
  const seconds = (performance.now() - started) / 1000;
  expect(done).toBe(11);
  // The 11th step is due at 10 / 50 = 0.2 s.
  expect(seconds).toBeGreaterThanOrEqual(0.19);
});

test("a report that takes time (a view read back from the GPU) is awaited before the next slice", async () => {
  let reporting = false;
  let reports = 0;
  const done = await pacedLoop({
    count: 200,
    reportEveryMs: 5,
    stillCurrent: () => true,
    steps: (budget) => {
      expect(reporting).toBe(false);
      work(0.05 * budget);
      return budget;
    },
    report: async () => {
      reporting = true;
      await new Promise((resolve) => setTimeout(resolve, 2));
      reporting = false;
      reports++;
    },
  });
  expect(done).toBe(200);
  expect(reports).toBeGreaterThan(0);
});

// Clicking points into the perceptron's and the MLP's plane, and reading back where they landed.
import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

interface Point {
  x: number;
  y: number;
  label: number;
}

/** The user's own points as the labs keep them in localStorage. */
export async function storedPoints(page: Page): Promise<Point[]> {
  const stored = await page.evaluate(() => localStorage.getItem("playground.custom-points"));
  const parsed = JSON.parse(stored ?? "[]") as Point[] | { points: Point[] };
  return Array.isArray(parsed) ? parsed : parsed.points;
}

/**
 * Clicks the plot twice at 80 % across and 20 % down and checks both points landed at the plane's
 * coordinates under the cursor (`domain` is the dataset's plane), leaving the `count` - 1 points before them
 * as they were.
 */
export async function clickTwiceOnPlane(
  page: Page,
  plotTestId: string,
  domain: { min: number; max: number },
  count: number,
): Promise<void> {
  const plot = page.getByTestId(plotTestId);
  const box = await plot.boundingBox();
  if (!box) throw new Error("the plot is not on the page");
  const position = { x: 0.8 * box.width, y: 0.2 * box.height };
  const span = domain.max - domain.min;
  const expected = { x: domain.min + 0.8 * span, y: domain.max - 0.2 * span };
  await plot.click({ position });
  await expect.poll(async () => (await storedPoints(page)).length).toBe(count);
  const before = await storedPoints(page);
  await plot.click({ position });
  await expect.poll(async () => (await storedPoints(page)).length).toBe(count + 1);
  const after = await storedPoints(page);
  expect(after.slice(0, count)).toEqual(before);
  for (const point of after.slice(-2)) {
    expect(point.x).toBeCloseTo(expected.x, 2);
    expect(point.y).toBeCloseTo(expected.y, 2);
  }
}

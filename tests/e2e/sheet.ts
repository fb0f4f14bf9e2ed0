// A lab's exercise sheet, as the tests use it: opened beside the lab, and a task's "start here" pressed.

import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

/** Opens the lab's sheet, unless it is open already (it stays open while "start here" reopens the lab). */
export async function openSheet(page: Page) {
  const sheet = page.getByTestId("exercises");
  if (!(await sheet.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await page.getByTestId("exercises-summary").click();
  }
  return sheet;
}

/**
 * Presses the task's "start here" and waits until the lab has opened afresh. The lab reopens on the address's
 * change, a moment after the click: until then every read-out is still the lab that was left, and may already
 * show what a test waits for when the task starts from the same settings.
 */
export async function startTask(page: Page, task: string) {
  const left = await (await openSheet(page)).elementHandle();
  await page.getByTestId(`exercise-${task}-start`).click();
  await expect.poll(() => left?.evaluate((sheet) => sheet.isConnected)).toBe(false);
  await left?.dispose();
}

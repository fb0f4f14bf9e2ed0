// Drawing on a lab's pad as an attendee does: one stroke down the middle, a "1".
import type { Page } from "@playwright/test";

/** Draws a vertical stroke down the middle of the pad `testId`, from 15 % to 87 % of its height. */
export async function drawStroke(page: Page, testId: string): Promise<void> {
  const pad = page.getByTestId(testId);
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error(`the pad ${testId} is not on screen`);
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++)
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.15 + i * 0.06), { steps: 2 });
  await page.mouse.up();
}

// Every route passes axe-core's WCAG 2.1 A and AA rules with no serious or critical violation, in English
// and in Dutch, and with the environment dialog open.

import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

const ROUTES = [
  "",
  "perceptron",
  "mlp",
  "cnn",
  "transfer",
  "inside",
  "compress",
  "autoencoder",
  "gan",
  "rnn",
  "detect",
  "backends",
  "workshop",
  "environment",
];

/**
 * Waits until the page has settled: a lab loads the engine as it opens. Not Playwright's "networkidle": the
 * engine's helper thread is a worker started by a worker, and now and then Playwright never sees the
 * response to its script's request, so the page never counts as idle: 6 runs in about 190 of the GAN and
 * inside labs' checks under load here, and in the three failures looked at the engine had loaded and the
 * page was complete.
 */
async function settled(page: Page) {
  await expect(page.getByTestId("engine-status")).not.toHaveAttribute("data-state", "loading");
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

for (const route of ROUTES) {
  test(`#/${route}: no serious or critical accessibility violation`, async ({ page }) => {
    await page.goto(`#/${route}`);
    await settled(page);
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test("the environment dialog and a Dutch lab: no serious or critical accessibility violation", async ({
  page,
}) => {
  await page.goto("?lang=nl#/mlp");
  await settled(page);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId("environment-button").click();
  await expect(page.getByTestId("env-simd")).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

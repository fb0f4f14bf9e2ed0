// The RNN lab as an attendee uses it: a plain RNN and an LSTM run side by side on the adding problem, their
// test scores and the gradient by lag appear, Pause stops both; a short sequence the plain RNN learns (the
// sheet's second task); the Dutch page on WebGPU; a field out of range refused.
import { expect, test } from "./fixtures";

test("both networks train side by side, are scored, show the gradient by lag, and pause", async ({
  page,
  saveScreenshot,
}) => {
  test.setTimeout(180_000);
  await page.goto("#/rnn?backend=simd&task=adding&length=10&hidden=16&lr=0.01");
  await expect(page.getByTestId("rnn-status")).toHaveAttribute("data-ready", "1", { timeout: 60_000 });
  await page.getByTestId("rnn-run").click();
  for (const cell of ["rnn", "lstm"])
    await expect(page.getByTestId(`rnn-score-${cell}`)).toHaveAttribute("data-value", /\d/, {
      timeout: 60_000,
    });
  // One norm per step of the sequence, the last step first.
  await expect(page.getByTestId("rnn-gradients")).toHaveAttribute("data-lags", "10");
  // At ten steps the plain RNN learns the sum too: the sheet's second task.
  await expect(page.getByTestId("exercise-short")).toHaveAttribute("data-state", "solved", {
    timeout: 150_000,
  });
  await saveScreenshot("rnn");
  await page.getByTestId("rnn-pause").click();
  await expect(page.getByTestId("rnn-status")).toContainText("Paused after");
  const steps = Number(await page.getByTestId("rnn-steps").getAttribute("data-value"));
  expect(steps).toBeGreaterThanOrEqual(50);
  await page.waitForTimeout(500);
  expect(Number(await page.getByTestId("rnn-steps").getAttribute("data-value"))).toBe(steps);
  // The first task is not solved by a run on short sequences.
  await expect(page.getByTestId("exercise-forget-gate")).not.toHaveAttribute("data-state", "solved");
  // A new setting makes fresh networks.
  await page.getByTestId("rnn-length").fill("12");
  await page.getByTestId("rnn-length").press("Enter");
  await expect(page).toHaveURL(/length=12/);
  await expect(page.getByTestId("rnn-steps")).toHaveAttribute("data-value", "0");
});

test("the Dutch page trains on WebGPU, and refuses a length out of range in Dutch", async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.name !== "swiftshader", "WebGPU needs the SwiftShader flags");
  test.setTimeout(120_000);
  await page.goto("?lang=nl#/rnn?backend=webgpu&task=copy&length=3&hidden=8");
  await expect(page.getByTestId("rnn-status")).toHaveAttribute("data-ready", "1", { timeout: 60_000 });
  await expect(page.getByTestId("rnn-task-note")).toContainText("Kopiëren");
  await page.getByTestId("rnn-run").click();
  await expect(page.getByTestId("rnn-score-lstm")).toHaveAttribute("data-value", /\d/, { timeout: 90_000 });
  const share = Number(await page.getByTestId("rnn-score-lstm").getAttribute("data-value"));
  expect(share).toBeGreaterThanOrEqual(0);
  expect(share).toBeLessThanOrEqual(1);
  await expect(page.getByTestId("rnn-gradients")).toHaveAttribute("data-lags", "13");
  await page.getByTestId("rnn-pause").click();
  await expect(page.getByTestId("rnn-status")).toContainText("Gepauzeerd na");

  await page.getByTestId("rnn-length").fill("201");
  await page.getByTestId("rnn-length").press("Enter");
  await expect(page.getByText("Tussen 2 en 200.")).toBeVisible();
  await expect(page).not.toHaveURL(/length=201/);
});

test("over 50 steps the LSTM learns the sum while the plain RNN stays at the baseline, and its gradient reaches back", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto("#/rnn?backend=simd");
  await page.getByTestId("exercises-summary").click();
  await page.getByTestId("exercise-forget-gate-start").click();
  await expect(page).toHaveURL(/length=50/);
  await expect(page.getByTestId("rnn-status")).toHaveAttribute("data-ready", "1", { timeout: 60_000 });
  for (const task of ["forget-gate", "lag"])
    await expect(page.getByTestId(`exercise-${task}-status`)).toContainText("Not yet");
  await page.getByTestId("rnn-run").click();
  await expect(page.getByTestId("exercise-forget-gate")).toHaveAttribute("data-state", "solved", {
    timeout: 200_000,
  });
  await expect(page.getByTestId("exercise-lag")).toHaveAttribute("data-state", "solved");
  await page.getByTestId("rnn-pause").click();
  const rnn = Number(await page.getByTestId("rnn-score-rnn").getAttribute("data-value"));
  const lstm = Number(await page.getByTestId("rnn-score-lstm").getAttribute("data-value"));
  expect(lstm).toBeLessThan(0.05);
  expect(rnn).toBeGreaterThan(0.1);
});

test("an LSTM learns to read digits row by row in the page while a scan line moves down a test digit", async ({
  page,
  saveScreenshot,
}) => {
  test.setTimeout(180_000);
  await page.goto("#/rnn?backend=simd&reader-hidden=16");
  await page.getByTestId("rnn-digits-train").click();
  const accuracy = page.getByTestId("rnn-digits-accuracy");
  await expect(accuracy).toHaveAttribute("data-value", /\d/, { timeout: 90_000 });
  // Better than guessing (one in ten) within a few hundred steps.
  await expect
    .poll(async () => Number(await accuracy.getAttribute("data-value")), { timeout: 120_000 })
    .toBeGreaterThan(0.5);
  const digit = page.getByTestId("rnn-digit");
  const row = Number(await digit.getAttribute("data-row"));
  await expect(digit).not.toHaveAttribute("data-row", String(row));
  await expect(page.getByTestId("rnn-digit-classes").locator("meter")).toHaveCount(10);
  await page.getByTestId("rnn-digits-section").scrollIntoViewIfNeeded();
  await saveScreenshot("rnn-digits");
  await page.getByTestId("rnn-digits-pause").click();
  await expect(page.getByTestId("rnn-digits-status")).toContainText("Paused after");
  await page.getByTestId("rnn-digits-next").click();
  await expect(page.getByTestId("rnn-digit")).toBeVisible();
});

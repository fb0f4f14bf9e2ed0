import { expect, test, valueOf } from "./fixtures";
import type { Page } from "@playwright/test";
import { clickTwiceOnPlane, storedPoints } from "./plane";

// The activations as the workshop deck defines them, written again here so the test checks the page
// against the deck and not against the engine's own code.
const activations = {
  threshold: { f: (s: number) => (s >= 0 ? 1 : 0), factor: () => 1 },
  "piecewise-linear": {
    f: (s: number) => Math.min(1, Math.max(0, s + 0.5)),
    factor: (s: number) => (s > -0.5 && s < 0.5 ? 1 : 0),
  },
  sigmoid: {
    f: (s: number) => 1 / (1 + Math.exp(-s)),
    factor: (s: number) => {
      const y = 1 / (1 + Math.exp(-s));
      return y * (1 - y);
    },
  },
};

async function weights(page: Page) {
  return Promise.all(["perceptron-w1", "perceptron-w2", "perceptron-bias"].map((id) => valueOf(page, id)));
}

for (const [name, activation] of Object.entries(activations)) {
  test(`each step with ${name} changes the weights exactly as the rule says`, async ({ page }) => {
    const learningRate = 0.7;
    await page.goto(`#/perceptron?dataset=clouds&activation=${name}&lr=${learningRate}`);
    await expect(page.getByTestId("perceptron-epoch")).toHaveText("0");
    let moving = 0;
    for (let i = 0; i < 12; i++) {
      const [w1, w2, b] = await weights(page);
      // The button stays disabled until the step's answer is on the page.
      await page.getByTestId("perceptron-step").click();
      await expect(page.getByTestId("perceptron-step")).toBeEnabled();
      const [x1, x2, t] = await Promise.all(
        ["perceptron-sample-x1", "perceptron-sample-x2", "perceptron-target"].map((id) => valueOf(page, id)),
      );
      const s = w1 * x1 + w2 * x2 + b;
      const step = learningRate * (t - activation.f(s)) * activation.factor(s);
      expect(await valueOf(page, "perceptron-sum")).toBeCloseTo(s, 5);
      const [w1After, w2After, bAfter] = await weights(page);
      expect(w1After).toBeCloseTo(w1 + step * x1, 5);
      expect(w2After).toBeCloseTo(w2 + step * x2, 5);
      expect(bAfter).toBeCloseTo(b + step, 5);
      // The update the page shows is the one applied.
      expect(await valueOf(page, "perceptron-dw1")).toBeCloseTo(step * x1, 5);
      expect(await valueOf(page, "perceptron-dw2")).toBeCloseTo(step * x2, 5);
      expect(await valueOf(page, "perceptron-db")).toBeCloseTo(step, 5);
      if (Math.abs(step) > 1e-6) moving++;
    }
    // A run in which no step moved a weight would prove nothing about the rule.
    expect(moving).toBeGreaterThan(0);
  });
}

test("on XOR the perceptron still errs after 50 epochs and points to the MLP lab", async ({
  page,
  saveScreenshot,
}) => {
  await page.goto("#/perceptron?dataset=xor&activation=threshold&lr=0.1");
  await expect(page.getByTestId("perceptron-epoch")).toHaveText("0");
  await page.getByTestId("perceptron-run").click();
  await expect.poll(() => valueOf(page, "perceptron-epoch"), { timeout: 30_000 }).toBeGreaterThanOrEqual(50);
  await page.getByTestId("perceptron-run").click();
  expect(await valueOf(page, "perceptron-errors")).toBeGreaterThan(0);
  const note = page.getByTestId("perceptron-xor-note");
  await expect(note).toContainText("not linearly separable");
  await expect(note.getByRole("link")).toHaveAttribute("href", /#\/mlp\?dataset=xor/);
  await saveScreenshot("perceptron-xor");
});

test("separable data is learned by running whole epochs", async ({ page, saveScreenshot }) => {
  await page.goto("#/perceptron?dataset=and&activation=threshold&lr=0.1");
  await page.getByTestId("perceptron-run").click();
  await expect(page.getByTestId("perceptron-errors")).toHaveText("0", { timeout: 30_000 });
  await expect(page.getByTestId("perceptron-run")).toHaveText("Run");
  await saveScreenshot("perceptron-and");
});

test("points clicked into the plot become the dataset and survive a reload", async ({ page }) => {
  await page.goto("#/perceptron?dataset=clouds");
  await expect(page.getByTestId("perceptron-epoch")).toHaveText("0");
  await page.evaluate(() => localStorage.clear());
  await page.getByTestId("perceptron-clear").click();
  const plot = page.getByTestId("perceptron-plot");
  await plot.click({ position: { x: 60, y: 60 } });
  await plot.click({ position: { x: 300, y: 300 }, button: "right" });
  await plot.click({ position: { x: 80, y: 40 } });
  await expect(page.getByTestId("perceptron-dataset")).toHaveValue("custom");
  await expect.poll(async () => (await storedPoints(page)).length).toBe(3);
  expect((await storedPoints(page)).map((p) => p.label)).toEqual([1, 0, 1]);
  await page.reload();
  await expect(page.getByTestId("perceptron-dataset")).toHaveValue("custom");
  await page.getByTestId("perceptron-run").click();
  await expect(page.getByTestId("perceptron-errors")).toHaveText("0", { timeout: 30_000 });
});

test("a point clicked onto AND lands under the cursor, and a second click on the same spot lands on it", async ({
  page,
}) => {
  await page.goto("#/perceptron?dataset=and");
  await expect(page.getByTestId("perceptron-epoch")).toHaveText("0");
  // The logic gates' plane is [-0.5, 1.5]² (crate/src/labs/datasets.rs); AND has its 4 corners.
  await clickTwiceOnPlane(page, "perceptron-plot", { min: -0.5, max: 1.5 }, 5);
});

test("the learning-rate field steps in hundredths, says why a value is refused, and the address obeys the same limits", async ({
  page,
}) => {
  await page.goto("#/perceptron?dataset=and&lr=20");
  const field = page.getByTestId("perceptron-lr");
  await expect(field).toHaveValue("0.1");
  await field.press("ArrowUp");
  await expect(field).toHaveValue("0.11");
  await field.fill("20");
  await field.press("Enter");
  await expect(page.getByTestId("perceptron-lr-error")).toHaveText("Between 0.001 and 10.");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await field.fill("10");
  await field.press("Enter");
  await expect(page.getByTestId("perceptron-lr-error")).toBeHidden();
  await expect(page).toHaveURL(/lr=10(&|$)/);
});

test("points can be added from the keyboard: the arrows move a cursor, Enter and 0 add points there", async ({
  page,
}) => {
  await page.goto("#/perceptron?dataset=custom");
  await page.getByTestId("perceptron-clear").click();
  await expect.poll(async () => (await storedPoints(page)).length).toBe(0);
  // Tab order reaches the plot; its cursor starts in the middle of the plane ([-1.5, 1.5] for own points).
  await page.getByTestId("perceptron-plot").focus();
  const cursor = page.getByTestId("perceptron-plot-cursor");
  await expect(cursor).toBeVisible();
  await expect(cursor).toHaveAttribute("data-x", "0");
  // Each arrow is a twentieth of the plane's 3 units: 0.15.
  for (const key of ["ArrowRight", "ArrowRight", "ArrowUp"]) await page.keyboard.press(key);
  await page.keyboard.press("Enter");
  await expect.poll(async () => (await storedPoints(page)).length).toBe(1);
  await page.keyboard.press("0");
  await expect.poll(async () => (await storedPoints(page)).length).toBe(2);
  const [first, second] = await storedPoints(page);
  expect(first.x).toBeCloseTo(0.3, 10);
  expect(first.y).toBeCloseTo(0.15, 10);
  expect(first.label).toBe(1);
  expect(second).toEqual({ ...first, label: 0 });
  await page.getByTestId("perceptron-step").focus();
  await expect(cursor).toBeHidden();
});

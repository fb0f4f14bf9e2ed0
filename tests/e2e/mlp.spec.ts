import { engineCall, expect, test, valueOf } from "./fixtures";
import { clickTwiceOnPlane } from "./plane";

test("a 2-4-1 network learns XOR", async ({ page, saveScreenshot }) => {
  await page.goto("#/mlp?dataset=xor&layers=4&act=tanh&lr=0.3&noise=0.1&speed=0");
  await expect(page.getByTestId("mlp-epoch")).toHaveText("0");
  await page.getByTestId("mlp-play").click();
  await expect
    .poll(() => valueOf(page, "mlp-train-accuracy"), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(0.98);
  await page.getByTestId("mlp-play").click();
  await expect(page.getByTestId("mlp-play")).toHaveText("Play");
  await saveScreenshot("mlp-xor");
});

test("circles reach 95 % test accuracy", async ({ page, saveScreenshot }) => {
  await page.goto("#/mlp?dataset=circles&layers=8,8&act=tanh&lr=0.3&noise=0.1&split=0.5&speed=0");
  await page.getByTestId("mlp-play").click();
  await expect
    .poll(() => valueOf(page, "mlp-test-accuracy"), { timeout: 45_000 })
    .toBeGreaterThanOrEqual(0.95);
  await page.getByTestId("mlp-play").click();
  await saveScreenshot("mlp-circles");
});

test("the configuration lives in the URL and bad layer text is refused", async ({ page }) => {
  await page.goto("#/mlp?dataset=spiral&layers=6,6&act=relu&lr=0.05&batch=5&seed=3");
  await expect(page.getByTestId("mlp-dataset")).toHaveValue("spiral");
  await expect(page.getByTestId("mlp-activation")).toHaveValue("relu");
  await expect(page.getByTestId("mlp-layers")).toHaveValue("6,6");
  await page.getByTestId("mlp-layers").fill("3,2");
  await page.getByTestId("mlp-layers").press("Enter");
  await expect(page).toHaveURL(/layers=3%2C2/);
  await expect(page).toHaveURL(/lr=0.05/);
  await page.getByTestId("mlp-layers").fill("3,x");
  await page.getByTestId("mlp-layers").press("Enter");
  await expect(page.getByTestId("mlp-layers-error")).toBeVisible();
  await expect(page).toHaveURL(/layers=3%2C2/);
  await page.getByTestId("mlp-step").click();
  await expect(page.getByTestId("mlp-epoch")).toHaveText("1");
});

test("a learning rate that makes training diverge gets a message and keeps the last good weights", async ({
  page,
  guard,
}) => {
  guard.allowErrorNotice(/diverged/);
  type Current = { view: { epoch: number; layers: { weights: number[]; biases: number[] }[] } };
  const current = () => engineCall(page, "mlp/current") as Promise<Current>;
  await page.goto("#/mlp?dataset=gaussians&layers=16,16,16&act=relu&lr=0.03&speed=0");
  await page.getByTestId("mlp-step").click();
  await expect(page.getByTestId("mlp-epoch")).toHaveText("1");
  const good = (await current()).view;
  await page.getByTestId("mlp-lr").fill("1000000");
  await page.getByTestId("mlp-lr").press("Enter");
  await page.getByTestId("mlp-step").click();
  await expect(page.getByTestId("notice-error")).toContainText("diverged", { timeout: 30_000 });
  await expect(page.getByTestId("mlp-play")).toHaveText("Play");
  expect(Number.isFinite(await valueOf(page, "mlp-train-loss"))).toBe(true);
  // The diverging epoch left no trace: the weights and biases are those after the good one, to the bit.
  const kept = (await current()).view;
  expect(kept.epoch).toBe(1);
  expect(kept.layers).toEqual(good.layers);
});

test("a diverging run says so in Dutch on the Dutch page", async ({ page, guard }) => {
  guard.allowErrorNotice(/gedivergeerd/);
  await page.goto("?lang=nl#/mlp?dataset=gaussians&layers=16,16,16&act=relu&lr=1000000&speed=0");
  await page.getByTestId("mlp-play").click();
  await expect(page.getByTestId("notice-error")).toContainText(
    "de training is gedivergeerd (de loss werd NaN of oneindig) bij leersnelheid 1000000",
    { timeout: 30_000 },
  );
});

test("opening the lab with no settings gives the default network", async ({ page }) => {
  await page.goto("#/mlp");
  await expect(page.getByTestId("mlp-layers")).toHaveValue("4,4");
  await expect(page).toHaveURL(/layers=4%2C4/);
  // An explicit empty list is still "no hidden layer".
  await page.goto("#/mlp?layers=");
  await expect(page.getByTestId("mlp-layers")).toHaveValue("");
});

test("playing goes at the chosen pace and stops at the chosen epoch", async ({ page }) => {
  await page.goto("#/mlp?dataset=xor&layers=4&speed=10");
  await expect(page.getByTestId("mlp-epoch")).toHaveText("0");
  await expect(page.getByTestId("mlp-speed")).toHaveValue("10");
  const started = Date.now();
  await page.getByTestId("mlp-play").click();
  await page.waitForTimeout(2_000);
  await page.getByTestId("mlp-play").click();
  const paced = await valueOf(page, "mlp-epoch");
  const seconds = (Date.now() - started) / 1000;
  // 10 a second for the time it played, about 2 s (not the thousands a second of full speed); the bound
  // follows the time the test measured, which a loaded machine stretches.
  expect(paced).toBeGreaterThanOrEqual(5);
  expect(paced).toBeLessThanOrEqual(10 * seconds + 10);

  await page.getByTestId("mlp-speed").selectOption("0");
  await page.getByTestId("mlp-stop-at").fill("500");
  await page.getByTestId("mlp-stop-at").press("Enter");
  await expect(page).toHaveURL(/until=500/);
  await page.getByTestId("mlp-play").click();
  await expect(page.getByTestId("mlp-status")).toContainText("500", { timeout: 30_000 });
  expect(await valueOf(page, "mlp-epoch")).toBe(500);
  await expect(page.getByTestId("mlp-play")).toHaveText("Play");
});

test("a point clicked onto a dataset lands under the cursor, and a second click on the same spot lands on it", async ({
  page,
}) => {
  await page.goto("#/mlp?dataset=xor&speed=0");
  await expect(page.getByTestId("mlp-epoch")).toHaveText("0");
  // XOR's plane is [-0.5, 1.5]² (crate/src/labs/datasets.rs).
  await clickTwiceOnPlane(page, "mlp-plot", { min: -0.5, max: 1.5 }, 201);
});

test("the trained network is still there after a visit to another lab, and trains on from where it was", async ({
  page,
}) => {
  await page.goto("#/mlp?dataset=circles&layers=4,4&speed=0&until=60&lr=0.2");
  await page.getByTestId("mlp-play").click();
  await expect(page.getByTestId("mlp-epoch")).toHaveText("60");
  const loss = await valueOf(page, "mlp-train-loss");

  await page.locator("#nav").getByText("Perceptron").click();
  await expect(page.getByTestId("perceptron-plot")).toBeVisible();
  await page.locator("#nav").getByText("MLP and backprop").click();
  await expect(page.getByTestId("mlp-epoch")).toHaveText("60");
  expect(await valueOf(page, "mlp-train-loss")).toBe(loss);
  await page.getByTestId("mlp-step").click();
  await expect(page.getByTestId("mlp-epoch")).toHaveText("61");

  // A setting that changes the network starts a fresh one.
  await page.getByTestId("mlp-layers").fill("3");
  await page.getByTestId("mlp-layers").press("Enter");
  await expect(page.getByTestId("mlp-epoch")).toHaveText("0");
});

test("sliders beside the fields: dragging sets the field and the address, typing moves the slider", async ({
  page,
}) => {
  await page.goto("#/mlp?dataset=circles&speed=0");
  await expect(page.getByTestId("mlp-epoch")).toHaveText("0");
  await page.getByTestId("mlp-noise-slider").fill("0.3");
  await expect(page.getByTestId("mlp-noise")).toHaveValue("0.3");
  await expect(page).toHaveURL(/noise=0\.3/);
  // The learning rate's slider moves in powers of ten: -2 is 0.01.
  await page.getByTestId("mlp-lr-slider").fill("-2");
  await expect(page.getByTestId("mlp-lr")).toHaveValue("0.01");
  await expect(page).toHaveURL(/lr=0\.01/);
  await page.getByTestId("mlp-lr").fill("1");
  await page.getByTestId("mlp-lr").press("Enter");
  await expect(page.getByTestId("mlp-lr-slider")).toHaveValue("0");
});

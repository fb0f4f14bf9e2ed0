import { expect, test, valueOf } from "./fixtures";

test("a 2-4-1 network learns XOR", async ({ page, saveScreenshot }) => {
  await page.goto("#/mlp?dataset=xor&layers=4&act=tanh&lr=0.3&noise=0.1");
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
  await page.goto("#/mlp?dataset=circles&layers=8,8&act=tanh&lr=0.3&noise=0.1&split=0.5");
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
}) => {
  await page.goto("#/mlp?dataset=gaussians&layers=16,16,16&act=relu&lr=1000000");
  await page.getByTestId("mlp-play").click();
  await expect(page.getByTestId("notice-error")).toContainText("diverged", { timeout: 30_000 });
  await expect(page.getByTestId("mlp-play")).toHaveText("Play");
  expect(Number.isFinite(await valueOf(page, "mlp-train-loss"))).toBe(true);
});

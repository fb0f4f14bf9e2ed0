// The autoencoder lab as an attendee uses it: a denoising autoencoder trained an epoch brings noisy test
// digits back well above their own PSNR, and pauses when asked; a 2-D code's plane is drawn, decoded under
// the pointer and walked between two digits; a drawn digit comes back; the Dutch page refuses a code size
// out of range in Dutch. The sheet follows.
import type { Page } from "@playwright/test";
import { drawStroke } from "./draw";
import { expect, test } from "./fixtures";

async function trainedOnce(page: Page) {
  await expect(page.getByTestId("autoencoder-status")).toHaveAttribute("data-ready", "1", {
    timeout: 60_000,
  });
  await page.getByTestId("autoencoder-train").click();
  await expect(page.getByTestId("autoencoder-psnr")).toHaveAttribute("data-epochs", "1", {
    timeout: 120_000,
  });
  await expect(page.getByTestId("autoencoder-train")).toBeEnabled({ timeout: 60_000 });
}

test("a denoising autoencoder brings noisy digits back above their own PSNR, and pauses", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto("#/autoencoder?backend=simd&noise=gaussian&level=0.4&epochs=1&test=500");
  await trainedOnce(page);
  await expect(page.getByTestId("exercise-denoise")).toHaveAttribute("data-state", "solved");
  const psnr = Number(await page.getByTestId("autoencoder-grid").getAttribute("data-psnr"));
  expect(psnr).toBeGreaterThan(13);
  // The dense network's units are drawn as images.
  await expect(page.getByTestId("autoencoder-features")).toHaveAttribute("data-units", "64");

  // The few-labels chart: stopped once a point is measured; the points stay, the sheet's task waits for all
  // six. The first points come within a second of each other (few labels train fast), so the test waits for
  // one or more, not for exactly one; the last takes many seconds, so the stop lands before it.
  const fewRows = page.getByTestId("autoencoder-few-labels-row");
  await page.getByTestId("autoencoder-few-labels-run").click();
  await expect(fewRows.first()).toBeVisible({ timeout: 60_000 });
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(page.getByTestId("autoencoder-few-labels-progress")).toContainText("points measured.", {
    timeout: 60_000,
  });
  const measured = await fewRows.count();
  expect(measured).toBeGreaterThanOrEqual(1);
  expect(measured).toBeLessThan(6);
  await expect(page.getByTestId("exercise-few-labels")).toHaveAttribute("data-state", "open");

  // Three more epochs, paused within the first of them: training stops and says so.
  await page.getByTestId("autoencoder-epochs").fill("3");
  await page.getByTestId("autoencoder-epochs").press("Enter");
  await page.getByTestId("autoencoder-train").click();
  await expect(page.getByTestId("autoencoder-progress")).toContainText("of 4");
  await page.getByTestId("autoencoder-pause").click();
  await expect(page.getByTestId("autoencoder-progress")).toContainText("Paused at epoch", {
    timeout: 30_000,
  });
  await expect(page.getByTestId("autoencoder-train")).toBeEnabled();
});

test("a 2-D code: the test set's plane, any point of it decoded, a walk between two digits, a drawn digit", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.goto("#/autoencoder?backend=simd&epochs=1&test=500");
  await expect(page.getByTestId("autoencoder-status")).toHaveAttribute("data-ready", "1", {
    timeout: 60_000,
  });
  await page.getByTestId("autoencoder-preset-map").click();
  await expect(page).toHaveURL(/code=2/);
  await trainedOnce(page);
  const plane = page.getByTestId("autoencoder-map");
  await expect(plane).toHaveAttribute("data-points", "2000");
  await plane.scrollIntoViewIfNeeded();
  const box = await plane.boundingBox();
  if (!box) throw new Error("the plane is not on screen");
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.width * 0.4);
  await expect(page.getByTestId("autoencoder-decoded")).toHaveAttribute("data-code", /^-?\d/);
  const first = await page.getByTestId("autoencoder-decoded").getAttribute("data-code");
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.width * 0.6);
  await expect(page.getByTestId("autoencoder-decoded")).not.toHaveAttribute("data-code", first ?? "");
  // Two clicks: the nearest digits' codes, mixed in ten steps.
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.width * 0.4);
  await page.mouse.click(box.x + box.width * 0.7, box.y + box.width * 0.6);
  await expect(page.getByTestId("autoencoder-walk-strip")).toHaveAttribute("data-steps", "10");
  await expect(page.getByTestId("exercise-plane")).toHaveAttribute("data-state", "solved");

  await drawStroke(page, "autoencoder-pad");
  await expect(page.getByTestId("autoencoder-pad-output")).toHaveAttribute("data-drawn", "1");
  await expect(page.getByTestId("autoencoder-pad-output")).toHaveAttribute("data-source", "drawing");

  // A test digit on the pad, noise rubbed onto it: grains of black and white, and the network answers.
  await page.getByTestId("autoencoder-pad-digit").click();
  await expect(page.getByTestId("autoencoder-pad-output")).toHaveAttribute("data-source", "test-digit");
  const padPixels = () =>
    page
      .getByTestId("autoencoder-pad")
      .evaluate((c) =>
        Array.from(
          (c as HTMLCanvasElement).getContext("2d")?.getImageData(0, 0, 224, 224).data ?? [],
          (v, i) => (i % 4 === 0 ? v : -1),
        ).filter((v) => v >= 0),
      );
  const before = await padPixels();
  await page.getByTestId("autoencoder-brush").selectOption("noise");
  await drawStroke(page, "autoencoder-pad");
  const after = await padPixels();
  const changed = after.filter((v, i) => v !== before[i]);
  expect(changed.filter((v) => v === 0).length, "pixels the noise turned black").toBeGreaterThan(0);
  expect(changed.filter((v) => v === 255).length, "pixels the noise turned white").toBeGreaterThan(0);
  await expect(page.getByTestId("autoencoder-pad-output")).toHaveAttribute("data-source", "test-digit");
});

test("the Dutch page speaks Dutch, and a code size out of range is refused in Dutch", async ({ page }) => {
  await page.goto("?lang=nl#/autoencoder?backend=simd");
  await expect(page.getByTestId("autoencoder-status")).toHaveAttribute("data-ready", "1", {
    timeout: 60_000,
  });
  await expect(page.getByTestId("autoencoder-status")).toContainText("Een nieuw netwerk");
  await page.getByTestId("autoencoder-code").fill("0");
  await page.getByTestId("autoencoder-code").press("Enter");
  await expect(page.getByText("Tussen 1 en 2.048.")).toBeVisible();
  await expect(page).not.toHaveURL(/code=0/);
});

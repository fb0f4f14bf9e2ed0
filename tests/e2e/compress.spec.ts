// The compression lab as an attendee uses it: the CNN lab's network, briefly trained, compressed by weight
// sharing (several times smaller at nearly its accuracy), pruned and retrained (its zeros counted), factored
// at a rank that grows a layer; the file downloaded and loaded back, scoring exactly what the setting
// scored; each layer's sensitivity measured; a damaged file refused. The sheet follows.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/** The results table's rows: each setting's bytes and accuracy. */
async function rows(page: Page): Promise<{ bytes: number; accuracy: number }[]> {
  return page.getByTestId("compress-row").evaluateAll((trs) =>
    trs.map((tr) => ({
      bytes: Number(tr.getAttribute("data-bytes")),
      accuracy: Number(tr.getAttribute("data-accuracy")),
    })),
  );
}

async function setNumber(page: Page, testId: string, value: number | string) {
  await page.getByTestId(testId).fill(String(value));
  await page.getByTestId(testId).press("Enter");
}

async function compress(page: Page, expected: number) {
  await page.getByTestId("compress-run").click();
  await expect(page.getByTestId("compress-row")).toHaveCount(expected, { timeout: 120_000 });
  return (await rows(page))[expected - 1];
}

test("the CNN lab's network compressed several ways, its file loaded back, its layers' sensitivity", async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  await page.goto("#/cnn?backend=simd&small=1&epochs=2&batch=10&lr=0.003&test=500");
  await expect(page.getByTestId("cnn-data-status")).toHaveAttribute("data-train", /^[1-9]/, {
    timeout: 60_000,
  });
  await page.getByTestId("cnn-train").click();
  await expect(page.getByTestId("cnn-progress")).toHaveJSProperty("value", 1, { timeout: 120_000 });

  await page.goto("#/compress?backend=simd&test=500");
  await expect(page.getByTestId("compress-status")).toHaveAttribute("data-ready", "1", { timeout: 60_000 });
  // The float32 original is the first point.
  await expect(page.getByTestId("compress-row")).toHaveCount(1, { timeout: 60_000 });
  const [original] = await rows(page);
  expect(original.accuracy).toBeGreaterThan(0.3);

  // 4-bit shared weights, Huffman-coded: several times smaller, at nearly the same accuracy.
  await page.getByTestId("compress-storage").selectOption("shared");
  await setNumber(page, "compress-bits", 4);
  await page.getByTestId("compress-huffman").check();
  // Its shared values fine-tuned a little: the training reports, the row says so.
  await setNumber(page, "compress-centroidEpochs", 0.1);
  await page.getByTestId("compress-run").click();
  await expect(page.getByTestId("compress-progress")).toContainText("Fine-tuning", { timeout: 60_000 });
  await expect(page.getByTestId("compress-row")).toHaveCount(2, { timeout: 120_000 });
  await expect(page.getByTestId("compress-row").nth(1)).toContainText("values tuned 0.10 epochs");
  const shared = (await rows(page))[1];
  expect(original.bytes / shared.bytes).toBeGreaterThan(5);
  expect(shared.accuracy).toBeGreaterThan(original.accuracy - 0.03);
  await expect(page.getByTestId("exercise-smaller")).toHaveAttribute("data-state", "solved");
  // Computed in int8 on wasm SIMD as well: nearly as accurate, and timed.
  const sharedRow = page.getByTestId("compress-row").nth(1);
  expect(Number(await sharedRow.getAttribute("data-int8-accuracy"))).toBeGreaterThan(shared.accuracy - 0.03);
  await expect(sharedRow.locator("td").nth(8)).toHaveText(/µs$/);

  // Its file, downloaded and loaded back: the original of the reloaded lab is what the setting scored.
  const download = page.waitForEvent("download");
  await page.getByTestId("compress-download").click();
  const file = testInfo.outputPath("shared.pgcz");
  await (await download).saveAs(file);

  // 90 % pruned without retraining, then with a little: the zeros are counted, retraining reports.
  await page.getByTestId("compress-pruning").selectOption("unstructured");
  await setNumber(page, "compress-fraction", 0.9);
  await page.getByTestId("compress-storage").selectOption("f32");
  const pruned = await compress(page, 3);
  await expect(page.getByTestId("compress-row").nth(2).locator("td").nth(5)).toHaveText(/^90\s?%$/);
  await setNumber(page, "compress-retrainEpochs", 0.2);
  await page.getByTestId("compress-run").click();
  await expect(page.getByTestId("compress-progress")).toContainText("Retraining", { timeout: 60_000 });
  await expect(page.getByTestId("compress-row")).toHaveCount(4, { timeout: 120_000 });
  expect((await rows(page))[3].bytes).toBeLessThan(original.bytes);
  expect(pruned.bytes).toBeLessThan(original.bytes);
  await expect(page.getByTestId("exercise-retraining")).toHaveAttribute("data-state", "solved");

  // Rank 6: the first convolution (a 9 × 8 matrix) stores 6 · 17 = 102 values instead of 72, and says so.
  await page.getByTestId("compress-pruning").selectOption("none");
  // One rank a layer: the second convolution (72 × 16) is left whole.
  await setNumber(page, "compress-rank", "6,0,0");
  await compress(page, 5);
  await expect(page.getByTestId("compress-tensor").first()).toHaveClass(/grows/);
  await expect(page.getByTestId("compress-tensor").nth(2).locator("td").nth(2)).toHaveText("1,152");
  await expect(page.getByTestId("exercise-low-rank")).toHaveAttribute("data-state", "solved");

  // Every weight tensor alone pruned to ten fractions.
  await page.getByTestId("compress-sensitivity-run").click();
  await expect(page.getByTestId("compress-sensitivity")).toHaveAttribute("data-points", "30", {
    timeout: 120_000,
  });
  await expect(page.getByTestId("exercise-sensitivity")).toHaveAttribute("data-state", "solved");

  await page.getByTestId("compress-file").setInputFiles(file);
  await expect(page.getByTestId("compress-row")).toHaveCount(1, { timeout: 60_000 });
  await expect(page.getByTestId("compress-network")).toContainText("shared.pgcz");
  expect((await rows(page))[0].accuracy).toBe(shared.accuracy);
});

test("a damaged compressed file is refused in Dutch on the Dutch page", async ({ page }) => {
  await page.goto("?lang=nl#/compress?backend=simd");
  await expect(page.getByTestId("compress-status")).toContainText(/CNN/, { timeout: 60_000 });
  await page.getByTestId("compress-file").setInputFiles({
    name: "kapot.pgcz",
    mimeType: "application/octet-stream",
    buffer: Buffer.concat([Buffer.from("PGCZ\x01"), Buffer.from([200, 0, 0, 0]), Buffer.from("{kapot")]),
  });
  await expect(page.getByTestId("compress-status")).toContainText("Het netwerk kon niet geladen worden", {
    timeout: 30_000,
  });
  await expect(page.getByTestId("compress-status")).toContainText("beschadigd");
});

test("the served networks compressed to int8 keep their answers on the samples", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("#/compress?backend=simd&store=int8-channel");
  const rows = page.getByTestId("compress-served-row");
  await page.getByTestId("compress-served-run").click();
  await expect(rows).toHaveCount(1, { timeout: 120_000 });
  // The three sample photos: the same top class each, a quarter of the float32 bytes and a little more.
  await expect(rows.first()).toHaveAttribute("data-reference", "3");
  await expect(rows.first()).toHaveAttribute("data-matched", "3");
  await expect(rows.first().locator("td").nth(4)).toHaveText(/^3\.\d×$/);
  await page.getByTestId("compress-served-model").selectOption("yolo-fastest-1.1");
  await page.getByTestId("compress-served-run").click();
  await expect(rows).toHaveCount(2, { timeout: 120_000 });
  const reference = Number(await rows.nth(1).getAttribute("data-reference"));
  expect(reference).toBeGreaterThan(3);
  expect(Number(await rows.nth(1).getAttribute("data-matched"))).toBeGreaterThanOrEqual(0.8 * reference);
});

// The inside lab as an attendee uses it: the ImageNet classifier on a sample photo gets its four maps, then
// the same maps of a copy with every layer randomised (the sanity check), an attack and the smallest ε that
// turns its answer, the images of its set that a map likes most, and the attack scored on another backend;
// the CNN from the CNN lab gets an answer on a test image, a targeted attack, a fooling image dreamed up
// step by step and its attack scored on a second network. The detectors' networks are looked into without
// classes. The exercise sheet follows. (The transfer lab's test looks into its fine-tuned network.)
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { drawStroke } from "./draw";

/** How many distinct grey levels a map canvas shows: a blank or flat map has one. */
const levels = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext("2d")?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4) seen.add(data[i]);
    return seen.size;
  });

test("the ImageNet classifier's maps, their sanity check, an attack and its smallest ε", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("#/inside?source=imagenet&backend=simd&attack=fgsm&eps=0.01");
  await expect(page.getByTestId("inside-status")).toHaveAttribute("data-ready", "imagenet", {
    timeout: 60_000,
  });
  await page.getByTestId("inside-sample-chelsea.png").click();
  const answer = page.getByTestId("inside-answer").locator("li");
  await expect(answer).toHaveCount(5, { timeout: 60_000 });
  await expect(answer.first()).toContainText("cat");
  const maps = page.getByTestId("inside-maps");
  await expect(maps).toHaveAttribute("data-drawn", "1", { timeout: 60_000 });
  for (const kind of ["gradient", "deconvnet", "guided", "grad-cam"]) {
    expect(await levels(page, `inside-map-${kind}`), kind).toBeGreaterThan(8);
  }

  // Every weighted layer randomised: the field clamps to the network's count.
  await page.getByTestId("inside-randomised").fill("50");
  await page.getByTestId("inside-randomised").press("Enter");
  await expect(maps).toHaveAttribute("data-randomised", /^[1-9]\d*$/, { timeout: 60_000 });
  await expect(page.getByTestId("inside-randomised-note")).toContainText("random");

  await page.getByTestId("inside-attack-run").click();
  await expect(page.getByTestId("inside-after").locator("li")).toHaveCount(3, { timeout: 60_000 });
  expect(await levels(page, "inside-perturbation")).toBeGreaterThan(1);
  await page.getByTestId("inside-smallest-run").click();
  await expect(page.getByTestId("inside-smallest")).toHaveAttribute("data-value", /^0\.\d+$/, {
    timeout: 120_000,
  });

  // The image set: the three samples, and the picture on show added; a map's strongest images among them.
  const count = page.getByTestId("inside-image-count");
  await expect(count).toHaveAttribute("data-count", "3", { timeout: 60_000 });
  await page.getByTestId("inside-add-picture").click();
  await expect(count).toHaveAttribute("data-count", "4", { timeout: 60_000 });
  await page.getByTestId("inside-layer-map").first().click();
  await expect(page.getByTestId("inside-top-image")).toHaveCount(4, { timeout: 60_000 });

  // The attack made on wasm SIMD, scored on the same network on the scalar backend: it agrees on the clean
  // pictures (their labels are its own answers), and is fooled alike.
  await page.getByTestId("inside-second").selectOption("scalar");
  await page.getByTestId("inside-transfer-run").click();
  const table = page.getByTestId("inside-transfer-table");
  await expect(table).toHaveAttribute("data-second", /\d/, { timeout: 120_000 });
  await expect(table.locator("tr")).toHaveCount(3);
  await expect(table.locator("tr").nth(2).locator("td").nth(1)).toHaveText(/^100/);
  expect(Number(await table.getAttribute("data-second"))).toBeCloseTo(
    Number(await table.getAttribute("data-first")),
    5,
  );
});

test("the CNN lab's network: an answer, a targeted attack and a fooling image, checked by the sheet", async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  await page.goto("#/cnn?backend=simd");
  await expect(page.getByTestId("cnn-data-status")).toHaveAttribute("data-train", /^[1-9]/, {
    timeout: 60_000,
  });
  await page.goto("#/inside?source=cnn&backend=simd&attack=pgd&eps=0.3&steps=20&target=3&dreamSteps=200");
  await expect(page.getByTestId("inside-status")).toHaveAttribute("data-ready", "cnn", { timeout: 60_000 });
  await expect(page.getByTestId("inside-answer").locator("li")).toHaveCount(5, { timeout: 60_000 });
  await expect(page.getByTestId("inside-maps")).toHaveAttribute("data-drawn", /\d/, { timeout: 60_000 });

  // Every layer: conv1's eight maps; one projected back to pixels inside the square its unit sees; dead maps.
  const layerMaps = page.getByTestId("inside-layer-map");
  await expect(layerMaps).toHaveCount(8, { timeout: 60_000 });
  await layerMaps.nth(2).click();
  const projection = page.getByTestId("inside-projection");
  await expect(projection).toHaveAttribute("data-unit", /^\d+:\d+:\d+:2$/, { timeout: 60_000 });
  const [top, left, bottom, right] = ((await projection.getAttribute("data-field")) ?? "")
    .split(",")
    .map(Number);
  expect(bottom - top).toBeLessThanOrEqual(3);
  expect(right - left).toBeLessThanOrEqual(3);
  await expect(page.getByTestId("inside-filter")).toHaveCount(8);
  await expect(page.getByTestId("inside-top-image")).toHaveCount(9, { timeout: 60_000 });
  await page.getByTestId("inside-dead-run").click();
  await expect(page.getByTestId("inside-dead-note")).toHaveAttribute("data-dead", /^\d+$/, {
    timeout: 60_000,
  });

  await page.getByTestId("inside-attack-run").click();
  await expect(page.getByTestId("inside-after")).toHaveAttribute("data-first", "3", { timeout: 60_000 });

  await page.getByTestId("inside-objective").selectOption("fooling");
  await page.getByTestId("inside-dream-class").fill("7");
  await page.getByTestId("inside-dream-run").click();
  const score = page.getByTestId("inside-dream-score");
  await expect
    .poll(async () => Number(await score.getAttribute("data-probability")), { timeout: 120_000 })
    .toBeGreaterThanOrEqual(0.99);
  for (const task of ["targeted", "fooling"]) {
    await expect(page.getByTestId(`exercise-${task}`)).toHaveAttribute("data-state", "solved");
  }
  await expect(page.getByTestId("exercise-control")).toHaveAttribute("data-state", "open");

  // The attack on 500 test images, scored on the network's own exported file as the second network: a
  // copy with the same weights is fooled exactly alike.
  const exported = page.waitForEvent("download");
  await page.goto("#/cnn?backend=simd");
  await page.getByTestId("cnn-export").click();
  const file = testInfo.outputPath("cnn.safetensors");
  await (await exported).saveAs(file);
  await page.goto("#/inside?source=cnn&backend=simd&attack=fgsm&eps=0.2");
  await expect(page.getByTestId("inside-status")).toHaveAttribute("data-ready", "cnn", { timeout: 60_000 });
  await page.getByTestId("inside-second").selectOption("file");
  await page.getByTestId("inside-second-file").setInputFiles(file);
  await page.getByTestId("inside-transfer-run").click();
  const table = page.getByTestId("inside-transfer-table");
  await expect(table).toHaveAttribute("data-second", /\d/, { timeout: 120_000 });
  await expect(table.locator("tr")).toHaveCount(3);
  expect(await table.getAttribute("data-second")).toBe(await table.getAttribute("data-first"));

  // A digit drawn on the pad is the picture: the network answers and the maps are drawn for it.
  const maps = page.getByTestId("inside-maps");
  const drawnBefore = Number(await maps.getAttribute("data-drawn"));
  await drawStroke(page, "inside-draw");
  await expect.poll(async () => Number(await maps.getAttribute("data-drawn"))).toBeGreaterThan(drawnBefore);
  await expect(page.getByTestId("inside-answer").locator("li")).toHaveCount(5);
});

for (const source of ["yolo", "tiny-face"]) {
  test(`a detector's network (${source}): its strongest unit explained and its layers' maps, without classes`, async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await page.goto(`#/inside?source=${source}&backend=simd`);
    await expect(page.getByTestId("inside-status")).toHaveAttribute("data-ready", source, {
      timeout: 60_000,
    });
    await expect(page.getByTestId("inside-backbone-note")).toBeVisible();
    await expect(page.getByTestId("inside-attack-run")).toBeHidden();
    await page.getByTestId("inside-sample-dog.jpg").click();
    await expect(page.getByTestId("inside-maps")).toHaveAttribute("data-drawn", "1", { timeout: 60_000 });
    expect(await levels(page, "inside-map-gradient")).toBeGreaterThan(8);
    await expect(page.getByTestId("inside-layer-map").first()).toBeVisible({ timeout: 60_000 });
  });
}

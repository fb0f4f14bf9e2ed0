import type { Page } from "@playwright/test";
import { engineCall, expect, pageRequestsRouted, test, valueOf } from "./fixtures";
import { drawStroke } from "./draw";

interface CnnEvaluation {
  backend: string;
  accuracy: number;
}

// The CNN lab: training on both fast backends, drawing, the views into the network, export/import and
// the augmentation preview, all on the real MNIST data the site serves.

/** The lab with the small-data switch on (500 training images), waiting for the first data to arrive. */
async function openLab(page: Page, query: string) {
  await page.goto(`#/cnn?${query}`);
  await expect(page.getByTestId("cnn-data-status")).toHaveAttribute("data-train", /^[1-9]/, {
    timeout: 30_000,
  });
  await expect(page.getByTestId("cnn-summary").locator("tbody tr")).not.toHaveCount(0);
}

/** Whether a canvas shows more than one colour. */
function varied(page: Page, testId: string) {
  return page
    .getByTestId(testId)
    .locator("canvas")
    .evaluateAll((canvases) =>
      canvases.map((canvas) => {
        const c = canvas as HTMLCanvasElement;
        const data =
          c.getContext("2d")?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
        return new Set(Array.from(data.filter((_, i) => i % 4 === 0))).size > 1;
      }),
    );
}

async function probabilities(page: Page): Promise<number[]> {
  const bars = page.locator('[data-testid^="cnn-probability-"]');
  await expect(bars).toHaveCount(10);
  return bars.evaluateAll((meters) => meters.map((m) => Number((m as HTMLMeterElement).dataset.value)));
}

for (const backend of ["simd", "webgpu"]) {
  test(`a short training run on ${backend} is clearly better than chance`, async ({
    page,
    saveScreenshot,
  }) => {
    test.setTimeout(300_000);
    // 500 images, batch 10 → 50 steps per epoch; 2 epochs = 100 steps, each epoch scored on 500 test
    // images. SwiftShader is a slow GPU: about 15 images/s here for training, 25 for evaluation.
    await openLab(page, `backend=${backend}&small=1&epochs=2&batch=10&lr=0.003&test=500`);
    await page.getByTestId("cnn-train").click();
    await expect(page.getByTestId("cnn-progress")).toHaveJSProperty("value", 1, { timeout: 280_000 });
    await expect(page.getByTestId("cnn-train")).toHaveText(/Resume/);
    await expect(page.getByTestId("cnn-progress-text")).toHaveText("epoch 2.00 of 2");
    const accuracy = await valueOf(page, "cnn-test-accuracy");
    expect(accuracy).toBeGreaterThan(0.5);
    // A healthy run is not reported as diverged or stalled.
    await expect(page.getByTestId("notice-error")).toHaveCount(0);
    await expect(page.getByTestId("cnn-confusion").locator("td")).toHaveCount(100);
    await saveScreenshot(`cnn-trained-${backend}`);
  });
}

test("drawing a digit updates the probabilities; filters and activations render", async ({ page }) => {
  await openLab(page, "backend=simd");
  await expect.poll(async () => (await varied(page, "cnn-activations")).length).toBeGreaterThan(20);
  expect((await varied(page, "cnn-activations")).filter(Boolean).length).toBeGreaterThan(10);
  expect((await varied(page, "cnn-filters")).every(Boolean)).toBe(true);
  const before = await probabilities(page);
  await drawStroke(page, "cnn-draw");
  await expect.poll(async () => JSON.stringify(await probabilities(page))).not.toBe(JSON.stringify(before));
  const sum = (await probabilities(page)).reduce((a, b) => a + b, 0);
  expect(sum).toBeCloseTo(1, 3);
  // Clicking a feature map lists the test images that excite that filter most.
  await page.getByTestId("cnn-activations").locator("canvas").first().click();
  await expect(page.getByTestId("cnn-top-images").locator("canvas")).toHaveCount(12);
});

test("exported weights imported again give identical predictions", async ({ page }) => {
  test.setTimeout(120_000);
  await openLab(page, "backend=simd&small=1&epochs=1");
  await page.getByTestId("cnn-train").click();
  await expect(page.getByTestId("cnn-progress")).toHaveJSProperty("value", 1, { timeout: 60_000 });
  const trained = await probabilities(page);
  const download = page.waitForEvent("download");
  await page.getByTestId("cnn-export").click();
  const file = await (await download).path();
  await page.getByTestId("cnn-reset").click();
  await expect.poll(async () => JSON.stringify(await probabilities(page))).not.toBe(JSON.stringify(trained));
  await page.getByTestId("cnn-import").setInputFiles(file);
  await expect.poll(async () => JSON.stringify(await probabilities(page))).toBe(JSON.stringify(trained));
});

test("a damaged weights file is refused in Dutch on the Dutch page and the network stays", async ({
  page,
  guard,
}) => {
  guard.allowErrorNotice(/Gewichten importeren mislukt/);
  await page.goto("?lang=nl#/cnn?backend=simd");
  const summary = page.getByTestId("cnn-summary");
  await expect(summary.locator("tbody tr")).not.toHaveCount(0);
  const before = await summary.textContent();
  // The summary writes its numbers as Dutch does (9.098, not 9,098).
  await expect(page.getByTestId("cnn-total-parameters")).toHaveText(/^\d{1,3}(\.\d{3})+$/);
  await page.getByTestId("cnn-import").setInputFiles({
    name: "kapot.safetensors",
    mimeType: "application/octet-stream",
    buffer: Buffer.from("dit is geen netwerk"),
  });
  const notice = page.getByTestId("notice-error");
  await expect(notice).toContainText("Gewichten importeren mislukt: dit is geen safetensors-bestand");
  await expect(notice).not.toContainText("not a safetensors");
  expect(await summary.textContent()).toBe(before);
});

test.describe("a download refused", () => {
  test.use(pageRequestsRouted);

  test("a download that fails says so in Dutch on the Dutch page", async ({ page, guard }) => {
    guard.allowErrorNotice(/het downloaden van/);
    guard.allowConsoleError(/404/);
    await page.route("**/data/mnist/manifest.json", (route) => route.fulfill({ status: 404, body: "" }));
    await page.goto("?lang=nl#/cnn?backend=simd");
    const notice = page.getByTestId("notice-error");
    // The engine starts and asks for the data first: seconds on a loaded machine.
    await expect(notice).toContainText(/het downloaden van \S*\/data\/mnist\/manifest\.json mislukte/, {
      timeout: 30_000,
    });
    await expect(notice).toContainText("de server antwoordde 404");
    await expect(notice).not.toContainText("Not Found");
  });
});

test("an impossible network edit says why and the lab keeps working", async ({ page }) => {
  await openLab(page, "backend=simd");
  const blocks = page.getByTestId("cnn-blocks");
  await blocks.fill("8,16,32,64,128,256");
  await blocks.press("Enter");
  await expect(page.getByTestId("cnn-network-error")).toContainText("block 5: its input is 1×1");
  await blocks.fill("4");
  await blocks.press("Enter");
  await expect(page.getByTestId("cnn-network-error")).toBeHidden();
  // conv 3×3 (4) and dense 14·14·4 → 10.
  await expect(page.getByTestId("cnn-total-parameters")).toHaveText(
    (9 * 4 + 4 + 784 * 10 + 10).toLocaleString("en"),
  );
});

test.describe("the data held back", () => {
  test.use(pageRequestsRouted);

  test("an impossible network edit says why in Dutch on the Dutch page", async ({ page }) => {
    // The data is held back until the edit is answered: the time estimate the page started for the network
    // it opened with waits on that data, and must neither time the impossible network nor report it.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/data/mnist/*.chunk.gz", async (route) => {
      await held;
      await route.continue();
    });
    await page.goto("?lang=nl#/cnn?backend=simd");
    await expect(page.getByTestId("cnn-summary").locator("tbody tr")).not.toHaveCount(0);
    const blocks = page.getByTestId("cnn-blocks");
    await blocks.fill("8,16,32,64,128,256");
    await blocks.press("Enter");
    await expect(page.getByTestId("cnn-network-error")).toContainText(
      "blok 5: de invoer is 1×1, te klein om door 2 te poolen",
    );
    release();
    await expect(page.getByTestId("cnn-data-status")).toHaveAttribute("data-train", /^[1-9]/, {
      timeout: 30_000,
    });
    // A possible network's estimate queues behind the stale one, so once it shows the stale one has answered.
    await blocks.fill("8,16");
    await blocks.press("Enter");
    await expect(page.getByTestId("cnn-estimate")).toHaveAttribute("data-step-ms", /\d/, { timeout: 30_000 });
    await expect(page.getByTestId("notice-error")).toHaveCount(0);
  });
});

test("data that arrives before the network exists is counted once it does", async ({ page }) => {
  // An impossible network is never made, so the data arrives with no network to hold it.
  await page.goto("#/cnn?backend=simd&blocks=8,16,32,64,128,256");
  await expect(page.getByTestId("cnn-network-error")).toBeVisible();
  await expect
    .poll(() => page.getByTestId("cnn-data-progress").evaluate((p) => (p as HTMLProgressElement).value), {
      timeout: 30_000,
    })
    .toBeGreaterThan(0.2);
  const blocks = page.getByTestId("cnn-blocks");
  await blocks.fill("8,16");
  await blocks.press("Enter");
  await expect(page.getByTestId("cnn-data-status")).toHaveAttribute("data-train", "10000");
  await expect(page.getByTestId("cnn-estimate")).toHaveAttribute("data-step-ms", /\d/, { timeout: 30_000 });
});

test("the augmentation preview shows each augmentation and counts 1, 2 and 10 views", async ({ page }) => {
  await openLab(page, "backend=simd");
  await page.getByTestId("cnn-augment-show").click();
  await expect(page.getByTestId("cnn-augment-grid").locator("figure")).toHaveCount(12);
  const counts = page.getByTestId("cnn-augment-count-row");
  await expect(counts).toHaveCount(3);
  expect(await counts.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.count))).toEqual([
    "1",
    "2",
    "10",
  ]);
  await expect(page.getByTestId("cnn-augment-random").locator("canvas")).toHaveCount(8);
});

/** Trains one epoch of 500 images on simd and returns what scores the network on 500 test images. */
async function trainOneEpochOnSimd(page: Page, query: string) {
  await openLab(page, `backend=simd&small=1&epochs=1&test=500${query}`);
  await page.getByTestId("cnn-train").click();
  await expect(page.getByTestId("cnn-progress")).toHaveJSProperty("value", 1, { timeout: 60_000 });
  return () => engineCall(page, "cnn/evaluate", { testImages: 500 }) as Promise<{ accuracy: number }>;
}

test("switching backend after training keeps the trained weights", async ({ page }) => {
  test.setTimeout(180_000);
  const evaluate = (await trainOneEpochOnSimd(page, "")) as () => Promise<{
    accuracy: number;
    backend: string;
  }>;
  const onSimd = await evaluate();
  expect(onSimd.backend).toMatch(/^simd/);
  const [image] = (await engineCall(page, "cnn/test-images", [3])) as { pixels: Record<string, number> }[];
  const pixels = Object.values(image.pixels).map((p) => p / 255);
  const logitsOnSimd = (await engineCall(page, "cnn/logits", pixels)) as number[];
  const weightsOnSimd = (await engineCall(page, "cnn/export", undefined)) as Record<string, number>;
  await page.getByTestId("cnn-backend").selectOption("webgpu");
  await expect(
    page.getByTestId("notice-info").filter({ hasText: "Training continues on WebGPU" }),
  ).toBeVisible();
  expect(page.url()).toContain("backend=webgpu");
  const onWebGpu = await evaluate();
  expect(onWebGpu.backend).toMatch(/^webgpu/);
  expect(onWebGpu.accuracy).toBe(onSimd.accuracy);
  const logitsOnWebGpu = (await engineCall(page, "cnn/logits", pixels)) as number[];
  expect(logitsOnWebGpu).toHaveLength(10);
  logitsOnWebGpu.forEach((logit, i) => expect(Math.abs(logit - logitsOnSimd[i])).toBeLessThanOrEqual(1e-4));
  // The weights read back from the GPU are the ones that went there, bit for bit.
  expect(await engineCall(page, "cnn/export", undefined)).toEqual(weightsOnSimd);
});

test("a GPU lost while idle: the next call moves the network to SIMD with its weights, bit for bit", async ({
  page,
}, testInfo) => {
  test.skip(testInfo.project.name !== "swiftshader", "needs WebGPU");
  test.setTimeout(180_000);
  await openLab(page, "backend=webgpu&small=1&epochs=1&test=500");
  await page.getByTestId("cnn-train").click();
  await expect(page.getByTestId("cnn-progress")).toHaveJSProperty("value", 1, { timeout: 120_000 });
  const evaluate = () => engineCall(page, "cnn/evaluate", { testImages: 500 }) as Promise<CnnEvaluation>;
  const onWebGpu = await evaluate();
  expect(onWebGpu.backend).toMatch(/^webgpu/);
  const weights = await engineCall(page, "cnn/export", undefined);
  await engineCall(page, "engine/lose-gpu");
  await expect(evaluate()).rejects.toThrow(/the GPU was lost .*moved to wasm SIMD and goes on from step 16/);
  const onSimd = await evaluate();
  expect(onSimd.backend).toMatch(/^simd/);
  expect(onSimd.accuracy).toBe(onWebGpu.accuracy);
  expect(await engineCall(page, "cnn/export", undefined)).toEqual(weights);
});

test("a GPU lost during training: the lab says so and training goes on on SIMD from where it was", async ({
  page,
  guard,
}, testInfo) => {
  test.skip(testInfo.project.name !== "swiftshader", "needs WebGPU");
  test.setTimeout(240_000);
  guard.allowErrorNotice(/^The GPU stopped working .*moved to wasm SIMD and goes on from step [1-9]/);
  await openLab(page, "backend=webgpu&small=1&epochs=2&test=500");
  await page.getByTestId("cnn-train").click();
  await expect
    .poll(
      async () => await page.getByTestId("cnn-progress").evaluate((p) => (p as HTMLProgressElement).value),
      {
        timeout: 120_000,
      },
    )
    .toBeGreaterThan(0.25);
  await engineCall(page, "engine/lose-gpu");
  await expect(page.getByTestId("notice-error")).toContainText("moved to wasm SIMD", { timeout: 60_000 });
  await expect(page.getByTestId("cnn-backend")).toHaveValue("simd");
  await expect(page.locator('[data-testid="cnn-backend"] option[value="webgpu"]')).toBeDisabled();
  expect(page.url()).toContain("backend=simd");
  await expect(page.getByTestId("cnn-progress")).toHaveJSProperty("value", 1, { timeout: 120_000 });
  const { backend, accuracy } = (await engineCall(page, "cnn/evaluate", {
    testImages: 500,
  })) as CnnEvaluation;
  expect(backend).toMatch(/^simd/);
  expect(accuracy).toBeGreaterThan(0.5);
});

test("changing the learning rate, batch or optimiser keeps the trained network", async ({ page }) => {
  test.setTimeout(180_000);
  const evaluate = await trainOneEpochOnSimd(page, "&lr=0.003");
  const trained = await evaluate();
  expect(trained.accuracy).toBeGreaterThan(0.3);
  await page.getByTestId("cnn-lr").fill("0.001");
  await page.getByTestId("cnn-lr").press("Enter");
  await page.getByTestId("cnn-batch").fill("20");
  await page.getByTestId("cnn-batch").press("Enter");
  await page.getByTestId("cnn-optimiser").selectOption("sgd");
  await expect(page.getByTestId("notice-info").filter({ hasText: "keeps what it learned" })).not.toHaveCount(
    0,
  );
  expect(page.url()).toMatch(/lr=0.001/);
  await expect(page.getByTestId("cnn-train")).toHaveText(/Resume/);
  expect((await evaluate()).accuracy).toBe(trained.accuracy);
});

test("a large network shows progress within a step and pauses within it", async ({ page }) => {
  test.setTimeout(240_000);
  // conv2 is about 80 MFLOP an image: one image a sub-batch. One step of all 500 small-data images is the
  // whole epoch, seconds long however fast the machine: a pause has all of it to land in.
  await openLab(page, "backend=simd&small=1&epochs=1&test=100&blocks=64,128&kernel=5&batch=500");
  const progress = () => page.getByTestId("cnn-progress").evaluate((p) => (p as HTMLProgressElement).value);
  const current = async () => (await engineCall(page, "cnn/current")) as { epoch: number };
  await page.getByTestId("cnn-train").click();
  await expect.poll(progress, { timeout: 60_000 }).toBeGreaterThan(0);
  expect(await progress()).toBeLessThan(1);
  await page.getByTestId("cnn-train").click();
  await expect(page.getByTestId("cnn-train")).toHaveText(/Resume/);
  // Paused before the step's update: the network stands within its one batch.
  const paused = (await current()).epoch;
  expect(paused).toBeGreaterThan(0);
  expect(paused).toBeLessThan(1);
  // Resumed, the step goes on where it stood and completes the epoch.
  await page.getByTestId("cnn-train").click();
  await expect(page.getByTestId("cnn-progress")).toHaveJSProperty("value", 1, { timeout: 180_000 });
  expect((await current()).epoch).toBe(1);
});

test("a diverging run is reported as diverged, not as finished", async ({ page, guard }) => {
  test.setTimeout(120_000);
  guard.allowErrorNotice(/diverged/);
  await openLab(page, "backend=simd&small=1&epochs=1&test=500&opt=sgd&lr=10");
  await page.getByTestId("cnn-train").click();
  await expect(page.getByTestId("notice-error")).toContainText("diverged", { timeout: 60_000 });
  await expect(page.getByTestId("notice-info").filter({ hasText: /^Trained/ })).toHaveCount(0);
  await expect(page.getByTestId("cnn-train")).toHaveText(/Resume/);
});

test("opening the lab downloads the test set and one training chunk; the rest only when training needs it", async ({
  page,
}) => {
  const chunks: string[] = [];
  page.on("request", (request) => {
    const match = /data\/mnist\/([\w-]+)\.chunk\.gz$/.exec(request.url());
    if (match) chunks.push(match[1]);
  });
  await openLab(page, "backend=simd&small=1&epochs=1&batch=50&test=100");
  await expect(page.getByTestId("cnn-data-status")).toHaveAttribute("data-train", "10000");
  await expect(page.getByTestId("cnn-data-status")).toContainText("the rest when training");
  expect(chunks.sort()).toEqual(["test", "train-0"]);
  // Small data trains on 500 of the images already here: nothing more to fetch.
  await page.getByTestId("cnn-train").click();
  await expect(page.getByTestId("cnn-progress")).toHaveJSProperty("value", 1, { timeout: 60_000 });
  expect(chunks.sort()).toEqual(["test", "train-0"]);
  // The full set: the other chunks come while the network trains on what is here.
  await page.getByTestId("cnn-small-data").uncheck();
  await page.getByTestId("cnn-train").click();
  await expect(page.getByTestId("cnn-data-status")).toHaveAttribute("data-train", "60000", {
    timeout: 60_000,
  });
  await page.getByTestId("cnn-train").click();
  expect(chunks.sort()).toEqual(["test", "train-0", "train-1", "train-2", "train-3", "train-4", "train-5"]);
});

test("a trained network, its settings and its curves are still there after a visit to another lab", async ({
  page,
}) => {
  await openLab(page, "backend=simd&small=1&epochs=1&batch=50&test=200&lr=0.004");
  await page.getByTestId("cnn-train").click();
  await expect(page.getByTestId("cnn-progress")).toHaveJSProperty("value", 1, { timeout: 60_000 });
  const accuracy = await valueOf(page, "cnn-test-accuracy");
  expect(accuracy).toBeGreaterThan(0.2);

  // Through the nav, whose links carry no settings.
  await page.locator("#nav").getByText("Perceptron").click();
  await expect(page.getByTestId("perceptron-plot")).toBeVisible();
  await page.locator("#nav").getByText("CNN on MNIST").click();
  await expect(page).toHaveURL(/lr=0\.004/);
  await expect(page.getByTestId("cnn-train")).toHaveText(/Resume/);
  expect(await valueOf(page, "cnn-test-accuracy")).toBe(accuracy);
  expect(await valueOf(page, "cnn-epoch")).toBeGreaterThanOrEqual(1);
  // The network in the engine is the trained one: evaluated again, it scores the same.
  const again = (await engineCall(page, "cnn/evaluate", { testImages: 200 })) as { accuracy: number };
  expect(again.accuracy).toBe(accuracy);
});

test("a network kept in the browser is listed after a reload and loads with its accuracy; forgotten, it is gone", async ({
  page,
}) => {
  await openLab(page, "backend=simd&small=1&epochs=1&batch=50&test=200&lr=0.004");
  const kept = page.getByTestId("cnn-kept-model");
  await expect(page.getByTestId("cnn-kept-models")).toContainText("Nothing kept yet");
  await page.getByTestId("cnn-train").click();
  await expect(page.getByTestId("cnn-progress")).toHaveJSProperty("value", 1, { timeout: 60_000 });
  const accuracy = await valueOf(page, "cnn-test-accuracy");
  await page.getByTestId("cnn-keep").click();
  await expect(kept).toHaveCount(1);
  await expect(kept).toContainText(`${(100 * accuracy).toFixed(1)}\u00a0%`);

  // A reload starts a fresh network; the kept one is still listed and brings its weights back.
  await page.reload();
  await expect(page.getByTestId("cnn-summary").locator("tbody tr")).not.toHaveCount(0);
  await expect(kept).toHaveCount(1);
  await kept.getByRole("button", { name: "Load" }).click();
  await expect(page.getByTestId("notice-info").filter({ hasText: "Loaded MNIST" })).toBeVisible();
  expect(await valueOf(page, "cnn-test-accuracy")).toBe(accuracy);

  await kept.getByRole("button", { name: "Forget" }).click();
  await expect(kept).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("cnn-kept-models")).toContainText("Nothing kept yet");
});

test("before training starts, the page says what a step and an epoch will take", async ({ page }) => {
  await openLab(page, "backend=simd&small=1&batch=50");
  const estimate = page.getByTestId("cnn-estimate");
  await expect(estimate).toHaveAttribute("data-step-ms", /\d/, { timeout: 30_000 });
  // Small data: 500 images in batches of 50 are 10 steps an epoch.
  await expect(estimate).toHaveAttribute("data-steps", "10");
  await expect(estimate).toContainText("an epoch is 10 steps");
  // The whole training set (60,000 images, though one chunk is here yet): 1,200 steps of 50.
  await page.getByTestId("cnn-small-data").uncheck();
  await expect(estimate).toHaveAttribute("data-steps", "1200", { timeout: 30_000 });
  await expect(estimate).toContainText("an epoch is 1,200 steps");
  // A new batch size changes the count (and is timed again).
  await page.getByTestId("cnn-batch").fill("100");
  await page.getByTestId("cnn-batch").press("Enter");
  await expect(estimate).toHaveAttribute("data-steps", "600", { timeout: 30_000 });
  const stepMs = Number(await estimate.getAttribute("data-step-ms"));
  expect(stepMs).toBeGreaterThan(0);
  expect(stepMs).toBeLessThan(10_000);
});

test("a Fire module written in the blocks field is summarised and trains", async ({ page }) => {
  test.setTimeout(120_000);
  await openLab(page, "backend=simd&small=1&epochs=1");
  const blocks = page.getByTestId("cnn-blocks");
  await blocks.fill("8,f16");
  await blocks.press("Enter");
  // Squeeze 8 → 4, expand 4 → 8 (1×1) and 4 → 8 (3×3): 372 parameters, against 1,168 for a 3×3 conv.
  const fire = page.getByTestId("cnn-summary").locator("tbody tr").nth(2);
  await expect(fire).toContainText("fire1 3×3");
  await expect(fire).toContainText("372");
  await expect(page).toHaveURL(/blocks=8%2Cf16|blocks=8,f16/);
  await page.getByTestId("cnn-train").click();
  await expect(page.getByTestId("cnn-progress")).toHaveJSProperty("value", 1, { timeout: 100_000 });
  expect(await valueOf(page, "cnn-test-accuracy")).toBeGreaterThan(0.3);
});

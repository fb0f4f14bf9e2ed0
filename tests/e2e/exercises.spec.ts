// The exercise sheets: every task's check fails in the task's starting state and passes once the lab is
// put into a solving state through the page's controls; progress survives a reload.
import type { Page } from "@playwright/test";
import { fakeCamera } from "./camera";
import { engineCall, expect, pageRequestsRouted, test } from "./fixtures";
import { openSheet, startTask } from "./sheet";

/** Loads the task's start and checks that its check is not met there; `lab` names the lab's epoch read-out. */
async function start(page: Page, task: string, lab = "perceptron") {
  await startTask(page, task);
  await expect(page.getByTestId(`${lab}-epoch`)).toHaveText("0");
  await expect(page.getByTestId(`exercise-${task}`)).toHaveAttribute("data-state", "open");
  await expect(page.getByTestId(`exercise-${task}-status`)).toContainText("Not yet");
}

const solved = (page: Page, task: string, timeout = 30_000) =>
  expect(page.getByTestId(`exercise-${task}`)).toHaveAttribute("data-state", "solved", { timeout });

test("the perceptron sheet's tasks fail at their start and pass once solved in the lab", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("#/perceptron");
  await expect(page.getByTestId("perceptron-epoch")).toHaveText("0");

  await start(page, "or-threshold");
  await page.getByTestId("perceptron-run").click();
  await solved(page, "or-threshold");
  await expect(page.getByTestId("exercise-or-threshold-explanation")).toBeVisible();

  await start(page, "and-delta-rule");
  const rate = page.getByTestId("perceptron-lr");
  await rate.fill("2");
  await rate.press("Enter");
  await page.getByTestId("perceptron-run").click();
  await solved(page, "and-delta-rule", 60_000);

  await start(page, "xor-impossible");
  await page.getByTestId("perceptron-run").click();
  await solved(page, "xor-impossible");
  await page.getByTestId("perceptron-run").click();

  await start(page, "own-points");
  await expect(page.getByTestId("exercise-own-points-status")).toContainText(
    "at least 3 points of each class",
  );
  const plot = page.getByTestId("perceptron-plot");
  const box = await plot.boundingBox();
  if (!box) throw new Error("no plot");
  for (const [x, y] of [
    [0.7, 0.2],
    [0.8, 0.3],
    [0.75, 0.15],
  ]) {
    await plot.click({ position: { x: x * box.width, y: y * box.height } });
  }
  for (const [x, y] of [
    [0.2, 0.7],
    [0.3, 0.8],
    [0.25, 0.85],
  ]) {
    await plot.click({ position: { x: x * box.width, y: y * box.height }, button: "right" });
  }
  await expect(page.getByTestId("exercise-own-points-status")).toContainText("train it first");
  await page.getByTestId("perceptron-run").click();
  await solved(page, "own-points");

  // The progress is this browser's: after a reload the sheet still counts the four.
  await page.reload();
  await expect(page.getByTestId("exercises-summary")).toContainText("4 of 4 solved");
});

test("hints come one at a time, and giving up shows the explanation; both are remembered", async ({
  page,
}) => {
  await page.goto("#/perceptron?dataset=xor");
  await openSheet(page);
  const hint = page.getByTestId("exercise-xor-impossible-hint");
  const task = page.getByTestId("exercise-xor-impossible");
  await expect(task.locator(".hints li")).toHaveCount(0);
  await hint.click();
  await expect(task.locator(".hints li")).toHaveCount(1);
  await hint.click();
  await expect(task.locator(".hints li")).toHaveCount(2);
  await expect(hint).toBeHidden();
  await expect(page.getByTestId("exercise-xor-impossible-explanation")).toBeHidden();
  await page.getByTestId("exercise-xor-impossible-give-up").click();
  await expect(page.getByTestId("exercise-xor-impossible-explanation")).toBeVisible();
  await page.reload();
  await openSheet(page);
  await expect(task.locator(".hints li")).toHaveCount(2);
  await expect(page.getByTestId("exercise-xor-impossible-explanation")).toBeVisible();
});

test("the Dutch sheet speaks Dutch", async ({ page }) => {
  await page.goto("?lang=nl#/perceptron?dataset=xor");
  const sheet = await openSheet(page);
  await expect(page.getByTestId("exercises-summary")).toContainText("Opdrachten — 0 van 4 opgelost");
  await expect(sheet).toContainText("Laat zien dat geen perceptron XOR scheidt");
  await expect(page.getByTestId("exercise-or-threshold-status")).toContainText(
    "Nog niet: kies OF en de drempel-eenheid",
  );
});

test("the MLP sheet's tasks fail at their start and pass once solved in the lab", async ({ page, guard }) => {
  test.setTimeout(150_000);
  guard.allowErrorNotice(/diverged/);
  await page.goto("#/mlp");
  const layers = async (value: string) => {
    await page.getByTestId("mlp-layers").fill(value);
    await page.getByTestId("mlp-layers").press("Enter");
  };
  /** Trains at full speed until the task is solved, then pauses. */
  const playUntilSolved = async (task: string) => {
    await page.getByTestId("mlp-speed").selectOption("0");
    await expect(page.getByTestId("mlp-epoch")).toHaveText("0");
    await page.getByTestId("mlp-play").click();
    await solved(page, task);
    await page.getByTestId("mlp-play").click();
  };

  await start(page, "xor-hidden-layer", "mlp");
  await expect(page.getByTestId("exercise-xor-hidden-layer-status")).toContainText("add a hidden layer");
  await layers("4");
  await playUntilSolved("xor-hidden-layer");

  await start(page, "circles-three-units", "mlp");
  await layers("3");
  await playUntilSolved("circles-three-units");

  await start(page, "spiral-smallest", "mlp");
  await expect(page.getByTestId("exercise-spiral-smallest-status")).toContainText(
    "the task asks ≥ 90 % with at most 12 hidden units",
  );
  await layers("6,6");
  await playUntilSolved("spiral-smallest");

  await start(page, "diverging-rate", "mlp");
  await page.getByTestId("mlp-lr").fill("1000000");
  await page.getByTestId("mlp-lr").press("Enter");
  await page.getByTestId("mlp-step").click();
  await solved(page, "diverging-rate");
  await expect(page.getByTestId("exercises-summary")).toContainText("4 of 4 solved");
});

test("the backends sheet's tasks fail at their start and pass once measured", async ({ page }) => {
  test.setTimeout(360_000);
  await page.goto("#/backends");
  /**
   * Loads the task's start, keeps only `series` checked and measures until the task is solved; "simd" is the
   * SIMD backend on the page's own build and every thread it has (the first SIMD series).
   */
  const measure = async (task: string, series: string[]) => {
    await startTask(page, task);
    await expect(page.getByTestId("backends-run")).toBeEnabled();
    await expect(page.getByTestId(`exercise-${task}`)).toHaveAttribute("data-state", "open");
    await expect(page.getByTestId(`exercise-${task}-status`)).toContainText("Not yet");
    const boxes = page.locator('[data-testid^="backends-series-"]');
    const keys = (await boxes.evaluateAll((all) => all.map((b) => b.dataset.testid))).map((id) =>
      (id ?? "").replace("backends-series-", ""),
    );
    const pageSimd = keys.find((key) => key.startsWith("simd-"));
    for (const [i, key] of keys.entries())
      await boxes.nth(i).setChecked(series.includes(key === pageSimd ? "simd" : key));
    await page.getByTestId("backends-run").click();
    await solved(page, task, 150_000);
    // Stop what is left of the sweep (a click on the disabled button of a finished one does nothing).
    await page.getByTestId("backends-stop").evaluate((stop) => (stop as HTMLButtonElement).click());
    await expect(page.getByTestId("backends-status")).toHaveAttribute("data-state", /stopped|done/, {
      timeout: 30_000,
    });
  };
  await measure("matmul-crossover", ["simd", "webgpu"]);
  await measure("first-webgpu-run", ["webgpu"]);
  await measure("simd-speedup", ["scalar", "simd"]);
  await measure("batch-throughput", ["simd"]);
  await expect(page.getByTestId("exercises-summary")).toContainText("4 of 4 solved");
});

test("the detection sheet's tasks fail at their start and pass once solved in the lab", async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(400_000);
  /** Loads the task's start on `lab` and waits for the detector it names. */
  const startOn = async (lab: Page, task: string, ready: string) => {
    await startTask(lab, task);
    await expect(lab.getByTestId("detect-status")).toHaveAttribute("data-ready", ready, { timeout: 60_000 });
    await expect(lab.getByTestId(`exercise-${task}`)).toHaveAttribute("data-state", "open");
  };
  /** Does `action` and waits for `count` frames detected after it began. */
  const framesAfter = async (lab: Page, action: () => Promise<void>, count = 1) => {
    const frame = async () => Number((await lab.getByTestId("detect-boxes").getAttribute("data-frame")) ?? 0);
    const shown = await frame();
    await action();
    await expect.poll(frame, { timeout: 120_000 }).toBeGreaterThanOrEqual(shown + count);
  };
  const sample = (name: string) => framesAfter(page, () => page.getByTestId(`detect-sample-${name}`).click());
  const threshold = (testId: string, value: string) =>
    framesAfter(page, async () => {
      await page.getByTestId(testId).fill(value);
      await page.getByTestId(testId).press("Enter");
    });
  await page.goto("#/detect");

  await startOn(page, "score-threshold", "yolo-fastest-1.1 320 simd");
  await sample("dog.jpg");
  await threshold("detect-confidence", "0.9");
  await solved(page, "score-threshold");

  await startOn(page, "overlap-threshold", "yolo-fastest-1.1 320 simd");
  await sample("dog.jpg");
  await threshold("detect-nms", "0.1");
  await threshold("detect-nms", "0.99");
  await solved(page, "overlap-threshold");

  await startOn(page, "fastest-backend", "tiny-face 416 simd");
  await sample("astronaut.png");
  await expect(page.getByTestId("exercise-fastest-backend")).toHaveAttribute("data-state", "open");
  await page.getByTestId("detect-backend").selectOption("webgpu");
  await solved(page, "fastest-backend", 120_000);

  // The frame rate at growing sizes, from a webcam playing a photo, until the largest fluent one is known.
  const { page: camera, check, close } = await fakeCamera(page, baseURL, testInfo);
  try {
    await camera.goto("#/detect");
    await startOn(camera, "largest-fluent-size", "tiny-face 224 simd");
    await camera.getByTestId("detect-camera-start").click();
    for (const size of ["224", "320", "416", "608"]) {
      if (size !== "224") await camera.getByTestId("detect-size").selectOption(size);
      await expect(camera.getByTestId("detect-status")).toHaveAttribute(
        "data-ready",
        `tiny-face ${size} simd`,
        {
          timeout: 60_000,
        },
      );
      // A full window of frames timed at this size.
      await framesAfter(camera, async () => {}, 12);
      if ((await camera.getByTestId("exercise-largest-fluent-size").getAttribute("data-state")) === "solved")
        break;
    }
    await solved(camera, "largest-fluent-size");
    await camera.getByTestId("detect-camera-stop").click();
    check();
  } finally {
    await close();
  }
});

test.describe("the engine held back", () => {
  test.use(pageRequestsRouted);

  test("a task started while the engine still loads gets the task's network, and the sheet checks it", async ({
    page,
  }) => {
    // The lab opened with its own settings asks the engine for their network; "start here" reopens it at
    // once with the task's. Both wait for the engine, and the first lab's requests must not land last.
    await page.route(/\.wasm$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await route.continue();
    });
    await page.goto("#/cnn");
    await startTask(page, "small-and-accurate");
    await expect(page.getByTestId("exercise-small-and-accurate-status")).toContainText(
      "the task allows fewer than 10,000",
      { timeout: 30_000 },
    );
    type Current = { spec: { blocks: { filters: number }[]; hidden: number | null } } | null;
    const network = async () => {
      const current = (await engineCall(page, "cnn/current")) as Current;
      return current && { filters: current.spec.blocks.map((b) => b.filters), hidden: current.spec.hidden };
    };
    await expect.poll(network).toEqual({ filters: [16, 32], hidden: 64 });
  });
});

test("the CNN sheet's tasks fail at their start and pass once solved in the lab", async ({ page, guard }) => {
  test.setTimeout(600_000);
  // A learning rate a hundred times too high learns nothing, and the lab says so.
  guard.allowErrorNotice(/learned nothing|diverged/);
  await page.goto("#/cnn");
  const startCnn = async (task: string) => {
    await startTask(page, task);
    await expect(page.getByTestId("cnn-data-status")).toHaveAttribute("data-train", /^[1-9]/, {
      timeout: 30_000,
    });
    await expect(page.getByTestId(`exercise-${task}`)).toHaveAttribute("data-state", "open", {
      timeout: 30_000,
    });
  };
  const set = async (testId: string, value: string) => {
    await page.getByTestId(testId).fill(value);
    await page.getByTestId(testId).press("Enter");
  };
  /** Trains the epochs set and waits for the end. */
  const train = async () => {
    await page.getByTestId("cnn-train").click();
    await expect(page.getByTestId("cnn-progress")).toHaveJSProperty("value", 1, { timeout: 300_000 });
    await expect(page.getByTestId("cnn-train")).toHaveText(/Resume/);
  };

  await startCnn("small-and-accurate");
  // The count comes once the engine worker has built the start's network (slower on a busy machine).
  await expect(page.getByTestId("exercise-small-and-accurate-status")).toContainText(
    "the task allows fewer than 10,000",
    { timeout: 30_000 },
  );
  await set("cnn-blocks", "8,16");
  await set("cnn-hidden", "0");
  await set("cnn-batch", "16");
  await set("cnn-epochs", "6");
  await expect(page.getByTestId("exercise-small-and-accurate-status")).toContainText("train it first");
  await train();
  await solved(page, "small-and-accurate");

  await startCnn("augmentation-small-data");
  await train();
  await expect(page.getByTestId("exercise-augmentation-small-data-status")).toContainText(
    "without augmentation (done) and one with it (not yet)",
  );
  await page.getByTestId("cnn-augment").check();
  await page.getByTestId("cnn-reset").click();
  await expect(page.getByTestId("cnn-progress")).toHaveJSProperty("value", 0);
  await train();
  await solved(page, "augmentation-small-data");

  await startCnn("overfitting");
  await train();
  await solved(page, "overfitting");

  await startCnn("dead-filters");
  await set("cnn-lr", "0.2");
  await train();
  await page.getByTestId("cnn-dead-check").click();
  await solved(page, "dead-filters");
  await expect(page.getByTestId("cnn-activations").locator("canvas.dead")).not.toHaveCount(0);
  await expect(page.getByTestId("exercises-summary")).toContainText("4 of 4 solved");
});

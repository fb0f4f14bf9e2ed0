// The transfer lab as an attendee uses it: a webcam playing one photo films class 1, the browser is closed,
// a second launch (the same profile, the webcam now playing another photo) still has class 1 and films
// class 2; every head then tells the two apart on the held-out frames and live. Without a camera: images
// from files, the set exported and imported back, a damaged set file and a damaged model file refused with
// a message while the lab keeps working.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "@playwright/test";
import { fakeCamera } from "./camera";
import { expect, test } from "./fixtures";

const HEADS = ["svm", "softmax", "knn"] as const;

async function openLab(page: Page, query = "backend=simd") {
  await page.goto(`#/transfer?${query}`);
  await expect(page.getByTestId("transfer-status")).toHaveAttribute("data-ready", /simd/, {
    timeout: 60_000,
  });
}

const classRow = (page: Page, index: number) => page.getByTestId("transfer-class").nth(index);
const thumbs = (page: Page, index: number) => classRow(page, index).getByTestId("transfer-thumb");

/**
 * Holds class `index`'s record button down until it has kept `count` frames — from the keyboard (Space held
 * on the focused button), which no layout shift under the mouse can miss.
 */
async function record(page: Page, index: number, count: number) {
  await page.getByTestId("transfer-camera-start").click();
  await expect(page.getByTestId("transfer-top")).toHaveAttribute("data-frame", /\d/, { timeout: 60_000 });
  await classRow(page, index).getByTestId("transfer-record").focus();
  await page.keyboard.down(" ");
  await expect.poll(() => thumbs(page, index).count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(count);
  await page.keyboard.up(" ");
  await page.getByTestId("transfer-camera-stop").click();
}

test("two classes filmed in two launches are told apart by every head, and the set survives", async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(300_000);
  const profile = await mkdtemp(join(tmpdir(), "transfer-profile-"));
  try {
    const first = await fakeCamera(page, baseURL, testInfo, { sample: "dog.jpg", profile });
    await openLab(first.page);
    await expect(first.page.getByTestId("transfer-class")).toHaveCount(2);
    await record(first.page, 0, 16);
    // A frame taken just before the button came up may still be on its way into the set: wait until the
    // count holds still.
    let kept = -1;
    await expect
      .poll(
        async () => {
          const [before, now] = [kept, await thumbs(first.page, 0).count()];
          kept = now;
          return now === before;
        },
        { intervals: [1_000] },
      )
      .toBe(true);
    first.check();
    await first.close();

    const second = await fakeCamera(page, baseURL, testInfo, { sample: "astronaut.png", profile });
    const lab = second.page;
    await openLab(lab);
    // The first launch's frames are still there, after the browser was closed.
    await expect(thumbs(lab, 0)).toHaveCount(kept);
    await record(lab, 1, 16);
    await lab.getByTestId("transfer-train").click();
    for (const head of HEADS) {
      const section = lab.getByTestId(`transfer-head-${head}`);
      await expect(section).toBeVisible({ timeout: 60_000 });
      expect(Number(await section.getAttribute("data-accuracy")), head).toBeGreaterThanOrEqual(0.9);
    }
    await expect(lab.getByTestId("exercise-own-classes")).toHaveAttribute("data-state", "solved");
    // Accuracy against images per class: with all of them, each head scores what it scored when trained.
    await lab.getByTestId("transfer-by-examples").click();
    const table = lab.getByTestId("transfer-by-examples-table");
    const all = table.locator("tr").last();
    await expect(all.locator("td").last()).not.toHaveAttribute("data-value", "", { timeout: 120_000 });
    await expect(table.locator("tr")).toHaveCount(1 + 5);
    for (const [column, head] of HEADS.entries()) {
      const trained = await lab.getByTestId(`transfer-head-${head}`).getAttribute("data-accuracy");
      await expect(all.locator("td").nth(column)).toHaveAttribute("data-value", trained ?? "");
    }
    // Fine-tuned for three epochs (all but the top pretrained layer frozen), the network tells them apart too.
    await lab.getByTestId("transfer-epochs").fill("3");
    await lab.getByTestId("transfer-epochs").press("Enter");
    await lab.getByTestId("transfer-fine-tune").click();
    const tuned = lab.getByTestId("transfer-fine-tune-status");
    await expect(tuned).toHaveAttribute("data-epoch", "3", { timeout: 180_000 });
    expect(Number(await tuned.getAttribute("data-accuracy"))).toBeGreaterThanOrEqual(0.9);
    // Live: the camera plays class 2's photo, and every head says so.
    await lab.getByTestId("transfer-camera-start").click();
    for (const head of HEADS)
      await expect(lab.getByTestId(`transfer-live-${head}`)).toHaveAttribute("data-predicted", "1", {
        timeout: 60_000,
      });
    second.check();
    await second.close();
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
});

test("images from files, the set exported and imported back, and a damaged set file refused", async ({
  page,
  guard,
}, testInfo) => {
  test.setTimeout(180_000);
  await openLab(page);
  const sample = async (name: string) => ({
    name,
    mimeType: name.endsWith(".png") ? "image/png" : "image/jpeg",
    buffer: await readFile(resolve(`web/public/samples/${name}`)),
  });
  await classRow(page, 0)
    .getByTestId("transfer-class-files")
    .setInputFiles([await sample("chelsea.png"), await sample("dog.jpg")]);
  await classRow(page, 1)
    .getByTestId("transfer-class-files")
    .setInputFiles([await sample("astronaut.png"), await sample("astronaut.png")]);
  await expect(thumbs(page, 0)).toHaveCount(2);
  await expect(thumbs(page, 1)).toHaveCount(2);
  // Of two images, one is held out.
  await expect(classRow(page, 0).getByTestId("transfer-class-count")).toHaveAttribute("data-validation", "1");
  await page.getByTestId("transfer-add-class").click();
  await expect(page.getByTestId("transfer-class")).toHaveCount(3);
  await classRow(page, 2).getByTestId("transfer-class-name").fill("empty");
  await classRow(page, 2).getByTestId("transfer-class-name").press("Enter");
  // A class without images cannot be trained on: said, not failed.
  await page.getByTestId("transfer-train").click();
  await expect(page.locator(".notice")).toContainText("empty");
  await classRow(page, 2).getByTestId("transfer-remove-class").click();
  await page.getByTestId("transfer-train").click();
  await expect(page.getByTestId("transfer-head-knn")).toBeVisible({ timeout: 60_000 });
  // One training image per class: the sheet's few-images task, if a head got both held-out images right.
  const svm = Number(await page.getByTestId("transfer-head-svm").getAttribute("data-accuracy"));
  await expect(page.getByTestId("exercise-few-images")).toHaveAttribute(
    "data-state",
    svm === 1 ? "solved" : /open|new/,
  );
  // The same images at the first layer: the sheet's cut comparison.
  await expect(page.getByTestId("exercise-where-to-cut")).not.toHaveAttribute("data-state", "solved");
  await page.getByTestId("transfer-cut").selectOption({ index: 0 });
  await expect(page.getByTestId("transfer-train-status")).toHaveAttribute("data-stale", "true");
  await page.getByTestId("transfer-train").click();
  await expect(page.getByTestId("exercise-where-to-cut")).toHaveAttribute("data-state", "solved");

  // Sliding windows over a sample: half the shorter side, half a window apart: 3 × 3 windows of 512 × 512.
  await page.getByTestId("transfer-sample-astronaut.png").click();
  await expect(page.getByTestId("transfer-window-class").locator("option")).toHaveCount(5);
  await page.getByTestId("transfer-stride").fill("0.5");
  await page.getByTestId("transfer-stride").press("Enter");
  await page.getByTestId("transfer-scan").click();
  await expect(page.getByTestId("transfer-scan-status")).toHaveAttribute("data-windows", "9", {
    timeout: 60_000,
  });

  // Fine-tuning on the same images: two epochs with the top pretrained layer training, then the network
  // exported and imported back, scored on the same held-out images.
  await page.getByTestId("transfer-epochs").fill("2");
  await page.getByTestId("transfer-epochs").press("Enter");
  await page.getByTestId("transfer-fine-tune").click();
  await expect(page.getByTestId("transfer-fine-tune-status")).toHaveAttribute("data-epoch", "2", {
    timeout: 120_000,
  });
  const tuned = page.waitForEvent("download");
  await page.getByTestId("transfer-fine-tune-export").click();
  const network = testInfo.outputPath("fine-tuned.safetensors");
  await (await tuned).saveAs(network);
  const accuracy = await page.getByTestId("transfer-fine-tune-status").getAttribute("data-accuracy");
  await page.getByTestId("transfer-fine-tune-import").setInputFiles(network);
  await expect(page.locator(".notice", { hasText: "fine-tuned.safetensors" })).toBeVisible();
  await expect(page.getByTestId("transfer-fine-tune-status")).toHaveAttribute("data-epoch", "0");
  await expect(page.getByTestId("transfer-fine-tune-status")).toHaveAttribute(
    "data-accuracy",
    accuracy ?? "",
  );

  const download = page.waitForEvent("download");
  await page.getByTestId("transfer-export").click();
  const file = testInfo.outputPath("transfer-set.json");
  await (await download).saveAs(file);

  const damaged = testInfo.outputPath("damaged.json");
  await writeFile(damaged, (await readFile(file, "utf8")).slice(0, 500));
  guard.allowErrorNotice(/damaged\.json/);
  await page.getByTestId("transfer-import").setInputFiles(damaged);
  await expect(page.locator(".notice.error")).toContainText("damaged.json");
  await expect(thumbs(page, 0)).toHaveCount(2);

  await classRow(page, 0).getByTestId("transfer-thumb").first().getByRole("button").click();
  await expect(thumbs(page, 0)).toHaveCount(1);
  await page.getByTestId("transfer-import").setInputFiles(file);
  await expect(thumbs(page, 0)).toHaveCount(2);
  await expect(thumbs(page, 1)).toHaveCount(2);
  // The import is kept: a reload finds it.
  await page.reload();
  await expect(thumbs(page, 0)).toHaveCount(2, { timeout: 30_000 });

  // The fine-tuned network's file looked into: its two classes answer, and its image set holds the three
  // samples and the kept set's four pictures.
  await page.goto("#/inside?source=fine-tuned&backend=simd");
  await page.getByTestId("inside-cnn-file").setInputFiles(network);
  await expect(page.getByTestId("inside-status")).toHaveAttribute("data-ready", "fine-tuned", {
    timeout: 60_000,
  });
  await expect(page.getByTestId("inside-image-count")).toHaveAttribute("data-count", "7", {
    timeout: 60_000,
  });
  await page.getByTestId("inside-sample-astronaut.png").click();
  await expect(page.getByTestId("inside-answer").locator("li")).toHaveCount(2, { timeout: 60_000 });
  await expect(page.getByTestId("inside-maps")).toHaveAttribute("data-drawn", "1", { timeout: 60_000 });
});

test("a damaged model file is reported in the page's language, and the set can still be built", async ({
  page,
  guard,
}) => {
  guard.allowErrorNotice(/darknet-tiny-imagenet dat deze site aanbiedt, laadde niet/);
  await page
    .context()
    .route("**/static-models/darknet-tiny-imagenet/group1-shard1of1", (route) =>
      route.fulfill({ status: 200, body: Buffer.from("not weights") }),
    );
  await page.goto("?lang=nl#/transfer?backend=simd");
  await expect(page.locator(".notice.error")).toContainText(
    "het model darknet-tiny-imagenet dat deze site aanbiedt, laadde niet",
    { timeout: 60_000 },
  );
  await page.getByTestId("transfer-add-class").click();
  await expect(page.getByTestId("transfer-class")).toHaveCount(3);
});

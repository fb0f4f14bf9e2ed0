import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Page } from "@playwright/test";
import { fakeCamera } from "./camera";
import { engineCall, expect, test } from "./fixtures";

// The detection lab: the served detectors against their reference outputs in the browser on each backend,
// a fake webcam playing astronaut.png, a refused camera with a photo instead, and a darknet model of the
// user's own picked from files.

interface Box {
  class: string;
  score: number;
  box_xywh: [number, number, number, number];
}

const reference = async (path: string) =>
  (JSON.parse(await readFile(resolve("../shared/fixtures/reference", path), "utf8")) as { detections: Box[] })
    .detections;

function iou([ax, ay, aw, ah]: number[], [bx, by, bw, bh]: number[]): number {
  const overlap = (a: number, al: number, b: number, bl: number) =>
    Math.max(0, Math.min(a + al, b + bl) - Math.max(a, b));
  const intersection = overlap(ax, aw, bx, bw) * overlap(ay, ah, by, bh);
  return intersection / (aw * ah + bw * bh - intersection);
}

/** The boxes the page lists for its latest frame. */
function boxes(page: Page): Promise<Box[]> {
  return page
    .getByTestId("detect-boxes")
    .locator("li")
    .evaluateAll((items) =>
      items.map((item) => {
        const data = (item as HTMLElement).dataset;
        return {
          class: data.class ?? "",
          score: Number(data.score),
          box_xywh: (data.box ?? "").split(",").map(Number) as [number, number, number, number],
        };
      }),
    );
}

function expectSameBoxes(ours: Box[], theirs: Box[], scoreTolerance: number, minIou: number) {
  expect(ours, JSON.stringify(ours)).toHaveLength(theirs.length);
  for (const expected of theirs) {
    const best = ours
      .filter((b) => b.class === expected.class)
      .sort((a, b) => iou(b.box_xywh, expected.box_xywh) - iou(a.box_xywh, expected.box_xywh))[0];
    expect(best, `a ${expected.class}`).toBeDefined();
    expect(iou(best.box_xywh, expected.box_xywh), expected.class).toBeGreaterThanOrEqual(minIou);
    expect(Math.abs(best.score - expected.score), expected.class).toBeLessThanOrEqual(scoreTolerance);
  }
}

async function openLab(page: Page, query: string, ready: string) {
  await page.goto(`#/detect?${query}`);
  await expect(page.getByTestId("detect-status")).toHaveAttribute("data-ready", ready, { timeout: 60_000 });
}

/**
 * Waits for a frame after the current one and returns its boxes; `action` (a click that makes the page
 * detect) runs after the current frame is counted, so a fast frame cannot slip by uncounted.
 */
async function nextFrameBoxes(page: Page, timeout = 120_000, action?: () => Promise<void>): Promise<Box[]> {
  const list = page.getByTestId("detect-boxes");
  const before = Number((await list.getAttribute("data-frame")) ?? 0);
  await action?.();
  await expect
    .poll(async () => Number((await list.getAttribute("data-frame")) ?? 0), { timeout })
    .toBeGreaterThan(before);
  return boxes(page);
}

for (const backend of ["scalar", "simd", "webgpu"]) {
  test(`the served detectors give the reference boxes on ${backend}`, async ({
    page,
    saveScreenshot,
  }, testInfo) => {
    test.skip(
      backend === "webgpu" && testInfo.project.name !== "swiftshader",
      "WebGPU needs the SwiftShader flags",
    );
    test.setTimeout(300_000);
    await openLab(page, `model=yolo-fastest-1.1&backend=${backend}`, `yolo-fastest-1.1 320 ${backend}`);
    const dog = await nextFrameBoxes(page, 120_000, () => page.getByTestId("detect-sample-dog.jpg").click());
    expectSameBoxes(dog, await reference("yolo-fastest-1.1/dog.json"), 0.02, 0.9);
    await saveScreenshot(`detect-dog-${backend}`);

    await page.getByTestId("detect-model").selectOption("tiny-face");
    await expect(page.getByTestId("detect-status")).toHaveAttribute(
      "data-ready",
      `tiny-face 416 ${backend}`,
      {
        timeout: 60_000,
      },
    );
    await page.getByTestId("detect-sample-astronaut.png").click();
    await expect
      .poll(async () => (await boxes(page)).map((b) => b.class).join(), { timeout: 120_000 })
      .toBe("face");
    expectSameBoxes(await boxes(page), await reference("tiny-face-detector/astronaut_416.json"), 0.01, 0.95);
    // Photos one after another are not a stream: no frames per second; shown as they are, not mirrored.
    await expect(page.getByTestId("detect-frames")).not.toHaveText("1");
    await expect(page.getByTestId("detect-fps")).toHaveText("–");
    await expect(page.getByTestId("detect-stage")).not.toHaveClass(/mirrored/);
  });
}

test("a fake webcam playing astronaut.png shows the face on simd and webgpu, goes on when the GPU is lost, and model and size switch while it runs", async ({
  page,
  baseURL,
}, testInfo) => {
  test.skip(testInfo.project.name !== "swiftshader", "runs once, with WebGPU");
  test.setTimeout(400_000);
  const { page: camera, guard, check, source, close } = await fakeCamera(page, baseURL, testInfo);
  try {
    await openLab(camera, "model=tiny-face&backend=simd", "tiny-face 416 simd");
    await camera.getByTestId("detect-camera-start").click();
    await expect(camera.getByTestId("detect-camera-message")).toBeHidden();

    const faceMatches = async () => {
      const overlay = camera.getByTestId("detect-overlay");
      await expect
        .poll(async () => (await boxes(camera)).some((b) => b.class === "face"), { timeout: 180_000 })
        .toBe(true);
      const frame = await nextFrameBoxes(camera, 180_000);
      const [width, height] = await overlay.evaluate((c) => [
        (c as HTMLCanvasElement).width,
        (c as HTMLCanvasElement).height,
      ]);
      const [expected] = await reference("tiny-face-detector/astronaut_416.json");
      const [sx, sy] = [width / source.width, height / source.height];
      const [x, y, w, h] = expected.box_xywh;
      const face = frame.find((b) => b.class === "face");
      if (!face) throw new Error(`no face in ${JSON.stringify(frame)}`);
      expect(
        iou(face.box_xywh, [x * sx, y * sy, w * sx, h * sy]),
        JSON.stringify(face),
      ).toBeGreaterThanOrEqual(0.9);
    };
    await faceMatches();
    await expect(camera.getByTestId("detect-fps")).toHaveAttribute("data-value", /\d/);
    // The webcam is a mirror; the boxes above are in the frame's own coordinates all the same.
    await expect(camera.getByTestId("detect-stage")).toHaveClass(/mirrored/);

    await camera.getByTestId("detect-backend").selectOption("webgpu");
    await expect(camera.getByTestId("detect-status")).toHaveAttribute("data-ready", "tiny-face 416 webgpu", {
      timeout: 60_000,
    });
    await faceMatches();

    // The GPU goes away under the running camera: the lab says so, moves to SIMD and the camera goes on.
    guard.allowErrorNotice(/^The GPU stopped working .*moved to wasm SIMD; reload/);
    await engineCall(camera, "engine/lose-gpu");
    await expect(camera.getByTestId("notice-error")).toContainText("moved to wasm SIMD", { timeout: 60_000 });
    await expect(camera.getByTestId("detect-status")).toHaveAttribute("data-ready", "tiny-face 416 simd");
    await expect(camera.getByTestId("detect-backend")).toHaveValue("simd");
    await expect(camera.locator('[data-testid="detect-backend"] option[value="webgpu"]')).toBeDisabled();
    await faceMatches();

    await camera.getByTestId("detect-model").selectOption("yolo-fastest-1.1");
    await camera.getByTestId("detect-size").selectOption("224");
    await expect(camera.getByTestId("detect-status")).toHaveAttribute(
      "data-ready",
      "yolo-fastest-1.1 224 simd",
      { timeout: 60_000 },
    );
    await expect
      .poll(async () => (await nextFrameBoxes(camera)).some((b) => b.class === "person"), { timeout: 60_000 })
      .toBe(true);
    await camera.getByTestId("detect-grid").check();
    await nextFrameBoxes(camera);
    await camera.screenshot({
      path: "test-results/screenshots/swiftshader-detect-webcam.png",
      fullPage: true,
    });
    await camera.getByTestId("detect-camera-stop").click();
    check();
  } finally {
    await close();
  }
});

test("without a camera the page says so and a chosen photo is still detected", async ({
  page,
  guard,
  saveScreenshot,
}) => {
  guard.allowErrorNotice(/notes\.txt is not an image/);
  test.setTimeout(120_000);
  await openLab(page, "model=tiny-face&backend=simd", "tiny-face 416 simd");
  await page.getByTestId("detect-camera-start").click();
  await expect(page.getByTestId("detect-camera-message")).toBeVisible();
  await expect(page.getByTestId("detect-camera-message")).toContainText(/refused|No camera/);
  await page.getByTestId("detect-file").setInputFiles("web/public/samples/astronaut.png");
  await expect
    .poll(async () => (await boxes(page)).map((b) => b.class).join(), { timeout: 60_000 })
    .toBe("face");
  await page
    .getByTestId("detect-file")
    .setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hi") });
  await expect(page.getByTestId("notice-error")).toContainText("notes.txt is not an image");
  await saveScreenshot("detect-refused");
});

test("a very large photo is scaled down on the way in, and still detected", async ({ page }) => {
  test.setTimeout(120_000);
  await openLab(page, "model=tiny-face&backend=simd", "tiny-face 416 simd");
  // 4000 × 3000, a 12-megapixel camera's photo, with the astronaut in the middle (as base64: a large array
  // would cross from the page slowly).
  const png = await page.evaluate(async () => {
    const astronaut = await createImageBitmap(await (await fetch("samples/astronaut.png")).blob());
    const canvas = new OffscreenCanvas(4000, 3000);
    const context = canvas.getContext("2d");
    if (!context) throw new Error("no 2-D canvas");
    context.fillStyle = "#777";
    context.fillRect(0, 0, 4000, 3000);
    context.drawImage(astronaut, 500, 0, 3000, 3000);
    const blob = await canvas.convertToBlob({ type: "image/png" });
    const url = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsDataURL(blob);
    });
    return url.slice(url.indexOf(",") + 1);
  });
  await nextFrameBoxes(page, 60_000, () =>
    page
      .getByTestId("detect-file")
      .setInputFiles({ name: "large.png", mimeType: "image/png", buffer: Buffer.from(png, "base64") }),
  );
  const still = page.getByTestId("detect-still");
  expect(
    await still.evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]),
  ).toEqual([1600, 1200]);
  await expect.poll(async () => (await boxes(page)).map((b) => b.class).join()).toBe("face");
});

test("a camera the user refuses gets the refusal message", async ({ page }) => {
  // What a browser answers when the user clicks "Block" on its camera prompt.
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () =>
      Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
  });
  await openLab(page, "model=tiny-face&backend=simd", "tiny-face 416 simd");
  await page.getByTestId("detect-camera-start").click();
  await expect(page.getByTestId("detect-camera-message")).toContainText("Camera access was refused");
  await expect(page.getByTestId("detect-camera-start")).toBeEnabled();
});

test("a camera that comes only after the user has left the lab is turned off at once", async ({ page }) => {
  // A browser whose camera prompt is answered late, when the test says; the stream is a canvas's.
  await page.addInitScript(() => {
    const streams: MediaStream[] = [];
    let answer = () => {};
    navigator.mediaDevices.getUserMedia = () =>
      new Promise((resolve) => {
        answer = () => {
          const canvas = Object.assign(document.createElement("canvas"), { width: 640, height: 480 });
          canvas.getContext("2d")?.fillRect(0, 0, 640, 480);
          const stream = canvas.captureStream();
          streams.push(stream);
          resolve(stream);
        };
      });
    Object.assign(window, { answerCamera: () => answer(), cameraStreams: streams });
  });
  await openLab(page, "model=tiny-face&backend=simd", "tiny-face 416 simd");
  await page.getByTestId("detect-camera-start").click();
  await page.locator("#nav a[data-route=perceptron]").click();
  await expect(page.getByTestId("perceptron-epoch")).toBeVisible();
  const tracks = () =>
    page.evaluate(() =>
      (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams
        .flatMap((stream) => stream.getTracks())
        .map((track) => track.readyState),
    );
  expect(await tracks()).toEqual([]);
  await page.evaluate(() => (window as unknown as { answerCamera(): void }).answerCamera());
  await expect.poll(tracks).toEqual(["ended"]);
});

test("a darknet model of the user's own loads from files, and a damaged one is refused with the reason", async ({
  page,
  guard,
}) => {
  guard.allowErrorNotice(/it ends inside layer/);
  test.setTimeout(120_000);
  await openLab(page, "model=tiny-face&backend=simd", "tiny-face 416 simd");
  const dir = "static-models/yolo-fastest-1.1";
  await page.getByTestId("detect-custom-cfg").setInputFiles(`${dir}/yolo-fastest-1.1.cfg`);
  await page.getByTestId("detect-custom-names").setInputFiles(`${dir}/coco.names`);
  const weights = await readFile(`${dir}/yolo-fastest-1.1.weights`);
  await page.getByTestId("detect-custom-weights").setInputFiles({
    name: "broken.weights",
    mimeType: "application/octet-stream",
    buffer: weights.subarray(0, 100_000),
  });
  await page.getByTestId("detect-custom-load").click();
  await expect(page.getByTestId("notice-error")).toContainText("it ends inside layer");
  await page.getByTestId("detect-custom-weights").setInputFiles(`${dir}/yolo-fastest-1.1.weights`);
  await page.getByTestId("detect-custom-load").click();
  await expect(page.getByTestId("detect-status")).toHaveAttribute("data-ready", "custom 320 simd", {
    timeout: 60_000,
  });
  const dog = await nextFrameBoxes(page, 120_000, () => page.getByTestId("detect-sample-dog.jpg").click());
  expectSameBoxes(dog, await reference("yolo-fastest-1.1/dog.json"), 0.02, 0.9);
});

test("a damaged darknet model of the user's own is refused in Dutch on the Dutch page", async ({
  page,
  guard,
}) => {
  guard.allowErrorNotice(/onbekende laag|weights-bestand/);
  await page.goto("?lang=nl#/detect?model=tiny-face&backend=simd");
  await expect(page.getByTestId("detect-status")).toHaveAttribute("data-ready", "tiny-face 416 simd", {
    timeout: 60_000,
  });
  const pick = (testId: string, name: string, buffer: Buffer) =>
    page.getByTestId(testId).setInputFiles({ name, mimeType: "application/octet-stream", buffer });
  await pick("detect-custom-cfg", "mine.cfg", Buffer.from("[net]\nwidth=32\nheight=32\n[fancy]\nsize=3\n"));
  await pick("detect-custom-names", "mine.names", Buffer.from("cat\n"));
  await pick("detect-custom-weights", "mine.weights", Buffer.alloc(40));
  await page.getByTestId("detect-custom-load").click();
  const notice = page.getByTestId("notice-error");
  await expect(notice).toContainText("cfg regel 4: onbekende laag [fancy]");
  await expect(notice).not.toContainText("unknown layer");
  const cfg = await readFile("static-models/yolo-fastest-1.1/yolo-fastest-1.1.cfg");
  await pick("detect-custom-cfg", "yolo.cfg", cfg);
  await page.getByTestId("detect-custom-load").click();
  await expect(notice.last()).toContainText("het houdt op midden in laag 0");
  // The detector loaded before is still the one in use.
  await expect(page.getByTestId("detect-status")).toHaveAttribute("data-ready", "tiny-face 416 simd");
});

test("before any picture the stage keeps its 4:3 place and says what will show there", async ({ page }) => {
  await openLab(page, "model=tiny-face&backend=simd", "tiny-face 416 simd");
  const stage = page.getByTestId("detect-stage");
  await expect(page.getByTestId("detect-waiting")).toBeVisible();
  const box = await stage.boundingBox();
  expect(box?.width).toBeGreaterThan(300);
  expect((box?.height ?? 0) / (box?.width ?? 1)).toBeCloseTo(3 / 4, 2);
  await nextFrameBoxes(page, 60_000, () => page.getByTestId("detect-sample-astronaut.png").click());
  await expect(page.getByTestId("detect-waiting")).toBeHidden();
  await expect(page.getByTestId("detect-still")).toBeVisible();
});

test("the threshold fields show the thresholds in use after a model switch", async ({ page }) => {
  await openLab(page, "model=tiny-face&backend=simd", "tiny-face 416 simd");
  // The face detector's own defaults, then Yolo-Fastest's (crate/src/models/detector.rs).
  await expect(page.getByTestId("detect-confidence")).toHaveValue("0.5");
  await expect(page.getByTestId("detect-nms")).toHaveValue("0.4");
  await page.getByTestId("detect-model").selectOption("yolo-fastest-1.1");
  await expect(page.getByTestId("detect-status")).toHaveAttribute("data-ready", "yolo-fastest-1.1 320 simd", {
    timeout: 60_000,
  });
  await expect(page.getByTestId("detect-confidence")).toHaveValue("0.25");
  await expect(page.getByTestId("detect-nms")).toHaveValue("0.45");
  // A value the user chose stays through the next switch.
  await page.getByTestId("detect-confidence").fill("0.6");
  await page.getByTestId("detect-confidence").press("Enter");
  await page.getByTestId("detect-model").selectOption("tiny-face");
  await expect(page.getByTestId("detect-status")).toHaveAttribute("data-ready", "tiny-face 416 simd", {
    timeout: 60_000,
  });
  await expect(page.getByTestId("detect-confidence")).toHaveValue("0.6");
  await expect(page.getByTestId("detect-nms")).toHaveValue("0.4");
});

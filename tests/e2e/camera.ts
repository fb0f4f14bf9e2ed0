// A browser of its own whose webcam plays one of the site's samples (astronaut.png unless asked), for the tests
// that use the camera: Chromium plays a Y4M file as its fake camera, and that file is made from the sample.
// With a profile folder, the browser keeps its storage there, so a second launch finds what the first kept.

import { mkdir, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { chromium, type Page, type TestInfo } from "@playwright/test";
import { guardContext, type Guard } from "./fixtures";

export interface FakeCamera {
  /** A page in the camera's browser, watched by the same guard as every other test's. */
  page: Page;
  guard: Guard;
  /** The picture the camera plays. */
  source: { width: number; height: number };
  /** Fails the test on what the guard saw. */
  check(): void;
  close(): Promise<void>;
}

/** Opens the camera's browser; `page` (the test's own) reads the sample to make the video. */
export async function fakeCamera(
  page: Page,
  baseURL: string | undefined,
  testInfo: TestInfo,
  { sample = "astronaut.png", profile }: { sample?: string; profile?: string } = {},
): Promise<FakeCamera> {
  await page.goto("#/");
  await mkdir("test-results", { recursive: true });
  const video = resolve(`test-results/${sample}-${testInfo.testId}.y4m`);
  const source = await sampleVideo(page, sample, video);
  const args = [
    ...(testInfo.project.use.launchOptions?.args ?? []),
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    `--use-file-for-fake-video-capture=${video}`,
  ];
  const executablePath = "/usr/bin/chromium";
  if (profile) {
    const context = await chromium.launchPersistentContext(profile, { executablePath, args, baseURL });
    const { guard, check } = await guardContext(context, baseURL);
    return { page: await context.newPage(), guard, source, check, close: () => context.close() };
  }
  const browser = await chromium.launch({ executablePath, args });
  const context = await browser.newContext({ baseURL });
  const { guard, check } = await guardContext(context, baseURL);
  return { page: await context.newPage(), guard, source, check, close: () => browser.close() };
}

/** A sample (even width and height) as a one-frame Y4M video (4:2:0, BT.601 limited range), decoded by the browser. */
async function sampleVideo(
  page: Page,
  sample: string,
  path: string,
): Promise<{ width: number; height: number }> {
  const { width, height, rgba } = await page.evaluate(async (sample) => {
    const bitmap = await createImageBitmap(await (await fetch(`samples/${sample}`)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext("2d") as OffscreenCanvasRenderingContext2D;
    context.drawImage(bitmap, 0, 0);
    return {
      width: bitmap.width,
      height: bitmap.height,
      rgba: Array.from(context.getImageData(0, 0, bitmap.width, bitmap.height).data),
    };
  }, sample);
  const at = (x: number, y: number, c: number) => rgba[(y * width + x) * 4 + c] / 255;
  const luma = new Uint8Array(width * height);
  const [cb, cr] = [new Uint8Array((width / 2) * (height / 2)), new Uint8Array((width / 2) * (height / 2))];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      luma[y * width + x] = Math.round(
        16 + 65.481 * at(x, y, 0) + 128.553 * at(x, y, 1) + 24.966 * at(x, y, 2),
      );
  for (let y = 0; y < height / 2; y++)
    for (let x = 0; x < width / 2; x++) {
      const mean = (c: number) =>
        (at(2 * x, 2 * y, c) +
          at(2 * x + 1, 2 * y, c) +
          at(2 * x, 2 * y + 1, c) +
          at(2 * x + 1, 2 * y + 1, c)) /
        4;
      const [r, g, b] = [mean(0), mean(1), mean(2)];
      cb[y * (width / 2) + x] = Math.round(128 - 37.797 * r - 74.203 * g + 112 * b);
      cr[y * (width / 2) + x] = Math.round(128 + 112 * r - 93.786 * g - 18.214 * b);
    }
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\nFRAME\n`);
  await writeFile(path, Buffer.concat([header, luma, cb, cr]));
  return { width, height };
}

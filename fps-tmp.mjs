import { chromium } from "@playwright/test";
import { appendFileSync, writeFileSync } from "node:fs";
const out = "/tmp/detect-fps.jsonl";
writeFileSync(out, "");
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run","--enable-unsafe-webgpu","--enable-unsafe-swiftshader","--use-fake-device-for-media-stream","--use-fake-ui-for-media-stream",`--use-file-for-fake-video-capture=${process.cwd()}/test-results/astronaut.y4m`] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const models = process.argv[2].split(","), sizes = process.argv[3].split(",").map(Number), backends = process.argv[4].split(",");
const seconds = Number(process.argv[5] ?? 8);
for (const backend of backends) for (const model of models) for (const size of sizes) {
  await page.goto(`http://localhost:4180/#/detect?model=${model}&size=${size}&backend=${backend}`);
  await page.reload();
  await page.getByTestId("detect-status").and(page.locator(`[data-ready="${model} ${size} ${backend}"]`)).waitFor({ timeout: 120_000 });
  await page.getByTestId("detect-camera-start").click();
  const started = Date.now();
  let frames = 0;
  while (Date.now() - started < 180_000) {
    frames = Number(await page.getByTestId("detect-boxes").getAttribute("data-frame") ?? 0);
    if (frames >= 4 && Date.now() - started > seconds * 1000) break;
    await page.waitForTimeout(250);
  }
  const read = async (id) => (await page.getByTestId(id).textContent())?.trim();
  const row = { model, size, backend, frames, fps: Number(await page.getByTestId("detect-fps").getAttribute("data-value")), capture: await read("detect-capture"), preprocess: await read("detect-preprocess"), network: await read("detect-network"), decode: await read("detect-decode"), memory: await read("detect-memory") };
  appendFileSync(out, JSON.stringify(row) + "\n");
  await page.getByTestId("detect-camera-stop").click();
}
await browser.close();

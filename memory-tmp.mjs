import { chromium } from "@playwright/test";
import { appendFileSync, writeFileSync } from "node:fs";
const out = "/tmp/detect-memory.jsonl";
writeFileSync(out, "");
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run","--enable-precise-memory-info","--use-fake-device-for-media-stream","--use-fake-ui-for-media-stream",`--use-file-for-fake-video-capture=${process.cwd()}/test-results/astronaut.y4m`] });
const page = await browser.newPage();
const [model, size, backend, minutes] = process.argv.slice(2);
await page.goto(`http://localhost:4180/#/detect?model=${model}&size=${size}&backend=${backend}`);
await page.getByTestId("detect-status").and(page.locator(`[data-ready="${model} ${size} ${backend}"]`)).waitFor({ timeout: 120_000 });
await page.getByTestId("detect-camera-start").click();
const started = Date.now();
for (let minute = 0; minute <= Number(minutes); minute++) {
  while (Date.now() - started < minute * 60_000) await page.waitForTimeout(1000);
  const sample = await page.evaluate(() => ({
    frames: Number(document.querySelector('[data-testid="detect-boxes"]')?.getAttribute("data-frame") ?? 0),
    wasmBytes: Number(document.querySelector('[data-testid="detect-memory"]')?.getAttribute("data-value") ?? 0),
    pageHeap: performance.memory?.usedJSHeapSize ?? null,
    fps: Number(document.querySelector('[data-testid="detect-fps"]')?.getAttribute("data-value") ?? 0),
    boxes: [...document.querySelectorAll('[data-testid="detect-boxes"] li')].map((li) => li.getAttribute("data-class")).join(","),
  }));
  appendFileSync(out, JSON.stringify({ minute, ...sample }) + "\n");
}
await browser.close();

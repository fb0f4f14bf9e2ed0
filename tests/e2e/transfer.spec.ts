// The transfer lab's ImageNet classifier in the browser: the served Darknet reference tiny network gives
// tfjs's own top 3 on chelsea.png (`../shared/fixtures/reference/darknet-tiny-imagenet/chelsea.json`), each
// probability within 0.005, on every backend the engine has here.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { expect, test } from "./fixtures";

interface Ranked {
  index: number;
  label: string;
  probability: number;
}

for (const backend of ["scalar", "simd", "webgpu"]) {
  test(`the ImageNet classifier gives tfjs's top 3 on chelsea.png on ${backend}`, async ({ page }) => {
    test.setTimeout(120_000);
    const reference = JSON.parse(
      await readFile(resolve("../shared/fixtures/reference/darknet-tiny-imagenet/chelsea.json"), "utf8"),
    ) as { top3: { index: number; p: number }[] };
    const png = (await readFile(resolve("../shared/fixtures/images/chelsea.png"))).toString("base64");
    await page.goto("#/environment");
    const top = await page.evaluate(
      async ({ png, backend }) => {
        type Call = (method: string, params?: unknown) => Promise<unknown>;
        const engine = (window as unknown as { playground: { engine: { call: Call } } }).playground.engine;
        const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
        const image = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
        const baseUrl = new URL("static-models/", document.baseURI).href;
        const cuts = (await engine.call("transfer/load-served", {
          baseUrl,
          id: "darknet-tiny-imagenet",
        })) as {
          defaultCut: number;
        };
        await engine.call("transfer/configure", { backend, cut: cuts.defaultCut });
        const classified = (await engine.call("transfer/classify", { image, count: 3 })) as { top: unknown };
        return classified.top;
      },
      { png, backend },
    );
    const ours = top as Ranked[];
    expect(ours.map((r) => r.index)).toEqual(reference.top3.map((r) => r.index));
    ours.forEach((r, i) =>
      expect(Math.abs(r.probability - reference.top3[i].p), JSON.stringify(ours)).toBeLessThanOrEqual(0.005),
    );
    expect(ours[0].label).toBe("Egyptian cat");
  });
}

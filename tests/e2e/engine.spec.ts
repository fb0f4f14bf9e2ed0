import type { Page } from "@playwright/test";
import { engineCall, expect, test } from "./fixtures";

// The tensor engine in the browser: the same conformance suite as `cargo test`, run by the wasm build on
// the SIMD backend (both builds, plain SIMD128 and relaxed SIMD) and on WebGPU (SwiftShader here), each
// check against the scalar backend.

type Call = (method: string, params?: unknown) => Promise<unknown>;

/** Calls an engine forced to one wasm build, as the page's console can. */
function buildCall(page: Page, build: string, method: string, params?: unknown): Promise<unknown> {
  return page.evaluate(
    ([build, method, params]) =>
      (window as unknown as { playground: { engineWithBuild(build: string): { call: Call } } }).playground
        .engineWithBuild(build as string)
        .call(method as string, params),
    [build, method, params] as const,
  );
}

for (const backend of ["webgpu"]) {
  test(`the conformance suite passes on ${backend}`, async ({ page }, testInfo) => {
    test.skip(testInfo.project.name !== "swiftshader", "WebGPU needs the SwiftShader flags");
    test.setTimeout(300_000);
    await page.goto("#/environment");
    // WebGPU computes every op with a kernel of its own.
    const checks = (await engineCall(page, "engine/conformance-checks", backend)) as string[];
    expect(checks.length).toBeGreaterThanOrEqual(16);
    for (const check of checks) {
      await test.step(check, async () => {
        await engineCall(page, "engine/conformance", { backend, check });
      });
    }
  });
}

// The SIMD backend in each wasm build: the page's engine runs the best one the browser has, and the other
// must pass as well.
for (const build of ["simd128", "relaxed-simd", "threads"]) {
  test(`the conformance suite passes on the ${build} build's SIMD backend`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto("#/environment");
    const environment = (await buildCall(page, build, "environment")) as { build: string };
    expect(environment.build).toBe(build);
    // The SIMD backend's own kernels; its memory-bound ops are the scalar reference's (cargo's suite too).
    const checks = (await buildCall(page, build, "engine/conformance-checks", "simd")) as string[];
    expect(checks).toEqual([
      "matmul",
      "matmul_bias_activation",
      "conv2d",
      "conv2d_bias_activation",
      "conv2d_backward_input",
      "conv2d_backward_filter",
      "conv2d_weights_changed",
      "conv2d_input_changed",
      "pool2d",
      "pool2d_backward",
      "bias_activation",
      "activation_backward",
      "bias_backward",
      "recurrent",
      "large_shapes",
    ]);
    for (const check of checks) {
      await test.step(check, async () => {
        await buildCall(page, build, "engine/conformance", { backend: "simd", check });
      });
    }
    // Its int8 inference too, whose integer dot products are this build's own instructions.
    await test.step("int8", async () => {
      await buildCall(page, build, "engine/int8-conformance");
    });
  });
}

test("the threads build's caller copies out blocks that its helpers allocated in memory they grew", async ({
  page,
}) => {
  await page.goto("#/environment");
  const { threads } = (await buildCall(page, "threads", "environment")) as { threads: number };
  test.skip(threads < 2, "one core: no helper thread");
  // Chromium let a thread see the shared memory only as large as it last grew it itself: the caller's copy
  // out of a block in memory a helper grew trapped with "memory access out of bounds".
  const rounds = 8;
  const sum = await buildCall(page, "threads", "diagnostics/copy-grown-blocks", {
    rounds,
    blockLen: 1 << 19,
  });
  // Round r's four blocks hold 4r, 4r + 1, 4r + 2 and 4r + 3.
  expect(sum).toBe(((4 * rounds - 1) * 4 * rounds) / 2);
});

test("asking for WebGPU where there is none gives a clear error", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "no-webgpu", "needs a browser without WebGPU");
  await page.goto("#/environment");
  const error = await engineCall(page, "engine/benchmark", {
    backend: "webgpu",
    workload: "w1_matmul_256",
  }).then(
    () => "resolved",
    (e: Error) => e.message,
  );
  expect(error).toMatch(/no GPU adapter/);
});

/** The page database's kept kernel choices, or `kernels` planted there for `key` first. */
function keptKernels(page: Page, plant?: { key: string; kernels: unknown }): Promise<unknown[]> {
  return page.evaluate(async (plant) => {
    const open = indexedDB.open("deep-learning-playground");
    const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
    const store = db.transaction("tuned-kernels", "readwrite").objectStore("tuned-kernels");
    if (plant) store.put({ id: plant.key, kernels: plant.kernels });
    const all = store.getAll();
    const kept = await new Promise<unknown[]>((resolve) => (all.onsuccess = () => resolve(all.result)));
    db.close();
    return kept;
  }, plant);
}

test("the GPU kernels tuned on a first visit are what the next visits run", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "swiftshader", "WebGPU needs the SwiftShader flags");
  type Tuned = { key: string; kernels: { deep: string; large: string }; remembered: boolean };
  const tuned = async () => (await engineCall(page, "engine/tuned-kernels")) as Tuned;
  await page.goto("#/environment");
  const first = await tuned();
  expect(first.remembered).toBe(false);
  await expect.poll(() => keptKernels(page)).toEqual([{ id: first.key, kernels: first.kernels }]);
  await page.reload();
  expect(await tuned()).toEqual({ ...first, remembered: true });

  // A kept choice the autotune did not make: run on the next visit, it can only have been remembered.
  const kernels = { deep: first.kernels.deep === "staged" ? "unstaged" : "staged", large: "wide" };
  await keptKernels(page, { key: first.key, kernels });
  await page.reload();
  expect(await tuned()).toEqual({ key: first.key, kernels, remembered: true });
  // ...and products on those kernels are still right.
  await engineCall(page, "engine/conformance", { backend: "webgpu", check: "matmul" });
});

test("the environment names the engine build it loaded", async ({ page }) => {
  await page.goto("#/environment");
  await expect(page.getByTestId("env-build")).toHaveText(/^(threads|relaxed-simd|simd128)$/);
});

for (const backend of ["scalar", "simd", "webgpu"]) {
  test(`the tensor API computes a convolution exercise on ${backend} and frees what it made`, async ({
    page,
  }, testInfo) => {
    test.skip(
      backend === "webgpu" && testInfo.project.name !== "swiftshader",
      "WebGPU needs the SwiftShader flags",
    );
    await page.goto("#/environment");
    const image = Array.from({ length: 36 }, (_, i) => Math.sin(i * 1.7));
    const filter = Array.from({ length: 9 }, (_, i) => Math.cos(i * 2.3));
    // The exercise by hand: valid 3 × 3 convolution (6 × 6 → 4 × 4), ReLU, 2 × 2 max pool (→ 2 × 2).
    const features = Array.from({ length: 16 }, (_, p) => {
      const [y, x] = [Math.floor(p / 4), p % 4];
      let sum = 0;
      for (let ky = 0; ky < 3; ky++)
        for (let kx = 0; kx < 3; kx++) sum += image[(y + ky) * 6 + x + kx] * filter[ky * 3 + kx];
      return Math.max(sum, 0);
    });
    const expected = [0, 1, 2, 3].map((q) => {
      const [y, x] = [2 * Math.floor(q / 2), 2 * (q % 2)];
      return Math.max(
        features[y * 4 + x],
        features[y * 4 + x + 1],
        features[(y + 1) * 4 + x],
        features[(y + 1) * 4 + x + 1],
      );
    });
    const result = (await engineCall(page, "engine/tensor-example", { backend, image, filter })) as {
      output: number[];
      liveTensors: number;
    };
    expect(result.output).toHaveLength(4);
    result.output.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 4));
    expect(result.liveTensors).toBe(0);
  });
}

import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

// The tensor engine in the browser: the same conformance suite as `cargo test`, run by the wasm build on
// the SIMD backend and on WebGPU (SwiftShader here), each check against the scalar backend.

type Call = (method: string, params?: unknown) => Promise<unknown>;

/** Calls the engine worker from the page, as a workshop script would. */
function engineCall(page: Page, method: string, params?: unknown): Promise<unknown> {
  return page.evaluate(
    ([method, params]) =>
      (window as unknown as { playground: { engine: { call: Call } } }).playground.engine.call(
        method as string,
        params,
      ),
    [method, params] as const,
  );
}

for (const backend of ["simd", "webgpu"]) {
  test(`the conformance suite passes on ${backend}`, async ({ page }, testInfo) => {
    test.skip(
      backend === "webgpu" && testInfo.project.name !== "swiftshader",
      "WebGPU needs the SwiftShader flags",
    );
    test.setTimeout(300_000);
    await page.goto("#/environment");
    const checks = (await engineCall(page, "engine/conformance-checks")) as string[];
    expect(checks.length).toBeGreaterThanOrEqual(16);
    for (const check of checks) {
      await test.step(check, async () => {
        await engineCall(page, "engine/conformance", { backend, check });
      });
    }
  });
}

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

test("the environment names the engine build it loaded", async ({ page }) => {
  await page.goto("#/environment");
  await expect(page.getByTestId("env-build")).toHaveText(/^(relaxed-simd|simd128)$/);
});

import { defineConfig } from "@playwright/test";

// Browser tests run Debian's Chromium (never a downloaded browser) against the built site in dist/,
// served with the same headers `npm start` uses. Two browser set-ups: WebGPU on SwiftShader, Chromium's
// CPU implementation of a GPU, and no WebGPU at all, where everything must still work on the CPU.
const PORT = 4173;
/** The same site under a sub-path, as a static host might serve it. */
export const SUB_PATH_URL = "http://localhost:4174/workshop/2017/";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
const WEBGPU_ARGS = ["--enable-unsafe-webgpu", "--enable-unsafe-swiftshader"];

export default defineConfig({
  testDir: "tests",
  outputDir: "test-results/artifacts",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}/`,
    launchOptions: { executablePath: "/usr/bin/chromium" },
    trace: "retain-on-failure",
  },
  projects: [
    // Plain functions of the frontend (no page, no browser): run by Node in the test runner.
    { name: "unit", testDir: "tests/unit" },
    {
      name: "swiftshader",
      testDir: "tests/e2e",
      use: {
        launchOptions: { executablePath: "/usr/bin/chromium", args: [...CHROMIUM_ARGS, ...WEBGPU_ARGS] },
      },
    },
    {
      name: "no-webgpu",
      testDir: "tests/e2e",
      testMatch: ["environment.spec.ts", "perceptron.spec.ts", "mlp.spec.ts", "engine.spec.ts"],
      use: { launchOptions: { executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS } },
    },
  ],
  webServer: [
    {
      command: `node scripts/serve.mjs dist --port ${PORT}`,
      url: `http://localhost:${PORT}/`,
      reuseExistingServer: !process.env.CI,
    },
    {
      command: "node scripts/serve.mjs dist --port 4174 --prefix /workshop/2017/",
      url: SUB_PATH_URL,
      reuseExistingServer: !process.env.CI,
    },
  ],
});

// npm run bench [-- --workloads w1_matmul_1024,w4_tinyyolo_416] [-- --backends simd] [-- --build simd128]
//   [-- --threads N] (the threaded build on N threads; the page's default is every core, up to 8)
// Runs bench.html in headless Chromium (Debian's, with WebGPU on its SwiftShader adapter) against the
// built site, prints a table and writes bench-results.json; exits 1 when a chosen workload failed on a chosen
// backend. To compare builds on a noisy machine, copy each build's dist/ aside and run
// `BENCH_DIST=that/folder node scripts/bench.mjs …` for each in turn.
import { launchChromium } from "./chromium.mjs";
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    workloads: { type: "string" },
    backends: { type: "string" },
    build: { type: "string" },
    threads: { type: "string" },
    port: { type: "string" },
  },
});
const port = values.port ?? "4180";
const query = new URLSearchParams({ run: "1", backends: values.backends ?? "scalar,simd,webgpu" });
if (values.workloads) query.set("workloads", values.workloads);
if (values.threads) query.set("build", `threads:${values.threads}`);
else if (values.build) query.set("build", values.build);

const server = spawn("node", ["scripts/serve.mjs", process.env.BENCH_DIST ?? "dist", "--port", port], {
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise((resolve) => server.stdout.once("data", resolve));

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  page.on("console", (message) => message.type() === "error" && console.error(message.text()));
  await page.goto(`http://localhost:${port}/bench.html?${query}`);
  await page.waitForSelector('[data-testid="bench-status"][data-done="true"]', { timeout: 30 * 60_000 });
  const results = await page.evaluate(() => window.benchResults);
  const cell = (value, width) => String(value ?? "").padEnd(width);
  console.log(
    [
      cell("workload", 24),
      cell("backend", 8),
      cell("build", 14),
      cell("threads", 8),
      cell("median ms", 11),
      cell("kernel ms", 11),
      cell("GFLOP/s", 9),
      "samples/s",
    ].join(" "),
  );
  for (const r of results) {
    console.log(
      [
        cell(r.workload, 24),
        cell(r.backend, 8),
        cell(r.build, 14),
        cell(r.threads, 8),
        cell(r.median_ms.toFixed(2), 11),
        cell(r.kernel_ms?.toFixed(2), 11),
        cell(r.gflops?.toFixed(1), 9),
        r.samples_per_s?.toFixed(0) ?? "",
      ].join(" "),
    );
  }
  console.log(`devices: ${[...new Set(results.map((r) => `${r.backend} = ${r.device}`))].join("; ")}`);
  await writeFile("bench-results.json", JSON.stringify(results, null, 2) + "\n");
  console.log("wrote bench-results.json");
  // A chosen (workload, backend) pair without a result is a failed benchmark, not a shorter table: one the
  // engine refused (with its reason), or one the page never ran (a backend this browser does not offer).
  const failures = await page.evaluate(() => window.benchFailures);
  const ran = [...results, ...failures].map((r) => r.workload);
  const workloads = values.workloads?.split(",") ?? [...new Set(ran)];
  const backends = (values.backends ?? "scalar,simd,webgpu").split(",");
  const measured = new Set(results.map((r) => `${r.workload} on ${r.backend}`));
  const reasons = new Map(failures.map((f) => [`${f.workload} on ${f.backend}`, f.error]));
  const missing = workloads
    .flatMap((w) => backends.map((b) => `${w} on ${b}`))
    .filter((p) => !measured.has(p));
  for (const pair of missing)
    console.error(`MISSING ${pair}: ${reasons.get(pair) ?? "not run in this browser"}`);
  if (missing.length > 0) process.exitCode = 1;
} finally {
  await browser.close();
  server.kill();
}

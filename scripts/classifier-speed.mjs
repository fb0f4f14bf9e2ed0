// npm run bench:classifier: the transfer lab's ImageNet classifier (the served Darknet tiny network) on one
// 224 × 224 frame, in the same sitting against TensorFlow.js 4.22 running the very same model.json on its
// single-threaded wasm backend (the perf anchor's tfjs, ../shared/perf-anchor): rounds interleaved, the
// median of each (the npm script builds the site first). Needs ../shared beside the clone; the anchor's npm
// packages are installed once into a copy of it under the system's temporary folder.
import { launchChromium } from "./chromium.mjs";
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { rounds: { type: "string" }, runs: { type: "string" }, backends: { type: "string" } },
});
const ROUNDS = Number(values.rounds ?? 3);
const RUNS = Number(values.runs ?? 20);
const BACKENDS = (values.backends ?? "simd").split(",");
const MODEL = "static-models/darknet-tiny-imagenet";

// --- The anchor: a copy of ../shared/perf-anchor with its packages, our model and a page of ours ------------
const anchor = join(tmpdir(), "playground-perf-anchor");
if (!existsSync(join(anchor, "node_modules/@tensorflow/tfjs-layers"))) {
  const shared = resolve("../shared/perf-anchor");
  if (!existsSync(shared))
    throw new Error(`${shared} is missing: this benchmark needs ../shared beside the clone`);
  cpSync(shared, anchor, { recursive: true });
  execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: anchor, stdio: "inherit" });
}
mkdirSync(join(anchor, "models"), { recursive: true });
cpSync(MODEL, join(anchor, "models/darknet-tiny-imagenet"), { recursive: true });
writeFileSync(
  join(anchor, "classifier.html"),
  `<!doctype html><meta charset="utf-8"><script type="module">
const load = (src) => new Promise((ok, no) => { const s = document.createElement("script"); s.src = src; s.onload = ok; s.onerror = no; document.head.append(s); });
const NM = "/node_modules/@tensorflow";
await load(NM + "/tfjs-core/dist/tf-core.min.js");
await load(NM + "/tfjs-backend-cpu/dist/tf-backend-cpu.min.js");
await load(NM + "/tfjs-backend-wasm/dist/tf-backend-wasm.min.js");
await load(NM + "/tfjs-layers/dist/tf-layers.min.js");
tf.wasm.setWasmPaths(NM + "/tfjs-backend-wasm/dist/");
tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
await tf.setBackend("wasm");
const model = await tf.loadLayersModel("/models/darknet-tiny-imagenet/model.json");
const input = tf.randomUniform([1, 224, 224, 3], 0, 1, "float32", 1);
window.frame = async () => { const started = performance.now(); const y = model.predict(input); await y.data(); y.dispose(); return performance.now() - started; };
window.ready = true;
</script>`,
);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function serve(command, args, cwd) {
  const server = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((ok) => server.stdout.once("data", () => ok(server)));
}

const anchorServer = await serve(
  "node",
  [
    "-e",
    "import('./server.mjs').then(m => m.startServer(4191, { quiet: true })).then(() => console.log('up'))",
  ],
  anchor,
);
const siteServer = await serve("node", ["scripts/serve.mjs", "dist", "--port", "4192"], ".");
const browser = await launchChromium();

async function tfjsRound(page) {
  const times = [];
  for (let i = 0; i < RUNS + 2; i++) times.push(await page.evaluate(() => window.frame()));
  return median(times.slice(2));
}

/** Our engine through the page's worker: the network's own time (`networkMs`) and the whole call's. */
async function oursRound(page, backend) {
  return page.evaluate(
    async ({ backend, runs }) => {
      const engine = window.playground.engine;
      await engine.call("transfer/configure", { backend, cut: window.defaultCut });
      const pixels = new Uint8ClampedArray(224 * 224 * 4).map((_, i) =>
        i % 4 === 3 ? 255 : (i * 2654435761) >>> 24,
      );
      const network = [];
      const calls = [];
      for (let i = 0; i < runs + 2; i++) {
        const image = await createImageBitmap(new ImageData(pixels, 224, 224));
        const started = performance.now();
        const result = await engine.call("transfer/classify", { image, count: 5 }, { transfer: [image] });
        calls.push(performance.now() - started);
        network.push(result.networkMs);
      }
      const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
      return { network: median(network.slice(2)), call: median(calls.slice(2)) };
    },
    { backend, runs: RUNS },
  );
}

const tfjsPage = await browser.newPage();
await tfjsPage.goto("http://127.0.0.1:4191/classifier.html");
await tfjsPage.waitForFunction(() => window.ready === true, undefined, { timeout: 120_000 });
const ourPage = await browser.newPage();
await ourPage.goto("http://localhost:4192/#/environment");
await ourPage.evaluate(async () => {
  const baseUrl = new URL("static-models/", document.baseURI).href;
  const cuts = await window.playground.engine.call("transfer/load-served", {
    baseUrl,
    id: "darknet-tiny-imagenet",
  });
  window.defaultCut = cuts.defaultCut;
});

const rows = [];
for (let round = 1; round <= ROUNDS; round++) {
  const tfjs = await tfjsRound(tfjsPage);
  for (const backend of BACKENDS) {
    const ours = await oursRound(ourPage, backend);
    rows.push({ round, backend, tfjsMs: tfjs, networkMs: ours.network, callMs: ours.call });
    console.log(
      `round ${round}: tfjs wasm (1 thread) ${tfjs.toFixed(1)} ms; ours ${backend}: network ${ours.network.toFixed(1)} ms, whole call ${ours.call.toFixed(1)} ms; tfjs / ours (network) ${(tfjs / ours.network).toFixed(2)}×`,
    );
  }
}
for (const backend of BACKENDS) {
  const mine = rows.filter((r) => r.backend === backend);
  const tfjs = median(mine.map((r) => r.tfjsMs));
  const network = median(mine.map((r) => r.networkMs));
  const call = median(mine.map((r) => r.callMs));
  console.log(
    `median of ${ROUNDS} rounds, ${backend}: tfjs ${tfjs.toFixed(1)} ms, ours ${network.toFixed(1)} ms (whole call ${call.toFixed(1)} ms): ${(tfjs / network).toFixed(2)}× (${(tfjs / call).toFixed(2)}× with the call)`,
  );
}
writeFileSync("classifier-speed.json", JSON.stringify(rows, null, 2));
await browser.close();
anchorServer.kill();
siteServer.kill();

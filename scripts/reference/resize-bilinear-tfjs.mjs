// Writes crate/tests/fixtures/resize_bilinear_tfjs.json: TensorFlow.js's bilinear resize (tf.image.resizeBilinear
// on its CPU backend, a port of TensorFlow's kernel) of a few awkward images in each of the three sampling modes,
// the outside oracle for the engine's reference resize (crate/src/engine/scalar/layout.rs).
//
// Needs TensorFlow.js beside it, which the project does not otherwise install:
//   d=$(mktemp -d) && (cd $d && npm init -y >/dev/null && npm install @tensorflow/tfjs-core@4.22.0 @tensorflow/tfjs-backend-cpu@4.22.0)
//   NODE_PATH=$d/node_modules node scripts/reference/resize-bilinear-tfjs.mjs
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const tf = require("@tensorflow/tfjs-core");
require("@tensorflow/tfjs-backend-cpu");

await tf.setBackend("cpu");

// [batch, height, width, channels] → [out height, out width]: up and down, odd and even, to and from one pixel.
const cases = [
  { input: [1, 5, 7, 2], output: [11, 3] },
  { input: [2, 6, 4, 3], output: [9, 10] },
  { input: [1, 4, 4, 1], output: [1, 2] },
  { input: [1, 1, 3, 1], output: [4, 5] },
  { input: [1, 13, 13, 1], output: [6, 6] },
];
// TensorFlow's two flags name the modes: half-pixel centres, aligned corners, and neither (asymmetric).
const modes = {
  "half-pixel": { alignCorners: false, halfPixelCenters: true },
  "align-corners": { alignCorners: true, halfPixelCenters: false },
  asymmetric: { alignCorners: false, halfPixelCenters: false },
};

const fixtures = [];
for (const { input, output } of cases) {
  const count = input.reduce((a, b) => a * b, 1);
  // Values with no pattern a wrong index could still meet, exactly representable in float32.
  const values = Array.from({ length: count }, (_, i) => Math.fround(Math.sin(1.7 * i + 0.3) * 4));
  for (const [mode, { alignCorners, halfPixelCenters }] of Object.entries(modes)) {
    const resized = tf.image.resizeBilinear(
      tf.tensor4d(values, input),
      output,
      alignCorners,
      halfPixelCenters,
    );
    fixtures.push({ mode, input, output, values, expected: Array.from(resized.dataSync()) });
  }
}

const path = new URL("../../crate/tests/fixtures/resize_bilinear_tfjs.json", import.meta.url);
writeFileSync(
  path,
  JSON.stringify({
    source: `@tensorflow/tfjs-core ${tf.version_core}, cpu backend, tf.image.resizeBilinear`,
    fixtures,
  }) + "\n",
);
console.log(`wrote ${fixtures.length} resizes to ${path.pathname}`);

// The code exercises: a few lines of JavaScript against the tensor API, checked against what the engine's
// own ops compute on the same inputs. Each run gets fresh inputs with awkward values, so an answer that
// only fits one example does not pass. Used on both sides: the page shows the starter and the model
// answer, the runner worker makes the inputs and the engine's answer.

import type { TensorApi } from "../../engine/tensors";

export type Inputs = Record<string, number[] | number>;

export interface CodeExercise {
  /** Fresh inputs for one run. */
  inputs(random: () => number): Inputs;
  /** The engine's answer on `input`, with the tensor API's own ops. */
  expected(t: TensorApi, input: Inputs): Promise<Float32Array>;
  /** What the editor starts with, and a model answer. */
  starter: string;
  answer: string;
  /** How far (relative to the value's size) the attendee's numbers may be from the engine's. */
  tolerance: number;
}

const values = (random: () => number, count: number, scale = 1) =>
  Array.from({ length: count }, () => Math.round((random() * 2 - 1) * scale * 1000) / 1000);
const list = (input: Inputs, key: string) => input[key] as number[];
const scalar = (input: Inputs, key: string) => input[key] as number;

export const CODE_EXERCISES = {
  "perceptron-rule": {
    inputs(random) {
      const [x, w, b] = [values(random, 3), values(random, 3), values(random, 1)[0]];
      // The perceptron errs on this input (the target is the other class), so the weights must move.
      const s = x.reduce((sum, xi, i) => sum + xi * w[i], b);
      return { x, w, b, target: s >= 0 ? 0 : 1, rate: 0.1 };
    },
    async expected(t, input) {
      // s = w·x + b, y = threshold(s), w' = w + rate (target − y) x.
      const x = list(input, "x");
      const s = t.matmul(t.tensor(x, [1, 3]), t.tensor(list(input, "w"), [3, 1]));
      const y = (await t.data(t.biasActivation(s, t.tensor([scalar(input, "b")], [1]), "threshold")))[0];
      const step = scalar(input, "rate") * (scalar(input, "target") - y);
      return t.data(
        t.add(t.tensor(list(input, "w"), [3]), t.mul(t.tensor(x, [3]), t.tensor([step, step, step], [3]))),
      );
    },
    starter: `// input: x (3 numbers), w (3 weights), b (bias), target (0 or 1), rate.
// The perceptron gets this input wrong.
// Return the weights after one step of the perceptron rule.
const { x, w, b, target, rate } = input;
let s = 0; // the weighted sum w·x + b

return w;`,
    answer: `const { x, w, b, target, rate } = input;
let s = b;
for (let i = 0; i < x.length; i++) s += w[i] * x[i];
const y = s >= 0 ? 1 : 0;
return w.map((wi, i) => wi + rate * (target - y) * x[i]);`,
    tolerance: 1e-5,
  },
  softmax: {
    inputs: (random) => ({ logits: [...values(random, 4, 5), 800 + random()] }),
    expected: (t, input) => t.data(t.softmax(t.tensor(list(input, "logits"), [1, 5]))),
    starter: `// input: logits (5 numbers; one of them is large).
// Return their softmax: exp(z_i) / sum_j exp(z_j).
const { logits } = input;

return logits;`,
    answer: `const { logits } = input;
const max = Math.max(...logits); // exp(800) is Infinity: shift first, the result is the same
const exps = logits.map((z) => Math.exp(z - max));
const sum = exps.reduce((a, b) => a + b, 0);
return exps.map((e) => e / sum);`,
    tolerance: 1e-5,
  },
  "convolution-loops": {
    inputs: (random) => ({ image: values(random, 7 * 7), filter: values(random, 9) }),
    expected: (t, input) =>
      t.data(
        t.conv2d(
          t.tensor(list(input, "image"), [1, 7, 7, 1]),
          t.tensor(list(input, "filter"), [3, 3, 1, 1]),
          1,
          "valid",
        ),
      ),
    starter: `// input: image (7 × 7, row by row), filter (3 × 3, row by row).
// Return the 'valid' convolution (5 × 5, row by row) as a CNN computes it (no flip of the filter).
const { image, filter } = input;
const out = [];

return out;`,
    answer: `const { image, filter } = input;
const out = [];
for (let y = 0; y < 5; y++)
  for (let x = 0; x < 5; x++) {
    let sum = 0;
    for (let ky = 0; ky < 3; ky++)
      for (let kx = 0; kx < 3; kx++) sum += image[(y + ky) * 7 + x + kx] * filter[ky * 3 + kx];
    out.push(sum);
  }
return out;`,
    tolerance: 1e-4,
  },
  "max-pooling": {
    inputs: (random) => ({ image: values(random, 6 * 6) }),
    expected: (t, input) => t.data(t.maxPool(t.tensor(list(input, "image"), [1, 6, 6, 1]), 2)),
    starter: `// input: image (6 × 6, row by row).
// Return its 2 × 2 max pooling with stride 2 (3 × 3, row by row).
const { image } = input;
const out = [];

return out;`,
    answer: `const { image } = input;
const out = [];
for (let y = 0; y < 6; y += 2)
  for (let x = 0; x < 6; x += 2)
    out.push(Math.max(image[y * 6 + x], image[y * 6 + x + 1], image[(y + 1) * 6 + x], image[(y + 1) * 6 + x + 1]));
return out;`,
    // Only the engine's float32 rounding apart.
    tolerance: 1e-6,
  },
  "sgd-step": {
    inputs: (random) => ({
      x: values(random, 2),
      w: values(random, 2),
      b: values(random, 1)[0],
      target: values(random, 1)[0],
      rate: 0.05,
    }),
    async expected(t, input) {
      // y = x·w + b, loss ½(y − target)², ∂loss/∂w = (y − target) x: one step w − rate ∂loss/∂w.
      const x = list(input, "x");
      const y = t.add(
        t.matmul(t.tensor(x, [1, 2]), t.tensor(list(input, "w"), [2, 1])),
        t.tensor([scalar(input, "b")], [1, 1]),
      );
      const error = (await t.data(y))[0] - scalar(input, "target");
      const step = -scalar(input, "rate") * error;
      return t.data(
        t.add(t.tensor(list(input, "w"), [2]), t.mul(t.tensor(x, [2]), t.tensor([step, step], [2]))),
      );
    },
    starter: `// A neuron without activation: y = x·w + b, loss = ½ (y − target)².
// input: x (2), w (2), b, target, rate. Return w after one step of gradient descent.
const { x, w, b, target, rate } = input;

return w;`,
    answer: `const { x, w, b, target, rate } = input;
const y = x[0] * w[0] + x[1] * w[1] + b;
const dLossDy = y - target; // the derivative of ½ (y − target)²
return w.map((wi, i) => wi - rate * dLossDy * x[i]); // ∂y/∂w_i = x_i`,
    tolerance: 1e-5,
  },
} satisfies Record<string, CodeExercise>;

export type CodeExerciseId = keyof typeof CODE_EXERCISES;
export const CODE_EXERCISE_IDS = Object.keys(CODE_EXERCISES) as CodeExerciseId[];

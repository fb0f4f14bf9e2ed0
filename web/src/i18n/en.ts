// Every user-facing text of the playground, in English. Another language is a file of the same shape
// (the `Text` type checks it) registered in index.ts; the labs never hold text of their own.

const activationNames = {
  threshold: "threshold",
  "piecewise-linear": "piecewise linear",
  sigmoid: "sigmoid",
  tanh: "tanh",
  relu: "ReLU",
};

const datasetNames = {
  and: "AND",
  or: "OR",
  xor: "XOR",
  clouds: "two separable clouds",
  circles: "circles",
  gaussians: "two Gaussians",
  spiral: "spiral",
  custom: "my own points",
};

export const en = {
  app: {
    title: "Deep-learning playground",
    environment: "Environment",
    home: "Labs",
    close: "Close",
    engineRestarted: (reason: string) =>
      `The engine hit an internal error and was restarted: ${reason}. Your settings and points are kept; the model starts again.`,
    engineUnavailable: (reason: string) => `The engine could not start: ${reason}`,
    failed: (what: string, reason: string) => `${what} failed: ${reason}`,
    notFound: (route: string) => `There is no page "${route}".`,
  },
  home: {
    intro:
      "A deep-learning workshop that runs entirely in your browser: nothing to install, nothing sent to a server. Each lab follows a part of the workshop, step by step.",
    labs: {
      perceptron: {
        title: "Perceptron",
        summary: "One neuron learns a line: threshold, piecewise-linear and sigmoid, and why XOR defeats it.",
      },
      mlp: {
        title: "MLP and backprop",
        summary: "Hidden layers bend the boundary: train a small network on circles, spirals and XOR.",
      },
    },
  },
  environment: {
    title: "Environment",
    intro: "What this browser gives the engine. Everything works without WebGPU, on the CPU backends.",
    webgpu: "WebGPU adapter",
    noWebgpu: (reason: string) => `no WebGPU: ${reason}`,
    software: "software fallback: a CPU pretending to be a GPU",
    hardware: "hardware",
    wasmSimd: "wasm SIMD",
    relaxedSimd: "wasm relaxed SIMD",
    isolation: "cross-origin isolation",
    threads: "shared memory for threads",
    cores: "logical cores",
    backend: "backend in use",
    build: "engine build (picked for this browser)",
    core: "engine version",
    yes: "yes",
    no: "no",
    detecting: "detecting…",
    backendNames: { scalar: "scalar (plain Rust, compiled to wasm)" } as Record<string, string>,
  },
  controls: {
    dataset: "Dataset",
    activation: "Activation",
    learningRate: "Learning rate",
    step: "Step",
    run: "Run",
    pause: "Pause",
    reset: "Reset",
    epoch: "Epoch",
  },
  activations: activationNames,
  datasets: datasetNames,
  perceptron: {
    title: "Perceptron",
    intro:
      "A single-layer perceptron: two inputs, two weights and a bias. It computes s = w₁x₁ + w₂x₂ + b, answers f(s), and says class 1 when s ≥ 0, so its decision boundary is the line w₁x₁ + w₂x₂ + b = 0.",
    rule: {
      threshold: "Perceptron rule: Δw = η · (t − y) · x, Δb = η · (t − y).",
      differentiable: "Delta rule: Δw = η · (t − y) · f′(s) · x, Δb = η · (t − y) · f′(s).",
    },
    clickHint:
      "Click the plot to add points: left click for class 1 (blue), right click for class 0 (orange), or choose the class for left clicks below.",
    leftClickClass: "Left click adds",
    classLabel: (label: number) => `class ${label}`,
    clearPoints: "Clear points",
    weights: "Weights",
    misclassified: "Misclassified now",
    errorsPerEpoch: "Misclassified points after each epoch",
    lastStep: "Last step",
    noStepYet: "Press Step to learn from one sample.",
    sample: "sample",
    target: "target t",
    weightedSum: "weighted sum s",
    output: "output y = f(s)",
    error: "error t − y",
    slope: "factor",
    slopeThreshold: "1 (perceptron rule)",
    update: "update",
    saturated:
      "f′(s) = 0 here: the piecewise-linear unit is saturated, so the delta rule cannot move this point, however wrong it is.",
    converged: (epoch: number) => `Every point is classified correctly after epoch ${epoch}.`,
    xorExplanation:
      "XOR is not linearly separable: no single line puts (0,1) and (1,0) on one side and (0,0) and (1,1) on the other, so a perceptron keeps making errors for ever. A hidden layer solves it:",
    xorLink: "train an MLP on XOR",
    noPoints: "No points yet: click the plot to add some.",
  },
  mlp: {
    title: "MLP and backprop",
    intro:
      "A multilayer perceptron learns with backpropagation: the error at the output flows back through the weights, and every weight moves against its gradient. Hidden neurons each draw one boundary; the next layer combines them.",
    noise: "Noise",
    trainFraction: "Training share",
    hiddenLayers: "Hidden layers (neurons per layer, comma-separated)",
    batchSize: "Batch size",
    seed: "Seed",
    stepEpoch: "Step an epoch",
    play: "Play",
    trainLoss: "train loss",
    testLoss: "test loss",
    trainAccuracy: "train accuracy",
    testAccuracy: "test accuracy",
    losses: "Loss per epoch",
    network:
      "Network: each square shows what that neuron responds to; lines are weights (blue positive, orange negative, thicker is larger).",
    invalidLayers:
      "Write the hidden layers as neuron counts separated by commas, e.g. 4,4 (up to 6 layers of 1 to 16).",
    legend: "Filled dots: training points. Rings: test points. Background: the network's P(class 1).",
  },
  bench: {
    title: "Engine benchmark",
    intro:
      "The perf anchor's workloads (W1 matmul, W2 convolutions, W3 one training step of the MNIST CNN, W4 a Tiny-YOLOv2-like network) on this browser, single thread, warm-up then the median of repeats.",
    workloads: "Workloads",
    backends: "Backends",
    run: "Run",
    running: (workload: string, backend: string) => `Running ${workload} on ${backend}…`,
    done: (count: number) => `Done: ${count} measurements.`,
    columns: ["workload", "backend", "build", "device", "first ms", "median ms", "GFLOP/s", "samples/s"],
  },
};

export type Text = typeof en;

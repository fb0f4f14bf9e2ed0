// Every user-facing text of the playground, in English. Another language is a file of the same shape
// (the `Text` type checks it) registered in index.ts; the labs never hold text of their own.

import type { Problem, ProductKernel, ProductKernels, SubgroupSizes } from "../engine/protocol";
import { duration, formatNumber, formatPercent } from "./numbers";

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

/** WebGPU's product kernels (`ProductKernel`), as the backends lab names them. */
const KERNELS_EN: Record<ProductKernel, string> = {
  staged: "staged (64 × 64 tiles staged in workgroup memory)",
  unstaged: "unstaged (each invocation reading straight from storage)",
  wide: "wide (128 × 128 tiles)",
};

/** Words for every problem the core reports, each from the problem's own parameters. */
type ProblemWords = { [C in Problem["code"]]: (problem: Extract<Problem, { code: C }>) => string };

export const en = {
  app: {
    title: "Deep-learning playground",
    environment: "Environment",
    home: "Labs",
    controls: "Controls",
    more: "More: the idea behind it",
    workshop: "Workshop",
    presenter: "Presenter mode",
    loadingEngine: "Loading the engine…",
    dismiss: "Dismiss this message",
    close: "Close",
    engineRestarted: (reason: string) =>
      `The engine hit an internal error and was restarted: ${reason}. Your settings and points are kept; the model starts again.`,
    engineUnavailable: (reason: string) => `The engine could not start: ${reason}`,
    failed: (what: string, reason: string) => `${what} failed: ${reason}`,
    notFound: (route: string) => `There is no page "${route}".`,
  },
  /** Why the engine refused a call, by the code Rust gives (`SpecError` in crate/src/models/cnn.rs). */
  problems: {
    "kernel-not-offered": (p: { block: number; kernel: number }) =>
      `block ${p.block}: kernel ${p.kernel} is not offered (3 or 5)`,
    "filter-count": (p: { block: number; filters: number; max: number }) =>
      `block ${p.block}: ${p.filters} filters (1 to ${p.max})`,
    "too-small-to-pool": (p: { block: number; side: number }) =>
      `block ${p.block}: its input is ${p.side}×${p.side}, too small to pool by 2 — use fewer blocks`,
    "hidden-units": (p: { units: number; max: number }) => `hidden layer: ${p.units} units (1 to ${p.max})`,
    "batch-size": (p: { batch: number; max: number }) => `batch size ${p.batch} (1 to ${p.max})`,
    "training-diverged": (p: { loss: number; step: number; restored: boolean }) =>
      `training diverged: the loss became ${p.loss} at step ${formatNumber("en", p.step)}. ${
        p.restored
          ? "The weights are back to those of the last evaluation."
          : "Reset the network to start again."
      } Try a lower learning rate.`,
    "mlp-diverged": (p: { learningRate: number }) =>
      `training diverged (the loss became NaN or infinite) at learning rate ${p.learningRate}; the weights were restored to the last good epoch. Lower the learning rate and continue.`,
    "text-too-short": (p: { needed: number; got: number }) =>
      `the text has ${p.got} characters; the model needs at least ${p.needed}: paste more, or choose a shorter window.`,
    "served-model-damaged": (p: { model: string; detail: string }) =>
      `the ${p.model} model this site serves did not load (${p.detail}). Reload the page; if that does not help, the site's copy is damaged: ask the workshop leader to rebuild it.`,
    "gpu-lost": (p: { reason: string; steps: number | null }) =>
      `The GPU stopped working (${p.reason}). The lab moved to wasm SIMD${
        p.steps === null ? "" : ` and goes on from step ${formatNumber("en", p.steps)}`
      }; reload the page to use WebGPU again.`,
    "cfg-needs-option": (p: { line: number; section: string; key: string }) =>
      `cfg line ${p.line}: [${p.section}] needs ${p.key}=`,
    "cfg-not-a-number": (p: { line: number; key: string; value: string }) =>
      `cfg line ${p.line}: ${p.key}=${p.value} is not a valid number`,
    "cfg-not-a-list": (p: { line: number; key: string; value: string }) =>
      `cfg line ${p.line}: ${p.key}=${p.value} is not a list of numbers`,
    "cfg-activation": (p: { line: number; activation: string }) =>
      `cfg line ${p.line}: activation=${p.activation} is not supported (linear, leaky, relu and logistic are)`,
    "cfg-option-outside-section": (p: { line: number }) =>
      `cfg line ${p.line}: an option before the first [section]`,
    "cfg-line": (p: { line: number; found: string }) =>
      `cfg line ${p.line}: expected [section] or key=value, found “${p.found}”`,
    "cfg-later-layer": (p: { line: number; layer: number; refers: number }) =>
      `cfg line ${p.line}: layer ${p.layer} refers to layer ${p.refers}, which does not come before it`,
    "cfg-not-positive": (p: { line: number; keys: string }) =>
      `cfg line ${p.line}: ${p.keys} must be positive`,
    "cfg-grouped-route": (p: { line: number }) =>
      `cfg line ${p.line}: a route with groups (YOLOv4-tiny) is not supported`,
    "cfg-mask-without-anchor": (p: { line: number; mask: number }) =>
      `cfg line ${p.line}: mask ${p.mask} names no anchor`,
    "cfg-anchor-count": (p: { line: number }) =>
      `cfg line ${p.line}: num differs from the number of anchor pairs`,
    "cfg-coords": (p: { line: number }) => `cfg line ${p.line}: only coords=4 (x, y, w, h) is supported`,
    "cfg-unknown-layer": (p: { line: number; name: string }) =>
      `cfg line ${p.line}: unknown layer [${p.name}]`,
    "cfg-odd-anchors": (p: { line: number }) =>
      `cfg line ${p.line}: anchors must come in (width, height) pairs`,
    "cfg-no-net": () => "the cfg does not start with [net]: is it a darknet cfg?",
    "cfg-no-layers": () => "the cfg has no layers after [net]",
    "layer-groups": (p: { layer: number; kind: string; channels: number; filters: number; groups: number }) =>
      `layer ${p.layer} (${p.kind}): ${p.channels} input channels and ${p.filters} filters do not split into ${p.groups} groups`,
    "layer-kernel": (p: { layer: number; kind: string; size: number; height: number; width: number }) =>
      `layer ${p.layer} (${p.kind}): a ${p.size}×${p.size} window does not fit its ${p.height}×${p.width} input`,
    "layer-route-sizes": (p: { layer: number; kind: string; first: number; other: number }) =>
      `layer ${p.layer} (${p.kind}): layers ${p.first} and ${p.other} differ in height and width`,
    "layer-shortcut-shape": (p: { layer: number; kind: string; from: number }) =>
      `layer ${p.layer} (${p.kind}): layer ${p.from}'s output differs in shape from the previous layer's`,
    "layer-upsample": (p: { layer: number; kind: string; stride: number }) =>
      `layer ${p.layer} (${p.kind}): upsampling by ${p.stride} is not supported, only by 2`,
    "layer-head-channels": (p: {
      layer: number;
      kind: string;
      channels: number;
      anchors: number;
      classes: number;
    }) =>
      `layer ${p.layer} (${p.kind}): its input has ${p.channels} channels, ${p.anchors} anchors × (5 + ${p.classes} classes) need ${p.anchors * (5 + p.classes)}`,
    "weights-header": (p: { bytes: number }) =>
      `the weights file is ${formatNumber("en", p.bytes)} bytes, too short for darknet's header`,
    "weights-not-floats": (p: { bytes: number }) =>
      `the weights file's ${formatNumber("en", p.bytes)} bytes after the header are not whole float32 values`,
    "weights-count": (p: { available: number; needed: number; endsIn: number | null }) =>
      `the weights file holds ${formatNumber("en", p.available)} values, the cfg needs ${formatNumber("en", p.needed)}: ${
        p.endsIn === null
          ? "values are left over after the last layer"
          : `it ends inside layer ${p.endsIn} (convolutional)`
      }; are they from the same model?`,
    "parameter-count": (p: { given: number; layers: number }) =>
      `${p.given} parameter pairs for ${p.layers} convolutional layers`,
    "parameter-sizes": (p: {
      layer: number;
      weights: number;
      biases: number;
      expectedWeights: number;
      expectedBiases: number;
    }) =>
      `layer ${p.layer}: ${p.weights} weights and ${p.biases} biases given, it takes ${p.expectedWeights} and ${p.expectedBiases}`,
    "no-heads": () => "the cfg has no [yolo] or [region] layer, so there is nothing to read boxes from",
    "too-few-names": (p: { classes: number; names: number }) =>
      `the cfg's heads have ${p.classes} classes but the names file lists ${p.names}`,
    "input-size": (p: { size: number }) => `the input size must be a positive multiple of 32, not ${p.size}`,
    "not-safetensors": () => "this is not a safetensors file",
    "not-ours": () => "this safetensors file was not saved by this playground's CNN lab",
    "wrong-format": (p: { format: string; expected: string }) =>
      `the file's format is ${p.format}, not the one this lab reads (${p.expected})`,
    architecture: (p: { detail: string }) => `the network described in the file is not valid (${p.detail})`,
    "missing-tensor": (p: { name: string }) => `the file lacks tensor ${p.name}`,
    "tensor-shape": (p: { name: string; dtype: string; stored: number[]; needed: number[] }) =>
      `${p.name}: ${p.dtype} [${p.stored.join(", ")}], the architecture needs F32 [${p.needed.join(", ")}]`,
    "tensor-data": (p: { name: string }) =>
      `${p.name}: its data is missing or the wrong size; is the file whole?`,
    compressed: (p: { detail: string }) => `the compressed network file is damaged: ${p.detail}`,
    "download-failed": (p: { file: string; status: number }) =>
      `downloading ${p.file} failed (${p.status === 0 ? "no connection" : `the server answered ${p.status}`}); check the network and reload`,
  } satisfies ProblemWords,
  webgpuAbsence: {
    missing: "this browser does not offer WebGPU",
    "no-adapter":
      "WebGPU is there but no adapter was granted: no supported GPU, or WebGPU is switched off for this browser",
    failed: (detail: string) => `asking for a WebGPU adapter failed: ${detail}`,
  },
  home: {
    intro:
      "A deep-learning workshop that runs entirely in your browser: nothing to install, nothing sent to a server. Each lab follows a part of the workshop, step by step.",
    workshop:
      "For the workshop leader: the day's agenda with its labs, the QR code for the projector, how to run it without internet, and who solved what.",
    labs: {
      perceptron: {
        title: "Perceptron",
        summary: "One neuron learns a line: threshold, piecewise-linear and sigmoid, and why XOR defeats it.",
      },
      mlp: {
        title: "MLP and backprop",
        summary: "Hidden layers bend the boundary: train a small network on circles, spirals and XOR.",
      },
      cnn: {
        title: "CNN on MNIST",
        summary:
          "Train a LeNet-style network on handwritten digits on your own laptop, look inside it, draw for it, augment its data.",
      },
      detect: {
        title: "Object detection",
        summary:
          "Pretrained YOLO detectors on your webcam or a photo: faces and 80 everyday objects, boxes drawn live, nothing sent anywhere.",
      },
      transfer: {
        title: "Transfer learning",
        summary:
          "An ImageNet network's features for classes you film with your webcam: a linear SVM, softmax regression and k-NN on them, where to cut, how few images it takes.",
      },
      inside: {
        title: "Inside and fooling a CNN",
        summary:
          "Saliency, deconvnet, guided backprop and Grad-CAM with their sanity check; adversarial examples, the robustness curve and fooling images.",
      },
      compress: {
        title: "Compression",
        summary:
          "Prune, share, quantise, factor and Huffman-code your CNN: the real file size, its accuracy and its speed on every backend, side by side.",
      },
      autoencoder: {
        title: "Autoencoders",
        summary:
          "Squeeze digits into a code of a few numbers and draw them back: denoising, sparse codes, and the code plane walked through.",
      },
      gan: {
        title: "GANs",
        summary:
          "Watch a generator learn to fool a discriminator in the plane: its belief as a map, the generator's warped noise, the pull on each point, and mode collapse; then a DCGAN learning to draw digits.",
      },
      rnn: {
        title: "RNN and LSTM",
        summary:
          "A plain RNN and an LSTM learn a task whose answer lies 50 steps back: watch one learn and the other stay at the baseline, and see the gradient vanish.",
      },
      code: {
        title: "Code exercises",
        summary:
          "Write the perceptron rule, softmax, a convolution, max pooling and a gradient step yourself, checked against the engine.",
      },
      backends: {
        title: "GPU or CPU?",
        summary:
          "Time the same work on scalar code, wasm SIMD and WebGPU at growing sizes, and see where (and whether) the GPU wins on your laptop.",
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
    subgroups: "WebGPU subgroups",
    subgroupSizes: ({ min, max }: SubgroupSizes) =>
      !min || !max
        ? "yes"
        : min === max
          ? `yes, ${min} invocations each`
          : `yes, ${min} to ${max} invocations each`,
    wasmSimd: "wasm SIMD",
    relaxedSimd: "wasm relaxed SIMD",
    isolation: "cross-origin isolation",
    threads: "shared memory for threads",
    cores: "logical cores",
    engineThreads: "threads the CPU kernels run on",
    backends: "backends the labs can use here",
    build: "engine build (picked for this browser)",
    core: "engine version",
    yes: "yes",
    no: "no",
    detecting: "detecting…",
    backendNames: {
      scalar: (): string => "scalar (plain Rust loops, the reference)",
      simd: (build: string): string =>
        ({
          threads: "wasm SIMD (relaxed, with FMA, on threads)",
          "relaxed-simd": "wasm SIMD (relaxed, with FMA)",
        })[build] ?? "wasm SIMD",
      webgpu: (): string => "WebGPU",
    },
  },
  controls: {
    groups: {
      data: "Data",
      network: "Network",
      training: "Training",
      run: "Run",
      points: "Your points",
      source: "Picture",
      detector: "Detector",
      measure: "Measure",
    },
    dataset: "Dataset",
    activation: "Activation",
    learningRate: "Learning rate",
    step: "Step",
    run: "Run",
    pause: "Pause",
    reset: "Reset",
    epoch: "Epoch",
    notANumber: "Type a number.",
    outOfRange: (min: string, max: string) => `Between ${min} and ${max}.`,
    wholeNumber: "A whole number.",
    backends: { webgpu: "WebGPU", simd: "wasm SIMD", scalar: "scalar (slow, for comparison)" },
    /** The image datasets the labs train on, by their names (the same in every language). */
    imageDatasets: { mnist: "MNIST", "fashion-mnist": "Fashion-MNIST" },
  },
  activations: activationNames,
  datasets: datasetNames,
  exercises: {
    title: "Exercises",
    progress: (done: number, total: number) => `${done} of ${total} solved`,
    start: "Start here",
    hint: "Hint",
    nextHint: "Another hint",
    giveUp: "Show the answer",
    solved: "Solved",
    notYet: (why: string) => `Not yet: ${why}.`,
    perceptron: {
      needs: (dataset: string, unit: string) => `choose ${dataset} and the ${unit} unit`,
      stillWrong: (wrong: number, epoch: number) =>
        epoch === 0
          ? "train it first"
          : `${wrong} ${wrong === 1 ? "point is" : "points are"} still on the wrong side after epoch ${epoch}`,
      moreEpochs: (epoch: number, needed: number) => `train at least ${needed} epochs (${epoch} so far)`,
      separated: "an epoch ended without errors: is this XOR?",
      ownPointsNeeded: "put points of your own on the plot (the dataset becomes “my own points”)",
      fewPoints: (zeros: number, ones: number) =>
        `at least 3 points of each class (now ${zeros} of class 0 and ${ones} of class 1)`,
      tasks: {
        "or-threshold": {
          goal: "With the threshold unit, make the perceptron separate OR. In how many epochs does it get there?",
          hints: [
            "Press Run: each epoch shows every point once, and the perceptron rule moves the line after each mistake.",
            "The chart below counts the misclassified points after each epoch; it reaches 0 when the line separates the classes.",
          ],
          explanation:
            "OR is linearly separable, so the perceptron convergence theorem promises the rule finds a separating line in a finite number of updates. How many depends on the starting weights and the learning rate.",
        },
        "and-delta-rule": {
          goal: "Separate AND with the sigmoid unit, which learns with the delta rule instead of the perceptron rule.",
          hints: [
            "The delta rule multiplies each update by f′(s): small when the unit is sure, so learning slows down near the answer.",
            "If it takes long, try a larger learning rate (10× with the slider).",
          ],
          explanation:
            "The sigmoid's output is a probability; the delta rule follows the gradient of the squared error. It also separates AND, but its updates never stop entirely: it keeps pushing the outputs towards 0 and 1.",
        },
        "xor-impossible": {
          goal: "Show that no perceptron separates XOR: train at least 20 epochs and watch every epoch end with errors.",
          hints: [
            "Run, then look at the chart: does the count ever reach 0?",
            "Try the other units and learning rates too: the line can move anywhere, but one straight line is not enough.",
          ],
          explanation:
            "XOR's classes sit on opposite corners: no straight line has (0,1) and (1,0) on one side and (0,0) and (1,1) on the other. A hidden layer bends the boundary: that is the MLP lab.",
        },
        "own-points": {
          goal: "Click a dataset of your own — at least 3 points of each class that a line can separate — and train the perceptron until it makes no mistakes.",
          hints: [
            "Left click adds the class chosen beside the plot, right click the other one.",
            "Keep the two classes on either side of an imaginary straight line, then press Run.",
          ],
          explanation:
            "Any linearly separable set is learned; a set that a line cannot separate (like XOR) never is. Add one point on the wrong side and see the perceptron start failing.",
        },
      },
    },
    mlp: {
      needsDataset: (dataset: string) => `choose the dataset ${dataset}`,
      layers: (count: number, max: number) =>
        count === 0
          ? "add a hidden layer: without one the boundary is a straight line"
          : `use at most ${max} hidden ${max === 1 ? "layer" : "layers"} (now ${count})`,
      tooManyUnits: (units: number, max: number) =>
        `the network has ${units} hidden units; the task allows at most ${max}`,
      accuracy: (accuracy: number, target: number, units: number) =>
        `test accuracy is ${formatPercent("en", accuracy, 1)}; the task asks ≥ ${formatPercent("en", target, 0)} with at most ${units} hidden units`,
      fewTestPoints: (fraction: number, max: number) =>
        `${formatPercent("en", fraction, 0)} of the points are for training; keep it at most ${formatPercent("en", max, 0)}, or too few test points are left to judge`,
      notDiverged: (rate: number) =>
        `training has not diverged (learning rate ${formatNumber("en", rate, 4)})`,
      tasks: {
        "xor-hidden-layer": {
          goal: "Learn XOR, which no perceptron can: reach ≥ 95 % test accuracy with one hidden layer of at most 4 units.",
          hints: [
            "Type the hidden layer's size in the network settings, e.g. 2, and press Play.",
            "Two hidden units suffice in theory, but a bad start can leave them stuck; 3 or 4 get there more often (try another seed).",
          ],
          explanation:
            "Each hidden unit draws one line; the output unit combines them. XOR needs two lines (the band between them is one class), so one hidden layer of 2 units can represent it: the deck's point that a hidden layer makes non-linear boundaries possible.",
        },
        "circles-three-units": {
          goal: "Separate the inner circle from the ring: ≥ 90 % test accuracy with one hidden layer of at most 3 units.",
          hints: [
            "Without a hidden layer the boundary is a line, and no line separates a circle from a ring around it.",
            "Look at the network picture: each hidden unit's map is a half-plane. How many half-planes enclose the circle?",
          ],
          explanation:
            "Three half-planes make a triangle around the inner circle, enough for the test points. With 2 units the region stays open on one side; with more units it rounds off towards the circle.",
        },
        "spiral-smallest": {
          goal: "The smallest network for the spiral: ≥ 90 % test accuracy on the noise-free spiral with at most 12 hidden units in total.",
          hints: [
            "One layer needs many units for a spiral; two layers of a few units each compose their boundaries and need fewer.",
            "Try 6,6 with tanh and Play at full speed; if it stalls, a smaller learning rate or another seed helps.",
            "Then try to remove units: how small can you go and still pass 90 %?",
          ],
          explanation:
            "Depth reuses what the layer below made: the second layer combines the first layer's lines into curves, so two small layers beat one wide one here. The smallest that reliably works depends on the seed: optimisation, not only capacity, decides.",
        },
        "diverging-rate": {
          goal: "Find a learning rate at which training diverges: the loss becomes infinite and the lab stops.",
          hints: [
            "Change the learning rate by factors of 10 and step an epoch each time.",
            "Too large a step jumps across the valley of the loss to a higher point, and each jump is larger than the last.",
          ],
          explanation:
            "Gradient descent is only stable while the step is smaller than about 2 divided by the loss's curvature; beyond that each update overshoots by more than the last, and the numbers overflow. The lab keeps the last good weights, so a smaller rate continues from there.",
        },
      },
    },
    backends: {
      noWebgpu:
        "this browser offers no WebGPU, so there is no GPU to compare (Chrome or Edge on a laptop with a GPU has it)",
      moreSizes: (sizes: number, needed: number) =>
        `measure matrix multiplication on WebGPU and a CPU backend at ${needed} sizes or more (now ${sizes}); the quick sweep has only 2`,
      measureWebgpu: "measure a sweep with WebGPU checked",
      firstNotSlower:
        "no WebGPU point's first run took twice its warm time here; measure a sweep WebGPU has not run yet",
      channels: (largest: number, needed: number) =>
        `measure the convolution by channels on scalar and SIMD up to ${needed} channels (both so far: ${largest})`,
      batches: (largest: number, needed: number) =>
        `measure the training step on one backend from batch 1 up to ${needed} or more (so far: ${largest})`,
      tasks: {
        "matmul-crossover": {
          goal: "Find your machine's crossover: from which matrix size on does WebGPU beat the CPU, transfers included? Measure matrix multiplication on WebGPU and a CPU backend at 4 sizes or more (not the quick sweep).",
          hints: [
            "The chart marks where the WebGPU line drops below the CPU lines, and the sentence under it gives the size.",
            "Uncheck the other series to measure faster; you may stop once the lines have crossed.",
            "On a software adapter (SwiftShader) the GPU never wins: it is a CPU pretending to be one.",
          ],
          explanation:
            "A GPU's time is a fixed cost (upload, dispatch, readback: often a millisecond or more) plus work done by thousands of cores; a CPU's is nearly all work. Small matrices are all fixed cost, so the CPU wins; the n³ work grows until the GPU's parallelism pays off. Where the lines cross depends on your GPU, its driver and your CPU: that is why the deck says to measure.",
        },
        "first-webgpu-run": {
          goal: "Why is the first WebGPU run slow? Measure a sweep on WebGPU and compare the table's “first run ms” with its “compute ms”.",
          hints: [
            "The table under the charts shows the cold run apart; here it takes at least twice the warm time.",
            "What must the browser do the first time a kernel runs, that it can reuse afterwards?",
          ],
          explanation:
            "The first run compiles the WGSL shaders into the GPU's own code, builds the pipelines, allocates buffers and touches memory for the first time; later runs reuse all of it. So benchmarks warm up first, and a lab's first GPU frame is slower than its steady state.",
        },
        "simd-speedup": {
          goal: "What do wasm SIMD kernels gain over plain scalar loops? Measure the convolution by channels on scalar and SIMD up to 64 channels or more, and read the factor under the chart.",
          hints: [
            "Check only scalar and one SIMD series to go faster.",
            "The sentence under the chart gives the factor at the largest size both measured.",
          ],
          explanation:
            "One SIMD instruction handles four 32-bit numbers, and the SIMD kernels keep a tile of the output in registers so each loaded input is used many times; the scalar loops load everything again. Small layers gain less: the vectors' bookkeeping does not pay off there.",
        },
        "batch-throughput": {
          goal: "What does a larger batch buy? Measure one training step on one backend from batch 1 up to 32 or more, and compare the samples per second.",
          hints: [
            "The chart gives milliseconds per step; samples per second is the batch divided by that time.",
            "Does the time per step grow as fast as the batch?",
          ],
          explanation:
            "A batch turns many matrix–vector products into one matrix–matrix product that reuses each weight for every sample, so samples per second grow until the work fills the machine, then level off. A larger batch also means fewer, smoother updates per epoch: the accuracy side of the trade.",
        },
      },
    },
    code: {
      runFirst: "run your code",
      failed: (message: string, line?: number) =>
        line === undefined
          ? `the code stopped with an error (${message})`
          : `the code stopped with an error on line ${line} (${message})`,
      timedOut: (seconds: number) => `the run was stopped after ${seconds} s`,
      stopped: "the run was stopped",
      length: (got: number, want: number) => `your code returned ${got} numbers; the engine ${want}`,
      differs: (index: number, got: number, want: number) =>
        `number ${index + 1} is ${got}; the engine computes ${want}`,
      tasks: {
        "perceptron-rule": {
          goal: "Write one step of the perceptron rule: the weighted sum s = w·x + b, the threshold unit's output y (1 when s ≥ 0), then w + rate·(target − y)·x.",
          hints: [
            "A for loop adds up w[i] * x[i]; start the sum at b.",
            "When y equals the target, the weights stay as they are.",
          ],
          explanation:
            "The perceptron only learns from mistakes: (target − y) is 0 when it was right, ±1 when it was wrong, and the weights move towards (or away from) the input by the learning rate.",
        },
        softmax: {
          goal: "Write softmax: exp(z_i) / Σ exp(z_j) for the five logits. One of them is about 800: watch out.",
          hints: [
            "Math.exp(800) is Infinity, and Infinity / Infinity is NaN.",
            "Subtracting the largest logit from every logit changes nothing in the result, and keeps every exp ≤ 1.",
          ],
          explanation:
            "Softmax is unchanged when the same number is subtracted from every logit, so subtracting the largest makes it safe in floating point: every library does this.",
        },
        "convolution-loops": {
          goal: "Compute a 3×3 convolution of the 7×7 image with four nested loops, 'valid' (no padding, 5×5 out), as a CNN does (no flip); the engine's conv2d is the reference.",
          hints: [
            "The output pixel (y, x) is the sum over ky, kx of image[y + ky][x + kx] · filter[ky][kx].",
            "Row by row: image[(y + ky) * 7 + x + kx] and filter[ky * 3 + kx].",
          ],
          explanation:
            "That is all a convolution layer computes, for every filter and input channel; the engine does the same work rearranged as one large matrix product so the hardware stays busy.",
        },
        "max-pooling": {
          goal: "Compute 2×2 max pooling with stride 2 of the 6×6 image (3×3 out).",
          hints: [
            "Step y and x by 2; each output is the largest of four pixels.",
            "Math.max takes any number of arguments.",
          ],
          explanation:
            "Pooling keeps the strongest response in each window: the map gets four times smaller and a feature that moves a pixel still lands in the same cell.",
        },
        "sgd-step": {
          goal: "Take one step of gradient descent for a neuron without activation: y = x·w + b, loss ½(y − target)²; return w − rate · ∂loss/∂w.",
          hints: [
            "The chain rule: ∂loss/∂w_i = ∂loss/∂y · ∂y/∂w_i.",
            "∂loss/∂y = y − target, and ∂y/∂w_i = x_i.",
          ],
          explanation:
            "Backpropagation is this chain rule repeated layer by layer; training is this step repeated for every batch. The engine's backward passes compute the same derivatives for whole networks.",
        },
      },
    },
    detect: {
      startCamera: "start the camera: the frame rate is measured over 10 frames at each size",
      trySmaller: (size: number) => `no size reached 10 frames per second yet: measure the smallest, ${size}`,
      tryLarger: (size: number, fps: number, next: number) =>
        `${size} gives ${formatNumber("en", fps, 1)} frames per second; measure ${next} too, to see whether it stays at 10 or more`,
      scoreTrade:
        "detect in one photo at two score thresholds (the overlap threshold unchanged) until the higher one finds fewer boxes",
      overlapTrade:
        "detect in one photo at two overlap thresholds (the score threshold unchanged) until the higher one keeps more boxes",
      otherBackend: "detect in one photo with the same model and size on a second backend",
      tasks: {
        "largest-fluent-size": {
          goal: "Find the largest input size at which the detector still runs at 10 frames per second or more on your laptop (or show that even the smallest does not).",
          hints: [
            "Start the camera, read the frames per second beside the picture, then pick the next input size.",
            "The network's work grows with the square of the side: 320 is twice the work of 224, 608 more than seven times.",
          ],
          explanation:
            "A detector's cost grows with the input's area, and so does what it can see: small faces and distant objects need resolution. The right size is the largest your device keeps fluent; on a phone that may be 224, on a laptop with a real GPU 608. Each backend has its own answer: try WebGPU too.",
        },
        "score-threshold": {
          goal: "What does the score threshold trade? On a photo, raise it until a box disappears, and lower it until new boxes appear. Which of them are right?",
          hints: [
            "Pick the dog sample, then move the score threshold slider; the boxes are listed beside the picture.",
            "Every box has a score: the objectness times the class probability. The threshold is where you stop believing them.",
          ],
          explanation:
            "A high threshold keeps only sure detections: few false alarms, but missed objects (precision up, recall down). A low one finds more objects and more mistakes. Where to set it depends on what a miss costs compared to a false alarm: the precision–recall curve that detectors are judged by.",
        },
        "overlap-threshold": {
          goal: "What does non-maximum suppression do? On a photo, raise the overlap (IoU) threshold until the same object gets several boxes.",
          hints: [
            "Pick a sample photo and move the NMS overlap slider towards 1.",
            "Many cells and anchors see the same object; NMS keeps the best box and drops the others that overlap it by more than the threshold.",
          ],
          explanation:
            "At a low overlap threshold NMS removes boxes that overlap the best one even a little, which also removes a second object standing close by; at a high one the duplicates survive. Around 0.45 is the usual compromise: the same object's boxes overlap far more than two neighbours' do.",
        },
        "fastest-backend": {
          goal: "Which backend runs the detector fastest on your laptop? Detect in one photo with one model and size on two backends and compare the network's milliseconds.",
          hints: [
            "Pick a sample photo, then switch the backend: the photo is detected again and the times beside it change.",
            "The network time is the part the backend computes; the capture and the decoding stay on the CPU.",
          ],
          explanation:
            "WebGPU wins where the network's work is large enough to cover the cost of getting there: a real GPU at 416 or 608 usually beats SIMD, a software adapter never does. The scalar backend shows what SIMD buys on the CPU. The backends lab measures the same question over many sizes.",
        },
      },
    },
    transfer: {
      trainFirst: "train the heads on two classes of your own",
      moreImages: (count: number) =>
        `give every class at least ${count} training images (the count beside each class), then train again`,
      notApartYet: (accuracy: number) =>
        `no head reached ${formatPercent("en", accuracy, 0)} on the held-out images yet: film more varied images, or try another cut`,
      compareCuts:
        "train the heads at the deck's cut and, on the same images, at a lower layer (pick it under 'cut after')",
      fewImages: (count: number) =>
        `train with at most ${count} training images in every class (remove some, or start a new set)`,
      tasks: {
        "own-classes": {
          goal: "Teach the network two classes of your own (say, a thumb up and a thumb down, or two objects on your desk) with at least 5 training images each, so that a head gets 90 % or more of the held-out images right.",
          hints: [
            "Hold a class's record button while the camera films it; move the object a little, so the images differ.",
            "The newest images of each class are held out. Film them a moment later or from another angle, and they test what the head learned instead of its memory.",
          ],
          explanation:
            "The ImageNet network was never taught your classes, yet a linear head on its features separates them after a few images: its layers describe shapes, textures and parts well enough that your classes fall apart in that description. That is transfer learning.",
        },
        "where-to-cut": {
          goal: "Does the deck's cut (just below the classifier) beat a low cut on your classes? Train the heads on the same images at both, and compare their validation accuracy.",
          hints: [
            "Change 'cut after' to one of the first layers and press Train the heads again: the images stay, only the features change.",
            "Low layers describe colour and edges, high layers parts and objects. Which one tells your classes apart depends on what differs between them.",
          ],
          explanation:
            "High features transfer best between similar tasks (objects you film are ImageNet-like); low features carry less about what the object is. For classes that differ only in colour or texture a low cut can win — the deck's default is a good start, not a law.",
        },
        "few-images": {
          goal: "How few images does it take? Train with at most 3 training images per class and still get 90 % of the held-out images right with one head.",
          hints: [
            "Remove images (hover a thumbnail, press ×) until each class has 3 or fewer to train on, or raise the share held out for validation.",
            "k-NN with k = 1 needs no training at all; the linear SVM with a small C is the other one to try.",
          ],
          explanation:
            "A network trained from scratch on 3 images per class learns nothing useful; a head on pretrained features often does, because the features already make your classes nearly separable. That is the deck's answer to 'I have little data'.",
        },
      },
    },
    autoencoder: {
      trainNoisy: "train a network on noisy digits (noise level 0.2 or more) for an epoch",
      gainMore: (db: number) =>
        `the reconstruction must be at least ${db} dB above the noisy input: train longer, or try the convolutional network`,
      trainNarrow: (units: number) => `train a network with a code of ${units} units or fewer for an epoch`,
      trainWide: (units: number) => `now one with a code of ${units} units or more`,
      trainSparse: "train a network with a sparsity penalty above 0 for an epoch",
      fewerActive: (fraction: number) =>
        `at most ${formatPercent("en", fraction, 0)} of the code values may be active: raise the penalty`,
      stillReconstruct: (db: number) =>
        `the sparse network must still reach ${db} dB: lower the penalty a little`,
      trainTwo: "train a network with a code of 2 units",
      hoverPlane: "point at the code plane to decode a point of it",
      measureFewLabels: "measure the few-labels chart to the end (below, after training an epoch)",
      interpolate: "walk between two digits (click two on the plane, or press Walk)",
      tasks: {
        denoise: {
          goal: "Train a denoising autoencoder whose reconstructions of noisy test digits are at least 3 dB above the noisy digits themselves.",
          hints: [
            "PSNR is 10·log₁₀(1 / MSE) for pixels in [0, 1]: 3 dB more is half the squared error.",
            "The network sees the noisy digit but is scored against the clean one: it cannot copy the noise through.",
          ],
          explanation:
            "Noise is what digits do not have in common, so a code too small to remember each image keeps the strokes and drops the noise. That is the deck's denoising autoencoder — the same network, trained on corrupted inputs against clean targets.",
        },
        bottleneck: {
          goal: "Train one network with a code of at most 4 units and one with at least 32: compare what comes back.",
          hints: [
            "Look at the PSNR chart and the row that comes back, not only the loss.",
            "Draw a digit on the pad for each network: the narrow code turns odd digits into typical ones.",
          ],
          explanation:
            "A narrow code keeps the digit's class and slant and drops the details; a wide one keeps more. The code size is the compression: 4 numbers for 784 pixels is 196 times fewer.",
        },
        sparse: {
          goal: "Train a sparse autoencoder (a dense network with no hidden layer, 256 code units) whose code is at most 20 % active and which still reaches 13 dB.",
          hints: [
            "The sparse preset sets it up; the penalty adds its weight times the mean absolute code value to the loss.",
            "Look at the units' features: with the penalty they become strokes and parts of digits.",
          ],
          explanation:
            "With more code units than pixels, nothing forces the code to learn anything — the penalty does: each digit may use only a few units, so each unit learns a part that many digits share. The deck's sparse autoencoder, and the idea behind sparse coding in the visual cortex.",
        },
        "few-labels": {
          goal: "Measure the few-labels chart: with how many labels per class, if any, does the SVM on the codes beat the CNN trained from scratch? And the SVM on the pixels?",
          hints: [
            "Train the autoencoder first; a better autoencoder (more epochs, a wider code) gives the SVM better codes.",
            "Compare the three lines at the left (1 and 5 labels per class) and at the right.",
          ],
          explanation:
            "The codes were learned from every digit without a label, so they carry what the unlabelled data teaches. Whether that helps a linear SVM — against the same SVM on the pixels, and against a CNN trained on the same few labels — is what the chart answers, for this autoencoder and this CNN: measure, do not assume. A better autoencoder (trained longer, on more digits) moves the blue line. Using unlabelled data to help a classifier that has few labels is called semi-supervised learning.",
        },
        plane: {
          goal: "Train a network with a 2-D code, point at the plane to decode points that no digit sits on, and walk between two digits.",
          hints: [
            "The 2-D code preset sets it up.",
            "Points between two clusters decode to digits that are a bit of both.",
          ],
          explanation:
            "Two numbers per digit is a map: classes take regions of it, and the decoder turns every point, even one no training digit had, into a digit. A plain autoencoder's plane has gaps and odd shapes; a variational autoencoder shapes it on purpose.",
        },
      },
    },
    gan: {
      trainTwo: "train on the two-bump target",
      closer: (distance: number) =>
        `come within a distance of ${formatNumber("en", distance, 2)} of the target: train longer, or change the learning rates`,
      trainRing: (iterations: number) => `train on the ring of eight for at least ${iterations} iterations`,
      seeCollapse: (iterations: number) =>
        `after ${iterations} iterations, catch the generated points leaving modes of the ring empty (fewer than eight covered)`,
      coverMore: (modes: number) =>
        `now get the generator to cover at least ${modes} of the eight modes: train on, or change the setting`,
      drawBumps: (bumps: number) =>
        `draw a target of at least ${bumps} bumps (click the plane) and train on it`,
      trainDigits: (iterations: number) => `train the DCGAN on digits for at least ${iterations} iterations`,
      walkDigits: "walk between two noise vectors (New pair, below the grid)",
      trainEdges: (iterations: number) => `train pix2pix for at least ${iterations} iterations`,
      drawEdges:
        "draw edges of your own on the pad (or change a test digit's) and see the digit drawn from them",
      compareDSteps: (few: number, many: number, iterations: number) =>
        `train the same target with ${few} discriminator step per generator step and with ${many} or more, each for at least ${iterations} iterations`,
      tasks: {
        match: {
          goal: "Train the GAN on the two-bump target until its points come within a distance of 0.25 of the target.",
          hints: [
            "Run, and watch the distance chart: a GAN circles its target, so the distance falls, rises and falls again.",
            "The distance compares histograms on an 8 × 8 grid: 0 is the same, 1 is no overlap at all.",
          ],
          explanation:
            "Neither network sees the target's formula: the discriminator learns where real points are from samples, and the generator only ever learns from the discriminator's gradient — the arrows. That is the whole trick of a GAN.",
        },
        collapse: {
          goal: "Train on the ring of eight: see the generator leave some modes empty, then get it to cover at least six.",
          hints: [
            "The read-out beside the plane counts the modes covered; the mesh shows where the noise square went.",
            "Try more discriminator steps, a smaller generator learning rate, or Adam for one of the networks.",
          ],
          explanation:
            "The generator is rewarded for points the discriminator believes, not for covering the target: it can put everything on a few modes the discriminator has not learned to reject, and then hop to others. That is mode collapse, the GAN's best-known failure; minibatch discrimination and Wasserstein GANs were made against it.",
        },
        drawn: {
          goal: "Draw a target of at least three bumps and train the GAN until it comes within a distance of 0.3.",
          hints: [
            "Choose 'drawn by hand' as the target and click the plane where a bump should be.",
            "Bumps far apart are harder: the generator's mesh has to tear between them, and a small network cannot.",
          ],
          explanation:
            "The generator maps one connected noise square onto the plane, so separate bumps need it to stretch the square thin in between — look at the mesh. With a smooth generator some points always stay on the bridges.",
        },
        digits: {
          goal: "Train the DCGAN on digits for at least 300 iterations, watch the fixed grid, and walk between two noise vectors.",
          hints: [
            "The grid's noise stays the same, so each image changes only because the generator learns; the first strokes appear after a few hundred iterations.",
            "With 2 noise values the whole noise square is drawn as a plane of digits.",
          ],
          explanation:
            "The same contest as in the plane, with images: the generator's transposed convolutions paint, the discriminator's convolutions judge. A walk between two noise vectors changes the image smoothly — the generator has learned a continuous map from noise to digits, not a list of training images.",
        },
        edges: {
          goal: "Train pix2pix for at least 300 iterations, then draw edges on the pad and watch a digit appear.",
          hints: [
            "“Put a test digit's edges on the pad” gives you a start: add a stroke, or Clear and draw your own, and see the digit change.",
            "The grid's rows are the edge maps, what the generator draws from them, and the real digits: the middle row should come to look like the bottom one.",
          ],
          explanation:
            "pix2pix is a conditional GAN: the discriminator judges (edges, digit) pairs, so the generator must draw a digit that fits these edges, not just any digit. The L1 term alone would give the blurry average of all digits with such edges; the discriminator, judging 7 × 7 patches, pushes for sharp strokes. The deck's edges-to-photo and labels-to-street-scene are the same recipe on larger images.",
        },
        "d-steps": {
          goal: "Train the same target with 1 discriminator step per generator step and with 5 or more, each for 1000 iterations: which keeps closer?",
          hints: [
            "Compare the distance charts of the two runs; a change of a setting makes fresh networks.",
            "The first GAN paper trained the discriminator k steps per generator step for this reason.",
          ],
          explanation:
            "The generator learns from the discriminator's gradient, so it learns well only from a discriminator that is nearly right for the current fakes. More discriminator steps keep it nearer; too many, and a perfect discriminator's gradient vanishes under the original loss (this lab uses the non-saturating −log D, which keeps a gradient).",
        },
      },
    },
    rnn: {
      trainLong: (length: number) =>
        `train both networks on the adding problem with sequences of at least ${length} steps`,
      lstmLower: (mse: number) =>
        `train on until the LSTM's test MSE is under ${formatNumber("en", mse, 2)} (the baseline is 0.17)`,
      rnnStuck: (mse: number) =>
        `in that same run the plain RNN should still be above ${formatNumber("en", mse, 1)}: reset and train both again if it got lucky`,
      trainShort: (length: number) => `train on the adding problem with sequences of at most ${length} steps`,
      rnnLower: (mse: number) =>
        `train on until the plain RNN's test MSE is under ${formatNumber("en", mse, 2)}`,
      trainFirst: (length: number, steps: number) =>
        `train both on sequences of at least ${length} steps for at least ${steps} steps`,
      reachFurther: (times: number) =>
        `train on until, at the longest lag, the LSTM's gradient is at least ${formatNumber("en", times, 0)} times the plain RNN's (read the gradient chart)`,
      trainWords: "train the character models on the Dutch words (the section Reading and writing text)",
      perplexityLower: (share: number) =>
        `train on until the LSTM's held-out perplexity is under ${formatNumber("en", share, 1)} times that of the characters' frequencies alone`,
      trainNumbers: "train the number reader (the section Reading house numbers)",
      numbersHigher: (share: number) =>
        `train on until it reads at least ${formatPercent("en", share, 0)} of the held-out numbers whole`,
      tasks: {
        "forget-gate": {
          goal: "Train both networks on the adding problem over 50 steps: get the LSTM's test MSE under 0.05 while the plain RNN stays above 0.1.",
          hints: [
            "Run, and watch the two loss curves: the LSTM's drops after a few hundred steps, the RNN's stays near the baseline line.",
            "A higher learning rate makes the LSTM learn sooner, and less steadily.",
          ],
          explanation:
            "The answer depends on two values up to 50 steps back. The plain RNN's gradient to those steps is a product of 50 Jacobians, each shrinking it, so it never learns which steps matter. The LSTM's cell is carried forward by the forget gate, multiplied by f ≈ 1 rather than squashed, so its gradient reaches back: the deck's forget gate, measured.",
        },
        short: {
          goal: "Make the sequences 10 steps long and get the plain RNN's test MSE under 0.08.",
          hints: [
            "Set the length to 10 (or start from the task's settings) and Run.",
            "Try 20 steps too: somewhere between the two, the plain RNN stops learning.",
          ],
          explanation:
            "A plain RNN can learn the task: its trouble is only the lag. At 10 steps the product of Jacobians has not yet vanished, so the gradient still tells the network which inputs to keep. That the limit is the lag, not the capacity, is what Hochreiter's 1991 thesis found.",
        },
        lag: {
          goal: "Train both on 50 steps for 200 steps or more, then read the gradient chart: at the longest lag, the LSTM's gradient is at least 1000 times the plain RNN's.",
          hints: [
            "The gradient chart plots the norm of ∂L/∂h at each step against how far it lies before the last one, on a log scale: each line down is ten times smaller.",
            "The plain RNN's line falls straight: a constant factor per step is an exponential decay.",
          ],
          explanation:
            "Backpropagation through time multiplies the gradient by the recurrent Jacobian at every step. For the plain RNN that factor is below one, so after 50 steps almost nothing is left (often 10⁻¹⁰ of what the last step gets). The LSTM's cell path multiplies by the forget gate instead, which it learns to hold near 1 where it must remember.",
        },
        invent: {
          goal: "Train the character models on the Dutch words until the LSTM's held-out perplexity is under 0.7 times that of the characters' frequencies alone; then read what both write at temperature 0, 0.5 and 1.5.",
          hints: [
            "Choose Dutch words as the text and press Train both; the held-out perplexities are updated every 100 steps.",
            "The argmax often repeats one likely word: each step takes the likeliest character, so the same context gives the same word. Sampling at a temperature gives variety; too hot and the words fall apart.",
          ],
          explanation:
            "Perplexity is e to the mean cross-entropy per character: the number of characters the network is as unsure between as if it chose evenly among that many. Knowing only how often each character comes gives about 19; a network that learned which letters follow which gets far lower, and writes words that look Dutch without being in the list. The temperature divides the logits before the softmax: below 1 it sharpens the choice towards the argmax, above 1 it flattens it towards uniform.",
        },
        "house-numbers": {
          goal: "Train the number reader until it reads at least half of the held-out numbers whole; then step through strips with Next strip and find one it misreads.",
          hints: [
            "The score counts a strip only when every digit is right and none is missing or extra, so it starts near zero and climbs after a few hundred steps.",
            "Watch the band under the strip: each digit is named at one or two columns, with blanks between. Two equal digits side by side need a blank between them, or they merge into one.",
          ],
          explanation:
            "Nobody tells the reader where the digits stand: CTC sums the probability of every way of spreading the number over the 28 columns (a digit, repeated or not, blanks anywhere else), and the gradient raises the likeliest ways. The LSTM matters because a column's features alone may show half a digit, or the gap between two; reading left to right, it knows what it has already named. A CNN's columns under CTC is the CRNN of Shi et al. (2015); the Street View numbers of the deck's source (Goodfellow et al. 2014) were read by one classifier per digit position instead.",
        },
      },
    },
    compress: {
      loadFirst: "load a network first (train one in the CNN lab, or pick a file)",
      notSmallYet: (times: number) => `make a file at least ${times}× smaller than the float32 one`,
      tooMuchLost: (loss: number) =>
        `a file that small lost more than ${formatPercent("en", loss, 0)} of accuracy: try fewer bits, or int8 per channel, with Huffman coding`,
      pruneWithout: (fraction: number) =>
        `prune at least ${formatPercent("en", fraction, 0)} of the weights (per layer or global) with 0 epochs of retraining`,
      retrainToo: "now the same pruning with retraining (half an epoch or more)",
      noGrowth:
        "factor the weights at a rank where a layer stores more values than it had (the tensor table marks it)",
      measureSensitivity: "measure every layer's sensitivity to the end",
      tasks: {
        smaller: {
          goal: "Make your network's file at least 5× smaller than the float32 file while losing at most 1 point of test accuracy.",
          hints: [
            "Weight sharing stores each weight as the index of one of a few values per layer: 4 bits is 16 values.",
            "Huffman coding gives frequent indices short codes; tick it under Storage.",
          ],
          explanation:
            "A trained network's weights cluster around a few values, so 16 shared values per layer lose almost nothing, and the indices are worth 4 bits instead of 32 — less after Huffman coding. Deep Compression (Han et al. 2016) reached 35–49× on AlexNet and VGG this way, with pruning first.",
        },
        retraining: {
          goal: "Prune 90 % of the weights, first without retraining and then with it: how much accuracy does retraining win back?",
          hints: [
            "Retraining trains the pruned network on the first 10,000 training images, holding the pruned weights at zero.",
            "Compare the two rows of the table: the size is nearly the same, the accuracy is not.",
          ],
          explanation:
            "Pruning takes away weights the network relied on a little; retraining lets the remaining weights take over their job. That recovery step is why Deep Compression can prune 90 % of LeNet's weights at no loss, and why pruning without it looks worse than it is.",
        },
        "low-rank": {
          goal: "Find a rank at which factoring a layer costs more values than it saves.",
          hints: [
            "A [rows × columns] matrix at rank r stores r · (rows + columns) values instead of rows · columns.",
            "The first convolution is a 9 × 8 matrix (3 × 3 × 1 inputs, 8 filters): work out from which rank its two factors are bigger than it.",
          ],
          explanation:
            "Low-rank factoring only pays when the rank is well below rows · columns / (rows + columns). For small or nearly square layers that bound is low, and a 'compression' that picks a rank above it makes the network bigger — which the tensor table shows.",
        },
        sensitivity: {
          goal: "Which layer can lose the most weights? Measure every layer's sensitivity to pruning.",
          hints: [
            "Each curve prunes one layer alone, from 0 to 90 % of its weights, and scores the network without retraining.",
            "Layers with many weights (the dense layer) usually stand more pruning than the first convolution, which has few.",
          ],
          explanation:
            "Layers differ: the first convolution has few weights and each matters; the big layers are redundant. Deep Compression prunes each layer by its own sensitivity for this reason, and the global ranking does it implicitly.",
        },
      },
    },
    inside: {
      randomiseTop: "compute the maps with the top layer randomised (set 'randomise the top layers' to 1)",
      randomiseAll: "now randomise every layer with weights (the largest number the field takes)",
      attackFirst: "attack a picture first",
      smallerBudget: (epsilon: number) =>
        `turn the answer with FGSM or PGD at ε ≤ ${formatNumber("en", epsilon, 3)} (8 grey levels of 255)`,
      reachTarget: "make a targeted attack (a target class ≥ 0) whose answer becomes the target",
      measureCurve: "measure the robustness curve of your CNN to the end",
      foolMore: (best: number, needed: number) =>
        `make a fooling image the network calls its class with ≥ ${formatPercent("en", needed, 0)} (best so far ${formatPercent("en", best, 1)})`,
      transferToNetwork:
        "score an attack on a second CNN under 'Does it transfer?' (another CNN, from a file the CNN lab exported)",
      transferMore: (drop: number, needed: number) =>
        `make the attack take at least ${formatPercent("en", needed, 0)} off the second network's accuracy (best so far ${formatPercent("en", drop, 1)})`,
      tasks: {
        "sanity-check": {
          goal: "Which maps explain the network, and which only draw the picture? Compute the maps of a test image with the top layer randomised, then with every layer randomised, and compare each with the trained network's.",
          hints: [
            "'randomise the top layers' replaces the weights of that many layers, from the top, with random ones of the same spread; the network you trained is not touched.",
            "Look at guided backprop: does its map still show the digit's strokes when the network is random?",
          ],
          explanation:
            "Adebayo et al. (2018) found that guided backprop and the deconvnet draw nearly the same map for a random network: they show the picture's edges, not what the network learned. Gradient saliency and Grad-CAM change as the layers go random, as an explanation of the network must.",
        },
        invisible: {
          goal: "Turn your CNN's answer on a test image with a change of at most 8 grey levels (ε ≤ 0.031) per pixel.",
          hints: [
            "PGD with 20 steps finds more than FGSM's single step within the same budget.",
            "'Smallest ε' tries a series of budgets at once and says from which one the answer changes.",
          ],
          explanation:
            "The network is nearly linear in its input: along the gradient's sign a tiny change in every pixel adds up to a large change in its score (Goodfellow et al. 2015). A person sees the same digit.",
        },
        targeted: {
          goal: "Make the network say a class of your choice: a targeted attack that reaches its target.",
          hints: [
            "Set 'target class' to a class other than the picture's, and use PGD with enough steps and ε.",
            "Some targets are harder than others: a 1 becomes a 7 more easily than an 8.",
          ],
          explanation:
            "A targeted attack walks down the target's loss instead of up the true class's: the network can be made to say nearly anything within a modest budget, which is why adversarial robustness is a security question.",
        },
        control: {
          goal: "Measure the robustness curve: your CNN's test accuracy against ε for FGSM, PGD and random noise of the same size.",
          hints: [
            "The curve needs your CNN (choose 'my CNN'); press Measure and watch the three lines fall — or not.",
            "Try it on a CNN trained with augmentation, or stopped after one epoch: does the curve fall as fast?",
          ],
          explanation:
            "Random ±ε noise barely moves the accuracy while FGSM and PGD take it down: it is the direction, the gradient's, that fools the network, not the size of the change.",
        },
        transfer: {
          goal: "Do adversarial images fool a network they were not made on? Attack your CNN's test images and score the same images on a second CNN.",
          hints: [
            "Train a second CNN in the CNN lab with another seed or architecture, export it, and choose it under 'Does it transfer?' as the second network.",
            "Score the attack on this network on another backend too: only rounding differs there, so it is fooled alike.",
          ],
          explanation:
            "Adversarial images made against one network often fool another trained on the same data (Szegedy et al. 2014; Papernot et al. 2016): the networks learn similar directions. That is what makes attacks on a network nobody showed you possible.",
        },
        fooling: {
          goal: "Make a fooling image: from grey noise, an image the network calls a class with 99 % confidence.",
          hints: [
            "Under 'What the network wants to see', choose 'a fooling image', a class, and press Dream it up.",
            "Compare it with 'what the class looks like to it': the regularisers make the class image look more natural, not more convincing to the network.",
          ],
          explanation:
            "Nguyen et al. (2015) showed that networks are very sure about images that look like nothing to us: high confidence is not understanding.",
        },
      },
    },
    cnn: {
      tooManyParameters: (parameters: number, max: number) =>
        `the network has ${formatNumber("en", parameters)} parameters; the task allows fewer than ${formatNumber("en", max)}`,
      trainFirst: "train it first",
      fullMnist: "train on all of MNIST (the small-data switch off)",
      fullTestSet: (images: number, needed: number) =>
        `score it on all ${formatNumber("en", needed)} test images (now ${formatNumber("en", images)})`,
      accuracy: (accuracy: number, target: number, parameters: number) =>
        `test accuracy is ${formatPercent("en", accuracy, 2)}; the task asks ≥ ${formatPercent("en", target, 0)} with fewer than ${formatNumber("en", parameters)} parameters`,
      bothRuns: (without: boolean, withIt: boolean, epochs: number) =>
        `train a fresh network on 500 images for ${epochs} epochs without augmentation (${without ? "done" : "not yet"}) and one with it (${withIt ? "done" : "not yet"})`,
      smallDataNeeded: "train on 500 images (the small-data switch on)",
      moreEpochs: (epoch: number, needed: number) =>
        `train at least ${needed} epochs (so far ${formatNumber("en", epoch, 1)})`,
      gap: (train: number, test: number, gap: number) =>
        `training accuracy ${formatPercent("en", train, 1)}, test accuracy ${formatPercent("en", test, 1)}: the task asks a gap of ${formatPercent("en", gap, 0)} or more`,
      checkAfterTraining: "train, then press “Find dead filters” under the activation maps",
      noneDead: (epoch: number) =>
        `no filter was dead at epoch ${formatNumber("en", epoch, 2)}: try a learning rate a hundred times larger, reset and train again`,
      tasks: {
        "small-and-accurate": {
          goal: "Beat 98 % test accuracy on MNIST with fewer than 10,000 parameters. The starting network has over 100,000.",
          hints: [
            "The summary under the lab counts each layer's parameters: where are most of them?",
            "A dense layer after the convolutions costs (its inputs × its units) weights; without it the output layer reads the last maps directly.",
            "Blocks of 8 and 16 filters without a hidden layer, a batch of 16 and 4 to 6 epochs get there.",
          ],
          explanation:
            "Convolutions share their weights over the whole image, so they cost little; the dense layers pay for every connection. A small CNN with enough epochs reaches 98–99 % on MNIST; the deck's point that a network's size and its accuracy are not the same thing, and why compression works.",
        },
        "augmentation-small-data": {
          goal: "With only 500 training images, does augmentation help? Train a fresh network for 10 epochs without augmentation, then one with it, and compare their test accuracy.",
          hints: [
            "Press Reset between the two runs: switching augmentation during training keeps the weights.",
            "Augmentation shows each image slightly rotated, shifted, scaled and sheared: new examples at no cost.",
          ],
          explanation:
            "On 500 images the network soon knows the training set by heart; augmented copies keep it from memorising pixels and make it learn shapes, so its test accuracy is usually higher after enough epochs, though each epoch looks worse on the training images. With all 60,000 images the gain shrinks.",
        },
        overfitting: {
          goal: "Make the network overfit: on 500 training images, after 10 epochs or more, its training accuracy is at least 5 points above its test accuracy.",
          hints: [
            "Switch augmentation off and train on the 500 images for 20 epochs; watch the accuracy chart's two per-epoch curves part: the same weights scored on the training images and on the test images.",
            "A larger network (more filters, a hidden layer) memorises faster.",
          ],
          explanation:
            "The network fits the 500 images (and their noise) better than the rule behind them, so it scores higher on what it saw than on new images. More data, augmentation, a smaller network or stopping early narrow the gap: the deck's reasons to collect data and augment it.",
        },
        "dead-filters": {
          goal: "Kill filters with too high a learning rate: train until “Find dead filters” reports a filter that never fires.",
          hints: [
            "The deck warns that dead filters in the activation maps point to too high a learning rate.",
            "Set the learning rate a hundred times higher, press Reset, train one epoch, then press “Find dead filters”.",
          ],
          explanation:
            "A large step can push a ReLU filter's weights and bias so far negative that it outputs 0 for every input; its gradient is then 0 too, so it never recovers. Lower learning rates, careful initialisation or leaky ReLU keep filters alive.",
        },
      },
    },
  },
  code: {
    title: "Code exercises",
    intro:
      "Write a few lines of JavaScript yourself and compare them with the engine. Your code runs in a worker of its own, with no network and no page, and is stopped after 5 seconds. Pick an exercise in the sheet beside the editor; each run gets fresh inputs, so the answer must be right in general, not for one example.",
    exercise: "Exercise",
    titles: {
      "perceptron-rule": "1. The perceptron rule",
      softmax: "2. Softmax",
      "convolution-loops": "3. A 3×3 convolution with loops",
      "max-pooling": "4. Max pooling",
      "sgd-step": "5. One gradient-descent step",
    },
    run: "Run",
    stop: "Stop",
    starter: "Start over",
    console: "Console",
    api: "Your code gets `input` (the exercise's numbers) and `t`, the engine's tensor API (t.tensor, t.matmul, t.conv2d, t.maxPool, t.softmax, await t.data …); console.log prints below. Return a list of numbers.",
    running: "Running…",
    returned: (count: number) =>
      `Your code returned ${count} ${count === 1 ? "number" : "numbers"}; the sheet says whether they are the engine's.`,
    error: (message: string) => `Your code stopped with an error: ${message}`,
    errorAt: (message: string, line: number) => `Your code stopped with an error on line ${line}: ${message}`,
    timedOut: (seconds: number) => `Stopped after ${seconds} s: does a loop never end?`,
    stopped: "Stopped.",
  },
  workshop: {
    title: "The workshop leader's page",
    intro:
      "The day at a glance: the deck's agenda with the labs and exercise sheets that practise each block, the site's address for the projector, how to run it all without internet, and who in the room solved what.",
    parts: ["Part 1: what is deep learning?", "Part 2: deep-learning techniques and applications"],
    blocks: {
      "what-is-deep-learning": {
        title: "What is deep learning?",
        note: "The deck's introduction; the home page lists the labs.",
      },
      "slp-mlp": { title: "The perceptron (SLP) and the multilayer perceptron (MLP)", note: undefined },
      cnns: { title: "Convolutional neural networks", note: undefined },
      "data-augmentation": {
        title: "Data and augmentation",
        note: "The CNN lab's small-data switch and augmentation preview.",
      },
      "transfer-learning": {
        title: "Transfer learning and fine-tuning",
        note: "The transfer lab: features and heads on your own classes, and fine-tuning.",
      },
      visualisation: {
        title: "Looking inside: visualisation",
        note: "The CNN lab's activation maps and filters, and the inside lab's attributions, units and their top images.",
      },
      "gpu-or-cpu": { title: "GPU or CPU?", note: undefined },
      architectures: {
        title: "Architectures",
        note: "No lab of its own: the MLP and CNN labs' network settings show the basic ones.",
      },
      autoencoders: { title: "Autoencoders", note: undefined },
      rnns: {
        title: "Recurrent networks (RNN, LSTM)",
        note: undefined,
      },
      deconvolution: {
        title: "Deconvolution: what does the model see?",
        note: undefined,
      },
      detection: { title: "Object detection (YOLO)", note: undefined },
      "hardware-software": {
        title: "Hardware and software",
        note: "The Environment panel in the header shows each attendee's browser, cores and GPU.",
      },
      compression: { title: "Compression", note: undefined },
      gans: {
        title: "GANs",
        note: "The lab trains GANs on points of the plane, a DCGAN on digits and pix2pix from edges to digits.",
      },
    },
    noLabYet: "No lab yet.",
    sheetProgress: (done: number, total: number) => `sheet: ${done} of ${total} solved in this browser`,
    shareTitle: "Open the playground",
    qrLabel: (url: string) => `QR code of ${url}`,
    shareHint:
      "Scan the code or type the address; the page then works offline. Presenter mode in the header enlarges everything for the back row.",
    localAddress:
      "This is this laptop's own address, which other laptops cannot reach. Open this page through the laptop's address on the room's network (the server prints it, see below) and the code follows.",
    offlineTitle: "Without internet",
    offline: [
      [
        "Build once with internet, then serve the built site from one laptop to the room's network (a phone's hotspot is enough). The server prints the addresses attendees can reach:",
        "npm run build\nnode scripts/serve.mjs dist --host 0.0.0.0 --port 8080",
      ],
      [
        "Browsers give WebGPU and offline use only to a secure page, and another laptop's address is one only over HTTPS. Make a certificate for the day and serve with it; each attendee accepts the browser's warning once:",
        "openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj /CN=workshop -keyout key.pem -out cert.pem\nnode scripts/serve.mjs dist --host 0.0.0.0 --port 8443 --cert cert.pem --key key.pem",
      ],
      [
        "Once an attendee has opened the page over HTTPS it keeps working without the network: the page and the engine are cached in their browser at once, each dataset and model the first time a lab uses it, so have everyone open each lab once while the network is there. Over plain HTTP the labs still run, on the CPU, while the tab stays open.",
        "",
      ],
    ] as [string, string][],
    progressTitle: "Your progress",
    progressHint:
      "Your solved tasks, hints and times are kept in this browser. To show them to the workshop leader, export them as one small file.",
    yourName: "Your name",
    anonymous: "anonymous",
    export: "Export my progress",
    overviewTitle: "Class overview",
    overviewHint:
      "Collect the attendees' exported files (a shared folder, a USB stick) and pick them all here: the table shows who solved which task. Nothing leaves this browser.",
    importFiles: "Progress files",
    overviewEmpty: "No progress files read yet.",
    refused: (names: string[]) => `Not progress files of the playground, left out: ${names.join(", ")}.`,
    attendee: "Attendee",
    solvedColumn: "Solved",
    solvedBy: "Solved by",
    cellTitle: (name: string, task: string, state: string, hints: number, seconds?: number) =>
      `${name}, ${task}: ${
        state === "solved"
          ? `solved${seconds === undefined ? "" : ` in ${duration("en", seconds)}`}`
          : state === "gave-up"
            ? "gave up"
            : state === "seen"
              ? "started"
              : "not started"
      }${hints > 0 ? `, ${hints} ${hints === 1 ? "hint" : "hints"}` : ""}`,
  },
  perceptron: {
    title: "Perceptron",
    intro:
      "A single-layer perceptron: two inputs, two weights and a bias. It computes s = w₁x₁ + w₂x₂ + b, answers f(s), and says class 1 when s ≥ 0, so its decision boundary is the line w₁x₁ + w₂x₂ + b = 0.",
    rule: {
      threshold: "Perceptron rule: Δw = η · (t − y) · x, Δb = η · (t − y).",
      differentiable: "Delta rule: Δw = η · (t − y) · f′(s) · x, Δb = η · (t − y) · f′(s).",
    },
    clickHint:
      "Click the plot to add points: left click for class 1 (blue), right click for class 0 (orange), or choose the class for left clicks beside it. From the keyboard: the arrows move a cursor, Enter adds a point there, 0 or 1 one of that class.",
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
  cnn: {
    title: "CNN: LeNet on MNIST",
    intro:
      "A convolutional network learns to read handwritten digits, here on your own laptop. Convolutions find local patterns (strokes, corners) wherever they are; pooling makes the map smaller and the network a little blind to exact positions; a dense layer at the end turns the features into ten class scores.",
    digits: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    dataTitle: "Data",
    noData: "no test images loaded yet",
    dataStatus: (title: string, train: number, test: number, fraction: number) =>
      `${title}: ${formatNumber("en", train)} training and ${formatNumber("en", test)} test images (${formatPercent("en", fraction)} downloaded${fraction < 1 ? "; the rest when training on the full set needs it" : ""})`,
    smallData: (count: number) => `Small data: ${count} training images`,
    networkTitle: "Network",
    blocks: "Filters per conv block (f16: a Fire module)",
    blocksFormat:
      "write the filters of each conv block separated by commas, e.g. 8,16; an f before them makes the block a Fire module (SqueezeNet), e.g. 8,f16",
    kernel: "Kernel",
    pooling: "Pooling",
    maxPool: "max",
    averagePool: "average",
    hidden: "Hidden dense units (0: none)",
    layer: "Layer",
    output: "Output",
    parameters: "Parameters",
    flops: "FLOPs per image",
    total: "Total",
    impossible: (reason: string) => `This network cannot be built: ${reason}.`,
    trainingTitle: "Training",
    backend: "Backend",
    backends: { simd: "wasm SIMD (CPU)", webgpu: "WebGPU", scalar: "scalar (CPU, slow)" },
    backendSwitched: (name: string) =>
      `Training continues on ${name} with the same weights (the optimiser's moments restart).`,
    trainingChanged:
      "The network keeps what it learned; training goes on with the new setting (the optimiser's momentum restarts).",
    diverged: (loss: number, first: number) =>
      `Training diverged: the loss grew from ${formatNumber("en", first, 2)} to ${loss.toPrecision(2)}, so the network learns nothing more. Try a learning rate ten times smaller and press Reset.`,
    stalled: (first: number, last: number, accuracy: number) =>
      `Training learned nothing: after an epoch the loss is ${formatNumber("en", last, 2)} (it began at ${formatNumber("en", first, 2)}) and ${formatPercent("en", accuracy, 1)} of the test images are right, about chance. Most likely the learning rate is too high: the first steps diverged and the units died. Try one ten times smaller and press Reset.`,
    optimiser: "Optimiser",
    sgd: "SGD + momentum 0.9",
    batch: "Batch size",
    epochs: "Epochs",
    augmentTraining: "Augment training images",
    testImages: "Test images per evaluation",
    train: "Train",
    resume: "Resume",
    loss: "loss (last batches)",
    trainAccuracy: "train accuracy (last batches)",
    testAccuracy: "test accuracy",
    trainAccuracyPerEpoch: "train accuracy (per epoch)",
    testAccuracyPerEpoch: "test accuracy (per epoch)",
    speed: "images/s",
    elapsed: "seconds",
    finished: (epochs: number, accuracy: number) =>
      `Trained ${formatNumber("en", epochs, 2)} epochs: ${formatPercent("en", accuracy, 2)} of the test images right.`,
    export: "Export weights (.safetensors)",
    import: "Import weights",
    epochOf: (epoch: number, epochs: number, secondsLeft?: number) =>
      `epoch ${formatNumber("en", epoch, 2)} of ${epochs}${secondsLeft === undefined || !Number.isFinite(secondsLeft) ? "" : `, about ${duration("en", secondsLeft)} left`}`,
    estimating: "Timing a training step…",
    estimate: (msPerStep: number, steps: number, seconds: number) =>
      `About ${formatNumber("en", msPerStep, msPerStep < 10 ? 1 : 0)} ms a step here; an epoch is ${formatNumber("en", steps)} steps, about ${duration("en", seconds)}.`,
    keptTitle: "Kept in this browser",
    keep: "Keep this network",
    load: "Load",
    forget: "Forget",
    noneKept: "Nothing kept yet: train a network and keep it here; it stays after a reload, offline too.",
    keptName: (dataset: string, blocks: string, accuracy: number | undefined, when: Date) =>
      `${dataset}, filters ${blocks}${accuracy === undefined ? "" : `, ${formatPercent("en", accuracy, 1)}`} (${when.toLocaleString("en", { dateStyle: "short", timeStyle: "short" })})`,
    keptNotice: (name: string) => `Kept in this browser: ${name}.`,
    storage: "The browser's storage",
    imported: (name: string) => `Loaded ${name}: the network and its weights are the file's.`,
    drawTitle: (fashion: boolean): string => (fashion ? "Draw a piece of clothing" : "Draw a digit"),
    drawHint:
      "Draw with the mouse or a finger. Like the dataset's images, the drawing is scaled into a 20 × 20 box and centred by its centre of mass in 28 × 28 pixels before the network sees it.",
    networkSees: "What the network sees",
    clear: "Clear",
    draw: "Drawing",
    insideTitle: "Looking inside",
    insideHint:
      "The activation maps of each layer for the current image (the first test image, or your drawing). Click a map to find the test images that excite that filter most.",
    activations: "Activation maps",
    filters: "Filters (weights)",
    filterRow: (name: string, shown: number, inputs: number) =>
      inputs > shown ? `${name} (first ${shown} of ${inputs} input channels)` : name,
    filterTitle: (name: string, channel: number) => `${name}, filter ${channel + 1}`,
    findDeadFilters: "Find dead filters",
    neverFired: "never fired on the checked test images",
    deadFilters: (dead: number, total: number, images: number) =>
      dead === 0
        ? `Every one of the ${total} filters fired on some of the first ${formatNumber("en", images)} test images.`
        : `${dead} of ${total} filters never fired on the first ${formatNumber("en", images)} test images (outlined in red): they are dead, and learn nothing more.`,
    topImages: "What a filter likes",
    topImagesOf: (name: string, channel: number) =>
      `The test images that excite ${name}, filter ${channel + 1}, most:`,
    confusionTitle: "Confusion matrix",
    confusionHint:
      "Rows: the true class; columns: what the network said. Click a cell to see those test images.",
    actualPredicted: "true \\ predicted",
    confusedCaption: (actual: string, predicted: string, count: number) =>
      `${count} test image(s) of ${actual} taken for ${predicted}:`,
    augmentTitle: "Data augmentation",
    augmentHint:
      "More training images from the same data: flip, rotate, crop, shift, distort, recolour, relight. Which ones make sense depends on the data: a flipped 2 is no 2, but a flipped cat is still a cat.",
    showAugmentations: "Show the augmentations",
    augmentations: {
      original: "original",
      flipHorizontal: "horizontal flip",
      flipVertical: "vertical flip",
      rotate: "rotation 25°",
      crop: "random crop",
      translate: "translation",
      distort: "distortion",
      colourCast: "colour cast",
      grey: "greyscale",
      hsv: "HSV as RGB",
      ycbcr: "YCbCr as RGB",
      relight: "relighting",
    },
    countingTitle: "How many images from one?",
    countNone: "no augmentation",
    countFlip: "flip",
    countCropFlip: "crop + flip (4 corners and centre)",
    randomTitle: "Random augmentation as used in training",
    compareTitle: "Small data: with and without augmentation",
    compare: (images: number, epochs: number) =>
      `Train on ${images} images for ${epochs} epochs, with and without`,
    comparing: "training two networks…",
    compareResult: (without: number, withAugmentation: number) =>
      `Test accuracy without augmentation ${formatPercent("en", without, 1)}, with augmentation ${formatPercent("en", withAugmentation, 1)}.`,
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
    plotLabel:
      "The points and the network's decision: click to add a point of class 1, right click for class 0; from the keyboard, the arrows move a cursor and 1 or 0 adds a point there.",
    legend: "Filled dots: training points. Rings: test points. Background: the network's P(class 1).",
    speed: "Speed",
    speeds: (perSecond: number) => (perSecond > 0 ? `${perSecond} epochs/s` : "full speed"),
    stopAt: "Stop at epoch (0: never)",
    stoppedAt: (epoch: number) => `Stopped at epoch ${epoch}, as asked.`,
  },
  detect: {
    title: "Object detection: YOLO on your webcam",
    intro:
      "A pretrained detector looks at your webcam or a photo and draws a box around every face or object it knows, on this laptop: the frames never leave the browser. Tiny YOLO-style networks are small enough for that: one pass over the image predicts every box at once.",
    sourceTitle: "Source",
    startCamera: "Start camera",
    stopCamera: "Stop camera",
    sample: (name: string) => `Sample: ${name}`,
    photo: "or a photo of your own (or drop one on the picture)",
    waiting: "Start the camera, or pick a sample or a photo of your own: it shows here, with its boxes.",
    privacy:
      "Camera frames stay on this device: they go from the camera to the engine in this page and nowhere else.",
    cameraInsecure:
      "The camera needs a secure page (https:// or http://localhost). You can still detect in a photo.",
    cameraRefused:
      "Camera access was refused. Allow it in the browser's address bar to use the webcam; meanwhile you can detect in a photo: pick a sample or one of your own.",
    cameraMissing: "No camera was found. You can still detect in a photo: pick a sample or one of your own.",
    cameraBusy: "The camera is in use by another program. Close it, or detect in a photo instead.",
    cameraFailed: (message: string) =>
      `The camera could not be opened (${message}). You can still detect in a photo.`,
    unreadableImage: (name: string) => `${name} could not be read as an image. Try a JPEG, PNG or WebP file.`,
    notAnImage: (name: string) => `${name} is not an image file. Pick a JPEG, PNG or WebP photo.`,
    modelTitle: "Detector",
    model: "model",
    modelTitles: {
      "tiny-face": "faces (TinyFaceDetector)",
      "yolo-fastest-1.1": "80 COCO objects, fast (Yolo-Fastest)",
      "yolo-fastest-1.1-xl": "80 COCO objects, better (Yolo-Fastest XL)",
    } as Record<string, string>,
    inputSize: "input size",
    modelsOwnSize: "the model's own",
    backend: "backend",
    confidence: "score threshold",
    nms: "NMS overlap (IoU)",
    showGrid: "show the grid the network sees",
    noWebgpu: (reason: string) => `No WebGPU here (${reason}): detecting on wasm SIMD instead.`,
    loadingModel: "Loading the model…",
    preparing: (size: number, backend: string) =>
      `Preparing the network for ${size} × ${size} on ${backend}…`,
    ready: (model: string, size: number, backend: string) => `${model}, ${size} × ${size}, on ${backend}.`,
    fps: "frames per second",
    stages: {
      capture: "frame capture",
      preprocess: "preprocessing",
      network: "network",
      decode: "decoding + NMS",
    },
    memory: "engine memory",
    frames: "frames done",
    boxLine: (name: string, score: number, [x, y, w, h]: number[]) =>
      `${name} ${formatPercent("en", score, 0)} at (${Math.round(x)}, ${Math.round(y)}), ${Math.round(w)} × ${Math.round(h)}`,
    explainTitle: "How does it work?",
    explain: [
      [
        "Grid cells",
        "YOLO cuts the image into a grid (13 × 13 cells at 416 pixels: one per 32 × 32 patch). Each cell predicts the boxes whose centre falls inside it: an offset within the cell, a width and height, how sure it is there is an object (objectness) and which class it is. Tick 'show the grid' to see each cell shaded by its objectness.",
      ],
      [
        "Anchors",
        "A cell does not guess box sizes from nothing: it adjusts a few anchor shapes (tall, wide, small, large) found by clustering the training boxes. The face detector has 5 anchors per cell; Yolo-Fastest 3 per cell on two grids, a coarse one for large objects and a fine one for small ones.",
      ],
      [
        "Why Tiny YOLO is fast",
        "One forward pass gives every box at once, no region proposals. Tiny and 'fastest' variants use few channels, depthwise-separable convolutions (a 3×3 filter per channel, then a 1×1 mix) and early downsampling, so a frame costs a fraction of a GFLOP: the face detector has 193 000 parameters, Yolo-Fastest 1.1 about 350 000.",
      ],
      [
        "Non-maximum suppression (NMS)",
        "Neighbouring cells and anchors all see the same face, so many boxes overlap. NMS sorts them by score and keeps a box only if it does not overlap an already kept one (of the same class) by more than the IoU threshold. Lower the threshold to merge more, raise it to keep crowded objects apart.",
      ],
    ] as [string, string][],
    customTitle: "Your own darknet model",
    customHint:
      "Any classic darknet YOLO detector with [yolo] or [region] heads (Tiny YOLOv2, YOLOv3-tiny, Yolo-Fastest, …): its .cfg, its .weights and a names file with one class per line. They are read here, in your browser.",
    namesFile: "class names (.names)",
    loadCustom: "Load my model",
    customMissing: "Pick all three files: the .cfg, the .weights and the class names.",
    customModel: (name: string) => `your model (${name})`,
    provenance: (origin: string, licence: string) => `Weights from ${origin}; licence: ${licence}.`,
    customProvenance: "Your own model, read from the files you picked; it stays in this browser.",
  },
  transfer: {
    title: "Transfer learning: an ImageNet network on your own classes",
    intro:
      "With little data, start from a network trained on a million ImageNet photos: cut its classifier off and train a small classifier of your own on what its layers compute for your images. Film a few seconds of each class with your webcam, pick where to cut, and compare a linear SVM, softmax regression and k nearest neighbours on those features: a handful of images per class is often enough, because the network already knows edges, textures and parts.",
    waiting: "Start the camera, or pick a sample or a photo: the ImageNet network says here what it sees.",
    startCamera: "Start camera",
    stopCamera: "Stop camera",
    sample: (name: string) => `Sample: ${name}`,
    photo: "or a photo of your own (or drop one on the picture)",
    privacy:
      "Camera frames and your images stay on this device: in this page's engine and this browser's storage, nowhere else.",
    cameraInsecure:
      "The camera needs a secure page (https:// or http://localhost). You can still add images from files.",
    cameraRefused:
      "Camera access was refused. Allow it in the browser's address bar to film your classes; meanwhile you can add images from files.",
    cameraMissing: "No camera was found. You can still add images from files, or drop them on a class.",
    cameraBusy: "The camera is in use by another program. Close it, or add images from files instead.",
    cameraFailed: (message: string) =>
      `The camera could not be opened (${message}). You can still add images from files.`,
    unreadableImage: (name: string) => `${name} could not be read as an image. Try a JPEG, PNG or WebP file.`,
    notAnImage: (name: string) => `${name} is not an image file. Pick a JPEG, PNG or WebP photo.`,
    loadingModel: "Loading the ImageNet network…",
    preparing: (backend: string) => `Preparing the network on ${backend}…`,
    ready: (backend: string, features: number) =>
      `Darknet tiny (ImageNet), on ${backend}; ${features} features per image.`,
    topTitle: "What the ImageNet network sees",
    networkMs: "network",
    captureMs: "frame capture",
    fps: "frames per second",
    memory: "engine memory",
    networkTitle: "Network",
    backend: "backend",
    noWebgpu: (reason: string) => `No WebGPU here (${reason}): running on wasm SIMD instead.`,
    cut: "cut after",
    cutOption: (ordinal: number, kind: string, height: number, width: number, channels: number) =>
      `${kind === "maxpool" ? "pool" : "conv"} ${ordinal}: ${height}×${width}×${channels} → ${channels} features`,
    cutHint:
      "The features are the chosen layer's maps, each averaged over the image: low layers see edges and colours, high layers parts and objects. The default is the deck's choice: just below the classifier.",
    classesTitle: "Your classes",
    classesHint:
      "Name 2 to 10 classes, then hold a class's record button in front of the camera (move a little), or add images from files or drop them on the class. The newest quarter of each class's images (outlined) is held out to validate on.",
    addClass: "Add a class",
    defaultClassName: (n: number) => `class ${n}`,
    className: (n: number) => `name of class ${n}`,
    startCameraFirst: "Start the camera first, then hold the record button while it films the class.",
    record: "Hold to record",
    addFiles: "Add images",
    removeClass: "Remove",
    removeImage: "Remove this image",
    count: (train: number, validation: number) => `${train} to train, ${validation} to validate`,
    heldOut: "held out for validation",
    tooManyClasses: "Ten classes is the most this lab takes.",
    setTitle: "Your set",
    validationShare: "share held out for validation",
    exportSet: "Export the set",
    importSet: "Import a set",
    clearSet: "Start a new set",
    confirmClear: "Remove every class and image of this set? Export it first to keep a copy.",
    imported: (classes: number, images: number) => `Imported ${classes} classes with ${images} images.`,
    setProblems: {
      "not-a-set": (name: string) =>
        `${name} is not a transfer-lab set (exported from this page). Your set is unchanged.`,
      "class-count": (name: string) => `${name} does not hold 2 to 10 classes. Your set is unchanged.`,
      "bad-image": (name: string) => `${name} holds an image that cannot be read. Your set is unchanged.`,
    },
    storageFailed: (message: string) =>
      `This browser's storage refused (${message}): what you record now is not kept after a reload.`,
    headsTitle: "Heads",
    svmC: "linear SVM: C",
    softmaxC: "softmax regression: C",
    knnK: "k-NN: k",
    metric: "k-NN distance",
    metrics: { cosine: "cosine", euclidean: "Euclidean" },
    train: "Train the heads",
    needTwoClasses: "Add at least two classes first.",
    needExamples: (name: string) => `${name} needs at least 2 images: one to train on, one to validate on.`,
    computingFeatures: (done: number, total: number) => `Computing features: ${done} of ${total} images…`,
    trained: (train: number, validation: number) =>
      `Trained on ${train} images, validated on ${validation} the heads did not see.`,
    stale: "The set, the cut or a knob changed since: train the heads again.",
    headNames: { svm: "linear SVM", softmax: "softmax regression", knn: "k nearest neighbours" },
    validationAccuracy: "validation",
    trainAccuracy: "training",
    trainTime: "training time",
    resultsTitle: "How the heads did",
    confusionCaption: (head: string) => `${head}: rows are the true class, columns the predicted one.`,
    cellLabel: (truth: string, predicted: string, count: number) =>
      `${count} images of ${truth} called ${predicted}: show them`,
    cellImages: (truth: string, predicted: string) => `Images of ${truth} called ${predicted}:`,
    liveTitle: "Live prediction of your heads",
    liveHint: "Train the heads: each one's scores for the picture on show appear here.",
    scoreKinds: { svm: "decision value", softmax: "probability", knn: "share of the votes" },
    windowsTitle: "Sliding windows",
    windowsHint:
      "The network takes 224 × 224 pixels, so a larger picture is classified in squares slid over it: each square's probability of the chosen class is drawn over the picture in red. A running camera's current frame is frozen first.",
    windowClass: "class",
    windowSize: "window, as a share of the shorter side",
    windowStride: "step, as a share of the window",
    scan: "Scan the picture",
    scanning: "Classifying window by window…",
    scanned: (windows: number, seconds: number, peak: number) =>
      `${windows} windows in ${formatNumber("en", seconds, 1)} s; the most probable window: ${formatPercent("en", peak, 1)} (drawn in the strongest red).`,
    pictureFirst: "Show a picture first: a sample, a photo or the camera.",
    byExamplesTitle: "How many images does it take?",
    byExamplesHint:
      "The deck's point measured on your set: each head trained on the first 1, 2, 5, 10, 20 and all training images of each class, and a small CNN trained from scratch on the same images (three convolution blocks at 56 × 56, 15 epochs), all scored on the same held-out images.",
    measureByExamples: "Measure",
    imagesPerClass: "images per class",
    scratchCnn: "small CNN from scratch",
    fineTuneTitle: "Fine-tuning",
    fineTuneHint:
      "The deck's other road: keep the network, replace its classifier by one for your classes (optionally with an extra hidden layer) and train on your images — with some layers frozen and the pretrained ones at a lower learning rate, so the little data you have does not wipe out what ImageNet taught them. Watch the training and validation curves part: that is overfitting.",
    fineTuneWaiting: "Press Fine-tune: the curves of each epoch appear here.",
    freeze: "freeze",
    freezes: {
      pretrained: "every pretrained layer (train the new classifier only)",
      "all-but-top": "all but the top pretrained layer",
      nothing: "nothing (train the whole network)",
    },
    hidden: "extra hidden layer (units; 0: none)",
    epochs: "epochs",
    learningRate: "learning rate (new layers)",
    pretrainedRate: "pretrained layers' rate, as a fraction",
    augment: "augment (random mirror and crop)",
    startFineTune: "Fine-tune",
    stopFineTune: "Stop",
    exportNetwork: "Export the network",
    importNetwork: "Import a network (.safetensors)",
    preparingImages: "Preparing your images…",
    lossSeries: "training loss",
    trainAccuracySeries: "training accuracy",
    validationSeries: "validation accuracy",
    epochLine: (epoch: number, seconds: number, backend: string, accuracy: number) =>
      `Epoch ${epoch}: ${formatNumber("en", seconds, 1)} s on ${backend}; validation ${formatPercent("en", accuracy, 1)}.`,
    beforeAfter: (before: number, after: number, heads: number | undefined) =>
      `Validation accuracy before fine-tuning ${formatPercent("en", before, 1)}, now ${formatPercent("en", after, 1)}` +
      (heads === undefined ? "." : `; the best head on frozen features: ${formatPercent("en", heads, 1)}.`),
    importMismatch: (name: string, classes: string) =>
      `${name} was fine-tuned on other classes (${classes}): name your classes as it does to score it on your images.`,
    importedNetwork: (name: string, classes: number) => `Imported ${name}, a network for ${classes} classes.`,
    explainTitle: "How does it work?",
    explain: [
      [
        "Why features transfer",
        "A network trained on ImageNet had to tell 1000 classes apart, so its layers learned detectors that serve many tasks: edges and colours low down, textures and parts higher up. Those detectors' outputs describe your images well even though the network never saw your classes.",
      ],
      [
        "Where to cut",
        "Cut high (just below the classifier) and the features are about objects; cut low and they are about edges and colours. Try both on your classes: the best cut depends on how far your classes are from ImageNet's.",
      ],
      [
        "Three heads",
        "A linear SVM puts a hyperplane between each class and the rest with the widest margin (C weighs mistakes against width). Softmax regression learns class probabilities (C is the inverse of its weight penalty). k-NN learns nothing: it lets the k nearest training images vote.",
      ],
      [
        "Why a validation set",
        "A head can remember every training image; only images it did not see tell whether it learned your classes. Frames filmed in one go look alike, so the newest images of each class are held out: film them a moment later, from another angle.",
      ],
    ] as [string, string][],
    provenance: (origin: string, licence: string) => `Network from ${origin}; licence: ${licence}.`,
  },
  inside: {
    title: "Inside the network, and fooling it",
    intro:
      "What does a network look at, and how little does it take to change its mind? Four ways to map which pixels an answer depends on, side by side — and the same maps with the network's top layers randomised, the sanity check: a map that barely changes explains the picture, not the network. Then an attack: a change of at most ε per pixel, found along the gradient, that turns the answer, against random noise of the same size that does not. Last, images the network itself dreams up for a class, and noise it calls a class with 99 % confidence.",
    loading: "Loading the network…",
    waiting:
      "Start the camera, or pick a sample or a photo: the maps show what the ImageNet network looks at.",
    noFineTuned:
      "There is no fine-tuned network yet: fine-tune one in the transfer lab (it stays in this tab), or load a file it exported.",
    noCnn:
      "There is no CNN yet: train one in the CNN lab (it stays in this tab), or load a .safetensors file it exported.",
    notLoaded: (why: string) => `The network could not be loaded: ${why}`,
    loaded: (layers: number, classes: number) => `A network of ${layers} layers and ${classes} classes.`,
    pickPicture: "Pick a picture first.",
    analysing: "analysing the picture",
    shown: (label: string) => `Judged against: ${label}.`,
    network: "Network",
    source: "network",
    sources: {
      cnn: "my CNN (from the CNN lab)",
      imagenet: "the ImageNet classifier",
      "fine-tuned": "my fine-tuned network (transfer lab)",
      yolo: "Yolo-Fastest's backbone (detection lab)",
      "tiny-face": "the TinyFaceDetector's network (detection lab)",
    },
    backboneNote:
      "A detector's network has no classes: the maps explain its top layer's strongest unit for the picture, and 'Every layer' below shows what its units respond to.",
    imageSet: (count: number) =>
      `The lab's image set: ${count} pictures — the samples, your transfer lab's pictures and the ones you add. 'Every layer' looks for dead maps and the strongest images in it.`,
    addPicture: "Add this picture to the set",
    drawHere: "or draw one: the network answers as you draw",
    drawNeedsDigits: "This network does not read 28 × 28 grey digits: pick a test image instead.",
    dataset: "test images",
    datasets: { mnist: "MNIST", "fashion-mnist": "Fashion-MNIST" },
    cnnFile: "or a file the lab exported (.safetensors)",
    backend: "backend",
    picture: "Picture",
    testIndex: "test image",
    randomImage: "Another test image",
    answer: "The network says",
    predicted: "the predicted class",
    trueClass: (label: string) => `the true class (${label})`,
    mapsTitle: "What the answer depends on",
    explainClass: "explain",
    randomised: "randomise the top layers (sanity check)",
    trainedMaps: "Maps of the trained network.",
    randomisedMaps: (layers: string) =>
      `Maps of a copy whose layers ${layers} have random weights: a method whose map hardly changed does not show what the network learned.`,
    methods: {
      gradient: "gradient (saliency)",
      deconvnet: "deconvnet",
      guided: "guided backprop",
      "grad-cam": "Grad-CAM",
    },
    attackTitle: "Fool it",
    attackKind: "attack",
    attacks: { fgsm: "FGSM (one step)", pgd: "PGD (iterated)", noise: "random ±ε (control)" },
    epsilon: "ε (largest change per pixel, of 1)",
    steps: "PGD steps",
    target: "target class (−1: any wrong class)",
    attack: "Attack",
    findSmallest: "Smallest ε",
    fullScreen: "Full screen",
    adversarial: "adversarial input",
    perturbation: "the change, amplified",
    after: "…and now says",
    searching: "Searching…",
    searchedUpTo: (epsilon: string) => `Searching… the answer holds up to ε = ${epsilon}.`,
    smallest: (epsilon: string, levels: string) =>
      `The answer changes from ε = ${epsilon} (${levels} grey levels of 255).`,
    noSmallest: "No ε up to 0.5 changes the answer with this attack.",
    layersTitle: "Every layer",
    layersNote: (images: number) =>
      `Each map of a layer for the picture (the first 64). Click one to project its strongest unit back to pixels — the deconvnet and guided backprop — beside the square of the input that unit can see. 'Find dead maps' runs the lab's first ${images} images through the network: a map that never fires on any of them is dead, outlined in red; many dead maps warn of too high a learning rate.`,
    layersNoImages:
      "Each map of a layer for the picture (the first 64). Click one to project its strongest unit back to pixels. Add pictures to the lab's set to find dead maps and the images a map likes most.",
    layer: "layer",
    findDead: "Find dead maps",
    dead: "dead: never fired on the lab's images",
    channel: (k: number) => `map ${k}: click to project its strongest unit to pixels`,
    noDead: (images: number) =>
      `No dead maps: every map fired on at least one of the lab's first ${images} images.`,
    deadIn: (list: string) => `Dead maps per layer: ${list}.`,
    field: "what the unit can see",
    filters: "The layer's filters",
    topImages: (count: number, over: number) =>
      `The ${count} of the lab's first ${over} images that excite the clicked map most, cropped to what its unit sees`,
    excites: (value: string) => `the unit's value: ${value}`,
    curveTitle: "Robustness curve",
    curveNote: (images: number) =>
      `Test accuracy of the CNN on its first ${images} test images against ε, for FGSM, PGD and random ±ε noise of the same size: the noise is the control that shows it is the gradient that fools the network.`,
    curveNeedsCnn: "The robustness curve needs a CNN and its test images: choose 'my CNN'.",
    measure: "Measure",
    stop: "Stop",
    transferTitle: "Does it transfer?",
    transferNote:
      "The attack chosen above, made on this network for the lab's images, then shown to a second network: the same one on another backend (only rounding differs), or another CNN you trained (another seed or architecture). If the second network is fooled too, the adversarial images carry something general, not a quirk of one set of weights.",
    second: "second network",
    secondFile: "another CNN (a .safetensors file from the CNN lab)",
    sameOn: (backend: string) => `this network on ${backend}`,
    anotherCnn: "another CNN (the file below)",
    thisNetwork: (backend: string) => `this network (${backend}), where the attack was made`,
    transferRun: "Attack and score both",
    clean: "accuracy before",
    afterAttack: "after the attack",
    transferCaption: (attack: string, epsilon: string, images: number, labelled: boolean) =>
      `${attack}, ε = ${epsilon}, on ${images} images; ${labelled ? "accuracy against their labels" : "agreement with this network's own answers on the clean pictures"}.`,
    transferNeedsImages: "There are no images to attack yet: add pictures to the lab's set.",
    chooseSecondFile: "Choose the second network's file first.",
    dreamTitle: "What the network wants to see",
    dreamNote:
      "Gradient ascent on the input, from grey noise: for a class's score, kept natural by jitter, blur and a pull towards grey; or, with none of them, a fooling image — noise the network calls the class with 99 % confidence.",
    objective: "make",
    objectives: {
      class: "what the class looks like to it",
      unit: "what the clicked map wants to see",
      fooling: "a fooling image",
    },
    clickMapFirst: "Click a map under 'Every layer' first: its mean is what the image is made for.",
    dreamedUnit: (steps: number, score: string) => `${steps} steps: the map's mean is ${score}.`,
    dreamClass: "class",
    stepSize: "step size",
    l2: "pull towards grey (L2)",
    jitter: "jitter (pixels)",
    blur: "blur σ (pixels)",
    dreamSteps: "steps",
    dream: "Dream it up",
    dreamed: (steps: number, score: string, probability: string, label: string) =>
      `${steps} steps: score ${score}, ${probability} ${label}.`,
  },
  autoencoder: {
    title: "Autoencoders",
    intro:
      "An autoencoder squeezes each digit into a code of a few numbers and draws it back from the code alone, so the code has to keep what matters. Trained on noisy digits against the clean ones it learns to remove noise (a denoising autoencoder); with a penalty on the code most units stay silent (a sparse one); with a code of two numbers every digit becomes a point of a plane, and every point of the plane a digit. The deck's claim that its codes help when labels are few is the next thing this lab measures.",
    start: "Making the network…",
    loading: "Loading the digits and making the network…",
    ready: (images: string) => `A fresh network; it trains on ${images} digits. Press Train.`,
    notMade: (why: string) => `The network could not be made: ${why}`,
    network: "Network",
    kind: "layers",
    kinds: { dense: "dense", conv: "convolutional (transposed convolutions back up)" },
    code: "code units",
    hidden: "hidden layer (0: none)",
    presets: { denoising: "Denoising", sparse: "Sparse", map: "2-D code" },
    noise: "Noise and sparsity",
    noiseKind: "noise on the input",
    noises: {
      none: "none",
      gaussian: "Gaussian",
      "salt-and-pepper": "salt and pepper",
      masking: "masking (pixels off)",
    },
    level: "noise level (σ, or the fraction hit)",
    sparsity: "sparsity penalty (L1 on the code)",
    learningRate: "learning rate (Adam)",
    epochs: "epochs per Train",
    chunks: "training digits (× 10 000)",
    testImages: "test digits scored",
    backend: "train on",
    train: "Train",
    training: "training",
    showing: "showing the network",
    decoding: "decoding",
    progress: (epochs: string, target: string, loss: string, psnr: string) =>
      `Epoch ${epochs} of ${target}: loss ${loss}, test PSNR ${psnr} dB.`,
    progressLoss: (epochs: string, target: string, loss: string) =>
      `Epoch ${epochs} of ${target}: loss ${loss}.`,
    paused: (epochs: string) => `Paused at epoch ${epochs}: Train goes on from here.`,
    trained: (epochs: string) => `Trained ${epochs} epochs: Train adds more.`,
    loss: "loss (binary cross-entropy)",
    psnrOut: "test PSNR of the reconstruction (dB)",
    psnrIn: "of the noisy input (dB)",
    rowInput: "goes in",
    rowOutput: "comes back",
    rowClean: "original",
    codeTitle: "The code",
    mapNeedsTwo: "With a code of 2 units every test digit is a point of a plane: choose 2-D code and train.",
    mapNote: (images: string) =>
      `The first ${images} test digits at their codes, coloured by class. Point anywhere to see what that code decodes to; click two digits to walk from one to the other.`,
    decodedHere: "decoded under the pointer",
    walkNote: "A walk between two test digits: their codes mixed in ten steps, each step decoded.",
    fromDigit: "from test digit",
    toDigit: "to test digit",
    walk: "Walk",
    trainFirst: "Train a network first.",
    noSuchDigit: (max: string) => `Choose test digits from 0 to ${max}.`,
    padTitle: "Draw a digit",
    padNote:
      "Draw a digit, or put a test digit on the pad and rub noise onto it with the noise brush: the network draws back what it makes of it.",
    brush: "brush",
    brushes: { ink: "ink", noise: "noise (salt and pepper)" },
    padDigit: "Put a test digit on the pad",
    featuresTitle: "What the first units respond to",
    featuresNote:
      "Each square is one unit's weights over the 28 × 28 pixels (white: positive, black: negative).",
    featuresDenseOnly: "Shown for a dense network; a convolutional one's first layer is 3 × 3 filters.",
    activeCode: (fraction: string) => `${fraction} of the code values on the test digits are above zero.`,
    fewTitle: "Few labels: does the code help?",
    fewNote: (counts: string, test: string) =>
      `The deck claims a linear SVM on an autoencoder's codes beats a CNN when labels are few. Measured here: with ${counts} labelled training digits per class, a linear SVM on this network's codes (it trained on every digit, without labels), a linear SVM on the raw pixels, and the CNN lab's network trained from scratch on the same digits, each scored on ${test} test digits. Left to right: more labels.`,
    fewRun: "Measure",
    stop: "Stop",
    fewTrainFirst: "Train the autoencoder an epoch first: its codes are what the first SVM learns from.",
    fewProgress: (done: string, total: string) => `${done} of ${total} points measured…`,
    fewDone: (done: string) => `${done} points measured.`,
    fewPerClass: "labels per class",
    fewCodes: "SVM on the codes",
    fewPixels: "SVM on the pixels",
    fewCnn: "CNN from scratch",
  },
  gan: {
    title: "GANs",
    intro:
      "A generative adversarial network is two networks in a contest: the generator turns random noise into points, the discriminator learns to tell them from real ones, and the generator learns from the discriminator's gradient how to fool it. Here they play on the plane, where everything can be seen: the discriminator's belief as a map (blue: real, orange: fake), the generator's noise square as a warped mesh, and the way the generator's loss pulls each point.",
    start: "Making the networks…",
    ready: "Fresh networks. Step one iteration, or Run.",
    notMade: (why: string) => `The networks could not be made: ${why}`,
    drawFirst: "Click the plane to draw the target's bumps.",
    target: "Target",
    targetKind: "target",
    targets: {
      one: "one bump",
      two: "two bumps",
      ring: "ring of eight",
      grid: "3 × 3 grid",
      drawn: "drawn by hand",
    },
    spread: "spread of each bump (σ)",
    presetNote: "Or choose 'drawn by hand' and click the plane.",
    drawNote: (bumps: string) => `${bumps} bumps drawn: click the plane to add one.`,
    tooManyBumps: (most: string) => `A target has at most ${most} bumps.`,
    clear: "Clear the drawing",
    networks: "Networks (both alike)",
    units: "units per hidden layer",
    layers: "hidden layers",
    generatorOptimiser: "generator optimiser",
    generatorRate: "generator learning rate",
    discriminatorOptimiser: "discriminator optimiser",
    discriminatorRate: "discriminator learning rate",
    optimisers: { sgd: "SGD", adam: "Adam" },
    dSteps: "discriminator steps per generator step",
    batch: "points per batch",
    step: "Step",
    run: "Run",
    show: "Show",
    showMap: "the discriminator's map",
    showMesh: "the generator's mesh",
    showArrows: "the pull on each point",
    backend: "train on",
    legendReal: "target's points,",
    legendFake: "generated points;",
    legendMap: "map: blue where the discriminator says real, orange where it says fake.",
    iterations: "iterations",
    distance: "distance to the target",
    modes: "modes covered",
    covered: (covered: string, modes: string) => `${covered} of ${modes}`,
    running: "Running: Pause stops, keeping what is trained.",
    stepping: "One iteration…",
    paused: (iterations: string) => `Paused after ${iterations} iterations: Run goes on from here.`,
    stepped: (iterations: string) => `${iterations} iterations.`,
    training: "training",
    discriminatorLoss: "discriminator's loss",
    generatorLoss: "generator's loss (−log D)",
    distanceSeries: "distance to the target",
    dcganTitle: "A DCGAN on digits",
    dcganNote:
      "The same contest on images: a generator of transposed convolutions with batch norm (noise → 7 × 7 → 14 × 14 → 28 × 28) against a convolutional discriminator, trained here in the page with Adam. On a laptop's CPU an iteration takes a fraction of a second; recognisable digits need thousands.",
    dcganNoise: "noise values per image",
    dcganFilters: "filters",
    dcganChunks: "training images (× 10 000)",
    dcganTrain: "Train the DCGAN",
    digitsStart: "Press Train: the digits load and the networks are made.",
    digitsLoading: "Loading the digits and making the networks…",
    digitsReady: (images: string) => `Fresh networks; they train on ${images} images.`,
    digitsProgress: (iterations: string) => `${iterations} iterations: Pause stops, keeping what is trained.`,
    dcganTrainFirst: "Train the DCGAN first.",
    digitsPaused: (iterations: string) => `Paused after ${iterations} iterations: Train goes on from here.`,
    dcganWalkTitle: "A walk between two noise vectors",
    dcganNewPair: "New pair",
    dcganPlaneTitle: "The noise plane",
    dcganPlaneNeedsTwo: "With 2 noise values per image the whole noise square is drawn as a plane of digits.",
    dcganPlaneNote:
      "The noise square from (−1, 1) at the top left to (1, −1) at the bottom right, each point generated.",
    l1Loss: "mean |generated − real| (L1)",
    pix2pixTitle: "pix2pix: from edges to a digit",
    pix2pixNote:
      "The deck's edges-to-photo at workshop scale. Each training pair is a digit and its edge map by a Sobel filter. The generator is a small U-Net: it goes down to 7 × 7 and back up, and each way up meets the way down at its size, so the edges' positions reach the output. The discriminator judges (edges, digit) pairs patch by patch (a PatchGAN: a 7 × 7 map of real-or-fake). The generator's loss adds 100 × the mean absolute difference to the real digit.",
    pix2pixTrain: "Train pix2pix",
    pix2pixGridNote:
      "Eight test digits: their edge maps, what the generator draws from them, and the real digits.",
    pix2pixPadTitle: "Draw edges",
    pix2pixPadNote:
      "Draw the outline of a digit: white lines on black, as the edge maps above. The digit drawn from them appears beside the pad.",
    pix2pixTestEdges: "Put a test digit's edges on the pad",
    pix2pixTrainFirst: "Train pix2pix first.",
    howTitle: "What one iteration does",
    how: "The discriminator takes the set number of steps, each on a batch of target points (labelled real) and generated points (labelled fake). Then the generator takes one step on −log D(G(z)) for a fresh batch of noise z: the gradient of that loss at each generated point — the arrows — flows back through the discriminator into the generator's weights. The distance compares histograms of 2,000 generated points and 2,000 target points on an 8 × 8 grid; a mode is covered when at least a quarter of its fair share of points lies near it.",
  },
  rnn: {
    title: "Recurrent networks",
    intro:
      "A plain RNN and an LSTM learn the same task side by side, and its answer depends on inputs many steps back. In the adding problem each step carries a number and a marker; two steps are marked, one in each half, and after the last step the network must give their sum. Predicting the mean sum scores an MSE of 1/6: the baseline, the dashed line. The second chart shows why one learns and the other does not: how much of the loss's gradient reaches each step back in time.",
    start: "Making the networks…",
    ready: "Fresh networks. Run trains both, in turns.",
    notMade: (why: string) => `The networks could not be made: ${why}`,
    task: "Task",
    taskKind: "task",
    tasks: { adding: "the adding problem", copy: "the copy task" },
    length: "sequence length (steps)",
    copyNote:
      "Copy: five symbols, then that many blanks, then a go marker; the network must repeat the symbols. Guessing scores 1/8.",
    addingNote: "Adding: the sum of the two marked numbers, read after the last step.",
    networks: "Networks (both alike)",
    hidden: "hidden units",
    rate: "learning rate (Adam)",
    batch: "sequences per batch",
    backend: "train on",
    run: "Run",
    running: "Running: Pause stops, keeping what is trained.",
    paused: (steps: string) => `Paused after ${steps} steps: Run goes on from here.`,
    training: "training",
    steps: "steps",
    rnnScore: "plain RNN's test score",
    lstmScore: "LSTM's test score",
    baseline: "baseline",
    mse: "MSE",
    accuracy: "share right",
    rnnLoss: "plain RNN",
    lstmLoss: "LSTM",
    baselineSeries: "baseline",
    lossTitle: "Training loss",
    gradientTitle: "log₁₀ ‖∂L/∂h‖ by steps before the last, in the latest step",
    digitsTitle: "Reading digits row by row",
    digitsNote:
      "An LSTM reads each 28 × 28 digit as a sequence of 28 rows, one row a step, and classifies it after the last row (sequence MNIST). The scan line shows the row being read; beside it the hidden state after each row read so far (one column per unit, white positive, black negative), and what the network would answer if the digit ended at that row. Trained here on 10,000 digits; from the command line, 3 epochs of the full set reach about 98 %.",
    digitsStart: "Train loads the digits and a fresh LSTM.",
    digitsLoading: "Loading the digits and making the network…",
    digitsTrain: "Train the digit reader",
    digitsNext: "Next digit",
    digitsReading: "the digit, read row by row",
    digitsHidden: "hidden state after each row",
    digitsClasses: "its answer after this row",
    digitsAccuracy: "test accuracy",
    numbersTitle: "Reading house numbers: a CNN with an LSTM on top",
    numbersNote:
      "The deck's Street View house numbers, at workshop scale: strips of one to five handwritten digits at a random size and spacing. A small CNN turns the strip into 28 columns of features; an LSTM reads them left to right and, at each column, names a digit or a blank. It is trained with CTC (connectionist temporal classification): the loss adds up every way of placing the number's digits on the columns, so nobody tells the network where each digit stands. Reading merges repeats and drops blanks. The score counts a strip only when the whole number is right. From the command line, 3,000 steps read about 90 % of held-out numbers whole.",
    numbersStart: "Train loads the digits and a fresh reader.",
    numbersLoading: "Loading the digits and making the reader…",
    numbersTrain: "Train the number reader",
    numbersNext: "Next strip",
    numbersReading: "a held-out strip, read column by column; under each column what the reader names there",
    numbersRead: (read: string, number: string) => `read so far: ${read || "–"} · the number: ${number}`,
    numbersAccuracy: "held-out numbers read whole",
    numbersLoss: "log₁₀ CTC loss",
    charsTitle: "Reading and writing text a character at a time",
    charsNote:
      "A plain RNN and an LSTM read a text one character a step and learn to predict the next one. The text is a list of English or Dutch words (from the spelling dictionaries' word lists, data/words/PROVENANCE.md), so the networks learn to invent words; or paste your own text, which stays in this browser. Perplexity: how many characters a network is as unsure between as if it chose evenly among that many; the grey line is what the characters' frequencies alone reach. A sequence is a window of the chosen length from a blank state: backpropagation through time reaches back that far.",
    charsStart: "Train loads the text and makes both networks.",
    charsLoading: "Loading the text and making the networks…",
    charsText: "text",
    charsTexts: { en: "English words", nl: "Dutch words", pasted: "text I paste" },
    charsPaste: "your text (it stays in this browser)",
    charsWindow: "window (characters)",
    charsTrain: "Train both",
    charsWrite: "Write again",
    charsTemperature: "temperature",
    charsChartTitle: "Training perplexity (e to the loss)",
    charsHeldOut: { rnn: "plain RNN's held-out perplexity", lstm: "LSTM's held-out perplexity" },
    charsBaseline: "characters' frequencies alone",
    charsWritten: "writing",
    charsArgmax: "the likeliest character each step:",
    charsSampled: (temperature: string) => `drawn at temperature ${temperature}:`,
    charsTraceTitle: "The LSTM reading held-out text",
    charsTraceNote:
      "Top: how likely the LSTM found each character before it came (orange: likely). Under each character: its hidden state, a row per unit (white positive, black negative), then the chosen unit's input, forget and output gates (white: open, black: shut). Click a row to choose its unit.",
    charsUnit: "unit",
    howTitle: "How it works",
    how: "Both networks read the sequence one step at a time: a hidden state of the chosen size carries what they keep. The plain RNN computes h = tanh(W·x + U·h₋₁ + b); the LSTM keeps a cell c as well, written through an input gate, kept through a forget gate and read through an output gate. The whole sequence runs in the worker (on WebGPU as one submission), and backpropagation through time goes back through every step. The gradient's norm is clipped at 1, Adam steps both networks. The same engine trains sequence MNIST (a digit read a row per step) from the command line: npm run cli -- rnn --task seq-mnist.",
  },
  compress: {
    title: "Compressing a network",
    intro:
      "Weight files are huge (the deck's VGG: 350 MB), so networks are compressed: prune the weights that matter least, share a few values per layer, store them as 8-bit integers or 16-bit floats, factor the matrices into two thin ones, and Huffman-code what is left. Each setting here is written to a real file, whose bytes are counted, whose decoded weights are scored on the test set, and whose inference is timed on every backend — so you see that smaller on disk is not the same as faster, and that a pruned network still computes every zero.",
    loading: "Loading the network…",
    noCnn:
      "There is no CNN yet: train one in the CNN lab (it stays in this tab), or pick a .safetensors or .pgcz file.",
    noNetwork: "Load a network first.",
    notLoaded: (why: string) => `The network could not be loaded: ${why}`,
    ready: "Choose a setting and press Compress; every setting becomes a point of the chart.",
    cnnLab: "the CNN lab's network",
    networkInfo: (name: string, parameters: string, bytes: string) =>
      `${name}: ${parameters} parameters, ${bytes} as float32.`,
    network: "Network",
    dataset: "dataset",
    backend: "prune, retrain and score on",
    fromCnn: "Use the CNN lab's network",
    file: "or a file (.safetensors, .pgcz)",
    pruning: "Pruning",
    pruningKind: "prune",
    prunings: {
      none: "nothing",
      unstructured: "the smallest weights of each layer",
      global: "the smallest weights of all layers",
      structured: "whole filters and neurons",
    },
    fraction: "fraction pruned",
    retrain: "retrain (epochs)",
    storage: "Storage",
    values: "weights as",
    storages: {
      f32: "float32",
      f16: "float16",
      int8: "int8, one scale per layer",
      "int8-channel": "int8, one scale per channel",
      shared: "shared values (k-means)",
    },
    bits: "bits per shared weight",
    tune: "fine-tune the shared values (epochs)",
    rank: "rank (0: not factored; 4,0,8: one a layer)",
    ranksFormat:
      "Write one rank for every layer (say 4), or one a layer separated by commas (4,0,8); 0 leaves a layer whole.",
    huffman: "Huffman coding",
    measure: "Measure",
    testImages: "test images scored",
    run: "Compress",
    stop: "Stop",
    deepCompression: "Deep Compression",
    download: "Download the file",
    compressing: "compressing",
    training: {
      retrain: (done: string, total: string) => `Retraining: ${done} of ${total} epochs…`,
      centroids: (done: string, total: string) =>
        `Fine-tuning the shared values: ${done} of ${total} epochs…`,
    },
    done: (bytes: string, accuracy: string) => `Written: ${bytes}, ${accuracy} on the test images.`,
    original: "float32 original",
    prunedLabel: (how: string, fraction: string) => `${fraction} pruned (${how})`,
    retrainedLabel: (epochs: string) => `retrained ${epochs} epochs`,
    tunedLabel: (epochs: string) => `values tuned ${epochs} epochs`,
    sharedLabel: (bits: number) => `${bits}-bit shared`,
    rankLabel: (ranks: string) => `rank ${ranks}`,
    setting: "setting",
    bytes: "bytes",
    ratio: "smaller by",
    accuracy: "test accuracy",
    zeros: "zero weights",
    int8Accuracy: "accuracy in int8",
    simdInt8: "SIMD int8",
    timeOn: (backend: string) => `${backend}, µs`,
    timesNote: (images: number) =>
      `Times are per image, the median of three passes classifying ${images} test images at once, with the weights the file decodes to: a pruned network still multiplies by every zero, and int8 here is stored and computed as int8.`,
    scalar: "scalar",
    chart: { size: "file size", accuracy: "test accuracy", front: "Pareto front", original: "float32" },
    deck: (original: string, best: string) =>
      `For scale, from the deck: VGG-16 is 350 MB, SqueezeNet 4–10 MB. Your network is ${original} as float32; the smallest file within 1 point of its accuracy so far is ${best}.`,
    tensorsTitle: "What each tensor costs",
    tensorsNote:
      "The latest setting's file, tensor by tensor: parameters, the values actually stored (fewer when sparse, two factors when low-rank) and bytes.",
    tensor: "tensor",
    parameters: "parameters",
    stored: "values stored",
    grows: (stored: string) => `${stored} — more than it had`,
    sensitivityTitle: "Each layer's sensitivity to pruning",
    sensitivityNote: (images: number) =>
      `Each curve prunes one layer alone, from 0 to 90 % of its weights, without retraining: test accuracy on ${images} images.`,
    sensitivityRun: "Measure the sensitivity",
    served: {
      title: "The served networks, compressed the same way",
      note: "The ImageNet classifier and Yolo-Fastest take the setting's pruning and storage (without retraining: their training data is not in your browser). Each is compared with itself uncompressed on the sample photos and the transfer lab's pictures: the classifier's top class, the detector's boxes (the same class, overlapping by IoU ≥ 0.5).",
      classifier: "ImageNet classifier (Darknet tiny)",
      detector: "Yolo-Fastest 1.1",
      model: "network",
      run: "Compress it with this setting",
      loading: "Loading and compressing the network…",
      setting: "setting",
      float32: "float32",
      bytes: "compressed",
      ratio: "smaller by",
      agreement: "answers kept",
      compared: (done: number, total: number, matched: number, reference: number) =>
        `${done} of ${total} pictures compared: ${matched} of ${reference} answers kept so far…`,
      agreed: (matched: number, reference: number, classifier: boolean) =>
        classifier
          ? `${matched} of ${reference} top classes the same`
          : `${matched} of ${reference} boxes found again`,
    },
  },
  backends: {
    chartsAppear: "Press Run: a chart per workload appears here, time against size for every backend.",
    title: "Is the GPU always better than the CPU?",
    intro:
      "The same work on every backend this browser gives the engine, at growing sizes: plain scalar loops, wasm SIMD (each build the engine has) and WebGPU. A GPU only pays off when the work is big enough to cover what it costs to get there: uploading the input, dispatching the kernels and reading the result back. Where that happens depends on your laptop, so measure it.",
    machineTitle: "Your machine",
    softwareAdapter:
      "Your WebGPU adapter is a software fallback (such as SwiftShader): a CPU pretending to be a GPU. Expect it to lose to wasm SIMD at every size; on a laptop with a real GPU the picture changes.",
    hardwareAdapter: "Your WebGPU adapter is a real GPU.",
    kernelsNote: ({ deep, large }: ProductKernels, remembered: boolean) =>
      `WebGPU multiplied deep matrices with the ${KERNELS_EN[deep]} kernel, and products of a million outputs or more with the ${KERNELS_EN[large]} one: the fastest of those the engine timed ${remembered ? "on this device on an earlier visit (kept in this browser since)" : "as it connected to this device (kept in this browser for later visits)"}.`,
    noWebgpu: (reason: string) => `No WebGPU here (${reason}), so only the CPU backends are compared.`,
    threadsNote: (threads: number) =>
      threads === 1
        ? "Every CPU backend runs on one core, in the engine's worker: the page stays responsive."
        : `The SIMD backend splits its work over ${threads} threads (the engine's worker and helpers beside it); the page stays responsive. Its series on fewer threads show how many cores are worth it.`,
    runTitle: "Measure",
    quick: "quick sweep (small sizes only)",
    run: "Run",
    stop: "Stop",
    howMeasured: (seconds: number) =>
      `Each point: one cold run (shader compilation, first touch of memory, shown apart), one warm-up, then timed runs; the medians are shown. A backend stops growing once its next size would take over ${seconds} s a run.`,
    measuring: (sweep: string, size: number, backend: string) => `${sweep}, size ${size}, on ${backend}…`,
    stopped: (done: number, total: number) => `Stopped after ${done} of ${total} points.`,
    done: (count: number) => `Done: ${count} measurements.`,
    tooSlow: (seconds: number) =>
      `skipped from here on: a run would take about ${formatNumber("en", seconds, 1)} s`,
    seriesNames: {
      scalar: "scalar",
      simd: (build: string) =>
        build === "relaxed-simd" ? "wasm SIMD (relaxed, FMA)" : "wasm SIMD (simd128)",
      simdThreads: (threads: number) =>
        `wasm SIMD (relaxed, FMA), ${threads} ${threads === 1 ? "thread" : "threads"}`,
      webgpu: "WebGPU (with transfers)",
    },
    computeOnly: "WebGPU compute only",
    kernelsOnly: "WebGPU kernels (GPU clock)",
    gpuWinsMarker: (size: number) => `GPU faster from ${size}`,
    sweeps: {
      matmul: { title: "Matrix multiplication n × n", axis: "n" },
      "conv-size": { title: "3×3 convolution, 32 channels, by image size", axis: "image side" },
      "conv-channels": { title: "3×3 convolution of a 32 × 32 image, by channels", axis: "channels" },
      "train-batch": { title: "One training step of the CNN lab's network, by batch", axis: "batch" },
      detector: { title: "One frame of a Tiny-YOLO-like detector, by input size", axis: "input side" },
    },
    gpuNotMeasured: "WebGPU was not measured here, so there is no crossover to show.",
    gpuAlways: "WebGPU was faster than the CPU at every size measured, transfers included.",
    gpuFrom: (axis: string, size: number) =>
      `On this machine WebGPU beats the best CPU backend from ${axis} = ${size} on, transfers included; below that, uploading, dispatching and reading back cost more than the work itself.`,
    gpuNever:
      "WebGPU never beat the best CPU backend in this sweep, transfers included: the work is too small for what it costs to get it to the GPU and back.",
    gpuNeverSoftware:
      "WebGPU never beat the best CPU backend in this sweep: your adapter is a CPU emulating a GPU, so it does the same work with more overhead.",
    kernelShare: (kernel: number, compute: number, axis: string, size: number) =>
      `By the GPU's own clock its kernels ran ${formatNumber("en", kernel, kernel < 1 ? 3 : 1)} ms of the ${formatNumber("en", compute, compute < 1 ? 3 : 1)} ms WebGPU took to compute at ${axis} = ${size}; the rest is recording, submitting and waiting for the work.`,
    simdVersusScalar: (ratio: number, axis: string, size: number) =>
      ratio >= 1.05
        ? `wasm SIMD computed ${formatNumber("en", ratio, 1)}× as fast as the scalar loops at ${axis} = ${size}: four lanes per instruction, and kernels that keep data in registers.`
        : ratio > 1 / 1.05
          ? `wasm SIMD and the scalar loops took about as long at ${axis} = ${size}: at this size the work is too small for vectors to pay off.`
          : `The scalar loops were ${formatNumber("en", 1 / ratio, 1)}× as fast as wasm SIMD at ${axis} = ${size}: at this size preparing the vector kernels' data costs more than the vectors save.`,
    running: "Measuring…",
    tableTitle: "The numbers",
    json: "Download JSON",
    csv: "Download CSV",
    columns: [
      "work",
      "size",
      "backend",
      "first run ms",
      "upload ms",
      "compute ms",
      "GPU kernels ms",
      "readback ms",
      "total ms",
      "GFLOP/s",
    ],
  },
  bench: {
    title: "Engine benchmark",
    intro:
      "The perf anchor's workloads (W1 matmul, W2 convolutions, W3 one training step of the MNIST CNN, W4 a Tiny-YOLOv2-like network) on this browser's best build (on every core, up to 8, where that build is the threaded one), warmed up for half a second, then the median of at least a second of repeats.",
    workloads: "Workloads",
    backends: "Backends",
    run: "Run",
    running: (workload: string, backend: string) => `Running ${workload} on ${backend}…`,
    done: (count: number) => `Done: ${count} measurements.`,
    columns: [
      "workload",
      "backend",
      "build",
      "threads",
      "device",
      "first ms",
      "median ms",
      "kernel ms",
      "GFLOP/s",
      "samples/s",
    ],
  },
};

export type Text = typeof en;

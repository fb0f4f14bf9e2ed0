// Generated from the Rust types by crate/src/wire/typescript.rs: do not edit. After changing a type,
// `UPDATE_WIRE=1 cargo test -p playground --lib wire` writes this file again.

export type Point = { x: number, y: number, 
/**
 * Class 0 or 1.
 */
label: number, };

/**
 * The square [min, max]² a dataset is drawn in.
 */
export type Domain = { min: number, max: number, };

export type DatasetKind = "and" | "or" | "xor" | "clouds" | "circles" | "gaussians" | "spiral";

export type DatasetRequest = { kind: DatasetKind, count: number, noise: number, seed: number, };

export type Dataset = { points: Array<Point>, domain: Domain, };

export type Activation = "linear" | "threshold" | "piecewise-linear" | "sigmoid" | "tanh" | "relu" | { "leaky-relu": number } | "relu6";

export type Perceptron = { weights: [number, number], bias: number, activation: Activation, };

/**
 * What one learning step did, in the order the page explains it.
 */
export type Update = { input: [number, number], target: number, weightedSum: number, output: number, error: number, 
/**
 * The factor between error and update: 1 for the perceptron rule, f′(s) for the delta rule.
 */
slope: number, deltaWeights: [number, number], deltaBias: number, };

/**
 * One step as the page shows it.
 */
export type Step = { sampleIndex: number, update: Update, state: TrainerState, };

export type TrainerState = { perceptron: Perceptron, 
/**
 * Completed epochs.
 */
epoch: number, 
/**
 * Points the perceptron gets wrong now.
 */
misclassified: number, 
/**
 * Misclassified points at the end of each completed epoch.
 */
errorsPerEpoch: Array<number>, };

export type PerceptronConfig = { activation: Activation, learningRate: number, points: Array<Point>, seed: number, };

export type MlpConfig = { 
/**
 * Neurons per hidden layer, input side first.
 */
hiddenLayers: Array<number>, activation: Activation, learningRate: number, batchSize: number, seed: number, };

export type MlpLabConfig = { network: MlpConfig, points: Array<Point>, trainFraction: number, };

/**
 * Loss and accuracy of the network on a set of points.
 */
export type Evaluation = { loss: number, accuracy: number, };

/**
 * A fully connected layer: `outputs` neurons, each with `inputs` weights and a bias.
 */
export type Layer = { inputs: number, outputs: number, 
/**
 * Row-major [outputs][inputs]: row o holds neuron o's incoming weights.
 */
weights: Array<number>, biases: Array<number>, activation: Activation, };

/**
 * The MLP as the page draws it; the page adds the neuron maps (sampled on its own grid).
 */
export type MlpSnapshot = { epoch: number, train: Evaluation, test: Evaluation, layers: Array<Layer>, };

/**
 * The points a fresh MLP trains and is tested on.
 */
export type Split = { train: Array<Point>, test: Array<Point>, };

export type EngineBackend = "scalar" | "simd" | "webgpu";

/**
 * One kind of work at one size.
 */
export type Work = { "kind": "matmul", size: number, } | { "kind": "conv3x3", size: number, channels: number, } | { "kind": "separable-conv", size: number, channels: number, } | { "kind": "train-step", batch: number, } | { "kind": "detector-frame", size: number, };

/**
 * One timed workload. Unlike everything else that crosses to the page, its keys are snake_case: it is the
 * benchmark's record, written to the JSON files the results pages and the Python anchor
 * (scripts/gpu-bench/torch_anchor.py) read.
 */
export type Measurement = { workload: string, backend: string, build: string, 
/**
 * Threads the backend computed on.
 */
threads: number, 
/**
 * The first compute, cold: pipeline creation, shader compilation, first touch of memory.
 */
first_ms: number, 
/**
 * The compute, warm (the median of the timed runs, as all the times below).
 */
median_ms: number, 
/**
 * The compute, warm, by the device's own clock where it has one (GPU timestamps around the compute
 * passes): the time its kernels ran, without recording, submitting and waiting for them.
 */
kernel_ms: number | null, 
/**
 * Writing the input into the backend's buffer (host to GPU for WebGPU, a copy for the CPU backends).
 */
upload_ms: number, 
/**
 * Reading the result back (GPU to host for WebGPU).
 */
readback_ms: number, 
/**
 * From the compute; for training, the usual estimate of three forward passes' FLOPs.
 */
gflops: number, 
/**
 * Training workloads: images per second.
 */
samples_per_s: number | null, repeats: number, };

/**
 * How a product deeper than `SHALLOW_DEPTH`, and a convolution's implicit GEMM, are multiplied. Which is
 * faster depends on the adapter, so `autotune` times both when the backend first connects to one.
 */
export type ProductKernel = "staged" | "unstaged" | "wide";

/**
 * The kernels deep products run on an adapter: one for the others, one for the large.
 */
export type ProductKernels = { deep: ProductKernel, large: ProductKernel, };

/**
 * The kernels chosen for one adapter, for the page to keep so later visits skip the autotune.
 */
export type TunedKernels = { 
/**
 * The adapter and the product kernels' source: the choice holds for these alone, so a new driver or
 * a changed kernel tunes afresh.
 */
key: string, kernels: ProductKernels, 
/**
 * Whether the kernels came from an earlier connection instead of this one's autotune.
 */
remembered: boolean, };

export type PoolKind = "max" | "average";

export type ConvBlock = { 
/**
 * Output channels.
 */
filters: number, 
/**
 * 3 or 5.
 */
kernel: number, pooling: PoolKind, 
/**
 * SqueezeNet's Fire module instead of one convolution: a 1×1 "squeeze" to a quarter of `filters`, then
 * a 1×1 and a `kernel`×`kernel` "expand" of half the filters each, side by side (files from before it
 * have none).
 */
fire: boolean, };

/**
 * What the user edits: the network's architecture.
 */
export type CnnSpec = { 
/**
 * Side of the square input image.
 */
side: number, channels: number, classes: number, blocks: Array<ConvBlock>, activation: Activation, 
/**
 * Units of the optional hidden dense layer.
 */
hidden: number | null, };

/**
 * One layer as the page lists it: its output shape, parameters and forward FLOPs per image.
 */
export type LayerSummary = { name: string, 
/**
 * [height, width, channels], or [units] for dense layers.
 */
output: Array<number>, parameters: number, flops: number, };

export type Optimiser = { "kind": "sgd", learningRate: number, momentum: number, } | { "kind": "adam", learningRate: number, 
/**
 * The first moment's decay: 0.9 as Kingma and Ba's default; GANs take 0.5, so that the momentum
 * follows an opponent that moves (Radford et al.).
 */
beta1: number, };

/**
 * Random digit augmentation for training: a rotation, shift, scale and shear drawn per image.
 */
export type DigitAugmentation = { maxDegrees: number, maxShift: number, maxScale: number, maxShear: number, };

export type TrainingConfig = { batch: number, optimiser: Optimiser, 
/**
 * Random rotation, shift, scale and shear of each training image, when set.
 */
augmentation: DigitAugmentation | null, seed: number, };

export type TrainReport = { 
/**
 * Sub-batches this call trained (a step is one or more).
 */
subBatches: number, 
/**
 * The loss and accuracy of the last sub-batch trained.
 */
loss: number, batchAccuracy: number, 
/**
 * Epochs done, fractional.
 */
epoch: number, steps: number, samples: number, };

/**
 * The test set's loss, accuracy, confusion counts (`confusion[actual][predicted]`) and each image's prediction.
 */
export type CnnEvaluation = { 
/**
 * The backend that computed it, by name (`Backend::name`).
 */
backend: string, loss: number, accuracy: number, 
/**
 * The same weights' accuracy on training images, where `evaluate_with_training` measured it: what
 * the test accuracy falls short of is how far the network overfits.
 */
trainAccuracy: number | null, confusion: Array<Array<number>>, };

/**
 * A named tensor for the page to draw: feature maps [h, w, c], filters [k, k, in, out], probabilities.
 */
export type NamedMap = { name: string, shape: Array<number>, values: Array<number>, };

export type ColourSpace = "grey" | "hsv" | "y-cb-cr";

/**
 * One augmentation with its parameters, as the preview grid shows them.
 */
export type Augmentation = { "kind": "flip-horizontal" } | { "kind": "flip-vertical" } | { "kind": "rotate", degrees: number, } | { "kind": "translate", dx: number, dy: number, } | { "kind": "crop", x: number, y: number, fraction: number, } | { "kind": "distort", shear: number, scaleX: number, scaleY: number, } | { "kind": "colour-cast", red: number, green: number, blue: number, } | { "kind": "colour-space", space: ColourSpace, } | { "kind": "relight", brightness: number, contrast: number, gamma: number, };

/**
 * How a served model is stored.
 */
export type Files = { "kind": "darknet", cfg: string, weights: string, names: string, } | { "kind": "tiny-face", manifest: string, } | { "kind": "layers-model", model: string, labels: string, };

export type ServedModel = { id: string, title: string, 
/**
 * The folder under `static-models/` (and under the originals' folder).
 */
folder: string, files: Files, origin: string, licence: string, };

export type Thresholds = { 
/**
 * Boxes scoring at most this are dropped.
 */
confidence: number, 
/**
 * A box overlapping a better one by more than this IoU is dropped.
 */
nmsIou: number, };

export type DetectorInfo = { classes: Array<string>, defaultSize: number, defaults: Thresholds, };

/**
 * A detected object, its box in image pixels: [left, top, width, height].
 */
export type DetectedBox = { class: string, score: number, boxXywh: [number, number, number, number], };

/**
 * A head's grid of cells: each cell's highest objectness over its anchors, row by row.
 */
export type DetectionGrid = { rows: number, cols: number, anchors: number, objectness: Array<number>, };

/**
 * Milliseconds per stage of one detection.
 */
export type StageTimes = { preprocessMs: number, networkMs: number, decodeMs: number, };

/**
 * What the core found in a frame; the page adds its own timing and the frame's size.
 */
export type Frame = { detections: Array<DetectedBox>, times: StageTimes, grids: Array<DetectionGrid> | null, };

/**
 * One of a classifier's most probable classes.
 */
export type RankedClass = { 
/**
 * The class's output index.
 */
index: number, label: string, probability: number, };

/**
 * What the transfer lab's classifier made of one image: its most probable ImageNet classes, the
 * features at the cut, and each trained head's class scores (in the order the heads were trained).
 */
export type ClassifiedImage = { top: Array<RankedClass>, features: Array<number>, headScores: Array<Array<number>>, 
/**
 * The network's time, from the image in to its probabilities and features read back.
 */
networkMs: number, };

/**
 * A layer the network can be cut at; its features are its `channels` maps' means.
 */
export type CutPoint = { layer: number, kind: string, height: number, width: number, channels: number, };

/**
 * Where the classifier can be cut, and the deck's choice among them.
 */
export type CutPoints = { points: Array<CutPoint>, defaultCut: number, };

export type Metric = "euclidean" | "cosine";

/**
 * Which head to train, with its knob.
 */
export type HeadSpec = { "kind": "svm", c: number, } | { "kind": "softmax", c: number, } | { "kind": "knn", k: number, metric: Metric, };

/**
 * How a head did on labelled examples.
 */
export type HeadEvaluation = { 
/**
 * Fraction right; 0 without examples.
 */
accuracy: number, 
/**
 * `confusion[truth][predicted]`: how many examples of class `truth` the head called `predicted`.
 */
confusion: Array<Array<number>>, 
/**
 * The class predicted for each example, in the examples' order.
 */
predictions: Array<number>, };

/**
 * A head trained on the attendee's examples, and how it did.
 */
export type HeadReport = { spec: HeadSpec, trainAccuracy: number, validation: HeadEvaluation, trainMs: number, };

/**
 * Which pretrained layers stay as they are.
 */
export type Freeze = "pretrained" | "all-but-top" | "nothing";

/**
 * The fine-tuned network's shape and training choices.
 */
export type FineTuneSpec = { 
/**
 * The last pretrained layer kept.
 */
cut: number, classes: number, 
/**
 * Units of the extra hidden dense layer before the new classifier, if any.
 */
hidden: number | null, freeze: Freeze, 
/**
 * The pretrained layers' learning rate as a fraction of the new layers'.
 */
pretrainedRate: number, 
/**
 * Seeds the new layers' initial weights.
 */
seed: number, };

/**
 * How the fine-tuning trains.
 */
export type FineTuneTraining = { 
/**
 * The new layers' learning rate (Adam); the pretrained ones' is `spec.pretrained_rate` of it.
 */
learningRate: number, batch: number, augment: boolean, seed: number, };

/**
 * One epoch of fine-tuning: its mean training loss (none before the first), the accuracy on the training
 * images and on the held-out ones, and the time it took.
 */
export type FineTuneReport = { epoch: number, loss: number | null, trainAccuracy: number, validation: HeadEvaluation, epochMs: number, };

/**
 * A fine-tuned network: how it was made and its outputs' names.
 */
export type FineTunedInfo = { spec: FineTuneSpec, classes: Array<string>, };

/**
 * One class's probability in every window of an image, as `Classifier::windows` slides them.
 */
export type WindowMap = { rows: number, columns: number, 
/**
 * The window's side and the step between windows, in the image's pixels.
 */
window: number, stride: number, 
/**
 * Row by row, top to bottom.
 */
probabilities: Array<number>, };

/**
 * A sliding-window scan and the time it took.
 */
export type ScannedWindows = { map: WindowMap, ms: number, };

/**
 * One node of the subject as the page lists it.
 */
export type LayerInfo = { name: string, 
/**
 * The node's index in the graph (the same at every batch size).
 */
node: number, height: number, width: number, channels: number, };

/**
 * Where a backward pass starts.
 */
export type Target = { "kind": "class", class: number, } | { "kind": "unit", node: number, index: number, } | { "kind": "channel", node: number, channel: number, };

export type Attribution = { "kind": "gradient" } | { "kind": "deconvnet" } | { "kind": "guided" } | { "kind": "grad-cam", node: number, };

/**
 * A map over an image or a layer: [height, width, channels].
 */
export type Explanation = { height: number, width: number, channels: number, values: Array<number>, };

export type AttackKind = "fgsm" | "pgd" | "noise";

export type Attack = { kind: AttackKind, epsilon: number, 
/**
 * PGD's steps (the others take one).
 */
steps: number, };

export type DreamSettings = { 
/**
 * Each step moves the image by this times the gradient over its mean magnitude.
 */
stepSize: number, 
/**
 * Each step pulls the image this fraction of the way to grey (0.5).
 */
l2: number, 
/**
 * The largest random shift in pixels, each step.
 */
jitter: number, 
/**
 * The blur's σ in pixels (0: none), applied every `blur_every` steps.
 */
blur: number, blurEvery: number, };

export type Objective = { "kind": "maximise", target: Target, } | { "kind": "probability", class: number, };

/**
 * The network the inside lab looks into: its layers, its classes (the top node's values), its input shape
 * and the layers with weights, bottom to top (what the sanity check randomises from the top).
 */
export type InsideInfo = { layers: Array<LayerInfo>, 
/**
 * The top node's values per image: a classifier's classes (a detector's backbone has no class names).
 */
classes: number, classNames: Array<string>, height: number, width: number, channels: number, weightedLayers: Array<string>, 
/**
 * Images the lab holds: a CNN's test set, or the samples and pictures added to a served network's set.
 */
images: number, 
/**
 * Whether the images' labels are true ones (a test set's), not the network's own answers.
 */
labelled: boolean, };

/**
 * An input after an attack, and each class's probability for it.
 */
export type Attacked = { adversarial: Array<number>, probabilities: Array<number>, };

/**
 * Adversarial inputs made on one network, scored on a second: accuracy on `images` of the lab's images
 * (against their labels) before and after the attack, on both networks.
 */
export type Transferred = { images: number, clean: number, adversarial: number, secondClean: number, secondAdversarial: number, };

/**
 * An image being dreamed up: where it is, the objective's score at the last step, and the steps taken.
 */
export type Dreamed = { image: Array<number>, score: number, steps: number, probabilities: Array<number>, };

/**
 * A layer's weights: [kernel_h, kernel_w, in / groups, out] for a convolution, [in, out] for a dense layer.
 */
export type Filters = { shape: Array<number>, values: Array<number>, };

/**
 * One of the images that excite a unit most: which, how much, and where in the unit's map.
 */
export type TopImage = { index: number, value: number, y: number, x: number, };

export type Pruning = { "kind": "unstructured", fraction: number, global: boolean, } | { "kind": "structured", fraction: number, };

/**
 * How each tensor's values are stored.
 */
export type ValueCoding = { "kind": "f32" } | { "kind": "f16" } | { "kind": "int8", perChannel: boolean, } | { "kind": "shared", bits: number, };

/**
 * How a network's file is written: the choices the command line's flags and the page's controls make.
 */
export type Encoding = { values: ValueCoding, 
/**
 * Weight matrices stored as rank-r factors (a convolution's filters reshaped to a matrix first): a rank
 * per weight tensor, in order (0: not factored); one rank alone is every tensor's; none, none factored.
 */
ranks: Array<number>, 
/**
 * Huffman-code the byte streams: sparse positions, int8 values, shared indices.
 */
huffman: boolean, };

/**
 * One setting of the lab's controls (of the command line's flags).
 */
export type Setting = { pruning: Pruning | null, 
/**
 * Epochs of retraining after pruning (a fraction of one too); none without pruning.
 */
retrainEpochs: number, 
/**
 * Epochs of fine-tuning the shared values (Deep Compression's trained quantisation); only with shared
 * values.
 */
centroidEpochs: number, encoding: Encoding, };

/**
 * What one tensor costs in a file: its parameters, the values stored for them (fewer when sparse, fewer
 * or more when low-rank) and its bytes.
 */
export type TensorSize = { name: string, parameters: number, stored: number, bytes: number, };

/**
 * What a setting's file is worth.
 */
export type Outcome = { bytes: number, float32Bytes: number, testAccuracy: number, float32TestAccuracy: number, 
/**
 * What the file decodes to, computed in int8 on the SIMD backend (`SimdInt8`).
 */
int8TestAccuracy: number, 
/**
 * The fraction of weights (biases aside) that are zero in what the file decodes to.
 */
zeroWeights: number, testImages: number, tensors: Array<TensorSize>, };

/**
 * One of the network's tensors, as the page lists them.
 */
export type CompressTensor = { name: string, shape: Array<number>, 
/**
 * A weight (pruned, shared, factored), not a bias.
 */
weight: boolean, };

/**
 * The compression lab's network: its architecture, tensors, float32 file size and test images.
 */
export type CompressInfo = { spec: CnnSpec, tensors: Array<CompressTensor>, float32Bytes: number, testImages: number, };

/**
 * A served network compressed: its bytes stored so, and as float32.
 */
export type ServedSize = { bytes: number, float32Bytes: number, };

/**
 * A served network and its compressed copy on one picture: of the original's answers (the classifier's
 * top class, or the detector's boxes), how many the copy gives too (the same class; a box of the same class
 * at IoU ≥ 0.5), and the classifier's two top classes.
 */
export type ServedComparison = { reference: number, matched: number, answers: Array<string>, };

export type AutoencoderKind = { "kind": "dense", hidden: Array<number>, } | { "kind": "conv", filters: [number, number], };

export type AutoencoderSpec = { 
/**
 * Code units.
 */
code: number, 
/**
 * ReLU codes (what a sparsity penalty acts on) instead of linear ones.
 */
reluCode: boolean, } & ({ "kind": "dense", hidden: Array<number>, } | { "kind": "conv", filters: [number, number], });

/**
 * How a digit is corrupted before the encoder sees it.
 */
export type NoiseKind = "gaussian" | "salt-and-pepper" | "masking";

export type Noise = { kind: NoiseKind, 
/**
 * The standard deviation (Gaussian) or the fraction of pixels hit, in [0, 1].
 */
level: number, };

export type AutoencoderTraining = { batch: number, optimiser: Optimiser, 
/**
 * The corruption of each training input (and of the test inputs evaluation scores); none: a plain
 * autoencoder.
 */
noise: Noise | null, 
/**
 * The weight of the L1 penalty on the code (a sparse autoencoder); 0 for none.
 */
sparsity: number, seed: number, };

/**
 * How well the test images come back: per image means over the images scored.
 */
export type AutoencoderEvaluation = { 
/**
 * The reconstruction's squared error against the clean image, and its PSNR (dB).
 */
mse: number, psnr: number, 
/**
 * The same for the noisy input itself, when training adds noise: what denoising has to beat.
 */
noisyMse: number | null, noisyPsnr: number | null, 
/**
 * The fraction of code values above zero (with ReLU codes, the active units).
 */
activeCode: number, images: number, };

/**
 * The first test images, each clean, as the encoder sees it and as it comes back ([count, 28 × 28] each),
 * with the PSNR of the input and of the reconstruction against the clean image.
 */
export type AutoencoderSamples = { clean: Array<number>, inputs: Array<number>, outputs: Array<number>, inputPsnr: Array<number>, outputPsnr: Array<number>, };

/**
 * Test images' codes ([count, code]) and labels.
 */
export type CodeMap = { code: number, codes: Array<number>, labels: Array<number>, };

/**
 * Test accuracy of the three with `per_class` labelled digits per class (`labelled` in all).
 */
export type FewLabelsPoint = { perClass: number, labelled: number, svmOnCodes: number, svmOnPixels: number, cnn: number, };

/**
 * A mixture of equal Gaussians in the plane, all of one spread.
 */
export type Mixture = { centres: Array<[number, number]>, spread: number, };

export type GanTraining = { generator: Optimiser, discriminator: Optimiser, 
/**
 * Discriminator steps per generator step.
 */
dSteps: number, batch: number, seed: number, };

export type DcganSpec = { 
/**
 * Noise values per image (2: the samples form a plane that can be drawn).
 */
noise: number, 
/**
 * Filters of the generator's 14 × 14 layer and the discriminator's first; the 7 × 7 layers have twice.
 */
filters: number, };

export type Pix2pixSpec = { 
/**
 * Filters of the 14 × 14 layers; the 7 × 7 ones have twice.
 */
filters: number, };

export type DigitGanSpec = { "kind": "dcgan" } & DcganSpec | { "kind": "pix2pix" } & Pix2pixSpec;

/**
 * The networks as the lab draws them.
 */
export type PlaneGanView = { 
/**
 * D(x), the probability of "real", at the centres of a `cells` × `cells` grid over the square, row by
 * row from the top (largest y).
 */
discriminator: Array<number>, cells: number, 
/**
 * The generator's image of a `mesh_lines` × `mesh_lines` grid of noise over [−1, 1]², row by row from
 * the top, as x, y pairs: the noise square as the generator warps it.
 */
mesh: Array<number>, meshLines: number, 
/**
 * Points of the target and generated points (`SHOWN_POINTS` each, x, y pairs).
 */
real: Array<number>, fakes: Array<number>, 
/**
 * Where the generator's loss pushes each fake point: minus the gradient of −log D at it.
 */
pull: Array<number>, 
/**
 * The histogram distance to the target, and the target's modes the generator covers
 * (`modes_covered`), on `VIEW_POINTS` points.
 */
distance: number, modesCovered: number, modes: number, iterations: number, };

/**
 * A recurrent cell: how one step's pre-activations z (the input's projection plus the last hidden state
 * times the recurrent weight) become the next hidden state.
 */
export type Cell = "rnn" | "lstm";

export type RecurrentSpec = { cell: Cell, hidden: number, layers: number, };

export type MemoryTask = { "kind": "adding", length: number, } | { "kind": "copy", length: number, };

export type SequenceTraining = { optimiser: Optimiser, batch: number, 
/**
 * The gradients' joint norm is clipped to this (Pascanu et al. 2013): an exploding gradient then
 * takes a bounded step instead of throwing the weights far. Zero: no clipping.
 */
clip: number, seed: number, };

/**
 * A held-out window read character by character by the RNN lab's character model.
 */
export type CharTrace = { characters: string, 
/**
 * The hidden state after each character, [steps, hidden].
 */
hidden: Array<number>, 
/**
 * An LSTM's input, forget and output gates after each character, [steps, 3, hidden]; empty for an RNN.
 */
gates: Array<number>, 
/**
 * The probability the network gave each character but the first, read before it came.
 */
expected: Array<number>, };

/**
 * A held-out house-number strip read column by column (`HouseNumberLab::trace`).
 */
export type NumberTrace = { 
/**
 * The strip's pixels in [0, 1], [height, width] row by row.
 */
pixels: Array<number>, height: number, width: number, 
/**
 * The number the strip shows, a digit at a time.
 */
digits: Array<number>, 
/**
 * Each column's probabilities of the ten digits and, last, the blank, [columns, 11].
 */
probabilities: Array<number>, 
/**
 * What the network reads: each column's likeliest class, repeats merged and blanks dropped.
 */
read: Array<number>, 
/**
 * How many of those digits are read by the end of each column.
 */
readAfter: Array<number>, };

/**
 * Why a stack cannot be built or trained: a code with its parameters, which the page words in its own language
 * (web/src/i18n: `problems`), and an English sentence (`Display`) for the CLI and the tests.
 */
export type SpecError = { "code": "kernel-not-offered", block: number, kernel: number, } | { "code": "filter-count", block: number, filters: number, max: number, } | { "code": "too-small-to-pool", block: number, side: number, } | { "code": "hidden-units", units: number, max: number, } | { "code": "batch-size", batch: number, max: number, };

export type DarknetError = { "code": "cfg-needs-option", line: number, section: string, key: string, } | { "code": "cfg-not-a-number", line: number, key: string, value: string, } | { "code": "cfg-not-a-list", line: number, key: string, value: string, } | { "code": "cfg-activation", line: number, activation: string, } | { "code": "cfg-option-outside-section", line: number, } | { "code": "cfg-line", line: number, found: string, } | { "code": "cfg-later-layer", line: number, layer: number, refers: number, } | { "code": "cfg-not-positive", line: number, keys: string, } | { "code": "cfg-grouped-route", line: number, } | { "code": "cfg-mask-without-anchor", line: number, mask: number, } | { "code": "cfg-anchor-count", line: number, } | { "code": "cfg-coords", line: number, } | { "code": "cfg-unknown-layer", line: number, name: string, } | { "code": "cfg-odd-anchors", line: number, } | { "code": "cfg-no-net" } | { "code": "cfg-no-layers" } | { "code": "layer-groups", layer: number, kind: string, channels: number, filters: number, groups: number, } | { "code": "layer-kernel", layer: number, kind: string, size: number, height: number, width: number, } | { "code": "layer-route-sizes", layer: number, kind: string, first: number, other: number, } | { "code": "layer-shortcut-shape", layer: number, kind: string, from: number, } | { "code": "layer-upsample", layer: number, kind: string, stride: number, } | { "code": "layer-head-channels", layer: number, kind: string, channels: number, anchors: number, classes: number, } | { "code": "weights-header", bytes: number, } | { "code": "weights-not-floats", bytes: number, } | { "code": "weights-count", available: number, needed: number, endsIn: number | null, } | { "code": "parameter-count", given: number, layers: number, } | { "code": "parameter-sizes", layer: number, weights: number, biases: number, expectedWeights: number, expectedBiases: number, } | { "code": "no-heads" } | { "code": "too-few-names", classes: number, names: number, } | { "code": "input-size", size: number, };

/**
 * What is wrong with a weights file an attendee brings: a code with parameters the page words in its own
 * language (web/src/i18n: `problems`), and English for the command line (`Display`).
 */
export type SafetensorsError = { "code": "not-safetensors" } | { "code": "not-ours" } | { "code": "wrong-format", format: string, expected: string, } | { "code": "architecture", detail: string, } | { "code": "missing-tensor", name: string, } | { "code": "tensor-shape", name: string, dtype: string, stored: Array<number>, needed: Array<number>, } | { "code": "tensor-data", name: string, } | { "code": "compressed", detail: string, } | SpecError;

/**
 * What went wrong in a lab, beside the models' own problems: a code with parameters the page words in its
 * own language (web/src/i18n: `problems`), and English for the command line (`Display`).
 */
export type LabProblem = { "code": "mlp-diverged", learningRate: number, } | { "code": "training-diverged", loss: number, step: number, restored: boolean, } | { "code": "gpu-lost", reason: string, steps: number | null, } | { "code": "served-model-damaged", model: string, detail: string, } | { "code": "text-too-short", needed: number, got: number, };

/** Every problem the core reports, by its `code`. */
export type Problem = SpecError | DarknetError | SafetensorsError | LabProblem;

/** The limits the core enforces, for the page to check its fields against before asking. */
export const LIMITS = {
  mlpHiddenLayers: 6,
  mlpNeuronsPerLayer: 16,
  cnnFilters: 128,
  cnnHidden: 1024,
  cnnBatch: 1024,
  autoencoderCode: 2048,
  autoencoderBatch: 1024,
  ganBatch: 1024,
  ganDSteps: 10,
  ganCentres: 64,
  ganUnits: 256,
  ganLayers: 4,
  dcganNoise: 256,
  dcganFilters: 256,
  rnnHidden: 512,
  rnnLayers: 4,
  rnnLength: 1000,
  rnnBatch: 256,
} as const;

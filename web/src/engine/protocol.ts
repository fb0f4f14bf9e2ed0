// The typed message protocol between the page (client.ts) and the engine worker (worker.ts).
//
// Every call is a request with an id; the worker answers with exactly one `result` or `error` for it, and
// long jobs send `progress` messages before that. A `cancel` asks a job to finish early: it then resolves
// with its partial result. A Rust panic aborts the wasm instance, so the worker reports it as `fatal` and
// the client starts a fresh worker.

import type {
  CharTrace,
  NumberTrace,
  Problem as CoreProblem,
  Attack,
  Attacked,
  Augmentation,
  Dreamed,
  DreamSettings,
  Explanation,
  Filters,
  InsideInfo,
  TopImage,
  Transferred,
  Attribution,
  CompressInfo,
  AutoencoderEvaluation,
  AutoencoderSamples,
  AutoencoderSpec,
  AutoencoderTraining,
  CodeMap,
  FewLabelsPoint,
  DigitGanSpec,
  GanTraining,
  Cell,
  MemoryTask,
  RecurrentSpec,
  SequenceTraining,
  Optimiser,
  Mixture,
  PlaneGanView,
  Encoding,
  Outcome,
  Pruning,
  ServedComparison,
  ServedSize,
  Setting,
  Objective,
  Target,
  CnnEvaluation,
  CnnSpec,
  Dataset,
  DatasetRequest,
  DetectorInfo,
  DigitAugmentation,
  Domain,
  EngineBackend,
  Frame,
  LayerSummary,
  Measurement,
  MlpSnapshot,
  NamedMap,
  PerceptronConfig,
  Point,
  ClassifiedImage,
  CutPoints,
  FineTuneReport,
  FineTuneSpec,
  FineTuneTraining,
  FineTunedInfo,
  HeadReport,
  HeadSpec,
  ScannedWindows,
  ServedModel,
  StageTimes,
  Step,
  TrainReport,
  TrainerState,
  TrainingConfig,
  Work,
  MlpLabConfig as CoreMlpLabConfig,
  TunedKernels,
} from "./wire";

// The types of everything that crosses from Rust are generated from the Rust types (wire.ts); the ones
// here are the page's own, or add what the worker adds on its side.
export type * from "./wire";

/** A compressed setting: what its file is worth, the epochs it was retrained (fewer than asked when
 * stopped), and its inference time per backend (or why it could not be timed there). */
export interface CompressedSetting extends Outcome {
  retrainedEpochs: number;
  tunedEpochs: number;
  timings: { backend: TimedBackend; msPerImage?: number; error?: string }[];
}

/** What the compression lab times a file on: each backend, and int8 inference on the SIMD backend. */
export type TimedBackend = EngineBackend | "simd-int8";

/** Where the autoencoder's training stands: epochs done (with the fraction of the current one), the last
 * batch's loss, and the test scores when this report ended an epoch (or training). */
export interface AutoencoderProgress {
  epochs: number;
  loss: number;
  evaluation?: AutoencoderEvaluation;
}

/** The plane GAN's training since the last report: each iteration's losses (discriminator, generator, …),
 * and the networks as they are when this report brings a view. */
/** The losses of the iterations since the last report, and the networks as they are after them. */
export interface GanPlaneProgress {
  losses: Float32Array;
  view: PlaneGanView;
}

export type DigitGanKind = DigitGanSpec["kind"];

/** A reader's training since its last report (the digit reader's, or the house-number reader's, an LSTM
 * each): each step's loss and gradient norm in turn, the steps so far, and the test accuracy when this
 * report brings it. */
export interface ReaderProgress {
  cell: Cell;
  values: Float32Array;
  steps: number;
  accuracy?: number;
}

/** A test digit read row by row: its pixels [28 × 28], the hidden state after each row [28, hidden] and
 * the class probabilities after each row [28, 10]. */
export interface DigitTrace {
  pixels: Float32Array;
  hidden: Float32Array;
  probabilities: Float32Array;
}

/** One network's training on a memory task since its last report: each step's loss and gradient norm
 * before clipping, in turn; the steps so far; and, when this report brings them, the test score and the
 * gradient's norm by lag (the last step first). */
export interface RnnProgress {
  cell: Cell;
  values: Float32Array;
  steps: number;
  score?: number;
  gradients?: Float32Array;
}

/** One character model's training since its last report: each step's loss and gradient norm before
 * clipping, in turn; the steps so far; and, when this report brings it, the held-out perplexity. */
export interface CharModelProgress {
  cell: Cell;
  values: Float32Array;
  steps: number;
  perplexity?: number;
}

/** A GAN on digits' training since the last report: each iteration's losses in turn (discriminator,
 * generator, and pix2pix's L1), the iterations so far, and the shown inputs' digits when this report brings
 * them. */
export interface DigitGanProgress {
  losses: Float32Array;
  iterations: number;
  images?: Float32Array;
}

/** One point of a layer's sensitivity curve. */
export interface SensitivityPoint {
  tensor: number;
  fraction: number;
  accuracy: number;
}

/** The files a CNN comes in: the CNN lab's export, or the compressed file (`models::compressed`) the core
 * reads in its place. */
export const CNN_FILE_TYPES = ".safetensors,.pgcz";

/** Adam, with Kingma and Ba's first-moment decay unless told (the core's `Optimiser::adam`). */
export const adam = (learningRate: number, beta1 = 0.9): Optimiser => ({ kind: "adam", learningRate, beta1 });

export type PerceptronState = TrainerState;
export type PerceptronStep = Step;

/** The MLP lab's set-up, with the grid the worker samples the neuron maps on. */
export interface MlpLabConfig extends CoreMlpLabConfig {
  domain: Domain;
  /** Side of the square grid the neuron maps are sampled on. */
  resolution: number;
}

export interface MlpView extends MlpSnapshot {
  /** Every neuron's output on the grid, neuron-major, hidden layers first and the output neuron last. */
  neuronMaps: Float32Array;
}

export interface LossPoint {
  epoch: number;
  train: number;
  test: number;
}

export interface MlpProgress {
  view: MlpView;
  /** One entry per epoch trained since the previous report. */
  losses: LossPoint[];
}

/** A fresh network and the split of the points it trains and is tested on. */
export interface MlpReset extends MlpProgress {
  train: Point[];
  test: Point[];
}

/** Problems the worker itself reports, beside the core's (`CoreProblem`). */
export type PageProblem = { code: "download-failed"; file: string; status: number };

/** Every problem a call can fail with, by its `code`: the page words each in its own language. */
export type Problem = CoreProblem | PageProblem;

/**
 * Why a page has no WebGPU: the browser lacks it, grants no adapter, or asking failed (`detail`: the
 * browser's own words).
 */
export type WebGpuAbsence = { code: "missing" } | { code: "no-adapter" } | { code: "failed"; detail: string };

export interface SubgroupSizes {
  min?: number;
  max?: number;
}

export interface WebGpuInfo {
  available: boolean;
  /** Why there is no adapter, when there is none (worded by the page: `text.webgpuAbsence`). */
  reason?: WebGpuAbsence;
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  /** A CPU implementation (SwiftShader, llvmpipe, WARP) standing in for a GPU. */
  software?: boolean;
  /**
   * Where the engine sums by subgroups (subgroups.ts): the invocations in a subgroup, least and most, where
   * the browser says.
   */
  subgroups?: SubgroupSizes;
}

export interface Environment {
  coreVersion: string;
  /** Which wasm build of the core the worker loaded: "threads", "relaxed-simd" or "simd128". */
  build: string;
  /** Threads the SIMD kernels run on: the engine worker and the helpers that joined it. */
  threads: number;
  webgpu: WebGpuInfo;
  wasmSimd: boolean;
  wasmRelaxedSimd: boolean;
  crossOriginIsolated: boolean;
  sharedMemory: boolean;
  logicalCores: number;
  /** The engine's backends that run here: scalar and SIMD always, WebGPU where an adapter was granted. */
  backends: EngineBackend[];
}

/** A tensor-API exercise: a 6 × 6 image, a 3 × 3 filter, valid convolution, ReLU, 2 × 2 max pool. */
export interface TensorExample {
  backend: EngineBackend;
  image: number[];
  filter: number[];
}

export type DatasetId = "mnist" | "fashion-mnist";

export interface DataProgress {
  dataset: DatasetId;
  title: string;
  classes: string[];
  /** Bytes downloaded so far and in all. */
  loaded: number;
  total: number;
  train: number;
  test: number;
  /** Training images once every chunk is in. */
  trainTotal: number;
}

export interface TrainProgress {
  report: TrainReport;
  /** Present when an epoch ended. */
  evaluation?: CnnEvaluation;
  samplesPerSecond: number;
}

export interface TestImage {
  index: number;
  label: number;
  pixels: Uint8Array;
}

export interface RgbaImage {
  width: number;
  height: number;
  rgba: Uint8Array;
}

export interface CnnSetup {
  backend: EngineBackend;
  spec: CnnSpec;
  training: TrainingConfig;
}

/** The features of the images to train on and to hold out, `dimension` values each, labels below `classes`. */
export interface FeatureSets {
  dimension: number;
  classes: number;
  train: LabelledFeatures;
  validation: LabelledFeatures;
}

/** RGB images at the network's side, one after the other, and their classes: to train on and to hold out. */
export interface FineTuneImages {
  train: { pixels: Uint8Array; labels: Uint32Array };
  validation: { pixels: Uint8Array; labels: Uint32Array };
}

/** Feature vectors, `dimension` values each, one after the other, and their classes. */
export interface LabelledFeatures {
  features: Float32Array;
  labels: Uint32Array;
}

/** A frame's detections, with the time the worker took to read the frame and the frame's size. */
export interface FrameResult extends Frame {
  times: StageTimes & { captureMs: number };
  width: number;
  height: number;
  /** The wasm core's memory, to watch for growth over a long run. */
  wasmBytes: number;
}

/** One point of the robustness curve: an attack at its ε, and the test accuracy under it. */
export interface RobustnessPoint {
  attack: Attack;
  accuracy: number;
}

/** Every method the worker offers: its parameters, its result and, for long jobs, its progress reports. */
export interface Methods {
  environment: { params: undefined; result: Environment };
  "dataset/generate": { params: DatasetRequest; result: Dataset };
  "perceptron/reset": { params: PerceptronConfig; result: PerceptronState };
  "perceptron/step": { params: undefined; result: PerceptronStep | null };
  "perceptron/epoch": { params: undefined; result: PerceptronState };
  "perceptron/set-learning-rate": { params: number; result: undefined };
  "perceptron/set-points": { params: Point[]; result: PerceptronState };
  "mlp/reset": { params: MlpLabConfig; result: MlpReset };
  /** The network the worker holds and the set-up it was made from (learning rate as now); null if none. */
  "mlp/current": { params: undefined; result: (MlpReset & { config: MlpLabConfig }) | null };
  /** `epochsPerSecond`: a pace to watch by (undefined: full speed). */
  "mlp/train": {
    params: { epochs: number; epochsPerSecond?: number };
    result: MlpProgress;
    progress: MlpProgress;
  };
  "mlp/set-learning-rate": { params: number; result: undefined };
  /** The conformance checks of the ops this backend computes itself (the rest it borrows from scalar). */
  "engine/conformance-checks": { params: EngineBackend; result: string[] };
  "engine/conformance": { params: { backend: EngineBackend; check: string }; result: undefined };
  /** Int8 inference on the SIMD backend against float, within its stated bound. */
  "engine/int8-conformance": { params: undefined; result: undefined };
  "engine/workloads": { params: undefined; result: string[] };
  "engine/benchmark": { params: { backend: EngineBackend; workload: string }; result: Measurement };
  /** Times `work` for about `budgetMs` after a cold and a warm-up run. */
  "engine/measure": {
    /** `threads`: at most this many for the SIMD kernels (all the engine has when not given). */
    params: { backend: EngineBackend; label: string; work: Work; budgetMs: number; threads?: number };
    result: Measurement;
  };
  /** The kernels the GPU runs deep products with (connecting it first), and whether they were remembered. */
  "engine/tuned-kernels": { params: undefined; result: TunedKernels };
  /** Destroys the GPU device, as a driver reset would: how the tests lose a GPU under a lab. */
  "engine/lose-gpu": { params: undefined; result: undefined };
  "engine/tensor-example": { params: TensorExample; result: { output: number[]; liveTensors: number } };
  "cnn/summary": { params: CnnSpec; result: LayerSummary[] };
  "cnn/create": { params: CnnSetup; result: { train: number; test: number } };
  "cnn/reconfigure": { params: CnnSetup & { keepWeights: boolean }; result: undefined };
  /**
   * Times training steps of a throwaway network with this set-up (the lab's own is not touched): the
   * milliseconds one step takes, after a warm-up step (shader compilation, first touch of memory).
   */
  "cnn/time-step": { params: CnnSetup; result: { msPerStep: number } };
  /** The network the worker holds, with the set-up it was last given; null when it holds none. */
  "cnn/current": { params: undefined; result: (CnnSetup & { epoch: number }) | null };
  /**
   * Fetches the test chunk and the first `trainChunks` training chunks (all when absent) that are not in yet:
   * opening the lab needs one, training on the full set the rest.
   */
  "cnn/load-data": {
    params: { baseUrl: string; dataset: DatasetId; trainChunks?: number };
    result: DataProgress;
    progress: DataProgress;
  };
  "cnn/small-data": { params: number | null; result: { train: number; test: number } };
  /** Evaluations (at each epoch end) use the first `testImages` test images. */
  "cnn/train": {
    params: { untilEpoch: number; testImages: number };
    result: TrainProgress;
    progress: TrainProgress;
  };
  "cnn/evaluate": { params: { testImages: number }; result: CnnEvaluation };
  "cnn/inspect": { params: number[]; result: NamedMap[] };
  "cnn/logits": { params: number[]; result: number[] };
  "cnn/drawing-to-digit": { params: { ink: Uint8Array; width: number; height: number }; result: number[] };
  "cnn/filters": { params: undefined; result: NamedMap[] };
  "cnn/top-images": {
    params: { layer: number; channel: number; count: number; limit: number };
    result: TestImage[];
  };
  /** Each feature layer's channels' peaks over the first `limit` test images: 0 is a filter that never fired. */
  "cnn/channel-peaks": { params: { limit: number }; result: number[][] };
  "cnn/confused-images": { params: { actual: number; predicted: number; max: number }; result: TestImage[] };
  "cnn/test-images": { params: number[]; result: TestImage[] };
  "cnn/export": { params: undefined; result: Uint8Array };
  "cnn/import": { params: { bytes: Uint8Array; training: TrainingConfig }; result: CnnSpec };
  "cnn/compare-augmentation": {
    params: CnnSetup & { images: number; epochs: number };
    result: { without: number; with: number };
    progress: string;
  };
  "augment/digit": {
    params: { augmentation: Augmentation; pixels: Uint8Array; side: number };
    result: Uint8Array;
  };
  "augment/random-digit": {
    params: { policy: DigitAugmentation; pixels: Uint8Array; side: number; seed: number };
    result: Uint8Array;
  };
  "augment/photo": { params: { augmentation: Augmentation; image: RgbaImage }; result: Uint8Array };
  "augment/counted-views": {
    params: { image: RgbaImage; flips: boolean; crops: boolean };
    result: Uint8Array[];
  };
  "transfer/catalogue": { params: undefined; result: ServedModel[] };
  /**
   * Fetches the served classifier `id`'s files from `baseUrl` (the static-models/ folder) and loads it;
   * where it can be cut for features.
   */
  "transfer/load-served": { params: { baseUrl: string; id: string }; result: CutPoints };
  /** Lays the classifier out on `backend`, reading features at layer `cut` (heads of another cut go). */
  "transfer/configure": { params: { backend: EngineBackend; cut: number }; result: undefined };
  /** An image's `count` most probable classes, its features at the cut and the heads' scores. */
  "transfer/classify": {
    params: { image: ImageBitmap; count: number };
    result: ClassifiedImage & { captureMs: number; wasmBytes: number };
  };
  /** `class`'s probability in every `window`-pixel square of an image, `stride` pixels apart. */
  "transfer/windows": {
    params: { image: ImageBitmap; window: number; stride: number; class: number };
    result: ScannedWindows;
  };
  /** Trains a head per spec on the training features, scored on the validation features. */
  "transfer/train-heads": { params: FeatureSets & { specs: HeadSpec[] }; result: HeadReport[] };
  /** The held-out accuracy of each head trained on the first `counts[i]` examples of each class (rows by count). */
  "transfer/heads-by-examples": {
    params: FeatureSets & { specs: HeadSpec[]; counts: number[] };
    result: number[][];
  };
  /** The held-out accuracy of a small CNN trained from scratch on the first `count` images of each class. */
  "transfer/scratch-by-examples": {
    params: {
      backend: EngineBackend;
      side: number;
      classes: number;
      images: FineTuneImages;
      count: number;
      epochs: number;
    };
    result: number;
  };
  /** A fresh fine-tuning of the classifier onto `classes`; the network as it starts, scored. */
  "transfer/fine-tune-start": {
    params: {
      backend: EngineBackend;
      spec: FineTuneSpec;
      training: FineTuneTraining;
      classes: string[];
      images: FineTuneImages;
    };
    result: FineTuneReport;
  };
  /** A network exported before; its classes, for the page to label its images in. */
  "transfer/fine-tune-import": {
    params: { backend: EngineBackend; bytes: Uint8Array; training: FineTuneTraining };
    result: FineTunedInfo;
  };
  /** The images the imported network is scored and trained on; the network as it is, scored. */
  "transfer/fine-tune-images": { params: FineTuneImages; result: FineTuneReport };
  /** Trains `epochs` epochs, reporting each; a cancel stops after the epoch under way. */
  "transfer/fine-tune-epochs": {
    params: { epochs: number };
    progress: FineTuneReport;
    result: FineTuneReport;
  };
  /** The fine-tuned network as a safetensors file. */
  "transfer/fine-tune-export": { params: undefined; result: Uint8Array };
  /** The inside lab's network: a CNN (safetensors bytes) with its dataset's test images, fetched from
   * `baseUrl` (the data/ folder), or a served classifier or detector's backbone fetched from `baseUrl` (the
   * static-models/ folder). */
  "inside/load": {
    params:
      | { source: "cnn"; backend: EngineBackend; bytes: Uint8Array; baseUrl: string; dataset: DatasetId }
      | { source: "classifier" | "detector"; backend: EngineBackend; baseUrl: string; id: string }
      | { source: "fine-tuned"; backend: EngineBackend; baseUrl: string; id: string; bytes: Uint8Array };
    result: InsideInfo;
  };
  /** Image `index` of the lab's set as the network's input, and its label. */
  "inside/image": { params: number; result: { input: Float32Array; label: number } };
  /** Adds an input (as "inside/input" makes it) to the lab's image set, labelled with the network's own
   * answer; the set's size. */
  "inside/add-image": { params: Float32Array; result: number };
  /** A picture as the network's input: squeezed to its square, values in [0, 1]. */
  "inside/input": { params: ImageBitmap; result: Float32Array };
  "inside/probabilities": { params: Float32Array; result: Float32Array };
  /** Node `node`'s maps for the picture, [height, width, channels]. */
  "inside/layer": { params: { input: Float32Array; node: number }; result: Float32Array };
  /** Each layer's largest value per channel over the set's first `images` images: ≤ 0 is a dead map. */
  "inside/channel-peaks": { params: number; result: number[][] };
  /** Node `node`'s weights, or null for a node without (a pool). */
  "inside/filters": { params: number; result: Filters | null };
  /** The `count` of the set's first `limit` images that excite channel `channel` of node `node` most. */
  "inside/top-images": {
    params: { node: number; channel: number; count: number; limit: number };
    result: TopImage[];
  };
  /** The input rectangle [top, left, bottom, right) that position (y, x) of node `node` sees. */
  "inside/receptive-field": { params: { node: number; y: number; x: number }; result: number[] };
  /** Every method's map for `target`, on the network or on a copy with its top `randomised` layers random. */
  "inside/explain": {
    params: { input: Float32Array; target: Target; methods: Attribution[]; randomised: number };
    result: Explanation[];
  };
  "inside/attack": {
    params: { input: Float32Array; label: number; target?: number; attack: Attack };
    result: Attacked;
  };
  /** The smallest ε (of a grid of grey levels up to 128/255) at which `attack` changes the answer, tried a
   * few at a time: the largest ε tried so far after each. */
  "inside/smallest-epsilon": {
    params: { input: Float32Array; label: number; target?: number; attack: Attack };
    progress: number;
    result: number | null;
  };
  /** Accuracy under each attack at each ε, on the set's first `images` images: one point per report. */
  "inside/robustness": {
    params: { attacks: Attack[]; images: number };
    progress: RobustnessPoint;
    result: RobustnessPoint[];
  };
  /** The second network attacks are scored on: this one on another backend, or another CNN (its bytes). */
  "inside/second": {
    params:
      | { kind: "backend"; backend: EngineBackend }
      | { kind: "cnn"; backend: EngineBackend; bytes: Uint8Array };
    result: undefined;
  };
  /** `attack` made on this network for the set's first `images` images, scored on both networks; the
   * scores so far after each part. */
  "inside/transfer": {
    params: { attack: Attack; images: number };
    progress: Transferred;
    result: Transferred;
  };
  /** Dreams an image up from noise, `steps` steps, reporting every few; a cancel keeps what it has. */
  "inside/dream": {
    params: { objective: Objective; settings: DreamSettings; steps: number; seed: number; stopAt?: number };
    progress: Dreamed;
    result: Dreamed;
  };
  /** The compression lab's network (a CNN's safetensors or compressed bytes) on `backend`, with its
   * dataset's test images and first training chunk (to retrain on), fetched from `baseUrl` (the data/ folder). */
  "compress/load": {
    params: { backend: EngineBackend; bytes: Uint8Array; baseUrl: string; dataset: DatasetId };
    result: CompressInfo;
  };
  /** One setting: pruned, retrained, its shared values fine-tuned (each in parts, with the epochs done after
   * each; a cancel keeps what is trained), written, scored on the first `testImages` test images and timed
   * on each of `timeOn` classifying `timedImages` at once. */
  "compress/run": {
    params: { setting: Setting; testImages: number; timeOn: TimedBackend[]; timedImages: number };
    progress: { phase: "retrain" | "centroids"; epochs: number };
    result: CompressedSetting;
  };
  /** The last setting's file. */
  "compress/file": { params: undefined; result: Uint8Array };
  /** Served model `id` (fetched from `baseUrl`, the static-models/ folder) compressed by `pruning` and
   * `encoding`, and compared with itself on each of `pictures`: one comparison per report. */
  "compress/served": {
    params: {
      baseUrl: string;
      id: string;
      pruning: Pruning | null;
      encoding: Encoding;
      pictures: ImageBitmap[];
    };
    progress: ServedComparison;
    result: { size: ServedSize; comparisons: ServedComparison[] };
  };
  /** Each weight tensor alone pruned by each fraction, scored on the first `testImages` test images: one
   * point per report. */
  "compress/sensitivity": {
    params: { fractions: number[]; testImages: number };
    progress: SensitivityPoint;
    result: SensitivityPoint[];
  };
  /** A fresh autoencoder on `backend` with its dataset's test images and first training chunk, fetched from
   * `baseUrl` (the data/ folder); the rest of the training chunks follow while it trains. */
  "autoencoder/load": {
    params: {
      backend: EngineBackend;
      spec: AutoencoderSpec;
      training: AutoencoderTraining;
      baseUrl: string;
      dataset: DatasetId;
      /** Training chunks of 10 000 images to train on. */
      trainChunks: number;
    };
    result: { trainImages: number };
  };
  /** Trains until epoch `untilEpoch`, reporting the loss every few steps and the test scores (on the first
   * `testImages`) at each epoch's end; a cancel pauses, keeping what is trained. */
  "autoencoder/train": {
    params: { untilEpoch: number; testImages: number };
    progress: AutoencoderProgress;
    result: { epochs: number; loss: number };
  };
  "autoencoder/samples": { params: { count: number }; result: AutoencoderSamples };
  "autoencoder/code-map": { params: { limit: number }; result: CodeMap };
  /** The images codes decode to ([count, code] in, [count, 28 × 28] out). */
  "autoencoder/decode": { params: { codes: Float32Array }; result: Float32Array };
  "autoencoder/reconstruct": { params: { image: Float32Array }; result: Float32Array };
  /** The few-labels experiment: for each number of labelled digits per class, a linear SVM on this network's
   * codes, one on the pixels and the CNN lab's network trained from scratch, scored on the first `testImages`
   * test digits; one point per report, a cancel keeps the points so far. */
  "autoencoder/few-labels": {
    params: { perClass: number[]; testImages: number };
    progress: FewLabelsPoint;
    result: FewLabelsPoint[];
  };
  /** The dense network's first-layer units as images ([units, 28 × 28], at most `max`); empty otherwise. */
  "autoencoder/features": { params: { max: number }; result: Float32Array };
  /** Fresh networks for the plane GAN on `backend` (both with hidden layers `hidden`), learning `target`;
   * the networks as they are. */
  "gan/plane-create": {
    params: { backend: EngineBackend; hidden: number[]; target: Mixture; training: GanTraining };
    result: PlaneGanView;
  };
  /** Trains `iterations` iterations, reporting the losses and the view after each short slice; a cancel
   * pauses, keeping what is trained. The last slice's losses and the networks as they are at the end. */
  "gan/plane-train": {
    params: { iterations: number };
    progress: GanPlaneProgress;
    result: GanPlaneProgress;
  };
  /** A fresh GAN on digits (the DCGAN or pix2pix, by `spec.kind`) on `backend`, trained as its lab's
   * `default_training` says, with its dataset's test images and training chunks, fetched from `baseUrl`
   * (the data/ folder). It replaces the one of its kind. */
  "gan/digits-load": {
    params: {
      backend: EngineBackend;
      spec: DigitGanSpec;
      baseUrl: string;
      dataset: DatasetId;
      trainChunks: number;
    };
    result: { trainImages: number };
  };
  /** Trains `iterations` iterations of the GAN of `kind`, reporting the losses every few and the digits
   * `inputs` make every `imagesEvery`; a cancel pauses, keeping what is trained. */
  "gan/digits-train": {
    params: { kind: DigitGanKind; iterations: number; imagesEvery: number; inputs: Float32Array };
    progress: DigitGanProgress;
    result: { iterations: number };
  };
  /** The digits generator inputs (noise vectors, or edge maps) make, [count, 28 × 28] in [0, 1]. */
  "gan/digits-generate": { params: { kind: DigitGanKind; inputs: Float32Array }; result: Float32Array };
  /** The edge maps of the first `count` test digits, then the digits, each [count, 28 × 28]. */
  "gan/digits-test-pairs": { params: { kind: DigitGanKind; count: number }; result: Float32Array };
  /** A fresh network of `spec.cell` for a memory task on `backend`; it replaces the one of its cell. */
  "rnn/create": {
    params: { backend: EngineBackend; task: MemoryTask; spec: RecurrentSpec; training: SequenceTraining };
    result: undefined;
  };
  /** Trains every network made, in turns, `steps` steps each, reporting every few steps and scoring on
   * `testSequences` test sequences every `scoreEvery`; a cancel pauses, keeping what is trained. */
  "rnn/train": {
    params: { steps: number; scoreEvery: number; testSequences: number };
    progress: RnnProgress;
    result: { steps: number };
  };
  /** A fresh network reading digits a row a step on `backend`, with its dataset's test images and
   * `trainChunks` training chunks fetched from `baseUrl` (the data/ folder); it replaces the last. */
  "rnn/digits-load": {
    params: {
      backend: EngineBackend;
      spec: RecurrentSpec;
      training: SequenceTraining;
      baseUrl: string;
      dataset: DatasetId;
      trainChunks: number;
    };
    result: undefined;
  };
  /** Trains the digit reader `steps` steps, reporting after short slices and scoring on the first
   * `testDigits` test digits every `scoreEvery`; a cancel pauses, keeping what is trained. */
  "rnn/digits-train": {
    params: { steps: number; scoreEvery: number; testDigits: number };
    progress: ReaderProgress;
    result: { steps: number };
  };
  "rnn/digits-trace": { params: { index: number }; result: DigitTrace };
  /** A fresh house-number reader on `backend` (a CNN, and the LSTM `spec` over its columns), with `strips`
   * held-out strips of its dataset's test digits and `trainChunks` training chunks fetched from `baseUrl`
   * (the data/ folder); it replaces the last. Answers how many strips are held out (whole batches). */
  "rnn/numbers-load": {
    params: {
      backend: EngineBackend;
      spec: RecurrentSpec;
      training: SequenceTraining;
      baseUrl: string;
      dataset: DatasetId;
      trainChunks: number;
      strips: number;
    };
    result: { heldOut: number };
  };
  /** Trains the house-number reader `steps` steps, reporting after short slices and scoring the share of
   * held-out strips read whole every `scoreEvery`; a cancel pauses, keeping what is trained. */
  "rnn/numbers-train": {
    params: { steps: number; scoreEvery: number };
    progress: ReaderProgress;
    result: { steps: number };
  };
  /** Held-out strip `index` read column by column. */
  "rnn/numbers-trace": { params: { index: number }; result: NumberTrace };
  /** A fresh character model of `spec.cell` on `backend` for `text`, read in windows of `length`; it
   * replaces the last of that cell. The baseline: the perplexity of the characters' frequencies alone. */
  "rnn/chars-create": {
    params: {
      backend: EngineBackend;
      text: string;
      length: number;
      spec: RecurrentSpec;
      training: SequenceTraining;
    };
    result: { baseline: number };
  };
  /** Trains every character model made, in turns, `steps` steps each, reporting after short slices and
   * scoring the held-out perplexity every `scoreEvery`; a cancel pauses, keeping what is trained. */
  "rnn/chars-train": {
    params: { steps: number; scoreEvery: number };
    progress: CharModelProgress;
    result: { steps: number };
  };
  /** `count` characters the `cell` model writes: the argmax first, then `samples` drawn at `temperature`. */
  "rnn/chars-write": {
    params: { cell: Cell; count: number; temperature: number; samples: number };
    result: string[];
  };
  /** The held-out tail's first window read by the `cell` model, character by character. */
  "rnn/chars-trace": { params: { cell: Cell }; result: CharTrace };
  "detect/catalogue": { params: undefined; result: ServedModel[] };
  /** Fetches a served detector's files from `baseUrl` (the static-models/ folder) and loads it. */
  "detect/load-served": { params: { baseUrl: string; id: string }; result: DetectorInfo };
  "detect/load-darknet": {
    params: { cfg: string; weights: Uint8Array; names: string };
    result: DetectorInfo;
  };
  "detect/configure": { params: { backend: EngineBackend; size: number }; result: undefined };
  "detect/frame": {
    params: { image: ImageBitmap; confidence: number; nmsIou: number; grids: boolean };
    result: FrameResult;
  };
  "diagnostics/panic": { params: string; result: undefined };
  "diagnostics/copy-grown-blocks": { params: { rounds: number; blockLen: number }; result: number };
}

export type Method = keyof Methods;
export type Params<M extends Method> = Methods[M]["params"];
export type Result<M extends Method> = Methods[M]["result"];
export type Progress<M extends Method> = Methods[M] extends { progress: infer P } ? P : never;

export type Request =
  { type: "call"; id: number; method: Method; params: unknown } | { type: "cancel"; id: number };

export type Response =
  | { type: "ready" }
  | { type: "result"; id: number; value: unknown }
  | { type: "error"; id: number; message: string; problem?: Problem }
  | { type: "progress"; id: number; value: unknown }
  | { type: "fatal"; message: string };

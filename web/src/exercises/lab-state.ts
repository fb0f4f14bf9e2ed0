// The state each lab publishes for its exercise sheet to check: plain values, typed per lab, updated as the
// lab changes. A check never reads the page.

import type {
  AttackKind,
  AutoencoderEvaluation,
  DatasetId,
  EngineBackend,
  Encoding,
  FewLabelsPoint,
  NoiseKind,
  Pruning,
} from "../engine/protocol";
import type { Row } from "../labs/backends/sweeps";
import type { CodeExerciseId } from "./code/exercises";
import type { RunOutcome } from "./code/runner";
import type { MlpActivation, MlpDataset } from "../labs/mlp/settings";
import type { PerceptronActivation, PerceptronDataset } from "../labs/perceptron/settings";

export interface PerceptronLabState {
  dataset: PerceptronDataset;
  activation: PerceptronActivation;
  learningRate: number;
  /** Completed epochs, and the points misclassified at the end of each. */
  epoch: number;
  errorsPerEpoch: number[];
  /** Points misclassified now. */
  misclassified: number;
  /** The points of each class. */
  counts: [number, number];
}

export interface MlpLabState {
  dataset: MlpDataset;
  activation: MlpActivation;
  learningRate: number;
  /** The share of the points trained on; the rest are the test points. */
  trainFraction: number;
  /** Units in each hidden layer of the network being trained (not of settings typed but not yet built). */
  hiddenLayers: number[];
  epoch: number;
  testAccuracy: number;
  /** The learning rate at which this network's training diverged, if it did. */
  divergedAt?: number;
}

export interface BackendsLabState {
  /** Whether this browser offers WebGPU. */
  webgpu: boolean;
  /** Every point measured in the current run. */
  rows: Row[];
}

/** One detection on a photo: which photo (counted as they are shown), how it was detected, what it found. */
export interface PhotoRun {
  photo: number;
  model: string;
  size: number;
  backend: EngineBackend;
  confidence: number;
  nmsIou: number;
  boxes: number;
  networkMs: number;
}

export interface DetectLabState {
  /** The detector set up now: model, input side, backend. */
  model: string;
  size: number;
  backend: EngineBackend;
  /** The camera's frames per second by "model size backend", once a full window of frames was timed there. */
  cameraFps: Record<string, number>;
  /** The latest detections on photos, oldest first. */
  photoRuns: PhotoRun[];
}

/** One evaluation on the test set at an epoch's end, with how the network got there. */
export interface CnnEvaluationRecord {
  /** Which network of this visit (each reset or load is a new one). */
  network: number;
  dataset: DatasetId;
  epoch: number;
  accuracy: number;
  /** The same weights' accuracy on as many training images (null where there were none). */
  trainAccuracy: number | null;
  testImages: number;
  /** Training images when trained on a small set; 0 for all. */
  smallData: number;
  augment: boolean;
}

export interface CnnLabState {
  /** The network in the lab: its number in this visit, its parameter count and its epoch. */
  network: number;
  parameters: number;
  epoch: number;
  /** Every evaluation of this visit, oldest first. */
  evaluations: CnnEvaluationRecord[];
  /** The last dead-filter check of this network: convolution filters that never fired, and when. */
  deadFilters?: { filters: number; epoch: number };
}

/** One training of the transfer lab's heads: on what, at which cut, and how each head did. */
export interface TransferTraining {
  cut: number;
  /** The deck's cut: just below the classifier. */
  defaultCut: number;
  /** Training images of each class. */
  trainImages: number[];
  validationImages: number;
  /** Which images (their ids), to tell whether two trainings used the same set. */
  images: string;
  /** Validation accuracy by head. */
  accuracy: Record<"svm" | "softmax" | "knn", number>;
}

export interface TransferLabState {
  /** Every training of this visit, oldest first. */
  trainings: TransferTraining[];
}

/** One attack of the inside lab: how, with which budget, and what it did to the answer. */
export interface InsideAttack {
  kind: AttackKind;
  epsilon: number;
  targeted: boolean;
  /** The answer is no longer the class the picture was judged against. */
  turned: boolean;
  reachedTarget: boolean;
}

export interface InsideLabState {
  /** How many top layers the maps were computed with randomised, every count of this visit (0: none). */
  randomised: number[];
  /** The network's layers with weights: randomising them all is the whole cascade. */
  weightedLayers: number;
  /** Every attack of this visit, oldest first. */
  attacks: InsideAttack[];
  /** Robustness curves measured to the end (every attack at every ε). */
  curves: number;
  /** The highest probability a fooling image reached for its class. */
  bestFooling: number;
  /** Every attack of this visit scored on a second network, oldest first. */
  transfers: InsideTransfer[];
}

/** An attack scored on a second network: another one (`network`), or this one on another backend. */
export interface InsideTransfer {
  network: boolean;
  secondClean: number;
  secondAdversarial: number;
}

/** One setting the compression lab measured. */
export interface CompressTried {
  pruning: Pruning | null;
  retrainedEpochs: number;
  encoding: Encoding;
  bytes: number;
  accuracy: number;
  zeroWeights: number;
  /** A tensor stores more values than it has parameters (a low rank that is not low enough). */
  grew: boolean;
}

export interface CompressLabState {
  /** The float32 original's file size and test accuracy (0 until measured). */
  float32Bytes: number;
  float32Accuracy: number;
  /** Every setting of this visit, oldest first (the original among them). */
  settings: CompressTried[];
  /** Every layer's sensitivity curve measured to the end. */
  sensitivity: boolean;
}

/** One autoencoder the lab trained, as it stood at its last epoch's end. */
export interface AutoencoderRun {
  kind: "dense" | "conv";
  code: number;
  noise: NoiseKind | null;
  level: number;
  sparsity: number;
  epochs: number;
  evaluation: AutoencoderEvaluation;
}

export interface AutoencoderLabState {
  /** Every network of this visit, oldest first. */
  runs: AutoencoderRun[];
  /** A point of the 2-D code plane was decoded (hovered). */
  planeDecoded: boolean;
  /** Two digits were interpolated through the code. */
  interpolated: boolean;
  /** The few-labels chart's points measured so far (the last complete measurement). */
  fewLabels: FewLabelsPoint[];
}

/** One pair of networks the GAN lab made, as far as it trained. */
export interface GanRun {
  target: "one" | "two" | "ring" | "grid" | "drawn";
  /** The target's modes, and the discriminator steps per generator step. */
  modes: number;
  dSteps: number;
  iterations: number;
  /** The closest the generated points came to the target (histogram distance, 0 to 1). */
  bestDistance: number;
  /** The modes the generated points covered, at each view after the first iteration. */
  coverage: { iterations: number; covered: number }[];
}

export interface GanLabState {
  /** Every pair of networks of this visit, oldest first. */
  runs: GanRun[];
  /** The DCGAN on digits: iterations trained, its noise values per image, and whether a walk between two
   * noise vectors was drawn after training. */
  digits: { iterations: number; noise: number; walked: boolean };
  /** pix2pix on digits: iterations trained, and whether edges the attendee drew were turned into a digit
   * after training. */
  edges: { iterations: number; drawn: boolean };
}

/** A pair of networks, a plain RNN and an LSTM, trained side by side on one memory task. */
export interface RnnRun {
  task: "adding" | "copy";
  length: number;
  /** Steps each network was trained. */
  steps: number;
  /** Each network's latest test score (MSE for adding, the share right for copy). */
  scores: { rnn?: number; lstm?: number };
  /** Each network's latest gradient norm at the longest lag (the first step). */
  farthest: { rnn?: number; lstm?: number };
}

/** A pair of character models trained on one text. */
export interface CharsRun {
  text: "en" | "nl" | "pasted";
  steps: number;
  /** Each network's latest held-out perplexity. */
  perplexity: { rnn?: number; lstm?: number };
  /** The perplexity of the characters' frequencies alone. */
  baseline: number;
}

export interface RnnLabState {
  /** Every pair on a memory task of this visit, oldest first; and every pair of character models. */
  runs: RnnRun[];
  chars: CharsRun[];
  /** The best share of held-out house numbers the number reader has read whole this visit, once scored. */
  numbers?: number;
}

export interface CodeLabState {
  /** How each exercise's latest run ended. */
  runs: Partial<Record<CodeExerciseId, RunOutcome>>;
}

export interface LabStates {
  perceptron: PerceptronLabState;
  mlp: MlpLabState;
  backends: BackendsLabState;
  detect: DetectLabState;
  cnn: CnnLabState;
  transfer: TransferLabState;
  inside: InsideLabState;
  compress: CompressLabState;
  autoencoder: AutoencoderLabState;
  gan: GanLabState;
  rnn: RnnLabState;
  code: CodeLabState;
}

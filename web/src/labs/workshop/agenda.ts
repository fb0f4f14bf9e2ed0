// The deck's agenda as the workshop leader's timeline: each block with a suggested length and the labs
// (with their sheets) that practise it; blocks without a lab yet say so in the page.

import type { LabStates } from "../../exercises/lab-state";

export type BlockId =
  | "what-is-deep-learning"
  | "slp-mlp"
  | "cnns"
  | "data-augmentation"
  | "transfer-learning"
  | "visualisation"
  | "gpu-or-cpu"
  | "architectures"
  | "autoencoders"
  | "rnns"
  | "deconvolution"
  | "detection"
  | "hardware-software"
  | "compression"
  | "gans";

export interface Block {
  id: BlockId;
  /** Suggested minutes, exercises included. */
  minutes: number;
  /** The labs that practise it, each with its sheet; none yet for some. */
  labs: (keyof LabStates)[];
}

export const PARTS: Block[][] = [
  [
    { id: "what-is-deep-learning", minutes: 15, labs: [] },
    { id: "slp-mlp", minutes: 45, labs: ["perceptron", "mlp", "code"] },
    { id: "cnns", minutes: 40, labs: ["cnn", "code"] },
    { id: "data-augmentation", minutes: 20, labs: ["cnn"] },
    { id: "transfer-learning", minutes: 20, labs: ["transfer"] },
    { id: "visualisation", minutes: 20, labs: ["cnn", "inside"] },
    { id: "gpu-or-cpu", minutes: 20, labs: ["backends"] },
  ],
  [
    { id: "architectures", minutes: 15, labs: [] },
    { id: "autoencoders", minutes: 20, labs: ["autoencoder"] },
    { id: "rnns", minutes: 20, labs: ["rnn"] },
    { id: "deconvolution", minutes: 15, labs: ["inside"] },
    { id: "detection", minutes: 30, labs: ["detect"] },
    { id: "hardware-software", minutes: 10, labs: ["backends"] },
    { id: "compression", minutes: 20, labs: ["compress"] },
    { id: "gans", minutes: 20, labs: ["gan"] },
  ],
];

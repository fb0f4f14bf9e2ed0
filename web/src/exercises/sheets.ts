// Every lab's sheet, for the pages that list them all (the workshop leader's).

import { autoencoderSheet } from "./autoencoder";
import { backendsSheet } from "./backends";
import { cnnSheet } from "./cnn";
import { codeSheet } from "./code";
import { compressSheet } from "./compress";
import { detectSheet } from "./detect";
import { ganSheet } from "./gan";
import { insideSheet } from "./inside";
import type { LabStates } from "./lab-state";
import { mlpSheet } from "./mlp";
import { perceptronSheet } from "./perceptron";
import { rnnSheet } from "./rnn";
import { transferSheet } from "./transfer";
import type { Sheet } from "./sheet";

export const SHEETS: { [L in keyof LabStates]: Sheet<L> } = {
  perceptron: perceptronSheet,
  mlp: mlpSheet,
  cnn: cnnSheet,
  transfer: transferSheet,
  inside: insideSheet,
  compress: compressSheet,
  autoencoder: autoencoderSheet,
  gan: ganSheet,
  rnn: rnnSheet,
  detect: detectSheet,
  backends: backendsSheet,
  code: codeSheet,
};

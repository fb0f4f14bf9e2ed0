// The compression lab's settings, in the URL so a workshop leader can hand out a set-up: the network's
// dataset and backend, the pruning and how the weights are stored, and how many test images score a setting.

import type { DatasetId, EngineBackend, Encoding, Pruning, Setting } from "../../engine/protocol";
import { field, type Fields } from "../../ui/url-settings";

export type PruningKind = "none" | "unstructured" | "global" | "structured";
export type Storage = "f32" | "f16" | "int8" | "int8-channel" | "shared";

export interface CompressSettings {
  dataset: DatasetId;
  backend: EngineBackend;
  pruning: PruningKind;
  /** The fraction of weights (or, structured, of filters and neurons) pruned. */
  fraction: number;
  retrainEpochs: number;
  storage: Storage;
  /** Bits per shared weight: 2^bits values per layer. */
  bits: number;
  /** Epochs of fine-tuning the shared values. */
  centroidEpochs: number;
  /** The rank each weight matrix is factored to, in order (0: not factored); one rank alone is every one's. */
  ranks: number[];
  huffman: boolean;
  testImages: number;
}

export const FRACTION_RANGE = { min: 0, max: 0.99, step: 0.01 };
export const RETRAIN_RANGE = { min: 0, max: 5, step: 0.05 };
export const BITS_RANGE = { min: 1, max: 8, step: 1 };

/** "4" (every weight matrix at rank 4) or "4,0,8" (one rank a weight matrix, 0: not factored); undefined
 * unless every part is a whole number. */
export function parseRanks(text: string): number[] | undefined {
  const parts = text.split(",").map((p) => p.trim());
  return parts.every((p) => /^\d+$/.test(p)) ? parts.map(Number) : undefined;
}

export const formatRanks = (ranks: number[]) => ranks.join(",");
export const TEST_IMAGES_RANGE = { min: 100, max: 10000, step: 1 };

export const FIELDS: Fields<CompressSettings> = {
  dataset: field.choice<DatasetId>("dataset", ["mnist", "fashion-mnist"], "mnist"),
  backend: field.choice<EngineBackend>("backend", ["simd", "webgpu", "scalar"], "simd"),
  pruning: field.choice<PruningKind>("prune", ["none", "unstructured", "global", "structured"], "none"),
  fraction: field.number("fraction", 0.5, FRACTION_RANGE),
  retrainEpochs: field.number("retrain", 0, RETRAIN_RANGE),
  storage: field.choice<Storage>("store", ["f32", "f16", "int8", "int8-channel", "shared"], "f32"),
  bits: field.number("bits", 4, BITS_RANGE),
  centroidEpochs: field.number("tune", 0, RETRAIN_RANGE),
  ranks: field.custom("rank", [0], parseRanks, formatRanks),
  huffman: field.flag("huffman"),
  testImages: field.number("test", 2000, TEST_IMAGES_RANGE),
};

/** Deep Compression's pipeline (Han et al. 2016): prune 90 % per layer, retrain, share the weights at 4 bits
 * and fine-tune the shared values, Huffman-code. */
export const DEEP_COMPRESSION: Partial<CompressSettings> = {
  pruning: "unstructured",
  fraction: 0.9,
  retrainEpochs: 1,
  storage: "shared",
  bits: 4,
  centroidEpochs: 0.5,
  ranks: [0],
  huffman: true,
};

/** The setting the core compresses with. */
export function settingOf(s: CompressSettings): Setting {
  const pruning: Pruning | null =
    s.pruning === "none"
      ? null
      : s.pruning === "structured"
        ? { kind: "structured", fraction: s.fraction }
        : { kind: "unstructured", fraction: s.fraction, global: s.pruning === "global" };
  const values: Encoding["values"] =
    s.storage === "shared"
      ? { kind: "shared", bits: s.bits }
      : s.storage === "int8" || s.storage === "int8-channel"
        ? { kind: "int8", perChannel: s.storage === "int8-channel" }
        : { kind: s.storage };
  return {
    pruning,
    retrainEpochs: pruning ? s.retrainEpochs : 0,
    centroidEpochs: s.storage === "shared" ? s.centroidEpochs : 0,
    encoding: { values, ranks: s.ranks.some((r) => r > 0) ? s.ranks : [], huffman: s.huffman },
  };
}

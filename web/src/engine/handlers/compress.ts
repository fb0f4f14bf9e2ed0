// The worker's compression-lab handlers (crate/src/wasm/compress.rs): the attendee's CNN with its dataset's
// test images and a training chunk, compressed one setting at a time — retrained in parts so the page sees
// progress and can stop — and each weight tensor's sensitivity to pruning, point by point.

import type * as Core from "../../wasm-pkg/playground.js";
import { fetchDataset } from "../download";
import type { Handlers } from "../job";
import { serialQueue, yieldToEvents } from "../job";
import type {
  CompressInfo,
  CompressedSetting,
  Outcome,
  SensitivityPoint,
  ServedComparison,
  ServedModel,
  ServedSize,
} from "../protocol";
import { frameReader } from "./frames";
import { fetchServedFiles } from "./served-files";

type CompressMethod = Extract<keyof import("../protocol").Methods, `compress/${string}`>;

/** Optimiser steps of retraining between two reports (and chances to stop). */
const RETRAIN_STEPS = 10;

export function compressHandlers(core: () => typeof Core): Handlers<CompressMethod> {
  let lab: Core.CompressLab | undefined;
  /** The served network last compressed, kept while the attendee tries settings on it. */
  let served: { id: string; lab: Core.ServedCompressLab } | undefined;
  const read = frameReader();
  const exclusive = serialQueue();
  const required = () => {
    if (!lab) throw new Error("no network loaded yet");
    return lab;
  };
  return {
    "compress/load": ({ backend, bytes, baseUrl, dataset }) =>
      exclusive(async () => {
        const {
          test,
          train: [train],
        } = await fetchDataset(baseUrl, dataset, 1);
        const next = await core().CompressLab.create(backend, bytes, test);
        next.addTrainChunk(train);
        lab?.free();
        lab = next;
        return next.info() as CompressInfo;
      }),
    "compress/run": async ({ setting, testImages, timeOn, timedImages }, job) => {
      await exclusive(() => required().prune(setting.pruning));
      let retrainedEpochs = 0;
      if (setting.pruning) {
        while (retrainedEpochs < setting.retrainEpochs && !job.cancelled) {
          retrainedEpochs = await exclusive(() => required().retrain(RETRAIN_STEPS, setting.retrainEpochs));
          job.progress({ phase: "retrain", epochs: retrainedEpochs });
          await yieldToEvents();
        }
      }
      let tunedEpochs = 0;
      const values = setting.encoding.values;
      if (values.kind === "shared" && setting.centroidEpochs > 0 && !job.cancelled) {
        await exclusive(() => required().share(values.bits));
        while (tunedEpochs < setting.centroidEpochs && !job.cancelled) {
          tunedEpochs = await exclusive(() =>
            required().tuneCentroids(RETRAIN_STEPS, setting.centroidEpochs),
          );
          job.progress({ phase: "centroids", epochs: tunedEpochs });
          await yieldToEvents();
        }
      }
      const outcome = (await exclusive(() => required().encode(setting.encoding, testImages))) as Outcome;
      const timings: CompressedSetting["timings"] = [];
      for (const backend of timeOn) {
        try {
          timings.push({
            backend,
            msPerImage: await exclusive(() => required().inferenceMs(backend, timedImages)),
          });
        } catch (error) {
          timings.push({ backend, error: error instanceof Error ? error.message : String(error) });
        }
      }
      return { ...outcome, retrainedEpochs, tunedEpochs, timings };
    },
    "compress/file": () => exclusive(() => required().file()),
    "compress/served": async ({ baseUrl, id, pruning, encoding, pictures }, job) => {
      if (served?.id !== id) {
        const catalogue = [...core().classifierCatalogue(), ...core().detectorCatalogue()] as ServedModel[];
        const model = catalogue.find((c) => c.id === id);
        if (!model) throw new Error(`unknown model ${id}`);
        const files = await fetchServedFiles(new URL(`${model.folder}/`, baseUrl), model);
        served?.lab.free();
        served = { id, lab: core().ServedCompressLab.load(id, files) };
      }
      const { lab: network } = served;
      const size = (await exclusive(() => network.compress(pruning, encoding))) as ServedSize;
      const comparisons: ServedComparison[] = [];
      for (const picture of pictures) {
        if (job.cancelled) {
          picture.close();
          continue;
        }
        const { rgba, width, height } = read(picture);
        const comparison = (await exclusive(() => network.compare(rgba, width, height))) as ServedComparison;
        comparisons.push(comparison);
        job.progress(comparison);
        await yieldToEvents();
      }
      return { size, comparisons };
    },
    "compress/sensitivity": async ({ fractions, testImages }, job) => {
      const tensors = (required().info() as CompressInfo).tensors;
      const points: SensitivityPoint[] = [];
      for (const [tensor, { weight }] of tensors.entries()) {
        for (const fraction of weight ? fractions : []) {
          if (job.cancelled) return points;
          const accuracy = await exclusive(() => required().sensitivity(tensor, fraction, testImages));
          const point = { tensor, fraction, accuracy };
          points.push(point);
          job.progress(point);
          await yieldToEvents();
        }
      }
      return points;
    },
  };
}

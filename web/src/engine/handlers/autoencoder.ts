// The worker's autoencoder-lab handlers (crate/src/wasm/autoencoder.rs): a fresh network with its dataset's
// test images and training chunks, trained a few steps per call so the page sees the loss move and can
// pause; the test digits through the network, the test set's codes, and codes decoded.

import type * as Core from "../../wasm-pkg/playground.js";
import { fetchDataset } from "../download";
import type { Handlers } from "../job";
import { serialQueue, yieldToEvents } from "../job";
import type { AutoencoderEvaluation, AutoencoderSamples, CodeMap, FewLabelsPoint } from "../protocol";

type AutoencoderMethod = Extract<keyof import("../protocol").Methods, `autoencoder/${string}`>;

/** Optimiser steps between two reports (and chances to pause). */
const STEPS_PER_REPORT = 5;

export function autoencoderHandlers(core: () => typeof Core): Handlers<AutoencoderMethod> {
  let lab: Core.AutoencoderLab | undefined;
  const exclusive = serialQueue();
  const required = () => {
    if (!lab) throw new Error("no autoencoder yet");
    return lab;
  };
  return {
    "autoencoder/load": ({ backend, spec, training, baseUrl, dataset, trainChunks }) =>
      exclusive(async () => {
        const { test, train } = await fetchDataset(baseUrl, dataset, trainChunks);
        const next = await core().AutoencoderLab.create(backend, spec, training, test);
        for (const chunk of train) next.addTrainChunk(chunk);
        lab?.free();
        lab = next;
        return { trainImages: next.trainImages() };
      }),
    "autoencoder/train": async ({ untilEpoch, testImages }, job) => {
      const network = required();
      let epochs = 0;
      let loss = NaN;
      while (!job.cancelled) {
        const before = Math.floor(epochs);
        epochs = await exclusive(() => network.train(STEPS_PER_REPORT));
        loss = await exclusive(() => network.lastLoss());
        // The test scores at each epoch's end, and where training stops.
        const ended = Math.floor(epochs) > before || epochs >= untilEpoch;
        const evaluation = ended
          ? ((await exclusive(() => network.evaluate(testImages))) as AutoencoderEvaluation)
          : undefined;
        job.progress({ epochs, loss, evaluation });
        if (epochs >= untilEpoch) break;
        await yieldToEvents();
      }
      return { epochs, loss };
    },
    "autoencoder/samples": ({ count }) =>
      exclusive(async () => (await required().samples(count)) as AutoencoderSamples),
    "autoencoder/code-map": ({ limit }) =>
      exclusive(async () => (await required().codeMap(limit)) as CodeMap),
    "autoencoder/decode": ({ codes }) => exclusive(() => required().decode(codes)),
    "autoencoder/reconstruct": ({ image }) => exclusive(() => required().reconstruct(image)),
    "autoencoder/features": ({ max }) => exclusive(() => required().features(max)),
    "autoencoder/few-labels": async ({ perClass, testImages }, job) => {
      const points: FewLabelsPoint[] = [];
      for (const n of perClass) {
        if (job.cancelled) break;
        const point = (await exclusive(() => required().fewLabels(n, testImages))) as FewLabelsPoint;
        points.push(point);
        job.progress(point);
        await yieldToEvents();
      }
      return points;
    },
  };
}

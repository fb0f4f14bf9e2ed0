// The worker's CNN-lab and augmentation handlers. The lab (crate/src/wasm/cnn.rs) holds the datasets and
// the network; downloaded chunks are also kept here so a new network, or the augmentation comparison's
// extra networks, can be filled without downloading again.

import type * as Core from "../../wasm-pkg/playground.js";
import { fetchGzip, fetchManifest } from "../download";
import type { Handlers } from "../job";
import { pacedLoop, serialQueue } from "../job";
import type {
  CnnEvaluation,
  CnnSetup,
  CnnSpec,
  DataProgress,
  DatasetId,
  LayerSummary,
  NamedMap,
  TestImage,
  TrainProgress,
  TrainReport,
} from "../protocol";

type CnnMethod = Extract<keyof import("../protocol").Methods, `cnn/${string}` | `augment/${string}`>;

interface Chunk {
  split: "train" | "test";
  bytes: Uint8Array;
}

/** How long one training call computes before it reports. */
const REPORT_EVERY_MS = 150;

export function cnnHandlers(core: () => typeof Core): Handlers<CnnMethod> {
  let lab: Core.CnnLab | undefined;
  /** What `lab` was last set up with, so a page that comes back can tell whether it is still its network. */
  let labSetup: CnnSetup | undefined;
  let chunks: Chunk[] = [];
  let loadedDataset: DatasetId | undefined;
  /** The loaded dataset's chunks by file, fetched or on their way, and how many of its bytes are in. */
  const arrivals = new Map<string, Promise<void>>();
  let arrivedBytes = 0;
  let smallData: number | null = null;
  const exclusive = serialQueue();

  const required = () => {
    if (!lab) throw new Error("no network yet");
    return lab;
  };
  const counts = () => {
    const [train, test] = required().counts();
    return { train, test };
  };
  const images = (indices: ArrayLike<number>): TestImage[] =>
    Array.from(indices, (index) => {
      const bytes = required().testImage(index);
      return { index, label: bytes[0], pixels: bytes.subarray(1) };
    });
  const create = async ({ backend, spec, training }: CnnSetup) => {
    const fresh = await core().CnnLab.create(backend, spec, training);
    for (const chunk of chunks) fresh.addChunk(chunk.split, chunk.bytes);
    fresh.setSmallData(smallData ?? undefined);
    return fresh;
  };

  return {
    "cnn/summary": (spec) => core().cnnSummary(spec) as LayerSummary[],

    "cnn/create": (setup) =>
      exclusive(async () => {
        const fresh = await create(setup);
        lab?.free();
        lab = fresh;
        labSetup = setup;
        return counts();
      }),

    "cnn/time-step": (setup) =>
      exclusive(async () => {
        const trial = await core().CnnLab.create(setup.backend, setup.spec, setup.training);
        try {
          // One training chunk and four batches' worth of its images: the timing needs steps, not data.
          const first = chunks.find((chunk) => chunk.split === "train");
          if (!first) throw new Error("no training images yet");
          trial.addChunk(first.split, first.bytes);
          trial.setSmallData(4 * setup.training.batch);
          await trial.train(1);
          const started = performance.now();
          const timed = (await trial.train(2)) as TrainReport;
          const msPerSubBatch = (performance.now() - started) / timed.subBatches;
          return { msPerStep: msPerSubBatch * trial.subBatchesPerStep() };
        } finally {
          trial.free();
        }
      }),

    "cnn/current": () => exclusive(() => (lab && labSetup ? { ...labSetup, epoch: lab.epoch() } : null)),

    "cnn/reconfigure": ({ keepWeights, ...setup }) =>
      exclusive(async () => {
        await required().reconfigure(setup.backend, setup.spec, setup.training, keepWeights);
        labSetup = setup;
        return undefined;
      }),

    "cnn/load-data": async ({ baseUrl, dataset, trainChunks }, job) => {
      const base = new URL(`${dataset}/`, baseUrl);
      const manifest = await fetchManifest(baseUrl, dataset);
      const all = [
        { split: "test" as const, ...manifest.test },
        ...manifest.train.map((entry) => ({ split: "train" as const, ...entry })),
      ];
      const wanted = all.slice(0, 1 + (trainChunks ?? manifest.train.length));
      await exclusive(() => {
        if (loadedDataset === dataset) return;
        chunks = [];
        arrivals.clear();
        arrivedBytes = 0;
        loadedDataset = dataset;
      });
      const state = (): DataProgress => ({
        dataset,
        title: manifest.title,
        classes: manifest.classes,
        loaded: arrivedBytes,
        total: all.reduce((sum, e) => sum + e.bytes, 0),
        trainTotal: manifest.train.reduce((sum, e) => sum + e.count, 0),
        ...(lab ? counts() : { train: 0, test: 0 }),
      });
      for (const entry of wanted) {
        if (job.cancelled || loadedDataset !== dataset) break;
        // Each chunk is fetched once, however many calls want it (opening the lab, then training).
        let arrival = arrivals.get(entry.file);
        if (!arrival) {
          arrival = fetchGzip(new URL(entry.file, base)).then((bytes) =>
            exclusive(() => {
              if (loadedDataset !== dataset) return;
              chunks.push({ split: entry.split, bytes });
              lab?.addChunk(entry.split, bytes);
              arrivedBytes += entry.bytes;
            }),
          );
          arrival.catch(() => arrivals.delete(entry.file));
          arrivals.set(entry.file, arrival);
        }
        await arrival;
        job.progress(state());
      }
      return state();
    },

    "cnn/small-data": (count) =>
      exclusive(() => {
        smallData = count;
        lab?.setSmallData(count ?? undefined);
        return lab ? counts() : { train: 0, test: 0 };
      }),

    "cnn/train": async ({ untilEpoch, testImages }, job) => {
      const trainer = required();
      let last: TrainProgress | undefined;
      let epoch = Math.floor(trainer.epoch());
      let samples = trainer.samples();
      await pacedLoop({
        count: Infinity,
        reportEveryMs: REPORT_EVERY_MS,
        stillCurrent: () => !job.cancelled && lab === trainer && !(last && last.report.epoch >= untilEpoch),
        steps: async (budget) => {
          const started = performance.now();
          const report = (await exclusive(() => trainer.train(budget))) as TrainReport;
          const seconds = (performance.now() - started) / 1000;
          last = { report, samplesPerSecond: (report.samples - samples) / seconds };
          samples = report.samples;
          const finishedEpoch = Math.floor(report.epoch);
          if (finishedEpoch > epoch || report.epoch >= untilEpoch) {
            epoch = finishedEpoch;
            last.evaluation = (await exclusive(() => trainer.evaluate(testImages))) as CnnEvaluation;
          }
          // Paced in sub-batches: a large network's step is several, so a pause lands within it. A call
          // that ended an epoch may have done fewer than asked.
          return report.subBatches;
        },
        report: () => last && job.progress(last),
      });
      if (!last) throw new Error("training was stopped before its first step");
      return last;
    },

    "cnn/evaluate": ({ testImages }) =>
      exclusive(() => required().evaluate(testImages) as Promise<CnnEvaluation>),

    "cnn/inspect": (image) =>
      exclusive(() => required().activations(Float32Array.from(image)) as Promise<NamedMap[]>),

    "cnn/logits": (image) =>
      exclusive(async () => Array.from(await required().logits(Float32Array.from(image)))),

    "cnn/drawing-to-digit": ({ ink, width, height }) => Array.from(core().drawingToDigit(ink, width, height)),

    "cnn/filters": () => exclusive(() => required().filters() as Promise<NamedMap[]>),

    "cnn/top-images": ({ layer, channel, count, limit }) =>
      exclusive(async () => images(await required().topImages(layer, channel, count, limit))),

    "cnn/channel-peaks": ({ limit }) =>
      exclusive(() => required().channelPeaks(limit) as Promise<number[][]>),

    "cnn/confused-images": ({ actual, predicted, max }) =>
      exclusive(() => images(required().confusedImages(actual, predicted, max))),

    "cnn/test-images": (indices) => exclusive(() => images(indices)),

    "cnn/export": () => exclusive(() => required().exportWeights()),

    "cnn/import": ({ bytes, training }) =>
      exclusive(async () => {
        const spec = (await required().importWeights(bytes, training)) as CnnSpec;
        if (labSetup) labSetup = { ...labSetup, spec, training };
        return spec;
      }),

    "cnn/compare-augmentation": async ({ images: count, epochs, ...setup }, job) => {
      const accuracy = async (augmented: boolean) => {
        const trial = await create({
          ...setup,
          training: { ...setup.training, augmentation: augmented ? setup.training.augmentation : null },
        });
        try {
          trial.setSmallData(count);
          const [train] = trial.counts();
          let stepsBefore = 0;
          await pacedLoop({
            count: Math.ceil((epochs * train) / setup.training.batch),
            reportEveryMs: REPORT_EVERY_MS,
            stillCurrent: () => !job.cancelled,
            steps: async (budget) => {
              const report = (await trial.train(budget)) as TrainReport;
              const ran = report.steps - stepsBefore;
              stepsBefore = report.steps;
              return ran;
            },
            report: () => job.progress(augmented ? "with" : "without"),
          });
          return ((await trial.evaluate(1e9)) as CnnEvaluation).accuracy;
        } finally {
          trial.free();
        }
      };
      const without = await accuracy(false);
      return { without, with: await accuracy(true) };
    },

    "augment/digit": ({ augmentation, pixels, side }) => core().augmentDigit(augmentation, pixels, side),
    "augment/random-digit": ({ policy, pixels, side, seed }) =>
      core().randomDigitAugmentation(policy, pixels, side, BigInt(seed)),
    "augment/photo": ({ augmentation, image }) =>
      core().augmentPhoto(augmentation, image.rgba, image.width, image.height),
    "augment/counted-views": ({ image, flips, crops }) => {
      const all = core().countedViews(image.rgba, image.width, image.height, flips, crops);
      const size = image.width * image.height * 4;
      return Array.from({ length: all.length / size }, (_, i) => all.subarray(i * size, (i + 1) * size));
    },
  };
}

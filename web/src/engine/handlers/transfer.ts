// The worker's transfer-lab handlers: fetch the served ImageNet classifier's files and load it into the core
// (crate/src/wasm/classify.rs), lay it out on a backend with a cut layer, classify images (their top classes,
// features and the trained heads' scores), train the heads on features the page sends, and fine-tune the
// network on the page's images epoch by epoch (crate/src/wasm/fine_tune.rs).

import type * as Core from "../../wasm-pkg/playground.js";
import type { Handlers } from "../job";
import { serialQueue, yieldToEvents } from "../job";
import type {
  ClassifiedImage,
  CutPoints,
  FeatureSets,
  FineTuneImages,
  FineTuneReport,
  FineTunedInfo,
  HeadReport,
  ScannedWindows,
  ServedModel,
} from "../protocol";
import { frameReader } from "./frames";
import { fetchServedFiles } from "./served-files";

type TransferMethod = Extract<keyof import("../protocol").Methods, `transfer/${string}`>;

export function transferHandlers(
  core: () => typeof Core,
  memory: () => WebAssembly.Memory,
): Handlers<TransferMethod> {
  let lab: Core.ClassificationLab | undefined;
  let tuning: Core.FineTuneLab | undefined;
  const tuned = () => {
    if (!tuning) throw new Error("no fine-tuning started yet");
    return tuning;
  };
  const replaceTuning = (next: Core.FineTuneLab) => {
    tuning?.free();
    tuning = next;
    return next;
  };
  const scored = (images: FineTuneImages) => {
    const { train, validation } = images;
    tuned().setImages(train.pixels, train.labels, validation.pixels, validation.labels);
    return tuned().epoch(false) as Promise<FineTuneReport>;
  };
  const read = frameReader();
  // An image must not enter the lab while a reconfiguration holds it, nor the other way round.
  const exclusive = serialQueue();
  const required = () => {
    if (!lab) throw new Error("no classifier loaded yet");
    return lab;
  };
  /** `work` on the core's copy of `sets`, freed after. */
  const withFeatureSets = <T>(sets: FeatureSets, work: (made: Core.FeatureSets) => T): T => {
    const { dimension, classes, train, validation } = sets;
    const made = new (core().FeatureSets)(
      dimension,
      classes,
      train.features,
      train.labels,
      validation.features,
      validation.labels,
    );
    try {
      return work(made);
    } finally {
      made.free();
    }
  };
  const catalogue = () => core().classifierCatalogue() as ServedModel[];
  return {
    "transfer/catalogue": catalogue,
    "transfer/load-served": ({ baseUrl, id }) =>
      exclusive(async () => {
        const served = catalogue().find((c) => c.id === id);
        if (!served) throw new Error(`unknown classifier ${id}`);
        const files = await fetchServedFiles(new URL(`${served.folder}/`, baseUrl), served);
        lab?.free();
        lab = core().ClassificationLab.fromServed(id, files);
        return lab.cutPoints() as CutPoints;
      }),
    "transfer/configure": ({ backend, cut }) =>
      exclusive(async () => {
        await required().configure(backend, cut);
        return undefined;
      }),
    "transfer/classify": ({ image, count }) =>
      exclusive(async () => {
        const { rgba, width, height, captureMs } = read(image);
        const classified = (await required().classify(rgba, width, height, count)) as ClassifiedImage;
        return { ...classified, captureMs, wasmBytes: memory().buffer.byteLength };
      }),
    "transfer/windows": ({ image, window, stride, class: chosen }) =>
      exclusive(async () => {
        const { rgba, width, height } = read(image);
        return (await required().windows(rgba, width, height, window, stride, chosen)) as ScannedWindows;
      }),
    "transfer/train-heads": ({ specs, ...sets }) =>
      exclusive(() => withFeatureSets(sets, (made) => required().trainHeads(specs, made) as HeadReport[])),
    "transfer/heads-by-examples": ({ specs, counts, ...sets }) =>
      withFeatureSets(sets, (made) => made.headsByExamples(specs, Uint32Array.from(counts)) as number[][]),
    "transfer/scratch-by-examples": async ({ backend, side, classes, images, count, epochs }) => {
      const { train, validation } = images;
      const [accuracy] = await core().scratchByExamples(
        backend,
        side,
        classes,
        train.pixels,
        train.labels,
        validation.pixels,
        validation.labels,
        Uint32Array.from([count]),
        epochs,
      );
      return accuracy;
    },
    "transfer/fine-tune-start": ({ backend, spec, training, classes, images }) =>
      exclusive(async () => {
        replaceTuning(await required().fineTune(backend, spec, training, classes));
        return scored(images);
      }),
    "transfer/fine-tune-import": ({ backend, bytes, training }) =>
      exclusive(async () => {
        const imported = await required().importFineTuned(backend, bytes, training);
        return replaceTuning(imported).info() as FineTunedInfo;
      }),
    "transfer/fine-tune-images": (images) => exclusive(() => scored(images)),
    "transfer/fine-tune-epochs": async ({ epochs }, job) => {
      const run = tuned();
      let last: FineTuneReport | undefined;
      for (let epoch = 0; epoch < epochs && !job.cancelled && tuning === run; epoch++) {
        last = (await exclusive(() => run.epoch(true))) as FineTuneReport;
        if (epoch < epochs - 1) job.progress(last);
        await yieldToEvents();
      }
      if (!last) throw new Error("fine-tuning was stopped before its first epoch");
      return last;
    },
    "transfer/fine-tune-export": () => exclusive(() => tuned().export()),
  };
}

// The worker's transfer-lab handlers: fetch the served ImageNet classifier's files and load it into the core
// (crate/src/wasm/classify.rs), lay it out on a backend with a cut layer, classify images (their top classes,
// features and the trained heads' scores), and train the heads on features the page sends.

import type * as Core from "../../wasm-pkg/playground.js";
import type { Handlers } from "../job";
import { serialQueue } from "../job";
import type { ClassifiedImage, CutPoints, HeadReport, ServedModel } from "../protocol";
import { frameReader } from "./frames";
import { fetchServedFiles } from "./served-files";

type TransferMethod = Extract<keyof import("../protocol").Methods, `transfer/${string}`>;

export function transferHandlers(
  core: () => typeof Core,
  memory: () => WebAssembly.Memory,
): Handlers<TransferMethod> {
  let lab: Core.ClassificationLab | undefined;
  const read = frameReader();
  // An image must not enter the lab while a reconfiguration holds it, nor the other way round.
  const exclusive = serialQueue();
  const required = () => {
    if (!lab) throw new Error("no classifier loaded yet");
    return lab;
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
    "transfer/train-heads": ({ specs, dimension, classes, train, validation }) =>
      exclusive(
        async () =>
          required().trainHeads(
            specs,
            dimension,
            classes,
            train.features,
            train.labels,
            validation.features,
            validation.labels,
          ) as HeadReport[],
      ),
  };
}

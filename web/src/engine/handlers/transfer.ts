// The worker's transfer-lab handlers: fetch the served ImageNet classifier's files, load it into the core
// (crate/src/wasm/classify.rs), and rank an image's classes on the backend asked for.

import type * as Core from "../../wasm-pkg/playground.js";
import type { Handlers } from "../job";
import { serialQueue } from "../job";
import type { RankedClass, ServedModel } from "../protocol";
import { fetchServedFiles } from "./served-files";

type TransferMethod = Extract<keyof import("../protocol").Methods, `transfer/${string}`>;

export function transferHandlers(core: () => typeof Core): Handlers<TransferMethod> {
  let lab: Core.ClassificationLab | undefined;
  const exclusive = serialQueue();
  const required = () => {
    if (!lab) throw new Error("no classifier loaded yet");
    return lab;
  };
  return {
    "transfer/load-served": ({ baseUrl, id }) =>
      exclusive(async () => {
        const served = (core().classifierCatalogue() as ServedModel[]).find((c) => c.id === id);
        if (!served) throw new Error(`unknown classifier ${id}`);
        const files = await fetchServedFiles(new URL(`${served.folder}/`, baseUrl), served);
        lab?.free();
        lab = core().ClassificationLab.fromServed(id, files);
        return undefined;
      }),
    "transfer/classify": ({ backend, rgba, width, height, count }) =>
      exclusive(() => required().classify(backend, rgba, width, height, count) as Promise<RankedClass[]>),
  };
}

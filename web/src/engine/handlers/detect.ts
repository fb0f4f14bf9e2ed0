// The worker's detection-lab handlers: fetch a served detector's files (or take the user's own), load it
// into the core (crate/src/wasm/detect.rs), and turn frames (ImageBitmaps from the camera or a photo) into
// boxes.

import type * as Core from "../../wasm-pkg/playground.js";
import type { Handlers } from "../job";
import { serialQueue } from "../job";
import type { DetectorInfo, FrameResult, ServedModel } from "../protocol";
import { frameReader } from "./frames";
import { fetchServedFiles } from "./served-files";

type DetectMethod = Extract<keyof import("../protocol").Methods, `detect/${string}`>;

export function detectHandlers(
  core: () => typeof Core,
  memory: () => WebAssembly.Memory,
): Handlers<DetectMethod> {
  let lab: Core.DetectionLab | undefined;
  const read = frameReader();
  // A frame must not enter the lab while a reconfiguration holds it, nor the other way round.
  const exclusive = serialQueue();

  const replace = (next: Core.DetectionLab): DetectorInfo => {
    lab?.free();
    lab = next;
    return next.info() as DetectorInfo;
  };
  const catalogue = () => core().detectorCatalogue() as ServedModel[];
  const required = () => {
    if (!lab) throw new Error("no detector loaded yet");
    return lab;
  };

  return {
    "detect/catalogue": catalogue,
    "detect/load-served": ({ baseUrl, id }) =>
      exclusive(async () => {
        const detector = catalogue().find((d) => d.id === id);
        if (!detector) throw new Error(`unknown detector ${id}`);
        const files = await fetchServedFiles(new URL(`${detector.folder}/`, baseUrl), detector);
        return replace(core().DetectionLab.fromServed(id, files));
      }),
    "detect/load-darknet": ({ cfg, weights, names }) =>
      exclusive(() => replace(core().DetectionLab.fromDarknet(cfg, weights, names))),
    "detect/configure": ({ backend, size }) =>
      exclusive(async () => {
        await required().configure(backend, size);
        return undefined;
      }),
    "detect/frame": ({ image, confidence, nmsIou, grids }) =>
      exclusive(async () => {
        const { rgba, width, height, captureMs } = read(image);
        const result = (await required().detect(rgba, width, height, confidence, nmsIou, grids)) as Omit<
          FrameResult,
          "times" | "width" | "height" | "wasmBytes"
        > & { times: Omit<FrameResult["times"], "captureMs"> };
        return {
          ...result,
          times: { captureMs, ...result.times },
          width,
          height,
          wasmBytes: memory().buffer.byteLength,
        };
      }),
  };
}

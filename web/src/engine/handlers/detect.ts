// The worker's detection-lab handlers: fetch a served detector's files (or take the user's own), load it
// into the core (crate/src/wasm/detect.rs), and turn frames (ImageBitmaps from the camera or a photo) into
// boxes. Frames are read into RGBA bytes here, off the page's thread, on one reused canvas.

import type * as Core from "../../wasm-pkg/playground.js";
import type { Handlers } from "../job";
import { serialQueue } from "../job";
import type { DetectorInfo, FrameResult, ServedModel } from "../protocol";
import { fetchServedFiles } from "./served-files";

type DetectMethod = Extract<keyof import("../protocol").Methods, `detect/${string}`>;

export function detectHandlers(
  core: () => typeof Core,
  memory: () => WebAssembly.Memory,
): Handlers<DetectMethod> {
  let lab: Core.DetectionLab | undefined;
  let canvas: OffscreenCanvas | undefined;
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
        const started = performance.now();
        const { width, height } = image;
        if (!canvas || canvas.width !== width || canvas.height !== height)
          canvas = new OffscreenCanvas(width, height);
        const context = canvas.getContext("2d", { willReadFrequently: true });
        if (!context) throw new Error("this browser cannot read frames on a canvas in a worker");
        context.drawImage(image, 0, 0);
        image.close();
        const rgba = context.getImageData(0, 0, width, height).data;
        const captureMs = performance.now() - started;
        const bytes = new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength);
        const result = (await required().detect(bytes, width, height, confidence, nmsIou, grids)) as Omit<
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

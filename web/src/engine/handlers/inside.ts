// The worker's inside-lab handlers (crate/src/wasm/inside.rs): a network to look into — the attendee's CNN
// with its dataset's test images, or a served classifier — its attributions, attacks, robustness curve and
// images dreamed up, the long ones step by step so they report and can be cancelled.

import type * as Core from "../../wasm-pkg/playground.js";
import { fetchDataset } from "../download";
import type { Handlers } from "../job";
import { serialQueue, yieldToEvents } from "../job";
import type {
  Dreamed,
  Explanation,
  Filters,
  InsideInfo,
  RobustnessPoint,
  ServedModel,
  TopImage,
  Transferred,
} from "../protocol";
import { frameReader } from "./frames";
import { fetchServedFiles } from "./served-files";

type InsideMethod = Extract<keyof import("../protocol").Methods, `inside/${string}`>;

/** Steps a dream takes between reports: each step is one forward and backward pass. */
const DREAM_REPORT_EVERY = 5;
/** The ε values the smallest-ε search tries, in grey levels of 255 — fine where ImageNet networks give way,
 * coarse where MNIST ones do — a few at a time (one batch each), reporting between. */
const EPSILON_GRID = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128];
const EPSILON_PART = 3;
/** The parts a transfer measurement is made in, each reported and a chance to cancel. */
const TRANSFER_PARTS = 10;

/** Two scores of disjoint images as one: each accuracy weighted by its images. */
function pooled(a: Transferred, b: Transferred): Transferred {
  const images = a.images + b.images;
  const mean = (x: number, y: number) => (x * a.images + y * b.images) / images;
  return {
    images,
    clean: mean(a.clean, b.clean),
    adversarial: mean(a.adversarial, b.adversarial),
    secondClean: mean(a.secondClean, b.secondClean),
    secondAdversarial: mean(a.secondAdversarial, b.secondAdversarial),
  };
}

export function insideHandlers(core: () => typeof Core): Handlers<InsideMethod> {
  let lab: Core.InsideLab | undefined;
  const exclusive = serialQueue();
  const read = frameReader();
  const required = () => {
    if (!lab) throw new Error("no network loaded yet");
    return lab;
  };
  const replace = (next: Core.InsideLab) => {
    lab?.free();
    lab = next;
    return next.info() as InsideInfo;
  };
  return {
    "inside/load": (params) =>
      exclusive(async () => {
        if (params.source === "cnn") {
          const { manifest, test } = await fetchDataset(params.baseUrl, params.dataset, 0);
          return replace(
            await core().InsideLab.fromCnn(params.backend, params.bytes, test, manifest.classes),
          );
        }
        const detector = params.source === "detector";
        const catalogue = (
          detector ? core().detectorCatalogue() : core().classifierCatalogue()
        ) as ServedModel[];
        const served = catalogue.find((c) => c.id === params.id);
        if (!served) throw new Error(`unknown model ${params.id}`);
        const files = await fetchServedFiles(new URL(`${served.folder}/`, params.baseUrl), served);
        const { InsideLab } = core();
        if (params.source === "fine-tuned") {
          return replace(await InsideLab.fromFineTuned(params.backend, params.id, files, params.bytes));
        }
        const make = detector ? InsideLab.fromServedDetector : InsideLab.fromServedClassifier;
        return replace(await make(params.backend, params.id, files));
      }),
    "inside/image": (index) =>
      exclusive(() => {
        const label = required().label(index);
        if (label === undefined) throw new Error(`no image ${index}`);
        return { input: required().image(index), label };
      }),
    "inside/add-image": (input) => exclusive(() => required().addImage(input)),
    "inside/input": (image) =>
      exclusive(() => {
        const { rgba, width, height } = read(image);
        return required().inputFromRgba(rgba, width, height);
      }),
    "inside/probabilities": (input) => exclusive(() => required().probabilities(input)),
    "inside/layer": ({ input, node }) => exclusive(() => required().layerValues(input, node)),
    "inside/channel-peaks": (images) =>
      exclusive(() => required().channelPeaks(images) as Promise<number[][]>),
    "inside/filters": (node) => exclusive(() => required().filters(node) as Promise<Filters | null>),
    "inside/top-images": ({ node, channel, count, limit }) =>
      exclusive(() => required().topImages(node, channel, count, limit) as Promise<TopImage[]>),
    "inside/receptive-field": ({ node, y, x }) =>
      exclusive(() => Array.from(required().receptiveField(node, y, x))),
    "inside/explain": ({ input, target, methods, randomised }) =>
      exclusive(async () => {
        const maps: Explanation[] = [];
        for (const method of methods) {
          maps.push((await required().explain(input, target, method, randomised)) as Explanation);
        }
        return maps;
      }),
    "inside/attack": ({ input, label, target, attack }) =>
      exclusive(() => required().attack(input, label, target, attack)),
    "inside/smallest-epsilon": async ({ input, label, target, attack }, job) => {
      for (let start = 0; start < EPSILON_GRID.length && !job.cancelled; start += EPSILON_PART) {
        const grid = Float32Array.from(EPSILON_GRID.slice(start, start + EPSILON_PART), (k) => k / 255);
        const found = await exclusive(() => required().smallestEpsilon(input, label, target, attack, grid));
        if (found !== undefined) return found;
        job.progress(grid[grid.length - 1]);
        await yieldToEvents();
      }
      return null;
    },
    "inside/robustness": async ({ attacks, images }, job) => {
      const points: RobustnessPoint[] = [];
      for (const attack of attacks) {
        if (job.cancelled) break;
        const accuracy = await exclusive(() => required().robustness(attack, images));
        points.push({ attack, accuracy });
        job.progress({ attack, accuracy });
        await yieldToEvents();
      }
      return points;
    },
    "inside/second": (params) =>
      exclusive(async () => {
        if (params.kind === "cnn") await required().secondFromCnn(params.backend, params.bytes);
        else await required().secondOnBackend(params.backend);
        return undefined;
      }),
    "inside/transfer": async ({ attack, images }, job) => {
      const total = Math.min(images, required().imageCount());
      const part = Math.max(1, Math.ceil(total / TRANSFER_PARTS));
      let scored: Transferred = { images: 0, clean: 0, adversarial: 0, secondClean: 0, secondAdversarial: 0 };
      for (let start = 0; start < total && !job.cancelled; start += part) {
        const next = (await exclusive(() => required().transfer(attack, start, part))) as Transferred;
        scored = pooled(scored, next);
        job.progress(scored);
        await yieldToEvents();
      }
      return scored;
    },
    "inside/dream": async ({ objective, settings, steps, seed, stopAt }, job) => {
      await exclusive(() => required().dreamStart(objective, settings, BigInt(seed)));
      let last: Dreamed | undefined;
      while (!job.cancelled && (last?.steps ?? 0) < steps) {
        const batch = Math.min(DREAM_REPORT_EVERY, steps - (last?.steps ?? 0));
        last = (await exclusive(() => required().dreamSteps(batch))) as Dreamed;
        if (stopAt !== undefined && last.score >= stopAt) break;
        job.progress(last);
        await yieldToEvents();
      }
      if (!last) throw new Error("the image was stopped before its first step");
      return last;
    },
  };
}

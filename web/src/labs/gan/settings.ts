// The GAN lab's settings, in the URL so a workshop leader can hand out a set-up: the target (a preset, or
// the bumps an attendee drew), both networks' size, and how each is trained.

import type {
  DatasetId,
  DcganSpec,
  EngineBackend,
  GanTraining,
  Mixture,
  Optimiser,
} from "../../engine/protocol";
import { adam } from "../../engine/protocol";
import { LIMITS } from "../../engine/wire";
import { field, type Fields } from "../../ui/url-settings";

export type TargetChoice = "one" | "two" | "ring" | "grid" | "drawn";
export type OptimiserChoice = "sgd" | "adam";

export interface GanSettings {
  target: TargetChoice;
  /** The bumps drawn on the plane, used when the target is "drawn". */
  drawn: [number, number][];
  /** Each bump's σ. */
  spread: number;
  /** Units per hidden layer, and hidden layers, of each network. */
  units: number;
  layers: number;
  generatorOptimiser: OptimiserChoice;
  generatorRate: number;
  discriminatorOptimiser: OptimiserChoice;
  discriminatorRate: number;
  dSteps: number;
  batch: number;
  backend: EngineBackend;
  /** The DCGAN: its dataset, noise values per image, filters, and training chunks of 10 000 images. */
  digits: DatasetId;
  noise: number;
  filters: number;
  chunks: number;
  /** pix2pix: its dataset and filters. */
  edgesDigits: DatasetId;
  edgesFilters: number;
}

export const SPREAD_RANGE = { min: 0.02, max: 0.5, step: 0.01 };
export const UNITS_RANGE = { min: 1, max: LIMITS.ganUnits, step: 1 };
export const LAYERS_RANGE = { min: 1, max: LIMITS.ganLayers, step: 1 };
export const RATE_RANGE = { min: 0.00001, max: 1, step: 0.00001 };
export const D_STEPS_RANGE = { min: 1, max: LIMITS.ganDSteps, step: 1 };
export const BATCH_RANGE = { min: 1, max: LIMITS.ganBatch, step: 1 };
export const NOISE_RANGE = { min: 1, max: LIMITS.dcganNoise, step: 1 };
export const FILTERS_RANGE = { min: 1, max: LIMITS.dcganFilters, step: 1 };
export const CHUNKS_RANGE = { min: 1, max: 6, step: 1 };

/** The plane the lab shows and a drawn bump may sit in, and the most bumps a drawing has. */
export const DOMAIN = { min: -2, max: 2 };
export const MAX_DRAWN = LIMITS.ganCentres;

/** Drawn bumps in the address: "x,y;x,y" with two decimals. */
const drawnField = field.custom<[number, number][]>(
  "drawn",
  [],
  (raw) => {
    const points = raw.split(";").map((pair) => pair.split(",").map(Number));
    const valid = points.every(
      (p) => p.length === 2 && p.every((v) => Number.isFinite(v) && v >= DOMAIN.min && v <= DOMAIN.max),
    );
    return valid && points.length <= MAX_DRAWN ? (points as [number, number][]) : undefined;
  },
  (points) =>
    points.length > 0 ? points.map((p) => p.map((v) => v.toFixed(2)).join(",")).join(";") : undefined,
);

const optimisers = ["sgd", "adam"] as const;

export const FIELDS: Fields<GanSettings> = {
  target: field.choice<TargetChoice>("target", ["one", "two", "ring", "grid", "drawn"], "two"),
  drawn: drawnField,
  spread: field.number("spread", 0.2, SPREAD_RANGE),
  units: field.number("units", 32, UNITS_RANGE),
  layers: field.number("layers", 2, LAYERS_RANGE),
  generatorOptimiser: field.choice<OptimiserChoice>("g", optimisers, "sgd"),
  generatorRate: field.number("lr-g", 0.02, RATE_RANGE),
  discriminatorOptimiser: field.choice<OptimiserChoice>("d", optimisers, "sgd"),
  discriminatorRate: field.number("lr-d", 0.05, RATE_RANGE),
  dSteps: field.number("d-steps", 3, D_STEPS_RANGE),
  batch: field.number("batch", 64, BATCH_RANGE),
  backend: field.choice<EngineBackend>("backend", ["simd", "webgpu", "scalar"], "simd"),
  digits: field.choice<DatasetId>("digits", ["mnist", "fashion-mnist"], "mnist"),
  noise: field.number("noise", 16, NOISE_RANGE),
  filters: field.number("filters", 16, FILTERS_RANGE),
  chunks: field.number("chunks", 1, CHUNKS_RANGE),
  edgesDigits: field.choice<DatasetId>("edges-digits", ["mnist", "fashion-mnist"], "mnist"),
  edgesFilters: field.number("edges-filters", 16, FILTERS_RANGE),
};

export const dcganSpecOf = (s: GanSettings): DcganSpec => ({ noise: s.noise, filters: s.filters });

/** The centres of each preset: one bump, two, eight on a ring (where a generator collapses onto a few), a
 * 3 × 3 grid. */
function presetCentres(target: Exclude<TargetChoice, "drawn">): [number, number][] {
  switch (target) {
    case "one":
      return [[0.5, 0.5]];
    case "two":
      return [
        [-1, 0.5],
        [1, -0.5],
      ];
    case "ring":
      return Array.from({ length: 8 }, (_, i) => {
        const angle = (2 * Math.PI * i) / 8;
        return [1.4 * Math.cos(angle), 1.4 * Math.sin(angle)];
      });
    case "grid":
      return [-1.2, 0, 1.2].flatMap((y) => [-1.2, 0, 1.2].map((x): [number, number] => [x, y]));
  }
}

/** The target the settings describe; a drawn one with no bumps yet has none. */
export function targetOf(s: GanSettings): Mixture {
  return { centres: s.target === "drawn" ? s.drawn : presetCentres(s.target), spread: s.spread };
}

/** Adam as GANs take it: β₁ 0.5, so its momentum follows an opponent that moves (the core's DCGAN's too). */
const optimiserOf = (choice: OptimiserChoice, learningRate: number): Optimiser =>
  choice === "adam" ? adam(learningRate, 0.5) : { kind: "sgd", learningRate, momentum: 0 };

export function trainingOf(s: GanSettings): GanTraining {
  return {
    generator: optimiserOf(s.generatorOptimiser, s.generatorRate),
    discriminator: optimiserOf(s.discriminatorOptimiser, s.discriminatorRate),
    dSteps: s.dSteps,
    batch: s.batch,
    seed: 1,
  };
}

export const hiddenOf = (s: GanSettings): number[] => Array<number>(s.layers).fill(s.units);

/** Each preset's spread: tight bumps where there are many. */
export const PRESET_SPREADS: Record<Exclude<TargetChoice, "drawn">, number> = {
  one: 0.3,
  two: 0.2,
  ring: 0.1,
  grid: 0.1,
};

// The autoencoder lab's sheet: a denoiser that clearly beats its noisy input, a narrow code against a wide
// one, a sparse code that still reconstructs, and the 2-D code plane walked through.

import { text } from "../i18n";
import type { AutoencoderLabState, AutoencoderRun } from "./lab-state";
import { missing, solved, type Sheet } from "./sheet";

const words = () => text.exercises.autoencoder;

/** How many decibels above its noisy input the denoising task wants the reconstruction. */
const GAIN_DB = 3;
/** The bottleneck task's narrow and wide codes. */
const NARROW = 4;
const WIDE = 32;
/** The sparse task: at most this fraction of code values active, at least this PSNR. */
const ACTIVE = 0.2;
const SPARSE_PSNR = 13;

/** The few-labels chart's points: 1, 5, 10, 50, 100 and 500 labelled digits per class. */
const FEW_LABEL_POINTS = 6;

const trained = (runs: AutoencoderRun[]) => runs.filter((run) => run.epochs >= 1);

export const autoencoderSheet: Sheet<"autoencoder"> = {
  lab: "autoencoder",
  tasks: [
    {
      id: "denoise",
      start: "noise=gaussian&level=0.4&kind=conv&code=16&sparsity=0",
      check: ({ runs }: AutoencoderLabState) => {
        const noisy = trained(runs).filter((run) => run.noise !== null && run.level >= 0.2);
        if (noisy.length === 0) return missing(words().trainNoisy);
        return noisy.some((run) => run.evaluation.psnr >= (run.evaluation.noisyPsnr ?? Infinity) + GAIN_DB)
          ? solved
          : missing(words().gainMore(GAIN_DB));
      },
    },
    {
      id: "bottleneck",
      check: ({ runs }: AutoencoderLabState) => {
        const done = trained(runs);
        const narrow = done.some((run) => run.code <= NARROW);
        const wide = done.some((run) => run.code >= WIDE);
        if (!narrow) return missing(words().trainNarrow(NARROW));
        return wide ? solved : missing(words().trainWide(WIDE));
      },
    },
    {
      id: "sparse",
      start: "kind=dense&hidden=0&code=256&noise=none&sparsity=0.3",
      check: ({ runs }: AutoencoderLabState) => {
        const sparse = trained(runs).filter((run) => run.sparsity > 0);
        if (sparse.length === 0) return missing(words().trainSparse);
        if (!sparse.some((run) => run.evaluation.activeCode <= ACTIVE))
          return missing(words().fewerActive(ACTIVE));
        return sparse.some((run) => run.evaluation.activeCode <= ACTIVE && run.evaluation.psnr >= SPARSE_PSNR)
          ? solved
          : missing(words().stillReconstruct(SPARSE_PSNR));
      },
    },
    {
      id: "few-labels",
      check: ({ fewLabels }: AutoencoderLabState) => {
        if (fewLabels.length < FEW_LABEL_POINTS) return missing(words().measureFewLabels);
        return solved;
      },
    },
    {
      id: "plane",
      start: "kind=dense&hidden=256&code=2&noise=none&sparsity=0",
      check: ({ runs, planeDecoded, interpolated }: AutoencoderLabState) => {
        if (!trained(runs).some((run) => run.code === 2)) return missing(words().trainTwo);
        if (!planeDecoded) return missing(words().hoverPlane);
        return interpolated ? solved : missing(words().interpolate);
      },
    },
  ],
};

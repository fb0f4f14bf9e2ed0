// The GAN lab's sheet: a generator that comes close to a two-bump target, mode collapse on a ring seen and
// then avoided, a target drawn by hand and learned, the discriminator's steps per generator step compared,
// a DCGAN trained on digits and walked through, and pix2pix turning edges the attendee drew into a digit.

import { text } from "../i18n";
import type { GanLabState, GanRun } from "./lab-state";
import { missing, solved, type Sheet } from "./sheet";

const words = () => text.exercises.gan;

/** The closeness each task wants (histogram distance), and the drawn target's fewest bumps. */
const CLOSE = 0.25;
const DRAWN_CLOSE = 0.3;
const DRAWN_BUMPS = 3;
/** The ring task: iterations a collapse is judged after, and the modes of eight a good run covers. */
const SETTLED = 500;
const COVER = 6;
/** The D-steps task: the two settings compared, each trained this long. */
const FEW_D_STEPS = 1;
const MANY_D_STEPS = 5;
const COMPARED = 1000;
/** The DCGAN task: iterations trained before its digits are judged; pix2pix's, before a drawing is. */
const DIGITS_TRAINED = 300;
const EDGES_TRAINED = 300;

const on = (runs: GanRun[], target: GanRun["target"]) => runs.filter((run) => run.target === target);

export const ganSheet: Sheet<"gan"> = {
  lab: "gan",
  tasks: [
    {
      id: "match",
      start: "target=two&spread=0.2",
      check: ({ runs }: GanLabState) => {
        const two = on(runs, "two").filter((run) => run.iterations > 0);
        if (two.length === 0) return missing(words().trainTwo);
        return two.some((run) => run.bestDistance <= CLOSE) ? solved : missing(words().closer(CLOSE));
      },
    },
    {
      id: "collapse",
      start: "target=ring&spread=0.1",
      check: ({ runs }: GanLabState) => {
        const ring = on(runs, "ring").filter((run) => run.iterations >= SETTLED);
        if (ring.length === 0) return missing(words().trainRing(SETTLED));
        const collapsed = ring.some((run) =>
          run.coverage.some((c) => c.iterations >= SETTLED && c.covered < run.modes),
        );
        if (!collapsed) return missing(words().seeCollapse(SETTLED));
        return ring.some((run) => run.coverage.some((c) => c.covered >= COVER))
          ? solved
          : missing(words().coverMore(COVER));
      },
    },
    {
      id: "drawn",
      start: "target=drawn",
      check: ({ runs }: GanLabState) => {
        const drawn = on(runs, "drawn").filter((run) => run.modes >= DRAWN_BUMPS);
        if (drawn.length === 0) return missing(words().drawBumps(DRAWN_BUMPS));
        return drawn.some((run) => run.bestDistance <= DRAWN_CLOSE)
          ? solved
          : missing(words().closer(DRAWN_CLOSE));
      },
    },
    {
      id: "d-steps",
      check: ({ runs }: GanLabState) => {
        const long = runs.filter((run) => run.iterations >= COMPARED);
        const few = long.filter((run) => run.dSteps <= FEW_D_STEPS);
        const many = long.filter((run) => run.dSteps >= MANY_D_STEPS);
        const compared = few.some((a) => many.some((b) => a.target === b.target));
        if (compared) return solved;
        return missing(words().compareDSteps(FEW_D_STEPS, MANY_D_STEPS, COMPARED));
      },
    },
    {
      id: "digits",
      check: ({ digits }: GanLabState) => {
        if (digits.iterations < DIGITS_TRAINED) return missing(words().trainDigits(DIGITS_TRAINED));
        return digits.walked ? solved : missing(words().walkDigits);
      },
    },
    {
      id: "edges",
      check: ({ edges }: GanLabState) => {
        if (edges.iterations < EDGES_TRAINED) return missing(words().trainEdges(EDGES_TRAINED));
        return edges.drawn ? solved : missing(words().drawEdges);
      },
    },
  ],
};

// Each network's colour, and the baseline's, alike in every chart and view of the RNN lab.

import type { Cell } from "../../engine/protocol";
import { CLASS_COLOURS } from "../../ui/plot";

export const CELL_COLOURS: Record<Cell, string> = { rnn: CLASS_COLOURS[0], lstm: CLASS_COLOURS[1] };

/** What a network that learned nothing reaches, drawn as a flat line beside the networks' curves. */
export const BASELINE_COLOUR = "#8a8a8a";

// Each network's colour, alike in every chart and view of the RNN lab.

import type { Cell } from "../../engine/protocol";
import { CLASS_COLOURS } from "../../ui/plot";

export const CELL_COLOURS: Record<Cell, string> = { rnn: CLASS_COLOURS[0], lstm: CLASS_COLOURS[1] };

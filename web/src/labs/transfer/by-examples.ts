// The deck's point measured: held-out accuracy against images per class (1, 2, 5, 10, 20, all) for the
// three heads on the network's features and for a small CNN trained from scratch on the same images, on one
// chart with the numbers in a table beside it.

import type { EngineClient } from "../../engine/client";
import type { EngineBackend, FineTuneImages, HeadSpec, LabelledFeatures } from "../../engine/protocol";
import { percent, text } from "../../i18n";
import { h } from "../../ui/dom";
import { drawLineChart } from "../../ui/plot";

/** Images per class the chart measures at, where the set has that many and more. */
export const COUNTS = [1, 2, 5, 10, 20] as const;
/** Epochs the small CNN from scratch trains at each count. */
const SCRATCH_EPOCHS = 15;
const COLOURS = ["#2b7bb9", "#e8873a", "#3a9a4a", "#c33"];

/** The counts to measure for classes of `smallest` training images: those below it, then all of them. */
export function countsFor(smallest: number): number[] {
  return [...COUNTS.filter((count) => count < smallest), smallest];
}

export interface ByExamplesInput {
  backend: EngineBackend;
  side: number;
  specs: HeadSpec[];
  classes: number;
  dimension: number;
  features: { train: LabelledFeatures; validation: LabelledFeatures };
  images: FineTuneImages;
  /** Training images of the smallest class. */
  smallest: number;
}

export function byExamplesView() {
  const t = text.transfer;
  const button = h("button", { type: "button", "data-testid": "transfer-by-examples" }, t.measureByExamples);
  const chart = h("canvas", { class: "chart", "data-testid": "transfer-by-examples-chart" });
  const table = h("table", { class: "summary", "data-testid": "transfer-by-examples-table" });
  const element = h(
    "div",
    { class: "by-examples" },
    h("h3", {}, t.byExamplesTitle),
    h("p", { class: "hint" }, t.byExamplesHint),
    button,
    h("div", { class: "figure" }, chart),
    table,
  );
  return { element, button, chart, table };
}

export async function measureByExamples(
  engine: EngineClient,
  view: ReturnType<typeof byExamplesView>,
  input: ByExamplesInput,
): Promise<void> {
  const t = text.transfer;
  const counts = countsFor(input.smallest);
  const heads = await engine.call("transfer/heads-by-examples", {
    specs: input.specs,
    dimension: input.dimension,
    classes: input.classes,
    ...input.features,
    counts,
  });
  const scratch: number[] = [];
  const names = [...input.specs.map((spec) => t.headNames[spec.kind]), t.scratchCnn];
  const draw = () => {
    // A column per series: each head's accuracy by count, then the CNN's (as far as it got).
    const columns = [...input.specs.map((_, c) => heads.map((row) => row[c])), scratch];
    drawLineChart(
      view.chart,
      names.map((label, c) => ({ label, colour: COLOURS[c], values: columns[c] })),
      { xEnd: counts[counts.length - 1] },
    );
    view.table.replaceChildren(
      h("tr", {}, h("th", {}, t.imagesPerClass), ...names.map((name) => h("th", {}, name))),
      ...counts.map((count, r) =>
        h(
          "tr",
          { "data-count": count },
          h("th", {}, String(count)),
          ...names.map((_, c) => {
            const value = columns[c][r];
            return h("td", { "data-value": value ?? "" }, value === undefined ? "…" : percent(value, 0));
          }),
        ),
      ),
    );
  };
  draw();
  for (const count of counts) {
    scratch.push(
      await engine.call("transfer/scratch-by-examples", {
        backend: input.backend,
        side: input.side,
        classes: input.classes,
        images: input.images,
        count,
        epochs: SCRATCH_EPOCHS,
      }),
    );
    draw();
  }
}

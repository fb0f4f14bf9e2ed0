// Two views every classifier lab shows: a confusion matrix whose cells open their examples, and a score per
// class as a bar.

import { h } from "./dom";

/**
 * `confusion[truth][predicted]` as a table, off-diagonal cells shaded by count (diagonal ones are right);
 * `onPick(truth, predicted)` on a click. Cells are `${testId}-${truth}-${predicted}`.
 */
export function drawConfusion(
  target: HTMLElement,
  confusion: number[][],
  classes: string[],
  corner: string,
  testId: string,
  onPick: (truth: number, predicted: number) => void,
): void {
  const max = Math.max(1, ...confusion.flatMap((row, a) => row.filter((_, p) => p !== a)));
  target.replaceChildren(
    h("tr", {}, h("th", {}, corner), ...classes.map((c) => h("th", {}, c))),
    ...confusion.map((row, truth) =>
      h(
        "tr",
        {},
        h("th", {}, classes[truth]),
        ...row.map((count, predicted) => {
          const cell = h(
            "td",
            {
              "data-testid": `${testId}-${truth}-${predicted}`,
              class: truth === predicted ? "diagonal" : "off",
              "data-shade": Math.min(9, Math.round((9 * count) / max)),
            },
            String(count),
          );
          cell.addEventListener("click", () => onPick(truth, predicted));
          return cell;
        }),
      ),
    ),
  );
}

/** One bar per class: its label, a meter filled to `fill` (0–1) and the score as written. */
export function drawBars(
  target: HTMLElement,
  bars: { label: string; fill: number; value: number; shown: string }[],
  testId: string,
): void {
  target.replaceChildren(
    ...bars.map(({ label, fill, value, shown }, i) =>
      h(
        "div",
        { class: "bar-row" },
        h("span", { class: "bar-label" }, label),
        h("meter", { min: 0, max: 1, value: fill, "data-testid": `${testId}-${i}`, "data-value": value }),
        h("span", {}, shown),
      ),
    ),
  );
}

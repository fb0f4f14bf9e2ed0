// How the heads did: a row per head (validation and training accuracy, training time), its confusion matrix
// on the validation images (a click on a cell shows those images), and the live scores of each head for the
// picture on show.

import type { HeadReport, HeadSpec } from "../../engine/protocol";
import { formatted, language, percent, text } from "../../i18n";
import type { SetExample } from "../../storage/transfer-set";
import { drawBars, drawConfusion } from "../../ui/class-charts";
import { h } from "../../ui/dom";

/** What the heads were trained on: the class names, the validation images in the order scored, and their classes. */
export interface Trained {
  reports: HeadReport[];
  classes: string[];
  validation: SetExample[];
  labels: number[];
}

export function resultsView(results: HTMLElement, cellImages: HTMLElement, live: HTMLElement) {
  const t = text.transfer;
  let urls: string[] = [];

  function showCell(trained: Trained, report: HeadReport, truth: number, predicted: number) {
    urls.forEach((url) => URL.revokeObjectURL(url));
    const images = trained.validation.filter(
      (_, i) => trained.labels[i] === truth && report.validation.predictions[i] === predicted,
    );
    urls = images.map((example) => URL.createObjectURL(example.image));
    cellImages.replaceChildren(
      h("p", {}, t.cellImages(trained.classes[truth], trained.classes[predicted])),
      h(
        "div",
        { class: "thumbs" },
        ...urls.map((src) => h("figure", { class: "thumb" }, h("img", { src, alt: "" }))),
      ),
    );
    cellImages.dataset.count = String(images.length);
  }

  return {
    show(trained: Trained): void {
      cellImages.replaceChildren();
      results.replaceChildren(
        ...trained.reports.map((report) => {
          const kind = report.spec.kind;
          const confusion = h("table", { class: "confusion" });
          drawConfusion(
            confusion,
            report.validation.confusion,
            trained.classes,
            text.cnn.actualPredicted,
            `transfer-confusion-${kind}`,
            (truth, predicted) => showCell(trained, report, truth, predicted),
          );
          return h(
            "section",
            {
              class: "transfer-head",
              "data-testid": `transfer-head-${kind}`,
              "data-accuracy": report.validation.accuracy,
            },
            h("h3", {}, headTitle(report.spec)),
            h(
              "p",
              {},
              `${t.validationAccuracy} ${percent(report.validation.accuracy, 1)} · ${t.trainAccuracy} ${percent(report.trainAccuracy, 1)} · ${t.trainTime} ${formatted(report.trainMs, 0)} ms`,
            ),
            h(
              "figure",
              {},
              confusion,
              h("figcaption", { class: "hint" }, t.confusionCaption(t.headNames[kind])),
            ),
          );
        }),
      );
    },

    /** Each head's scores for the picture on show, as bars per class. */
    showLive(trained: Trained | undefined, scores: number[][]): void {
      if (!trained || scores.length !== trained.reports.length) {
        live.replaceChildren(h("p", { class: "hint" }, t.liveHint));
        return;
      }
      live.replaceChildren(
        ...trained.reports.map((report, i) => {
          const kind = report.spec.kind;
          const bars = h("div", { class: "bars" });
          drawBars(
            bars,
            scores[i].map((value, c) => ({
              label: trained.classes[c],
              // A decision value of +1 lies on the margin of its class, −1 on the other side's.
              fill: kind === "svm" ? Math.min(1, Math.max(0, (value + 1) / 2)) : value,
              value,
              shown: kind === "svm" ? formatted(value, 2) : percent(value, 0),
            })),
            `transfer-live-${kind}`,
          );
          const best = scores[i].indexOf(Math.max(...scores[i]));
          return h(
            "div",
            { class: "live-head", "data-testid": `transfer-live-${kind}`, "data-predicted": best },
            h(
              "p",
              {},
              h("strong", {}, t.headNames[kind]),
              ` (${t.scoreKinds[kind]}): ${trained.classes[best]}`,
            ),
            bars,
          );
        }),
      );
    },

    dispose(): void {
      urls.forEach((url) => URL.revokeObjectURL(url));
    },
  };
}

function headTitle(spec: HeadSpec): string {
  const t = text.transfer;
  switch (spec.kind) {
    case "svm":
      return `${t.headNames.svm}, C = ${spec.c.toLocaleString(language)}`;
    case "softmax":
      return `${t.headNames.softmax}, C = ${spec.c.toLocaleString(language)}`;
    case "knn":
      return `${t.headNames.knn}, k = ${spec.k}, ${t.metrics[spec.metric]}`;
  }
}

// Every lab is a tool: a title and a one-sentence lead, then the visual the lab is about in front with the
// controls that change it beside it; the theory waits behind a "more" toggle and the deeper views below.

import { text } from "../i18n";
import { h } from "./dom";

export interface LabLayout {
  /** The visual the lab is about (plot, curves, video, chart): first screen, left, as wide as it can be. */
  stage: HTMLElement;
  /** The controls that change the stage, in groups, beside it. */
  controls: HTMLElement;
  /** Everything else, below the first screen. */
  details: HTMLElement;
}

/** Splits an intro after its first sentence: the lead stays in view, the rest is the lab's theory. */
function splitIntro(intro: string): { lead: string; more: string } {
  const end = /[.!?](\s|$)/.exec(intro);
  if (!end) return { lead: intro, more: "" };
  const cut = end.index + 1;
  return { lead: intro.slice(0, cut), more: intro.slice(cut).trim() };
}

export function labLayout(container: HTMLElement, title: string, intro: string): LabLayout {
  const { lead, more } = splitIntro(intro);
  const layout: LabLayout = {
    stage: h("div", { class: "stage" }),
    controls: h("aside", { class: "controls-panel", "aria-label": text.app.controls }),
    details: h("div", { class: "lab-details" }),
  };
  container.append(
    h(
      "header",
      { class: "lab-head" },
      h("h1", {}, title),
      h("p", { class: "intro" }, lead),
      more &&
        h("details", { class: "more" }, h("summary", {}, text.app.more), h("p", { class: "intro" }, more)),
    ),
    h("div", { class: "workbench" }, layout.stage, layout.controls),
    layout.details,
  );
  return layout;
}

/** A titled group of controls in the controls panel. */
export function controlGroup(legend: string, ...children: (HTMLElement | false | undefined)[]): HTMLElement {
  return h("fieldset", { class: "group" }, h("legend", {}, legend), ...children);
}

/** Buttons in one row across a control group: the actions the group is about. */
export function actions(...buttons: HTMLElement[]): HTMLElement {
  return h("div", { class: "actions" }, ...buttons);
}

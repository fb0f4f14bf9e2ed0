// A few DOM helpers so the labs read as layouts, not as createElement chains. No innerHTML anywhere:
// text goes in as text, and the Content-Security-Policy forbids inline styles and scripts anyway.

import { formatted, text } from "../i18n";

type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined | ((event: Event) => unknown)>;

/** `h("button", { "data-testid": "x", onclick: f }, "Step")`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === "function") element.addEventListener(name.slice(2), value as EventListener);
    else if (value === true) element.setAttribute(name, "");
    else if (value !== undefined && value !== false) element.setAttribute(name, String(value));
  }
  element.append(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
  return element;
}

/** A button that acts on the page: `primary` for the lab's main action, `disabled` until it may act. */
export function button(
  testId: string,
  label: string,
  { primary = false, disabled = false }: { primary?: boolean; disabled?: boolean } = {},
): HTMLButtonElement {
  return h(
    "button",
    { type: "button", class: primary ? "primary" : undefined, disabled, "data-testid": testId },
    label,
  );
}

/** A `<select>` over `options` (value → label), starting at `value`. */
export function select<V extends string>(
  testId: string,
  options: Record<V, string>,
  value: V,
  onChange: (value: V) => void,
): HTMLSelectElement {
  const element = h(
    "select",
    { "data-testid": testId },
    ...Object.entries<string>(options).map(([key, label]) => h("option", { value: key }, label)),
  );
  element.value = value;
  element.addEventListener("change", () => onChange(element.value as V));
  return element;
}

/** The values a number setting takes: within [min, max], and whole numbers when `step` is whole. */
export interface NumberRange {
  min: number;
  max: number;
  step: number;
}

/** Why `value` is not a valid setting in `range`, in the page's language; undefined when it is valid. */
export function invalidReason(value: number, range: NumberRange): string | undefined {
  const t = text.controls;
  if (!Number.isFinite(value)) return t.notANumber;
  if (value < range.min || value > range.max) {
    const digits = (n: number) => Math.min(6, (String(n).split(".")[1] ?? "").length);
    return t.outOfRange(formatted(range.min, digits(range.min)), formatted(range.max, digits(range.max)));
  }
  if (Number.isInteger(range.step) && !Number.isInteger(value)) return t.wholeNumber;
  return undefined;
}

/**
 * A number input that reports only valid numbers within [min, max]; an invalid one is marked and the reason
 * is said beside it. The arrows step in multiples of `step` from zero (0.1 ↑ is 0.11 with a step of 0.01):
 * the browser steps from the `min` attribute when there is one, so there is none, and the range is checked here.
 */
export function numberInput(
  testId: string,
  value: number,
  range: NumberRange,
  onChange: (value: number) => void,
): HTMLInputElement {
  // The `value` attribute is the step base when there is no `min`; the shown value is the property.
  const element = h("input", { type: "number", "data-testid": testId, step: range.step, value: 0 });
  element.value = String(value);
  const reason = h("span", {
    class: "field-error",
    "data-testid": `${testId}-error`,
    role: "alert",
    hidden: true,
  });
  element.addEventListener("change", () => {
    const parsed = element.valueAsNumber;
    const why = invalidReason(parsed, range);
    element.classList.toggle("invalid", why !== undefined);
    element.setAttribute("aria-invalid", String(why !== undefined));
    reason.textContent = why ?? "";
    reason.hidden = why === undefined;
    if (!reason.isConnected) element.after(reason);
    if (why === undefined) onChange(parsed);
  });
  return element;
}

/**
 * A checkbox with its label beside it (the other fields have theirs above them); `onChange` gets each new
 * state.
 */
export function checkbox(
  testId: string,
  label: string,
  checked: boolean,
  onChange?: (checked: boolean) => void,
): HTMLLabelElement {
  const input = h("input", { type: "checkbox", "data-testid": testId, checked });
  if (onChange) input.addEventListener("change", () => onChange(input.checked));
  return h("label", { class: "check" }, input, label);
}

/** A list of read-outs: each label beside its value (`inline`: the pairs in one wrapping row). */
export function valueList(entries: [string, Node][], inline = false): HTMLDListElement {
  return h(
    "dl",
    { class: inline ? "values inline" : "values" },
    ...entries.flatMap(([label, value]) => [h("dt", {}, label), h("dd", {}, value)]),
  );
}

export function labelled(label: string, control: HTMLElement): HTMLLabelElement {
  return h("label", { class: "control" }, h("span", {}, label), control);
}

/**
 * A labelled number field with a slider under it over the same range: dragging shows the value in the field
 * as it goes and sets it on release; typing (or the page setting the field and firing "input") moves the
 * slider. `log`: the slider moves in powers of ten, for learning rates that span several decades.
 */
export function sliderField(
  label: string,
  input: HTMLInputElement,
  range: NumberRange,
  scale: "linear" | "log" = "linear",
): HTMLLabelElement {
  // Two significant digits are as fine as a hand drags; the field takes any value typed.
  const [toSlider, fromSlider] =
    scale === "log"
      ? [Math.log10, (position: number) => Number((10 ** position).toPrecision(2))]
      : [(value: number) => value, (position: number) => Number(position.toPrecision(2))];
  const slider = h("input", {
    type: "range",
    "data-testid": `${input.dataset.testid}-slider`,
    "aria-label": label,
    min: toSlider(range.min),
    max: toSlider(range.max),
    step: "any",
  });
  const follow = () => {
    if (Number.isFinite(input.valueAsNumber)) slider.value = String(toSlider(input.valueAsNumber));
  };
  follow();
  // "input": typing, or a page setting the field's value and saying so.
  input.addEventListener("input", follow);
  input.addEventListener("change", follow);
  slider.addEventListener("input", () => (input.value = String(fromSlider(slider.valueAsNumber))));
  slider.addEventListener("change", () => input.dispatchEvent(new Event("change")));
  return h("label", { class: "control" }, h("span", {}, label), input, slider);
}

/** Shows `value` in the number field `field` (a labelled input, with its slider if it has one) after a preset
 * changed the setting behind it: written, and announced as typing is, so a slider follows. */
export function showValue(field: HTMLElement, value: number): void {
  const input = field.querySelector("input");
  if (!input) return;
  input.value = String(value);
  input.dispatchEvent(new Event("input"));
}

/** A read-out whose text is rounded but whose `data-value` keeps the exact number, for tests and scripts. */
export function readout(testId: string): { element: HTMLElement; set(value: number, digits?: number): void } {
  const element = h("output", { "data-testid": testId });
  return {
    element,
    set(value: number, digits = 4) {
      element.dataset.value = String(value);
      element.textContent = formatted(value, digits);
    },
  };
}

/** The page skeleton's element with this id; index.html guarantees it. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html has no #${id}`);
  return element as T;
}

/** Saves `content` as a file called `name`, made here: nothing goes to a server. */
export function downloadFile(content: BlobPart, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  h("a", { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

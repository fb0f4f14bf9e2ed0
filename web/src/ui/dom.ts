// A few DOM helpers so the labs read as layouts, not as createElement chains. No innerHTML anywhere:
// text goes in as text, and the Content-Security-Policy forbids inline styles and scripts anyway.

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

/** A number input that reports only valid numbers within [min, max]. */
export function numberInput(
  testId: string,
  value: number,
  range: { min: number; max: number; step: number },
  onChange: (value: number) => void,
): HTMLInputElement {
  const element = h("input", { type: "number", "data-testid": testId, ...range, value });
  element.addEventListener("change", () => {
    const parsed = element.valueAsNumber;
    const valid = Number.isFinite(parsed) && parsed >= range.min && parsed <= range.max;
    element.classList.toggle("invalid", !valid);
    if (valid) onChange(parsed);
  });
  return element;
}

export function labelled(label: string, control: HTMLElement): HTMLLabelElement {
  return h("label", { class: "control" }, h("span", {}, label), control);
}

/** A read-out whose text is rounded but whose `data-value` keeps the exact number, for tests and scripts. */
export function readout(testId: string): { element: HTMLElement; set(value: number, digits?: number): void } {
  const element = h("output", { "data-testid": testId });
  return {
    element,
    set(value: number, digits = 4) {
      element.dataset.value = String(value);
      element.textContent = Number.isInteger(value) && digits === 0 ? String(value) : value.toFixed(digits);
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

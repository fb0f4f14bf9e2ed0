// The user's own points, shared by the perceptron and MLP labs and kept in localStorage so a reload or a
// restarted engine loses none of them.

import type { Domain, Point } from "../engine/protocol";
import { h } from "../ui/dom";
import type { PlaneView } from "../ui/plot";

const STORAGE_KEY = "playground.custom-points";

/** Where the user's own points live; wide enough for the logic gates' 0/1 corners and the clouds. */
export const CUSTOM_DOMAIN: Domain = { min: -1.5, max: 1.5 };

/**
 * The user's points and the plane they were placed in. Points clicked onto a dataset keep that dataset's
 * plane (the logic gates' is [-0.5, 1.5]), so nothing moves when they become the user's own.
 */
export interface CustomPoints {
  points: Point[];
  domain: Domain;
}

export function loadCustomPoints(): CustomPoints {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]") as unknown;
    // Before the plane was kept, a plain array was stored: its points were placed in CUSTOM_DOMAIN.
    const { points, domain } = Array.isArray(stored)
      ? { points: stored as unknown[], domain: CUSTOM_DOMAIN }
      : (stored as { points?: unknown; domain?: Domain });
    return {
      points: Array.isArray(points) ? points.filter(isPoint) : [],
      domain: isDomain(domain) ? domain : CUSTOM_DOMAIN,
    };
  } catch {
    return { points: [], domain: CUSTOM_DOMAIN };
  }
}

export function saveCustomPoints(custom: CustomPoints): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(custom));
}

function isDomain(value: unknown): value is Domain {
  const d = value as Domain;
  return Number.isFinite(d?.min) && Number.isFinite(d?.max) && d.min < d.max;
}

function isPoint(value: unknown): value is Point {
  const p = value as Point;
  return Number.isFinite(p?.x) && Number.isFinite(p?.y) && (p?.label === 0 || p?.label === 1);
}

/** Arrow keys move the keyboard cursor this share of the plane (with Shift, a fifth of it). */
const KEY_STEP = 1 / 20;

/**
 * Clicking the canvas adds a point: left click of class `leftClickClass()`, right click of the other class.
 * From the keyboard too: the focused plot shows a cursor that the arrow keys move; Enter or Space adds a
 * point of `leftClickClass()` there, the keys 0 and 1 a point of that class.
 */
export function onPlotClick(
  canvas: HTMLCanvasElement,
  view: () => PlaneView,
  leftClickClass: () => number,
  add: (point: Point) => void,
  description: string,
): void {
  const handle = (event: MouseEvent, label: number) => {
    event.preventDefault();
    const bounds = canvas.getBoundingClientRect();
    const scale = view().size / bounds.width;
    const [x, y] = view().fromPixels(
      (event.clientX - bounds.left) * scale,
      (event.clientY - bounds.top) * scale,
    );
    add({ x, y, label });
  };
  canvas.addEventListener("click", (event) => handle(event, leftClickClass()));
  canvas.addEventListener("contextmenu", (event) => handle(event, 1 - leftClickClass()));

  // The keyboard cursor, in the plane's coordinates, shown over the canvas while it has the focus.
  canvas.tabIndex = 0;
  canvas.setAttribute("role", "application");
  canvas.setAttribute("aria-label", description);
  const marker = h("span", { class: "plot-cursor", "data-testid": `${canvas.dataset.testid}-cursor` });
  marker.hidden = true;
  canvas.after(marker);
  let cursor: Point | undefined;
  const showCursor = () => {
    const { domain } = view();
    cursor ??= { x: (domain.min + domain.max) / 2, y: (domain.min + domain.max) / 2, label: 1 };
    const [px, py] = view().toPixels(cursor.x, cursor.y);
    const scale = canvas.clientWidth / view().size;
    marker.style.left = `${canvas.offsetLeft + px * scale}px`;
    marker.style.top = `${canvas.offsetTop + py * scale}px`;
    marker.dataset.x = String(cursor.x);
    marker.dataset.y = String(cursor.y);
    marker.hidden = false;
  };
  canvas.addEventListener("focus", showCursor);
  canvas.addEventListener("blur", () => (marker.hidden = true));
  canvas.addEventListener("keydown", (event) => {
    const { domain } = view();
    const step = (domain.max - domain.min) * KEY_STEP * (event.shiftKey ? 0.2 : 1);
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, step],
      ArrowDown: [0, -step],
    };
    const classes: Record<string, () => number> = {
      Enter: leftClickClass,
      " ": leftClickClass,
      "0": () => 0,
      "1": () => 1,
    };
    if (!cursor) showCursor();
    const here = cursor as Point;
    if (event.key in moves) {
      const [dx, dy] = moves[event.key];
      const clamp = (v: number) => Math.min(domain.max, Math.max(domain.min, v));
      cursor = { ...here, x: clamp(here.x + dx), y: clamp(here.y + dy) };
      showCursor();
    } else if (event.key in classes) {
      add({ x: here.x, y: here.y, label: classes[event.key]() });
    } else return;
    event.preventDefault();
  });
}

// The user's own points, shared by the perceptron and MLP labs and kept in localStorage so a reload or a
// restarted engine loses none of them.

import type { Domain, Point } from "../engine/protocol";
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

/**
 * Clicking the canvas adds a point: left click of class `leftClickClass()`, right click of the other class.
 */
export function onPlotClick(
  canvas: HTMLCanvasElement,
  view: () => PlaneView,
  leftClickClass: () => number,
  add: (point: Point) => void,
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
}

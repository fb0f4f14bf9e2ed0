// The user's own points, shared by the perceptron and MLP labs and kept in localStorage so a reload or a
// restarted engine loses none of them.

import type { Domain, Point } from "../engine/protocol";
import type { PlaneView } from "../ui/plot";

const STORAGE_KEY = "playground.custom-points";

/** Where the user's own points live; wide enough for the logic gates' 0/1 corners and the clouds. */
export const CUSTOM_DOMAIN: Domain = { min: -1.5, max: 1.5 };

export function loadCustomPoints(): Point[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]");
    return Array.isArray(stored) ? stored.filter(isPoint) : [];
  } catch {
    return [];
  }
}

export function saveCustomPoints(points: Point[]): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(points));
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

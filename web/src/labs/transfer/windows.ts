// Larger pictures, window by window: the network's input is fixed at 224 × 224, so a photo is classified in
// squares slid over it, and a chosen ImageNet class's probability in each square drawn as a heat map over
// the picture, with the number of windows and the time they took.

import type { EngineClient } from "../../engine/client";
import type { RankedClass, WindowMap } from "../../engine/protocol";
import { text } from "../../i18n";
import { h, numberInput, sliderField } from "../../ui/dom";
import { actions as buttonRow, controlGroup } from "../../ui/lab-layout";
import { STRIDE_RANGE, WINDOW_RANGE, type TransferSettings } from "./settings";

export function windowsView(settings: TransferSettings, changed: () => void) {
  const t = text.transfer;
  const classSelect = h("select", { "data-testid": "transfer-window-class" });
  const scanButton = h("button", { type: "button", "data-testid": "transfer-scan" }, t.scan);
  const status = h("p", { class: "hint", "data-testid": "transfer-scan-status", "aria-live": "polite" });
  const number = (key: "window" | "stride", testId: string, range: typeof WINDOW_RANGE) =>
    numberInput(testId, settings[key], range, (value) => {
      settings[key] = value;
      changed();
    });
  const controls = controlGroup(
    t.windowsTitle,
    h("div", { class: "wide" }, h("label", { class: "control" }, h("span", {}, t.windowClass), classSelect)),
    sliderField(t.windowSize, number("window", "transfer-window", WINDOW_RANGE), WINDOW_RANGE),
    sliderField(t.windowStride, number("stride", "transfer-stride", STRIDE_RANGE), STRIDE_RANGE),
    buttonRow(scanButton),
    h("div", { class: "wide" }, status, h("p", { class: "hint" }, t.windowsHint)),
  );
  return { controls, classSelect, scanButton, status };
}

/** The classes the select offers: the picture's most probable ones, the one chosen before kept if still there. */
export function offerClasses(select: HTMLSelectElement, top: RankedClass[]): void {
  const chosen = select.value;
  select.replaceChildren(...top.map((r) => h("option", { value: r.index }, r.label)));
  if (top.some((r) => String(r.index) === chosen)) select.value = chosen;
}

/** Scans `image` (which the call takes over) and draws the map on `overlay`, sized as the picture. */
export async function scan(
  engine: EngineClient,
  image: ImageBitmap,
  settings: TransferSettings,
  chosen: number,
  overlay: HTMLCanvasElement,
  status: HTMLElement,
): Promise<void> {
  const { width, height } = image;
  const window = Math.max(1, Math.round(settings.window * Math.min(width, height)));
  const stride = Math.max(1, Math.round(settings.stride * window));
  status.textContent = text.transfer.scanning;
  const { map, ms } = await engine.call(
    "transfer/windows",
    { image, window, stride, class: chosen },
    { transfer: [image] },
  );
  drawWindowMap(overlay, width, height, map);
  const peak = Math.max(...map.probabilities);
  status.textContent = text.transfer.scanned(map.rows * map.columns, ms / 1000, peak);
  status.dataset.windows = String(map.rows * map.columns);
  status.dataset.peak = String(map.probabilities.indexOf(peak));
}

/**
 * Each window's probability as a red square of the step's side around the window's centre, as opaque as
 * the probability is near the map's highest (the status says how high that is).
 */
export function drawWindowMap(
  overlay: HTMLCanvasElement,
  width: number,
  height: number,
  map: WindowMap,
): void {
  overlay.width = width;
  overlay.height = height;
  const context = overlay.getContext("2d");
  if (!context) return;
  const inset = (map.window - map.stride) / 2;
  const peak = Math.max(...map.probabilities) || 1;
  map.probabilities.forEach((p, i) => {
    const [row, column] = [Math.floor(i / map.columns), i % map.columns];
    context.fillStyle = `rgba(220, 40, 40, ${((0.75 * p) / peak).toFixed(3)})`;
    context.fillRect(column * map.stride + inset, row * map.stride + inset, map.stride, map.stride);
  });
}

// The site's address as a QR code, drawn in the page (no network): dark modules on white with the quiet
// zone the standard asks for, sharp at any size.

import qrcode from "qrcode-generator";

/** Modules of white around the code (the standard's quiet zone). */
const QUIET = 4;

export function drawQrCode(canvas: HTMLCanvasElement, text: string, pixels = 480): void {
  // Type 0: the smallest version that holds the text; level M survives some glare on a projector.
  const code = qrcode(0, "M");
  code.addData(text);
  code.make();
  const modules = code.getModuleCount();
  const scale = Math.max(1, Math.floor(pixels / (modules + 2 * QUIET)));
  canvas.width = canvas.height = (modules + 2 * QUIET) * scale;
  const context = canvas.getContext("2d");
  if (!context) return;
  context.fillStyle = "#fff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = "#000";
  for (let row = 0; row < modules; row++)
    for (let column = 0; column < modules; column++)
      if (code.isDark(row, column))
        context.fillRect((column + QUIET) * scale, (row + QUIET) * scale, scale, scale);
  canvas.dataset.modules = String(modules);
}

// Each lab is a tool: on a 1366×768 laptop the visual the lab is about and its main button are on the first
// screen; on a 1920×1080 projector the visuals grow; presenter mode enlarges them again for the back row.
// Every lab is photographed at the three sizes (test-results/screenshots/layout-*). The swiftshader project
// runs it: the layout does not depend on WebGPU.

import { expect, test } from "./fixtures";

const LABS = [
  {
    route: "perceptron?dataset=and",
    name: "perceptron",
    visual: "perceptron-plot",
    button: "perceptron-run",
    canvas: true,
  },
  { route: "mlp", name: "mlp", visual: "mlp-plot", button: "mlp-play", canvas: true },
  { route: "cnn", name: "cnn", visual: "cnn-loss-chart", button: "cnn-train", canvas: true },
  { route: "detect", name: "detect", visual: "detect-stage", button: "detect-camera-start" },
  { route: "transfer", name: "transfer", visual: "transfer-stage", button: "transfer-camera-start" },
  // The four maps are the visual and a picture the first thing to choose; the maps are drawn once there is
  // one, so here their size is measured.
  {
    route: "inside?source=imagenet",
    name: "inside",
    visual: "inside-map-gradient",
    button: "inside-camera-start",
  },
  // The chart of every setting tried spans the stage.
  { route: "compress", name: "compress", visual: "compress-chart", button: "compress-run", canvas: true },
  // The digits through the network span the stage.
  {
    route: "autoencoder",
    name: "autoencoder",
    visual: "autoencoder-grid",
    button: "autoencoder-train",
    canvas: true,
  },
  // The plane spans the stage's first column.
  { route: "gan", name: "gan", visual: "gan-plane", button: "gan-run", canvas: true },
  // The loss curves span the stage's first column.
  { route: "rnn", name: "rnn", visual: "rnn-losses", button: "rnn-run", canvas: true },
  // The editor spans the workbench too.
  { route: "code", name: "code", visual: "code-editor", button: "code-run", fixedInPresenter: true },
  // The sweep charts appear after a run; before it their place spans the workbench, so presenter mode, which
  // widens the controls, does not widen it further.
  {
    route: "backends",
    name: "backends",
    visual: "backends-charts",
    button: "backends-run",
    fixedInPresenter: true,
  },
];

const LAPTOP = { width: 1366, height: 768 };
const PROJECTOR = { width: 1920, height: 1080 };

for (const lab of LABS) {
  test(`${lab.name}: the visual and its main button are on the first screen, and grow on a projector`, async ({
    page,
  }) => {
    const shoot = (size: string) =>
      page.screenshot({ path: `test-results/screenshots/layout-${lab.name}-${size}.png` });
    const visual = page.getByTestId(lab.visual);
    const widthOf = async () => (await visual.boundingBox())?.width ?? 0;

    await page.setViewportSize(LAPTOP);
    await page.goto(`#/${lab.route}`);
    await expect(visual).toBeInViewport({ ratio: 1 });
    await expect(page.getByTestId(lab.button)).toBeInViewport({ ratio: 1 });
    await shoot("1366x768");
    const laptopWidth = await widthOf();

    await page.setViewportSize(PROJECTOR);
    await expect(visual).toBeInViewport({ ratio: 1 });
    await expect(page.getByTestId(lab.button)).toBeInViewport({ ratio: 1 });
    await expect.poll(widthOf).toBeGreaterThan(laptopWidth * 1.2);
    await shoot("1920x1080");
    const projectorWidth = await widthOf();

    await page.getByTestId("presenter-button").click();
    await expect(page.getByTestId("presenter-button")).toHaveAttribute("aria-pressed", "true");
    const fontSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    await expect.poll(fontSize).toBeGreaterThanOrEqual(16 * 1.25);
    if (!lab.fixedInPresenter) await expect.poll(widthOf).toBeGreaterThan(projectorWidth);
    // A canvas shown wider is drawn again at its new width, not stretched, though nothing else changed.
    const drawnAtShownWidth = () =>
      visual.evaluate((c) => (c as HTMLCanvasElement).width === Math.round(c.clientWidth * devicePixelRatio));
    if (lab.canvas) await expect.poll(drawnAtShownWidth).toBe(true);
    await expect(page.getByTestId(lab.button)).toBeInViewport({ ratio: 1 });
    await shoot("presenter");
    // The choice is the browser's, like a display setting: it survives a reload.
    await page.reload();
    await expect(page.getByTestId("presenter-button")).toHaveAttribute("aria-pressed", "true");
  });
}

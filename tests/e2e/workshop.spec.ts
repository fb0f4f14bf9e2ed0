// The workshop leader's page: the deck's agenda linked to the labs, the site's address as a QR code that a
// phone would read (decoded here by jsQR, an independent decoder), and progress files from the labs read
// into the class overview.
import { readFile } from "node:fs/promises";
import jsQR from "jsqr";
import { expect, test } from "./fixtures";

const BLOCKS = [
  "what-is-deep-learning",
  "slp-mlp",
  "cnns",
  "data-augmentation",
  "transfer-learning",
  "visualisation",
  "gpu-or-cpu",
  "architectures",
  "autoencoders",
  "rnns",
  "deconvolution",
  "detection",
  "hardware-software",
  "compression",
  "gans",
];

test("the agenda links each block to its labs, says where none exists yet, and the QR code reads as the site's address", async ({
  page,
  baseURL,
  saveScreenshot,
}) => {
  await page.goto("#/workshop");
  for (const block of BLOCKS) await expect(page.getByTestId(`workshop-block-${block}`)).toBeVisible();
  const slpMlp = page.getByTestId("workshop-block-slp-mlp");
  await expect(slpMlp.locator('a[href="#/perceptron"]')).toBeVisible();
  await expect(slpMlp.locator('a[href="#/mlp"]')).toBeVisible();
  await expect(slpMlp).toContainText("sheet: 0 of 4 solved in this browser");
  await expect(page.getByTestId("workshop-block-slp-mlp")).toContainText("0:15–1:00");
  await expect(page.getByTestId("workshop-no-lab-architectures")).toContainText("No lab of its own");
  await expect(page.getByTestId("workshop-block-rnns").locator('a[href="#/rnn"]')).toBeVisible();
  await expect(page.getByTestId("workshop-block-gans").locator('a[href="#/gan"]')).toBeVisible();
  await expect(
    page.getByTestId("workshop-block-autoencoders").locator('a[href="#/autoencoder"]'),
  ).toBeVisible();
  await expect(
    page.getByTestId("workshop-block-transfer-learning").locator('a[href="#/transfer"]'),
  ).toBeVisible();
  await expect(page.getByTestId("workshop-block-detection").locator('a[href="#/detect"]')).toBeVisible();

  const qr = page.getByTestId("workshop-qr");
  const { width, height, pixels } = await qr.evaluate((canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext("2d")?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    return { width: c.width, height: c.height, pixels: Array.from(data) };
  });
  expect(jsQR(Uint8ClampedArray.from(pixels), width, height)?.data).toBe(baseURL);
  await expect(page.getByTestId("workshop-url")).toHaveText(baseURL ?? "");
  // Served on localhost: the page says attendees need the laptop's address on the room's network.
  await expect(page.getByText("which other laptops cannot reach")).toBeVisible();
  await saveScreenshot("workshop");
});

test("progress exported after solving a task round-trips into the class overview; other files are refused by name", async ({
  page,
}) => {
  await page.goto("#/perceptron?dataset=or&activation=threshold&lr=0.1");
  await page.getByTestId("exercises-summary").click();
  await page.getByTestId("perceptron-run").click();
  await expect(page.getByTestId("exercise-or-threshold")).toHaveAttribute("data-state", "solved", {
    timeout: 30_000,
  });

  await page.goto("#/workshop");
  await expect(page.getByTestId("workshop-block-slp-mlp")).toContainText("sheet: 1 of 4 solved");
  await page.getByTestId("workshop-name").fill("Ada");
  await page.getByTestId("workshop-name").press("Enter");
  const download = page.waitForEvent("download");
  await page.getByTestId("workshop-export").click();
  const exported = await readFile(await (await download).path(), "utf8");
  expect(exported.length, "one small file").toBeLessThan(4096);

  const other = { ...JSON.parse(exported), name: "Bob", progress: {} };
  await page.getByTestId("workshop-import").setInputFiles([
    { name: "progress-Ada.json", mimeType: "application/json", buffer: Buffer.from(exported) },
    { name: "progress-Bob.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(other)) },
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a progress file") },
  ]);
  const table = page.getByTestId("workshop-overview-table");
  await expect(table.locator("tbody tr")).toHaveCount(2);
  const ada = table.locator('tr[data-attendee="Ada"]');
  await expect(ada.locator('[data-task="perceptron/or-threshold"]')).toHaveAttribute("data-state", "solved");
  await expect(ada.getByTestId("workshop-solved-count")).toHaveText("1");
  await expect(
    table.locator('tr[data-attendee="Bob"] [data-task="perceptron/or-threshold"]'),
  ).toHaveAttribute("data-state", "none");
  await expect(table.locator('tfoot [data-task="perceptron/or-threshold"]')).toHaveText("1");
  await expect(page.getByTestId("workshop-refused")).toContainText("notes.txt");
  await expect(page.getByTestId("workshop-refused")).not.toContainText("progress-Bob.json");
});

test("the leader's page speaks Dutch on the Dutch page", async ({ page }) => {
  await page.goto("?lang=nl#/workshop");
  await expect(page.locator("h2").first()).toHaveText("Deel 1: wat is deep learning?");
  await expect(page.getByTestId("workshop-offline")).toContainText("Zonder internet");
  await expect(page.getByTestId("workshop-no-lab-architectures")).toContainText("Geen eigen lab");
});

test("in presenter mode on a 1280×720 projector the text is larger and the QR code and address are on the first screen", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("#/workshop");
  await page.getByTestId("presenter-button").click();
  const fontSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  await expect.poll(fontSize).toBeGreaterThanOrEqual(16 * 1.25);
  await expect(page.getByTestId("workshop-qr")).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId("workshop-url")).toBeInViewport({ ratio: 1 });
  // Large enough to scan from the back of the room: a third of the screen's height at least.
  expect((await page.getByTestId("workshop-qr").boundingBox())?.height ?? 0).toBeGreaterThan(720 / 3);
  await page.screenshot({ path: "test-results/screenshots/layout-workshop-presenter-1280x720.png" });
});

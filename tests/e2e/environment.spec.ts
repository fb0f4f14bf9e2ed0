import { SUB_PATH_URL } from "../../playwright.config";
import { engineCall, expect, test } from "./fixtures";

test("the environment panel shows what the browser offers", async ({ page, saveScreenshot }, testInfo) => {
  await page.goto("#/");
  await page.getByTestId("environment-button").click();
  const panel = page.getByTestId("environment-panel");
  const webgpu = panel.getByTestId("env-webgpu");
  const subgroups = panel.getByTestId("env-subgroups");
  if (testInfo.project.name === "swiftshader") {
    await expect(webgpu).toContainText(/swiftshader/i);
    await expect(webgpu).toContainText("software fallback");
    // SwiftShader offers subgroups of four.
    await expect(subgroups).toHaveText(/^yes, \d+( to \d+)? invocations each$/);
  } else {
    await expect(webgpu).toContainText("no WebGPU");
    await expect(subgroups).toHaveText("no");
  }
  await expect(panel.getByTestId("env-simd")).toHaveText("yes");
  await expect(panel.getByTestId("env-isolation")).toHaveText("yes");
  await expect(panel.getByTestId("env-threads")).toHaveText("yes");
  // Shared memory: the threaded build, with a helper worker per further core (up to 8 threads) joined.
  await expect(panel.getByTestId("env-build")).toHaveText("threads");
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  await expect(panel.getByTestId("env-engine-threads")).toHaveText(String(Math.min(cores, 8)));
  // The backends the labs can use here, not a fixed word.
  await expect(panel.getByTestId("env-backend")).toContainText("scalar");
  await expect(panel.getByTestId("env-backend")).toContainText("wasm SIMD");
  if (testInfo.project.name === "swiftshader")
    await expect(panel.getByTestId("env-backend")).toContainText("WebGPU");
  else await expect(panel.getByTestId("env-backend")).not.toContainText("WebGPU");
  await expect(panel.getByTestId("env-core-version")).toHaveText(/^\d+\.\d+\.\d+$/);
  await saveScreenshot("environment");
  await panel.getByTestId("environment-close").click();
  await expect(panel).toBeHidden();
});

test("a Rust panic reaches the page as a message and the engine comes back", async ({ page, guard }) => {
  guard.allowConsoleError(/deliberate test panic/);
  guard.allowErrorNotice(/deliberate test panic/);
  await page.goto("#/perceptron?dataset=and");
  await expect(page.getByTestId("perceptron-epoch")).toHaveText("0");
  const outcome = await engineCall(page, "diagnostics/panic", "deliberate test panic").then(
    () => "resolved",
    (error: Error) => error.message,
  );
  expect(outcome).toContain("deliberate test panic");
  await expect(page.getByTestId("notice-error")).toContainText("deliberate test panic");
  // The lab re-created its perceptron on the fresh engine and still learns.
  await page.getByTestId("perceptron-step").click();
  await expect(page.getByTestId("perceptron-sample-x1")).toHaveAttribute("data-value", /.+/);
});

test("the same message twice is one notice with a count; it stays in view and can be dismissed", async ({
  page,
  guard,
}) => {
  guard.allowConsoleError(/deliberate test panic/);
  guard.allowErrorNotice(/deliberate test panic/);
  await page.goto("#/cnn");
  for (let i = 0; i < 2; i++) {
    await engineCall(page, "diagnostics/panic", "deliberate test panic").catch(() => undefined);
    await expect(page.getByTestId("notice-error")).toBeVisible();
  }
  const notice = page.getByTestId("notice-error");
  await expect(notice).toHaveCount(1);
  await expect(notice.getByTestId("notice-count")).toHaveText("×2");
  // Scrolled to the end of a long page, the notice is still on screen.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(notice).toBeInViewport();
  await notice.getByRole("button", { name: "Dismiss this message" }).click();
  await expect(notice).toHaveCount(0);
});

test("the nav marks the current page and each page has its own tab title", async ({ page }) => {
  await page.goto("#/mlp?speed=0");
  const nav = page.locator("#nav");
  await expect(nav.locator('a[aria-current="page"]')).toHaveText("MLP and backprop");
  await expect(page).toHaveTitle(/^MLP and backprop · /);
  await nav.getByText("Perceptron").click();
  await expect(nav.locator('a[aria-current="page"]')).toHaveText("Perceptron");
  await expect(page).toHaveTitle(/^Perceptron · /);
  await expect(nav.locator("a[aria-current]")).toHaveCount(1);
});

test("the home page lists the labs and every route has a page", async ({ page, saveScreenshot }) => {
  await page.goto("./");
  const links = page.locator("#nav a[data-route]");
  const routes = await links.evaluateAll((anchors) =>
    anchors.map((a) => (a as HTMLAnchorElement).dataset.route),
  );
  expect(routes).toEqual([
    "",
    "perceptron",
    "mlp",
    "cnn",
    "transfer",
    "inside",
    "compress",
    "autoencoder",
    "gan",
    "rnn",
    "detect",
    "backends",
    "code",
    "workshop",
  ]);
  for (const route of routes.slice(1)) await expect(page.getByTestId(`lab-link-${route}`)).toBeVisible();
  await saveScreenshot("home");
  // Every route (the environment too) draws its own page, titled, with no "no such page" message.
  for (const route of [...routes, "environment"]) {
    await page.goto(`#/${route}`);
    await expect(page.locator("main h1")).toBeVisible();
    await expect(page.locator("main")).not.toContainText("There is no page");
  }
  await page.goto("#/no-such-lab");
  await expect(page.locator("main")).toContainText("There is no page");
});

test("after the very first visit, the playground works offline", async ({ page, context }) => {
  // A fresh profile (every test has one), one online load, then the network goes.
  await page.goto("#/perceptron?dataset=or");
  await expect(page.getByTestId("perceptron-epoch")).toHaveText("0");
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  await page.reload();
  await page.getByTestId("perceptron-run").click();
  await expect(page.getByTestId("perceptron-errors")).toHaveText("0", { timeout: 30_000 });
  await context.setOffline(false);
});

test("the built site works from a sub-path of a static host", async ({ page, guard }) => {
  guard.servedFrom(SUB_PATH_URL);
  await page.goto(`${SUB_PATH_URL}#/perceptron?dataset=and`);
  await expect(page.getByTestId("perceptron-epoch")).toHaveText("0");
  await page.getByTestId("perceptron-step").click();
  await expect(page.getByTestId("perceptron-sample-x1")).toHaveAttribute("data-value", /.+/);
});

test.describe("in Dutch", () => {
  test.use({ locale: "nl-NL" });

  test("a Dutch browser gets the Dutch text, and the labs still work", async ({ page, saveScreenshot }) => {
    await page.goto("#/perceptron?dataset=xor&activation=threshold");
    await expect(page.locator("html")).toHaveAttribute("lang", "nl");
    await expect(page.locator("h1")).toHaveText("Perceptron");
    await expect(page.getByTestId("perceptron-run")).toHaveText("Start");
    await expect(page.getByTestId("perceptron-dataset").locator("option:checked")).toHaveText("XOR");
    // Numbers as Dutch writes them: a decimal comma.
    await expect(page.getByTestId("perceptron-w1")).toHaveText(/^-?\d+,\d{4}$/);
    await page.getByTestId("perceptron-run").click();
    await expect(page.getByTestId("perceptron-xor-note")).toContainText("niet lineair scheidbaar");
    await page.getByTestId("perceptron-run").click();
    await saveScreenshot("perceptron-nl");
  });
});

test("the home page does not load the engine; the first lab does, and says so while it loads without moving the page", async ({
  page,
}) => {
  await page.goto("#/");
  await page.waitForLoadState("networkidle");
  expect(page.workers(), "engine workers on the home page").toHaveLength(0);
  const status = page.getByTestId("engine-status");
  await expect(status).toBeHidden();

  // Every state the header shows, in order, from the click on, and where the lab's page starts in each.
  await page.evaluate(() => {
    const seen: string[] = [];
    const tops: number[] = [];
    Object.assign(window, { engineStates: seen, pageTops: tops });
    const status = document.querySelector<HTMLElement>("[data-testid=engine-status]");
    const main = document.querySelector("main");
    if (!status || !main) throw new Error("no engine status in the header, or no main");
    new MutationObserver(() => {
      const state = status.dataset.state;
      if (state && seen.at(-1) !== state) seen.push(state);
      tops.push(main.getBoundingClientRect().top);
    }).observe(status, { attributes: true });
  });
  await page.getByTestId("lab-link-perceptron").click();
  await expect(status).toHaveAttribute("data-state", "ready");
  await expect(status).toBeHidden();
  const { engineStates, pageTops } = await page.evaluate(() => {
    const { engineStates, pageTops } = window as unknown as { engineStates: string[]; pageTops: number[] };
    return { engineStates, pageTops };
  });
  expect(engineStates).toEqual(["loading", "ready"]);
  // The status comes and goes without moving the page under the user's pointer.
  expect(new Set(pageTops).size, `the page's top in each state: ${pageTops.join(", ")}`).toBe(1);
  // One engine worker (its helper threads are workers of their own).
  expect(page.workers().filter((worker) => !worker.url().includes("thread-helper"))).toHaveLength(1);
});

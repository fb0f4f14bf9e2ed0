// The code panel: each exercise's model answer matches the engine on fresh inputs and its starter does not;
// the runner has no network and no page, an endless loop is stopped, an error says its line, and the
// attendee's code survives a reload.
import type { Page } from "@playwright/test";
import { CODE_EXERCISE_IDS, CODE_EXERCISES } from "../../web/src/exercises/code/exercises";
import { expect, test } from "./fixtures";

async function open(page: Page, exercise: string) {
  await page.goto(`#/code?exercise=${exercise}`);
  await expect(page.getByTestId("code-run")).toBeEnabled({ timeout: 30_000 });
}

/** Replaces the editor's code, as typed (CodeMirror's own input handling, not a shortcut into its state). */
async function write(page: Page, code: string) {
  await page.locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(code);
}

async function run(page: Page, timeout = 30_000) {
  await page.getByTestId("code-run").click();
  await expect(page.getByTestId("code-status")).toHaveAttribute("data-outcome", /./, { timeout });
  return page.getByTestId("code-status");
}

test("every exercise's starter is not yet right and its model answer matches the engine", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await open(page, CODE_EXERCISE_IDS[0]);
  await page.getByTestId("exercises-summary").click();
  for (const id of CODE_EXERCISE_IDS) {
    await page.getByTestId("code-exercise").selectOption(id);
    await page.getByTestId("code-starter").click();
    await run(page);
    await expect(page.getByTestId(`exercise-${id}`)).toHaveAttribute("data-state", "open");
    await expect(page.getByTestId(`exercise-${id}-status`)).toContainText("Not yet");
    await write(page, CODE_EXERCISES[id].answer);
    await run(page);
    await expect(page.getByTestId(`exercise-${id}`), id).toHaveAttribute("data-state", "solved");
  }
  await expect(page.getByTestId("exercises-summary")).toContainText("5 of 5 solved");
});

test("the runner refuses the network and has no page; an error says its line", async ({ page }) => {
  await open(page, "softmax");
  const refused: [string, RegExp][] = [
    ['const response = await fetch("/");', /line 1: ReferenceError: fetch is not available here/],
    ['const x = 1;\nimportScripts("/sw.js");', /line 2: ReferenceError: importScripts is not available here/],
    ["const y = 2;\n\nconsole.log(document.title);", /line 3: ReferenceError: document is not defined/],
    ['new XMLHttpRequest().open("GET", "/");', /XMLHttpRequest is not available here/],
    ['self.postMessage({ type: "done", result: [1], expected: [1] });', /postMessage is not available here/],
  ];
  for (const [code, message] of refused) {
    await write(page, code);
    await expect(await run(page)).toContainText(message);
  }
  await write(page, 'console.log("sum", 1 + 2, [3, 4]);\nreturn [1];');
  await expect(await run(page)).toContainText("returned 1 number");
  await expect(page.getByTestId("code-console")).toHaveText("sum 3 [3,4]\n");
});

test("an endless loop is stopped at the time limit, or at once by Stop", async ({ page }) => {
  test.setTimeout(60_000);
  await open(page, "max-pooling");
  await write(page, "while (true) {}");
  await expect(await run(page)).toContainText("Stopped after 5 s");
  await page.getByTestId("code-run").click();
  await page.getByTestId("code-stop").click();
  await expect(page.getByTestId("code-status")).toHaveText("Stopped.");
  // The page stayed responsive throughout, and the code is still there after a reload.
  await page.reload();
  await expect(page.getByTestId("code-run")).toBeEnabled({ timeout: 30_000 });
  await expect(page.locator(".cm-content")).toHaveText("while (true) {}");
});

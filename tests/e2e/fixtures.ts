// The fixture every browser test uses. It fails a test when a request leaves the page's origin or when
// the console shows an error the test did not announce, and it saves a screenshot of the page under
// test-results/screenshots/.

import { test as base, expect, type Page } from "@playwright/test";

interface Guard {
  /** Console errors matching `pattern` are expected by this test (a deliberate panic, say). */
  allowConsoleError(pattern: RegExp): void;
  /** This test's page comes from `url`'s origin instead of the base URL's. */
  servedFrom(url: string): void;
}

export const test = base.extend<{ guard: Guard; saveScreenshot: (name: string) => Promise<void> }>({
  guard: [
    async ({ context, baseURL }, use) => {
      let origin = new URL(baseURL ?? "").origin;
      const foreignRequests: string[] = [];
      const consoleErrors: string[] = [];
      const allowed: RegExp[] = [];
      context.on("request", (request) => {
        const url = request.url();
        if (!/^(data|blob):/.test(url) && new URL(url).origin !== origin) foreignRequests.push(url);
      });
      context.on("console", (message) => {
        if (message.type() === "error") consoleErrors.push(message.text());
      });
      context.on("weberror", (error) => consoleErrors.push(error.error().message));
      await use({
        allowConsoleError: (pattern) => allowed.push(pattern),
        servedFrom: (url) => (origin = new URL(url).origin),
      });
      expect(foreignRequests, "requests that left the page's origin").toEqual([]);
      const unexpected = consoleErrors.filter((text) => !allowed.some((pattern) => pattern.test(text)));
      expect(unexpected, "console errors").toEqual([]);
    },
    { auto: true },
  ],
  saveScreenshot: async ({ page }, use, testInfo) => {
    await use(async (name) => {
      await page.screenshot({
        path: `test-results/screenshots/${testInfo.project.name}-${name}.png`,
        fullPage: true,
      });
    });
  },
});

export { expect };

/** The exact number behind a read-out (its `data-value`), once the page has set it. */
export async function valueOf(page: Page, testId: string): Promise<number> {
  const element = page.getByTestId(testId);
  await expect(element).toHaveAttribute("data-value", /.+/);
  return Number(await element.getAttribute("data-value"));
}

type Call = (method: string, params?: unknown) => Promise<unknown>;

/** Calls the engine worker from the page, as a workshop script would. */
export function engineCall(page: Page, method: string, params?: unknown): Promise<unknown> {
  return page.evaluate(
    ([method, params]) =>
      (window as unknown as { playground: { engine: { call: Call } } }).playground.engine.call(
        method as string,
        params,
      ),
    [method, params] as const,
  );
}

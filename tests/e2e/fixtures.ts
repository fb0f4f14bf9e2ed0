// The fixture every browser test uses. It fails a test when a request leaves the page's origin, when the
// console shows an error, or when the page shows an error notice (how the labs report a failed engine call)
// that the test did not announce, and it saves a screenshot of the page under test-results/screenshots/.

import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";

/**
 * The context of a test that routes the page's requests: a service worker that has claimed the page (it does
 * so as soon as it is installed) would fetch them itself, or answer from its cache, past the route.
 */
export const pageRequestsRouted = { serviceWorkers: "block" } as const;

export interface Guard {
  /** Console errors matching `pattern` are expected by this test (a deliberate panic, say). */
  allowConsoleError(pattern: RegExp): void;
  /** Error notices matching `pattern` are expected by this test (a diverged run, a refused file). */
  allowErrorNotice(pattern: RegExp): void;
  /** This test's page comes from `url`'s origin instead of the base URL's. */
  servedFrom(url: string): void;
}

/**
 * Watches every page of `context` from now on; `check()` fails the test on anything it saw that the test
 * did not announce through the returned guard. Tests that open a browser of their own use it too.
 */
export async function guardContext(
  context: BrowserContext,
  baseURL: string | undefined,
): Promise<{ guard: Guard; check(): void }> {
  let origin = new URL(baseURL ?? "").origin;
  const foreignRequests: string[] = [];
  const consoleErrors: string[] = [];
  const errorNotices: string[] = [];
  const allowed: RegExp[] = [];
  const allowedNotices: RegExp[] = [];
  // Every error notice any page of the test shows, as it appears (a page may be gone by the end).
  await context.exposeBinding("reportErrorNotice", (_source, message: string) => errorNotices.push(message));
  await context.addInitScript(() => {
    const report = (window as unknown as { reportErrorNotice(message: string): void }).reportErrorNotice;
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes)
          if (node instanceof HTMLElement && node.matches(".notice.error"))
            void report(node.dataset.message ?? node.textContent ?? "");
    }).observe(document, { childList: true, subtree: true });
  });
  context.on("request", (request) => {
    const url = request.url();
    if (!/^(data|blob):/.test(url) && new URL(url).origin !== origin) foreignRequests.push(url);
  });
  context.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  context.on("weberror", (error) => consoleErrors.push(error.error().message));
  return {
    guard: {
      allowConsoleError: (pattern) => allowed.push(pattern),
      allowErrorNotice: (pattern) => allowedNotices.push(pattern),
      servedFrom: (url) => (origin = new URL(url).origin),
    },
    check() {
      expect(foreignRequests, "requests that left the page's origin").toEqual([]);
      const unexpected = consoleErrors.filter((text) => !allowed.some((pattern) => pattern.test(text)));
      expect(unexpected, "console errors").toEqual([]);
      const unexpectedNotices = errorNotices.filter((text) => !allowedNotices.some((p) => p.test(text)));
      expect(unexpectedNotices, "error notices").toEqual([]);
    },
  };
}

export const test = base.extend<{ guard: Guard; saveScreenshot: (name: string) => Promise<void> }>({
  guard: [
    async ({ context, baseURL }, use) => {
      const { guard, check } = await guardContext(context, baseURL);
      await use(guard);
      check();
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

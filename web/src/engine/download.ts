// Downloads the worker makes (datasets, detectors). A failed one — offline, refused, a missing file — is a
// problem the page words in its own language (`download-failed`), not the browser's English.

import type { PageProblem } from "./protocol";

export async function download(url: URL): Promise<Response> {
  let response: Response | undefined;
  try {
    response = await fetch(url);
  } catch {
    // No connection, or refused: no status to tell.
  }
  if (response?.ok) return response;
  const problem: PageProblem = { code: "download-failed", file: url.pathname, status: response?.status ?? 0 };
  throw Object.assign(new Error(`downloading ${url.pathname} failed (status ${problem.status})`), {
    problem,
  });
}

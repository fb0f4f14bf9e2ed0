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

/** A gzip-compressed file (a dataset chunk), inflated. */
export async function fetchGzip(url: URL): Promise<Uint8Array> {
  const response = await download(url);
  if (!response.body) throw new Error(`${url.pathname}: an empty response`);
  const inflated = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}

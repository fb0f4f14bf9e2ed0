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

/** What data/<dataset>/manifest.json says of a served dataset (written by `npm run cli -- convert-data`). */
export interface DatasetManifest {
  title: string;
  classes: string[];
  test: { file: string; count: number; bytes: number };
  train: { file: string; count: number; bytes: number }[];
}

/** A served dataset's manifest, from `baseUrl` (the data/ folder). */
export async function fetchManifest(baseUrl: string, dataset: string): Promise<DatasetManifest> {
  return (await (await download(new URL(`${dataset}/manifest.json`, baseUrl))).json()) as DatasetManifest;
}

/** A served dataset's test chunk and its first `trainChunks` training chunks, inflated, with its manifest. */
export async function fetchDataset(
  baseUrl: string,
  dataset: string,
  trainChunks: number,
): Promise<{ manifest: DatasetManifest; test: Uint8Array; train: Uint8Array[] }> {
  const manifest = await fetchManifest(baseUrl, dataset);
  const base = new URL(`${dataset}/`, baseUrl);
  const [test, ...train] = await Promise.all(
    [manifest.test, ...manifest.train.slice(0, trainChunks)].map((chunk) =>
      fetchGzip(new URL(chunk.file, base)),
    ),
  );
  return { manifest, test, train };
}

/** A gzip-compressed file (a dataset chunk), inflated. */
export async function fetchGzip(url: URL): Promise<Uint8Array> {
  const response = await download(url);
  if (!response.body) throw new Error(`${url.pathname}: an empty response`);
  const inflated = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}

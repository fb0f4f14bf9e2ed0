// `npm start`'s server on a shared network: compressed copies to browsers that accept them, hashed assets
// cached for good, the rest revalidated by ETag. Raw HTTP (node:http), so nothing decodes behind the test's back.

import { readdirSync, readFileSync } from "node:fs";
import { get, type IncomingMessage } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";

const ORIGIN = "http://localhost:4173";

function fetchRaw(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ response: IncomingMessage; body: Buffer }>((resolve, reject) => {
    get(`${ORIGIN}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ response, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

const wasm = readdirSync("dist/assets").find((name) => name.endsWith(".wasm"));
const original = readFileSync(`dist/assets/${wasm}`);

test("the engine goes out brotli- or gzip-compressed to a browser that accepts it, and as is otherwise", async () => {
  const brotli = await fetchRaw(`/assets/${wasm}`, { "Accept-Encoding": "gzip, deflate, br" });
  expect(brotli.response.headers["content-encoding"]).toBe("br");
  expect(brotli.response.headers["content-type"]).toBe("application/wasm");
  expect(brotli.response.headers.vary).toBe("Accept-Encoding");
  expect(brotli.body.length).toBeLessThan(original.length / 2);
  expect(brotliDecompressSync(brotli.body).equals(original)).toBe(true);

  const gzip = await fetchRaw(`/assets/${wasm}`, { "Accept-Encoding": "gzip, br;q=0" });
  expect(gzip.response.headers["content-encoding"]).toBe("gzip");
  expect(gunzipSync(gzip.body).equals(original)).toBe(true);

  const plain = await fetchRaw(`/assets/${wasm}`);
  expect(plain.response.headers["content-encoding"]).toBeUndefined();
  expect(plain.body.equals(original)).toBe(true);
  // The isolation headers come with every representation.
  for (const { response } of [brotli, gzip, plain])
    expect(response.headers["cross-origin-embedder-policy"]).toBe("require-corp");
});

test("hashed assets are cached for good; the page is revalidated and a matching ETag answers 304", async () => {
  const asset = await fetchRaw(`/assets/${wasm}`);
  expect(asset.response.headers["cache-control"]).toContain("immutable");

  const page = await fetchRaw("/", { "Accept-Encoding": "br" });
  expect(page.response.statusCode).toBe(200);
  expect(page.response.headers["cache-control"]).toBe("no-cache");
  const etag = page.response.headers.etag;
  expect(etag).toMatch(/^"[\w-]+"$/);

  const again = await fetchRaw("/", { "Accept-Encoding": "br", "If-None-Match": etag ?? "" });
  expect(again.response.statusCode).toBe(304);
  expect(again.body.length).toBe(0);
  // Another representation has another tag: a gzip client's cached copy is not the brotli one.
  const other = await fetchRaw("/", { "Accept-Encoding": "gzip", "If-None-Match": etag ?? "" });
  expect(other.response.statusCode).toBe(200);
  expect(other.response.headers.etag).not.toBe(etag);
});

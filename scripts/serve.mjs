// Serves a built site (default dist/) on http://localhost with the headers the playground wants:
// cross-origin isolation (COOP/COEP, which unlocks SharedArrayBuffer and wasm threads) and, as a header too,
// the Content-Security-Policy that index.html declares in its <meta> tag, so workers are covered as well.
// For a room on one shared network: the brotli or gzip copy the build wrote (scripts/compress.mjs) to a
// browser that accepts it, hashed assets cached for good, everything else revalidated by its ETag.
// Usage: node scripts/serve.mjs [DIR] [--port N] [--host H] [--prefix /sub/path/] [--cert FILE --key FILE];
// PORT and HOST work as well. With --prefix the site answers only under that path, as on a static host that
// serves it there. With --cert and --key it serves HTTPS: browsers give WebGPU and offline use (the service
// worker) only to a secure origin, and another laptop's address on the room's network is one only over HTTPS.
import { createServer } from "node:http";
import { createServer as createSecureServer } from "node:https";
import { networkInterfaces } from "node:os";
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: "string" },
    host: { type: "string" },
    prefix: { type: "string" },
    cert: { type: "string" },
    key: { type: "string" },
  },
});
const root = resolve(positionals[0] ?? "dist");
const port = Number(values.port ?? process.env.PORT ?? 8080);
const host = values.host ?? process.env.HOST ?? "localhost";
const prefix = values.prefix ?? "/";
if (Boolean(values.cert) !== Boolean(values.key)) {
  console.error("HTTPS needs both --cert and --key.");
  process.exit(2);
}

const mimeTypes = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
  ".bin": "application/octet-stream",
  ".txt": "text/plain; charset=utf-8",
};

const indexHtml = await readFile(join(root, "index.html"), "utf8").catch(() => {
  console.error(`no index.html in ${root}: run npm run build first`);
  process.exit(1);
});
const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(indexHtml)?.[1];
if (!csp) throw new Error("index.html declares no Content-Security-Policy");

const headers = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Content-Security-Policy": csp,
  "X-Content-Type-Options": "nosniff",
};
/**
 * The worker that runs an attendee's exercise code (web/src/exercises/code/code-runner.worker.ts) may turn
 * source into a function ('unsafe-eval') and nothing else: no connections, no scripts but the site's own.
 */
const RUNNER = /\/assets\/code-runner\.worker-[\w-]+\.js$/;
const RUNNER_CSP = "default-src 'none'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'";
/** Vite names what it writes to assets/ by content hash: a name never changes content. */
const IMMUTABLE = "public, max-age=31536000, immutable";
/** Everything else (the page, sw.js, data, models) is revalidated, cheaply, by its ETag. */
const REVALIDATE = "no-cache";
/** The copies scripts/compress.mjs writes, best first. */
const ENCODINGS = [
  { name: "br", suffix: ".br" },
  { name: "gzip", suffix: ".gz" },
];

/** Which encodings the request accepts (a q of 0 refuses one). */
function accepted(request) {
  const header = String(request.headers["accept-encoding"] ?? "");
  const names = new Set();
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    if (name && !(q && Number(q.slice(2)) === 0)) names.add(name);
  }
  return names;
}

/** A file's bytes and strong ETag, read once per version of the file (its mtime and size). */
const files = new Map();
async function load(path) {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return null;
  const version = `${info.mtimeMs}:${info.size}`;
  const cached = files.get(path);
  if (cached?.version === version) return cached;
  const body = await readFile(path);
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
  const entry = { version, body, etag };
  files.set(path, entry);
  return entry;
}

/** The smallest representation of `path` this request accepts: a compressed copy, else the file. */
async function representation(request, path) {
  const names = accepted(request);
  for (const encoding of ENCODINGS) {
    if (!names.has(encoding.name)) continue;
    const copy = await load(path + encoding.suffix);
    if (copy) return { ...copy, encoding: encoding.name };
  }
  const file = await load(path);
  return file && { ...file, encoding: undefined };
}

function matches(ifNoneMatch, etag) {
  return (ifNoneMatch ?? "")
    .split(",")
    .some((tag) => tag.trim().replace(/^W\//, "") === etag || tag.trim() === "*");
}

async function resolveFile(urlPath) {
  const path = urlPath.split("?")[0];
  if (!path.startsWith(prefix)) return null;
  const decoded = decodeURIComponent("/" + path.slice(prefix.length));
  const file = normalize(join(root, decoded));
  if (file !== root && !file.startsWith(root + sep)) return null;
  const info = await stat(file).catch(() => null);
  if (info?.isDirectory()) return resolveFile(join(prefix, decoded, "index.html"));
  return info?.isFile() ? file : null;
}

const serve = async (request, response) => {
  const path = await resolveFile(request.url ?? "/").catch(() => null);
  if (!path || (request.method !== "GET" && request.method !== "HEAD")) {
    response.writeHead(path ? 405 : 404, { ...headers, "Content-Type": "text/plain" });
    response.end(path ? "method not allowed" : "not found");
    return;
  }
  const file = await representation(request, path);
  if (!file) {
    response.writeHead(404, { ...headers, "Content-Type": "text/plain" });
    response.end("not found");
    return;
  }
  const relative = path
    .slice(root.length + 1)
    .split(sep)
    .join("/");
  const common = {
    ...headers,
    "Cache-Control": relative.startsWith("assets/") ? IMMUTABLE : REVALIDATE,
    ETag: file.etag,
    Vary: "Accept-Encoding",
    ...(RUNNER.test(`/${relative}`) && { "Content-Security-Policy": RUNNER_CSP }),
  };
  if (matches(request.headers["if-none-match"], file.etag)) {
    response.writeHead(304, common);
    response.end();
    return;
  }
  response.writeHead(200, {
    ...common,
    "Content-Type": mimeTypes[extname(path)] ?? "application/octet-stream",
    "Content-Length": file.body.length,
    ...(file.encoding && { "Content-Encoding": file.encoding }),
  });
  response.end(request.method === "HEAD" ? undefined : file.body);
};

const server = values.cert
  ? createSecureServer({ cert: await readFile(values.cert), key: await readFile(values.key) }, serve)
  : createServer(serve);

server.listen(port, host, () => {
  const { port: actual } = server.address();
  const scheme = values.cert ? "https" : "http";
  console.log(`Deep-learning playground: ${scheme}://localhost:${actual}${prefix}`);
  // Listening on every interface (a room's network): the addresses other laptops can reach.
  if (host === "0.0.0.0" || host === "::") {
    for (const address of Object.values(networkInterfaces()).flat()) {
      if (address && address.family === "IPv4" && !address.internal)
        console.log(`  on this network: ${scheme}://${address.address}:${actual}${prefix}`);
    }
  }
});

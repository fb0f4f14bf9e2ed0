// Serves a built site (default dist/) on http://localhost with the headers the playground wants:
// cross-origin isolation (COOP/COEP, which unlocks SharedArrayBuffer and wasm threads) and, as a header too,
// the Content-Security-Policy that index.html declares in its <meta> tag, so workers are covered as well.
// Usage: node scripts/serve.mjs [DIR] [--port N] [--host H] [--prefix /sub/path/]; PORT and HOST work as
// well. With --prefix the site answers only under that path, as on a static host that serves it there.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { port: { type: "string" }, host: { type: "string" }, prefix: { type: "string" } },
});
const root = resolve(positionals[0] ?? "dist");
const port = Number(values.port ?? process.env.PORT ?? 8080);
const host = values.host ?? process.env.HOST ?? "localhost";
const prefix = values.prefix ?? "/";

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
  "Cache-Control": "no-cache",
};

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

const server = createServer(async (request, response) => {
  const path = await resolveFile(request.url ?? "/").catch(() => null);
  if (!path || (request.method !== "GET" && request.method !== "HEAD")) {
    response.writeHead(path ? 405 : 404, { ...headers, "Content-Type": "text/plain" });
    response.end(path ? "method not allowed" : "not found");
    return;
  }
  const body = await readFile(path);
  const type = mimeTypes[extname(path)] ?? "application/octet-stream";
  response.writeHead(200, { ...headers, "Content-Type": type, "Content-Length": body.length });
  response.end(request.method === "HEAD" ? undefined : body);
});

server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`Deep-learning playground: http://localhost:${actual}${prefix}`);
});

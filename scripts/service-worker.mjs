// Writes dist/sw.js, the service worker that keeps the playground working offline, with Workbox.
//
// At install it precaches the whole application from the build's own file list (pages, scripts, styles,
// both wasm builds, sample photos), so the very first visit is enough to work offline. The datasets and the
// pretrained models are large and not every attendee opens every lab: they are cached the first time a lab
// fetches them, and served from the cache after that.
import { generateSW } from "workbox-build";

const { count, size, warnings } = await generateSW({
  globDirectory: "dist",
  globPatterns: ["**/*.{html,js,css,wasm,png,jpg,svg,ico,json,md}"],
  globIgnores: ["data/**", "static-models/**", "workbox-*.js", "sw.js"],
  swDest: "dist/sw.js",
  // The wasm builds are about 1.4 MB each.
  maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
  // Vite names assets by their content hash: a name never changes content, so no revision is needed.
  dontCacheBustURLsMatching: /\/assets\//,
  // Every page is index.html with a hash route (and perhaps ?lang=nl): serve it from the precache offline.
  navigateFallback: "index.html",
  skipWaiting: true,
  clientsClaim: true,
  cleanupOutdatedCaches: true,
  // Workbox's runtime as a file of the site itself, never from another origin.
  inlineWorkboxRuntime: true,
  sourcemap: false,
  runtimeCaching: [
    {
      urlPattern: ({ url, sameOrigin }) => sameOrigin && /\/(data|static-models)\//.test(url.pathname),
      handler: "CacheFirst",
      options: { cacheName: "playground-data-and-models" },
    },
  ],
});
for (const warning of warnings) console.warn(`service worker: ${warning}`);
console.log(`service worker: ${count} files precached (${(size / 1e6).toFixed(1)} MB)`);

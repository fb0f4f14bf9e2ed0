import { defineConfig } from "vite";

// The site is static and relocatable: relative URLs only, so it runs from any host and any sub-path.
export default defineConfig({
  root: "web",
  base: "./",
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    target: "es2022",
    // The polyfill is an inline script, which the Content-Security-Policy forbids; every target browser
    // supports modulepreload natively.
    modulePreload: { polyfill: false },
    // The licences of the JavaScript packages bundled into the site (the QR code generator), served with it.
    license: { fileName: "licenses.md" },
    rollupOptions: {
      input: { main: "web/index.html", bench: "web/bench.html" },
    },
  },
  worker: { format: "es" },
});

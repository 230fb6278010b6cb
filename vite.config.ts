import { resolve } from "node:path";
import { defineConfig } from "vite";
import { webLlmEmbeddedWasm } from "./src/engine/webllm/webllm-vite-plugin.ts";
import { vendorHardening } from "./scripts/vendor-hardening.ts";
import { wllamaAssets } from "./src/engine/wllama/wllama-build-assets.ts";

const src = resolve(import.meta.dirname, "src");
/** The e2e test build (scripts/build.ts --test) can load the scripted fake engine; release builds cannot. */
const testBuild = process.env.HEARTH_BUILD === "test";

/**
 * Extension pages and the background event page, built as ES modules sharing chunks. The content script is built
 * separately (scripts/build.ts) because content scripts cannot be modules.
 */
export default defineConfig({
  root: src,
  base: "/",
  publicDir: false,
  logLevel: "warn",
  define: { __HEARTH_TEST__: JSON.stringify(testBuild) },
  // web-llm inlines two WebAssembly runtimes as base64 (6.8 MB of JS); the plugin ships them as files instead.
  // vendorHardening removes the library sinks listed in scripts/vendor-hardening.ts from the bundle.
  plugins: [vendorHardening(), wllamaAssets(), webLlmEmbeddedWasm()],
  build: {
    outDir: resolve(import.meta.dirname, testBuild ? "dist/firefox-test" : "dist/firefox"),
    emptyOutDir: false,
    target: "firefox142",
    modulePreload: false,
    sourcemap: false,
    minify: true,
    // Firefox's add-on linter refuses JS files of 5 MB or more; scripts/build.ts enforces it, this only warns early.
    chunkSizeWarningLimit: 4500,
    rollupOptions: {
      input: {
        background: resolve(src, "background/index.ts"),
        sidebar: resolve(src, "sidebar/index.html"),
        popup: resolve(src, "popup/index.html"),
        options: resolve(src, "options/index.html"),
        // The bench page (npm run bench): test build only, never shipped.
        ...(testBuild ? { "engine-bench": resolve(src, "bench/engine-bench.html") } : {}),
        reader: resolve(src, "reader/index.html"),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === "background" ? "background.js" : "pages/[name]-[hash].js"),
        // Third-party libraries get chunks of their own under vendor/, apart from Hearth's code (see manualChunks).
        chunkFileNames: (chunk) => (chunk.name.startsWith("vendor/") ? "[name]-[hash].js" : "chunks/[name]-[hash].js"),
        // Library code (DOMPurify, marked, pdf.js, wllama, web-llm, idb, valibot) lives in vendor/ chunks, apart from
        // Hearth's own, so a linter finding points at one or the other at a glance.
        manualChunks: (id) => {
          const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id);
          const name = match?.[1];
          return name ? `vendor/${name.replace("@", "").replace("/", "-")}` : undefined;
        },
        assetFileNames: "assets/[name]-[hash][extname]",
      },
    },
  },
});

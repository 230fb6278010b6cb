import { resolve } from "node:path";
import { defineConfig } from "vite";

const src = resolve(import.meta.dirname, "src");

/**
 * Extension pages and the background event page, built as ES modules sharing chunks. The content script is built
 * separately (scripts/build.ts) because content scripts cannot be modules.
 */
export default defineConfig({
  root: src,
  base: "/",
  publicDir: false,
  logLevel: "warn",
  build: {
    outDir: resolve(import.meta.dirname, "dist/firefox"),
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
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === "background" ? "background.js" : "pages/[name]-[hash].js"),
        chunkFileNames: "chunks/[name]-[hash].js",
        assetFileNames: "assets/[name]-[hash][extname]",
      },
    },
  },
});

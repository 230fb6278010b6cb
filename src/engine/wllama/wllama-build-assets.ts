/**
 * Build-time (Node) side of hosting wllama in the add-on: a Vite plugin that emits the two files WllamaEngine needs
 * into the built extension, taken from the installed @wllama/wllama so they always match its JS:
 *   wllama/wllama.wasm       the llama.cpp build (~10 MB)
 *   wllama/wllama-worker.js  the worker wllama would otherwise start from a blob: URL (see worker-source.ts)
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Plugin } from "vite";
import { buildWorkerSource } from "./worker-source.ts";

/** Where the files land inside the built extension, relative to its root. */
export const WLLAMA_ASSET_DIR = "wllama";
export const WLLAMA_WASM_FILE = `${WLLAMA_ASSET_DIR}/wllama.wasm`;
export const WLLAMA_WORKER_FILE = `${WLLAMA_ASSET_DIR}/wllama-worker.js`;

/** Directory of the installed @wllama/wllama package. */
export function wllamaPackageDir(fromDir: string = process.cwd()): string {
  const require = createRequire(join(fromDir, "package.json"));
  return dirname(require.resolve("@wllama/wllama/package.json"));
}

/** The worker file's text and the wasm bytes, read from the installed package. */
export function readWllamaAssets(packageDir: string = wllamaPackageDir()): { worker: string; wasm: Uint8Array } {
  const worker = buildWorkerSource({
    emscripten: readFileSync(join(packageDir, "src/wasm/wllama.js"), "utf8"),
    workerLoop: readFileSync(join(packageDir, "src/workers-code/llama-cpp.js"), "utf8"),
  });
  return { worker, wasm: readFileSync(join(packageDir, "esm/wasm/wllama.wasm")) };
}

/** Vite plugin: emits wllama/wllama.wasm and wllama/wllama-worker.js into the bundle. */
export function wllamaAssets(packageDir?: string): Plugin {
  return {
    name: "hearth-wllama-assets",
    generateBundle() {
      const { worker, wasm } = readWllamaAssets(packageDir);
      this.emitFile({ type: "asset", fileName: WLLAMA_WASM_FILE, source: wasm });
      this.emitFile({ type: "asset", fileName: WLLAMA_WORKER_FILE, source: worker });
    },
  };
}

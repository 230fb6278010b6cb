/**
 * wllama starts its worker from a blob: URL holding generated code, and Firefox never lets an extension page start a
 * worker from blob: (worker-src is 'self' only, whatever the manifest's CSP says). So the add-on ships that same code
 * as a file (wllama-worker.js, built from the package by wllama-build-assets.ts) and WllamaEngine points wllama's
 * worker at it (worker-redirect.ts).
 *
 * What wllama 3.13 puts in the blob (src/worker.ts, ProxyToWorker.moduleInit):
 *   const RUN_OPTIONS = {pathConfig: {"wllama.wasm": url}, nbThread, compat};
 *   function wModuleInit() { [hide navigator.gpu when n_gpu_layers is 0] JSPI stub; <emscripten glue, its
 *     "var Module" renamed "var ___Module">; return Module; }
 *   <llama-cpp.js worker loop>
 * The per-load values (wasm URL, GPU on or off) come from the worker URL's query instead, so one file serves all loads.
 */

/** The two package files the worker is made of. */
export interface WllamaWorkerParts {
  /** node_modules/@wllama/wllama/src/wasm/wllama.js (emscripten glue). */
  emscripten: string;
  /** node_modules/@wllama/wllama/src/workers-code/llama-cpp.js (message loop). */
  workerLoop: string;
}

/** Query keys the worker reads from its own URL. */
export const WORKER_QUERY = { wasm: "wasm", gpu: "gpu" } as const;

// Without JSPI the wasm's async imports/exports still need these two names; plain calls are enough when no GPU and no
// async file reads are used, which is what wllama chooses in that case.
const JSPI_FALLBACK = `if (!WebAssembly.Suspending) {
  WebAssembly.Suspending = function (fn) { return fn; };
  WebAssembly.promising = function (fn) {
    return function (...args) { try { return Promise.resolve(fn(...args)); } catch (e) { return Promise.reject(e); } };
  };
}`;

// Same effect as wllama's own n_gpu_layers=0 switch: ggml-webgpu finds no adapter and registers no device.
const HIDE_WEBGPU = `try { Object.defineProperty(WorkerNavigator.prototype, "gpu", { get: () => ({ requestAdapter: async () => null }) }); } catch (e) {}`;

/** Source of wllama-worker.js. Throws when the emscripten glue does not look like the one this was written for. */
export function buildWorkerSource(parts: WllamaWorkerParts): string {
  if (!parts.emscripten.includes("var Module")) throw new Error("wllama emscripten glue has no 'var Module'");
  if (!parts.workerLoop.includes("wModuleInit()")) throw new Error("wllama worker loop does not call wModuleInit()");
  const glue = parts.emscripten.replace("var Module", "var ___Module");
  return [
    "// Generated from @wllama/wllama by src/engine/wllama/worker-source.ts. Do not edit.",
    `const __hearthQuery = new URL(self.location.href).searchParams;`,
    `const RUN_OPTIONS = {`,
    `  pathConfig: { "wllama.wasm": __hearthQuery.get("${WORKER_QUERY.wasm}") ?? new URL("wllama.wasm", self.location.href).href },`,
    `  nbThread: 0,`,
    `  compat: false,`,
    `};`,
    `function wModuleInit() {`,
    `if (__hearthQuery.get("${WORKER_QUERY.gpu}") === "0") { ${HIDE_WEBGPU} }`,
    JSPI_FALLBACK,
    `${glue};`,
    `return Module;`,
    `}`,
    parts.workerLoop,
  ].join("\n");
}

/** URL to start the worker file with, for one model load. */
export function workerUrlFor(workerFileUrl: string, options: { wasmUrl: string; gpu: boolean }): string {
  const url = new URL(workerFileUrl);
  url.searchParams.set(WORKER_QUERY.wasm, options.wasmUrl);
  url.searchParams.set(WORKER_QUERY.gpu, options.gpu ? "1" : "0");
  return url.href;
}

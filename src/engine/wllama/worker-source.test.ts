import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { readWllamaAssets, wllamaAssets, wllamaPackageDir, WLLAMA_WASM_FILE, WLLAMA_WORKER_FILE } from "./wllama-build-assets";
import { buildWorkerSource, workerUrlFor } from "./worker-source";

// Stand-ins with the markers buildWorkerSource relies on; the loop reports what the glue saw.
const parts = {
  emscripten: "var Module = typeof Module != 'undefined' ? Module : {}; Module.seenGpu = navigator.gpu;",
  workerLoop: "let Module = {}; postMessage({ options: RUN_OPTIONS, module: wModuleInit() });",
};

/** Runs worker source as if loaded from `href`, with a navigator that has a GPU, and returns what it posted. */
function runWorker(source: string, href: string): { options: unknown; module: { seenGpu: unknown } } {
  class WorkerNavigator {
    get gpu(): unknown {
      return "real-gpu";
    }
  }
  const posted: unknown[] = [];
  const WebAssemblyStub = {};
  runInNewContext(source, {
    self: { location: { href } },
    URL,
    WorkerNavigator,
    navigator: new WorkerNavigator(),
    WebAssembly: WebAssemblyStub,
    postMessage: (message: unknown) => posted.push(message),
  });
  return posted[0] as { options: unknown; module: { seenGpu: unknown } };
}

describe("buildWorkerSource", () => {
  it("reads the wasm URL and GPU switch from the worker's own URL", () => {
    const source = buildWorkerSource(parts);
    const href = workerUrlFor("moz-extension://id/wllama/wllama-worker.js", { wasmUrl: "moz-extension://id/w.wasm", gpu: false });
    const run = runWorker(source, href);
    expect(run.options).toEqual({ pathConfig: { "wllama.wasm": "moz-extension://id/w.wasm" }, nbThread: 0, compat: false });
    // n_gpu_layers 0: WebGPU hidden, so ggml-webgpu registers nothing.
    expect(run.module.seenGpu).not.toBe("real-gpu");
  });

  it("leaves WebGPU visible when the load wants it, and finds the wasm beside itself by default", () => {
    const source = buildWorkerSource(parts);
    const gpu = runWorker(source, workerUrlFor("moz-extension://id/wllama/wllama-worker.js", { wasmUrl: "x:/w.wasm", gpu: true }));
    expect(gpu.module.seenGpu).toBe("real-gpu");
    const plain = runWorker(source, "moz-extension://id/wllama/wllama-worker.js");
    expect(plain.options).toMatchObject({ pathConfig: { "wllama.wasm": "moz-extension://id/wllama/wllama.wasm" } });
  });

  it("refuses package files that changed shape", () => {
    expect(() => buildWorkerSource({ ...parts, emscripten: "const M = {}" })).toThrow(/var Module/);
    expect(() => buildWorkerSource({ ...parts, workerLoop: "onmessage = () => {}" })).toThrow(/wModuleInit/);
  });
});

describe("wllama build assets", () => {
  it("builds the worker from the installed @wllama/wllama and ships its wasm", () => {
    const { worker, wasm } = readWllamaAssets();
    expect([...wasm.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]); // "\0asm"
    expect(worker).toContain("var ___Module=");
    expect(worker.match(/var Module/g) ?? []).toHaveLength(0);
    expect(worker).toContain("const RUN_OPTIONS");
    expect(worker).toContain("onmessage = async (e) =>");
  });

  it("still matches how the installed wllama builds and starts its worker (fails on an upgrade that changes it)", () => {
    const wllamaJs = readFileSync(join(wllamaPackageDir(), "esm/index.js"), "utf8");
    // The redirect relies on this exact call; the worker file on these RUN_OPTIONS fields and this wrapper.
    expect(wllamaJs).toContain('return new Worker(workerURL, { type: "module" });');
    expect(wllamaJs).toContain('moduleCode.replace("var Module", "var ___Module")');
    expect(wllamaJs).toMatch(/pathConfig: \{\s*"wllama\.wasm": this\.resources\.wasmPath\s*\},\s*nbThread: this\.nbThread,\s*compat: this\.resources\.compat\s*\}/);
    expect(wllamaJs).toContain("`function wModuleInit() { ${mainModuleCode}; return Module; }`");
    expect(wllamaJs).toContain('Object.defineProperty(WorkerNavigator.prototype,"gpu",{get:()=>({requestAdapter:async()=>null})})');
  });

  it("emits both files from the Vite plugin", () => {
    const emitted: { fileName: string; source: unknown }[] = [];
    const plugin = wllamaAssets();
    const hook = plugin.generateBundle;
    const run = typeof hook === "function" ? hook : hook?.handler;
    expect(run).toBeDefined();
    const context = { emitFile: (file: { fileName: string; source: unknown }) => emitted.push(file) };
    Reflect.apply(run as (...args: unknown[]) => void, context, [{}, {}, false]);
    expect(emitted.map((f) => f.fileName).sort()).toEqual([WLLAMA_WASM_FILE, WLLAMA_WORKER_FILE].sort());
  });
});

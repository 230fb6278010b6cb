/**
 * Vite plugin (build time, Node only) that keeps @mlc-ai/web-llm under AMO's 5 MB limit per JS file.
 *
 * web-llm 0.2.86 ships as one 6.8 MB ES module (lib/index.js), and a bundler cannot split a single module: minified,
 * its chunk is still ~6.1 MB. Most of that is two WebAssembly binaries (its tokenizer and grammar runtimes) inlined
 * by Emscripten as base64 data: URLs. This plugin moves them out into .wasm files of the add-on and rewrites the
 * module to read them back (fetch of its own packaged files) before it runs, turning each into the same data: URL
 * Emscripten expects, so web-llm's code paths do not change. The JS chunk left is ~0.5 MB.
 */
import { createHash } from "node:crypto";
import type { Plugin } from "vite";

/** Where the extracted runtimes land inside the built extension. */
export const WEBLLM_RUNTIME_DIR = "vendor/webllm/runtime";

const WEBLLM_ENTRY = /[\\/]@mlc-ai[\\/]web-llm[\\/]lib[\\/]index\.js$/;
const DATA_URL_PREFIX = "data:application/octet-stream;base64,";
/** An inlined binary as Emscripten writes it: a quoted data: URL (thousands of base64 characters). */
const EMBEDDED_WASM = /(["'])data:application\/octet-stream;base64,([A-Za-z0-9+/]{1000,}={0,2})\1/g;
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

export interface ExtractedWasm {
  /** The module with every inlined binary replaced by a read of its file. */
  code: string;
  files: { fileName: string; bytes: Uint8Array<ArrayBuffer> }[];
}

/**
 * Move the base64-inlined WebAssembly out of `code` into files under `dir` (paths from the extension root).
 * Example: `x="data:application/octet-stream;base64,AGFzbQ…"` becomes `x=__hearthWebLlmWasm[0]`, with a prologue
 * that fills __hearthWebLlmWasm from "/vendor/webllm/runtime/embedded-<hash>.wasm".
 */
export function extractEmbeddedWasm(code: string, dir: string = WEBLLM_RUNTIME_DIR): ExtractedWasm {
  const files: ExtractedWasm["files"] = [];
  const rewritten = code.replace(EMBEDDED_WASM, (literal, _quote: string, base64: string) => {
    const bytes = Uint8Array.from(Buffer.from(base64, "base64"));
    // Only WebAssembly is moved; any other inlined binary stays where it is.
    if (!WASM_MAGIC.every((byte, i) => bytes[i] === byte)) return literal;
    const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 12);
    files.push({ fileName: `${dir}/embedded-${hash}.wasm`, bytes });
    return `__hearthWebLlmWasm[${files.length - 1}]`;
  });
  if (files.length === 0) return { code, files };
  return { code: prologue(files.map((file) => `/${file.fileName}`)) + rewritten, files };
}

/**
 * Top-level code run before web-llm's own: reads each packaged runtime and rebuilds its data: URL. Top-level await
 * is fine here because web-llm is only ever loaded through a dynamic import() (webllm-loader.ts).
 */
function prologue(paths: string[]): string {
  return `const __hearthWebLlmWasm = await Promise.all(${JSON.stringify(paths)}.map(async (path) => {
  const response = await fetch(new URL(path, import.meta.url));
  if (!response.ok) throw new Error("Hearth could not read its packaged web-llm runtime " + path);
  const bytes = new Uint8Array(await response.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 32768) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 32768));
  return ${JSON.stringify(DATA_URL_PREFIX)} + btoa(binary);
}));
`;
}

/** The plugin; add it to the extension build's plugins. */
export function webLlmEmbeddedWasm(dir: string = WEBLLM_RUNTIME_DIR): Plugin {
  return {
    name: "hearth-webllm-embedded-wasm",
    transform(code, id) {
      if (!WEBLLM_ENTRY.test(id.split("?")[0] ?? "")) return null;
      const extracted = extractEmbeddedWasm(code, dir);
      for (const file of extracted.files) this.emitFile({ type: "asset", fileName: file.fileName, source: file.bytes });
      return { code: extracted.code, map: null };
    },
  };
}

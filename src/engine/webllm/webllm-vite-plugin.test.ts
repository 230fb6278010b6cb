import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "vite";
import { afterAll, describe, expect, it, vi } from "vitest";
import { extractEmbeddedWasm, WEBLLM_RUNTIME_DIR, webLlmEmbeddedWasm } from "./webllm-vite-plugin";

const root = resolve(import.meta.dirname, "../../..");
const webLlmCode = readFileSync(join(root, "node_modules/@mlc-ai/web-llm/lib/index.js"), "utf8");
const temp = mkdtempSync(join(tmpdir(), "hearth-webllm-plugin-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A minimal WebAssembly module (magic, version 1), padded with a custom section so it is long enough to be moved. */
function tinyWasm(): Uint8Array {
  const payload = new Uint8Array(2000).fill(7);
  const name = new TextEncoder().encode("pad");
  const size = 1 + name.length + payload.length;
  const sizeLeb = [0x80 | (size & 0x7f), size >> 7];
  return Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0, ...sizeLeb, name.length, ...name, ...payload]);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

describe("extractEmbeddedWasm", () => {
  it("moves both of web-llm 0.2.86's inlined WebAssembly runtimes out, as valid modules", () => {
    const { code, files } = extractEmbeddedWasm(webLlmCode);
    expect(files).toHaveLength(2);
    for (const file of files) {
      expect(file.fileName).toMatch(new RegExp(`^${WEBLLM_RUNTIME_DIR}/embedded-[0-9a-f]{12}\\.wasm$`));
      expect(WebAssembly.validate(file.bytes)).toBe(true);
    }
    expect(code).not.toMatch(/base64,[A-Za-z0-9+/]{1000}/);
    expect(code.length).toBeLessThan(1.5 * 1024 * 1024);
  });

  it("leaves code without inlined WebAssembly alone, and non-wasm data: URLs too", () => {
    const notWasm = `const x = "data:application/octet-stream;base64,${Buffer.from("x".repeat(3000)).toString("base64")}";`;
    expect(extractEmbeddedWasm(notWasm)).toEqual({ code: notWasm, files: [] });
  });

  it("gives the rewritten module the very same data: URL back at run time, read from the packaged file", async () => {
    const wasm = tinyWasm();
    const dataUrl = `data:application/octet-stream;base64,${Buffer.from(wasm).toString("base64")}`;
    const { code, files } = extractEmbeddedWasm(`export const wasmBinaryFile = "${dataUrl}";\n`);
    expect(files).toHaveLength(1);
    const moduleFile = join(temp, "rewritten.mjs");
    writeFileSync(moduleFile, code);
    const asked: string[] = [];
    // The add-on serves its own files; here a fake fetch serves the extracted bytes at the path the prologue asks for.
    vi.stubGlobal("fetch", async (url: URL) => {
      asked.push(url.pathname);
      return url.pathname === `/${files[0]?.fileName}` ? new Response(files[0]?.bytes) : new Response("", { status: 404 });
    });
    try {
      const loaded = (await import(/* @vite-ignore */ pathToFileURL(moduleFile).href)) as { wasmBinaryFile: string };
      expect(loaded.wasmBinaryFile).toBe(dataUrl);
      expect(asked).toEqual([`/${files[0]?.fileName}`]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe("webLlmEmbeddedWasm", () => {
  it("keeps every JS file of a build that loads web-llm under AMO's 5 MB limit", async () => {
    const outDir = join(temp, "dist");
    await build({
      configFile: false,
      root,
      logLevel: "silent",
      publicDir: false,
      plugins: [webLlmEmbeddedWasm()],
      build: {
        outDir,
        emptyOutDir: true,
        target: "firefox142",
        minify: true,
        rollupOptions: { input: join(root, "src/engine/webllm/webllm-loader.ts"), preserveEntrySignatures: "strict" },
      },
    });
    const files = walk(outDir);
    const js = files.filter((file) => file.endsWith(".js"));
    expect(js.length).toBeGreaterThanOrEqual(2);
    for (const file of js) expect(statSync(file).size, file).toBeLessThan(5 * 1024 * 1024);
    const runtimes = files.filter((file) => file.includes(WEBLLM_RUNTIME_DIR) && file.endsWith(".wasm"));
    expect(runtimes).toHaveLength(2);
  }, 120_000);
});

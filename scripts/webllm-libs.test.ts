import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { modelVersion, prebuiltAppConfig } from "@mlc-ai/web-llm";
import { afterEach, describe, expect, it } from "vitest";
import { parseWebLlmCatalog } from "../src/engine/webllm/catalog";
import { collectWebLlmLibs, libFileName, pinCachedLibs, readPinnedList, type PinnedList } from "./webllm-libs";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "hearth-webllm-libs-"));
  dirs.push(dir);
  return dir;
}

const sha256 = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");
const base = "https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/v0_2_86/base/";

function entry(id: string, lib: string, sha: string | null): PinnedList["models"][number] {
  return { id, model: `https://huggingface.co/mlc-ai/${id}`, lib: `${base}${lib}`, sha256: sha, vramMB: 900, requiredFeatures: [], contextSize: 4096 };
}

/** A cache with three libraries and a pinned list covering every way a library can fail to ship. */
function fixture() {
  const root = tempDir();
  const cache = join(root, "cache");
  mkdirSync(cache);
  const good = Buffer.from("\0asm good library");
  const shared = Buffer.from("\0asm shared library");
  writeFileSync(join(cache, "good.wasm"), good);
  writeFileSync(join(cache, "shared.wasm"), shared);
  writeFileSync(join(cache, "tampered.wasm"), "\0asm someone changed me");
  writeFileSync(join(cache, "unpinned.wasm"), "\0asm not pinned yet");
  const list: PinnedList = {
    webllmVersion: "0.2.86",
    libVersion: "v0_2_86/base",
    models: [
      entry("good-q4f16_1-MLC", "good.wasm", sha256(good)),
      entry("shared-a-MLC", "shared.wasm", sha256(shared)),
      entry("shared-b-MLC", "shared.wasm", sha256(shared)),
      entry("tampered-MLC", "tampered.wasm", sha256("\0asm the original")),
      entry("absent-MLC", "absent.wasm", sha256("anything")),
      entry("unpinned-MLC", "unpinned.wasm", null),
    ],
  };
  const pinnedList = join(root, "webllm-libs.json");
  writeFileSync(pinnedList, JSON.stringify(list));
  return { root, cache, pinnedList, good };
}

describe("collectWebLlmLibs", () => {
  it("ships exactly the cached libraries that match their pinned sha256, and says why the others did not", () => {
    const { cache, pinnedList, good } = fixture();
    const out = join(tempDir(), "vendor/webllm");
    const result = collectWebLlmLibs(out, { pinnedList, cacheDir: cache, webllmVersion: "0.2.86" });

    expect(result.shipped).toEqual(["good-q4f16_1-MLC", "shared-a-MLC", "shared-b-MLC"]);
    expect(Object.fromEntries(result.missing.map(({ id, reason }) => [id, reason]))).toEqual({
      "tampered-MLC": expect.stringMatching(/did not match the pinned checksum/),
      "absent-MLC": expect.stringMatching(/not in the build cache/),
      "unpinned-MLC": expect.stringMatching(/no pinned checksum/),
    });
    expect(readdirSync(out).sort()).toEqual(["good.wasm", "models.json", "shared.wasm"]);
    expect(readFileSync(join(out, "good.wasm"))).toEqual(good);

    const catalog = parseWebLlmCatalog(JSON.parse(readFileSync(join(out, "models.json"), "utf8")));
    expect(catalog.available.map((model) => [model.id, model.libFile])).toEqual([
      ["good-q4f16_1-MLC", "good.wasm"],
      ["shared-a-MLC", "shared.wasm"],
      ["shared-b-MLC", "shared.wasm"],
    ]);
    expect(catalog.unavailable).toEqual(result.missing);
  });

  it("ships nothing when the libraries were compiled for another web-llm version", () => {
    const { cache, pinnedList } = fixture();
    const out = tempDir();
    const result = collectWebLlmLibs(out, { pinnedList, cacheDir: cache, webllmVersion: "0.2.90" });
    expect(result.shipped).toEqual([]);
    expect(result.missing[0]?.reason).toMatch(/compiled for web-llm 0.2.86, but Hearth bundles 0.2.90/);
    expect(readdirSync(out)).toEqual(["models.json"]);
  });

  it("pins the sha256 of cached libraries that have none, and only those", () => {
    const { cache, pinnedList } = fixture();
    expect(pinCachedLibs(pinnedList, cache)).toEqual(["unpinned-MLC"]);
    const after = readPinnedList(pinnedList);
    expect(after.models.find((model) => model.id === "unpinned-MLC")?.sha256).toBe(sha256("\0asm not pinned yet"));
    expect(after.models.find((model) => model.id === "tampered-MLC")?.sha256).toBe(sha256("\0asm the original"));
  });
});

describe("scripts/webllm-libs.json", () => {
  const pinned = readPinnedList();

  it("matches the bundled web-llm: same version, and each library is the one web-llm names for that model", () => {
    const installed = JSON.parse(readFileSync("node_modules/@mlc-ai/web-llm/package.json", "utf8")) as { version: string };
    expect(pinned.webllmVersion).toBe(installed.version);
    expect(pinned.libVersion).toBe(modelVersion);
    for (const model of pinned.models) {
      const prebuilt = prebuiltAppConfig.model_list.find((record) => record.model_id === model.id);
      expect(prebuilt, model.id).toBeDefined();
      expect(model.lib).toBe(prebuilt?.model_lib);
      expect(model.model).toBe(prebuilt?.model);
      expect(model.vramMB).toBe(prebuilt?.vram_required_MB);
    }
  });

  it("has unique ids and library names the build can use as file names", () => {
    const ids = pinned.models.map((model) => model.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const model of pinned.models) expect(libFileName(model)).toMatch(/\.wasm$/);
  });
});

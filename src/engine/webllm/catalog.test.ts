import { createHash } from "node:crypto";
import { verifyIntegrity } from "@mlc-ai/web-llm";
import { describe, expect, it } from "vitest";
import { ModelFileError } from "../../shared/protocol/errors";
import {
  listWebLlmModels,
  loadWebLlmCatalog,
  needsShaderF16,
  parseWebLlmCatalog,
  sriFromSha256Hex,
  toModelRecord,
  type WebLlmCatalog,
} from "./catalog";

const libBytes = new TextEncoder().encode("pretend this is a model library");
const libSha = createHash("sha256").update(libBytes).digest("hex");

const catalog: WebLlmCatalog = {
  webllmVersion: "0.2.86",
  available: [
    {
      id: "Qwen2.5-0.5B-Instruct-q4f16_1-MLC",
      model: "https://huggingface.co/mlc-ai/Qwen2.5-0.5B-Instruct-q4f16_1-MLC",
      libFile: "Qwen2-0.5B-Instruct-q4f16_1_cs1k-webgpu.wasm",
      sha256: libSha,
      vramMB: 944.62,
      requiredFeatures: [],
      contextSize: 4096,
    },
    {
      id: "Qwen2.5-0.5B-Instruct-q4f32_1-MLC",
      model: "https://huggingface.co/mlc-ai/Qwen2.5-0.5B-Instruct-q4f32_1-MLC",
      libFile: "Qwen2-0.5B-Instruct-q4f32_1_cs1k-webgpu.wasm",
      sha256: libSha,
      vramMB: 1060.2,
      requiredFeatures: [],
      contextSize: 4096,
    },
  ],
  unavailable: [{ id: "gemma-2-2b-it-q4f16_1-MLC", reason: "its library is not pinned (no sha256)" }],
};

describe("web-llm catalog", () => {
  it("points model_lib at the shipped moz-extension file and pins it with an SRI web-llm accepts", async () => {
    const base = "moz-extension://0a1b2c/vendor/webllm/";
    const model = catalog.available[0];
    if (!model) throw new Error("fixture");
    const record = toModelRecord(model, base);
    expect(record.model_lib).toBe(`${base}Qwen2-0.5B-Instruct-q4f16_1_cs1k-webgpu.wasm`);
    expect(record.model).toBe(model.model);
    expect(record.required_features).toEqual(["shader-f16"]);
    expect(record.overrides?.context_window_size).toBe(4096);
    const sri = record.integrity?.model_lib ?? "";
    await expect(verifyIntegrity(libBytes.buffer, sri, record.model_lib)).resolves.toBeUndefined();
    await expect(verifyIntegrity(new TextEncoder().encode("tampered").buffer, sri, record.model_lib)).rejects.toThrow();
    expect(toModelRecord(model, base.slice(0, -1), "http://127.0.0.1:9/weights").model).toBe("http://127.0.0.1:9/weights");
  });

  it("writes SRI strings as sha256-<base64 of the digest>", () => {
    expect(sriFromSha256Hex(libSha)).toBe(`sha256-${createHash("sha256").update(libBytes).digest("base64")}`);
  });

  it("knows which builds need shader-f16 even when web-llm does not declare it", () => {
    expect(needsShaderF16({ id: "Qwen2.5-0.5B-Instruct-q4f16_1-MLC", requiredFeatures: [] })).toBe(true);
    expect(needsShaderF16({ id: "Qwen2.5-0.5B-Instruct-q4f32_1-MLC", requiredFeatures: [] })).toBe(false);
    expect(needsShaderF16({ id: "custom", requiredFeatures: ["shader-f16"] })).toBe(true);
  });

  it("lists shipped models as available and the rest with the build's reason", () => {
    expect(listWebLlmModels(catalog)).toEqual([
      { id: "Qwen2.5-0.5B-Instruct-q4f16_1-MLC", available: true, vramMB: 944.62, contextSize: 4096 },
      { id: "Qwen2.5-0.5B-Instruct-q4f32_1-MLC", available: true, vramMB: 1060.2, contextSize: 4096 },
      { id: "gemma-2-2b-it-q4f16_1-MLC", available: false, reason: "its library is not pinned (no sha256)" },
    ]);
  });

  it("narrows the list to what this GPU can run", () => {
    const noF16 = { usable: true, shaderF16: false, maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 30, adapter: "x" } as const;
    const choices = listWebLlmModels(catalog, noF16);
    expect(choices.map((choice) => choice.available)).toEqual([false, true, false]);
    const none = listWebLlmModels(catalog, { usable: false, reason: "WebGPU is not available in this Firefox" });
    expect(none.every((choice) => !choice.available)).toBe(true);
    expect(none[0]).toMatchObject({ reason: "WebGPU is not available in this Firefox" });
  });

  it("reads models.json from the shipped folder, and treats a build without one as having no models", async () => {
    const asked: string[] = [];
    const loaded = await loadWebLlmCatalog("moz-extension://0a1b2c/vendor/webllm", async (url) => {
      asked.push(url);
      return new Response(JSON.stringify(catalog));
    });
    expect(asked).toEqual(["moz-extension://0a1b2c/vendor/webllm/models.json"]);
    expect(loaded).toEqual({ ...catalog, note: null });

    const empty = await loadWebLlmCatalog("moz-extension://0a1b2c/vendor/webllm/", async () => new Response("", { status: 404 }));
    expect(empty.available).toEqual([]);
    expect(empty.note).toMatch(/ships no web-llm model libraries/);
  });

  it("rejects a malformed models.json", () => {
    expect(() => parseWebLlmCatalog({ ...catalog, available: [{ id: "x", libFile: "../../evil.js" }] })).toThrow(ModelFileError);
  });
});

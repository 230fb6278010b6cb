/**
 * The web-llm models this build of Hearth can run. AMO forbids code fetched at run time, so web-llm's model
 * libraries (.wasm) ship inside the add-on: scripts/webllm-libs.ts copies the pinned, checksummed ones it finds into
 * vendor/webllm/ and writes models.json there, listing what shipped and why the rest did not. Only the weights
 * (data) are downloaded at run time.
 */
import type { ModelRecord } from "@mlc-ai/web-llm";
import * as v from "valibot";
import { ModelFileError } from "../../shared/protocol/errors";
import type { GpuProbe } from "./gpu-check";

/** The file scripts/webllm-libs.ts writes next to the shipped libraries. */
export const CATALOG_FILE = "models.json";

const ModelSchema = v.object({
  id: v.string(),
  /** Where the weights live (a Hugging Face repo URL); fetched at run time. */
  model: v.string(),
  /** The library's file name inside the shipped folder. */
  libFile: v.pipe(v.string(), v.regex(/^[\w.-]+\.wasm$/)),
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  vramMB: v.number(),
  requiredFeatures: v.array(v.string()),
  contextSize: v.number(),
  bufferSizeBytes: v.optional(v.number()),
});

const CatalogSchema = v.object({
  webllmVersion: v.string(),
  available: v.array(ModelSchema),
  unavailable: v.array(v.object({ id: v.string(), reason: v.string() })),
});

/** A model whose library shipped in this build. */
export type WebLlmModel = v.InferOutput<typeof ModelSchema>;
/** What shipped and what did not, as scripts/webllm-libs.ts wrote it. */
export type WebLlmCatalog = v.InferOutput<typeof CatalogSchema>;

/** One row of the model picker: runnable here, or not, with the reason in the user's words. */
export type WebLlmChoice =
  | { id: string; available: true; vramMB: number; contextSize: number }
  | { id: string; available: false; reason: string };

/** Check a parsed models.json; throws ModelFileError when it is not one. */
export function parseWebLlmCatalog(value: unknown): WebLlmCatalog {
  const parsed = v.safeParse(CatalogSchema, value);
  if (!parsed.success) throw new ModelFileError(`The shipped web-llm model list is malformed: ${parsed.issues[0]?.message ?? ""}`);
  return parsed.output;
}

/**
 * The catalog shipped at `libBaseUrl` (e.g. the moz-extension URL of "vendor/webllm/"). A build without web-llm
 * libraries has no catalog; that is an empty one, not an error.
 */
export async function loadWebLlmCatalog(
  libBaseUrl: string,
  fetchImpl: (url: string) => Promise<Response>,
): Promise<WebLlmCatalog & { note: string | null }> {
  let response: Response | null;
  try {
    response = await fetchImpl(new URL(CATALOG_FILE, withSlash(libBaseUrl)).href);
  } catch {
    response = null;
  }
  if (!response?.ok) {
    return {
      webllmVersion: "",
      available: [],
      unavailable: [],
      note: "This build of Hearth ships no web-llm model libraries, so the web-llm engine is unavailable.",
    };
  }
  return { ...parseWebLlmCatalog(await response.json()), note: null };
}

/** Every catalog model with whether it can run here and, if not, why; `gpu` narrows it to this machine's GPU. */
export function listWebLlmModels(catalog: WebLlmCatalog, gpu?: GpuProbe): WebLlmChoice[] {
  const shipped = catalog.available.map((model): WebLlmChoice => {
    if (gpu && !gpu.usable) return { id: model.id, available: false, reason: gpu.reason };
    if (gpu?.usable && needsShaderF16(model) && !gpu.shaderF16) {
      return { id: model.id, available: false, reason: "Needs 16-bit GPU shaders (shader-f16), which this GPU lacks in Firefox." };
    }
    return { id: model.id, available: true, vramMB: model.vramMB, contextSize: model.contextSize };
  });
  const missing = catalog.unavailable.map(({ id, reason }): WebLlmChoice => ({ id, available: false, reason }));
  return [...shipped, ...missing];
}

/** True when the model's kernels use f16 (every q?f16 build, whether or not web-llm declares it). */
export function needsShaderF16(model: Pick<WebLlmModel, "id" | "requiredFeatures">): boolean {
  return model.requiredFeatures.includes("shader-f16") || /-q\d+f16_\d/.test(model.id);
}

/**
 * web-llm's record for `model`: the library from the add-on itself (checked again by web-llm against its pinned
 * sha256), the weights from `weightsUrl` when given (a mirror, or a test server) or the catalog's.
 */
export function toModelRecord(model: WebLlmModel, libBaseUrl: string, weightsUrl?: string): ModelRecord {
  return {
    model_id: model.id,
    model: weightsUrl ?? model.model,
    model_lib: new URL(model.libFile, withSlash(libBaseUrl)).href,
    vram_required_MB: model.vramMB,
    required_features: needsShaderF16(model) ? ["shader-f16"] : model.requiredFeatures,
    overrides: { context_window_size: model.contextSize },
    integrity: { model_lib: sriFromSha256Hex(model.sha256), onFailure: "error" },
    ...(model.bufferSizeBytes !== undefined ? { buffer_size_required_bytes: model.bufferSizeBytes } : {}),
  };
}

/** A Subresource Integrity string ("sha256-<base64>") from a hex sha256 digest. */
export function sriFromSha256Hex(hex: string): string {
  let binary = "";
  for (let i = 0; i < hex.length; i += 2) binary += String.fromCharCode(Number.parseInt(hex.slice(i, i + 2), 16));
  return `sha256-${btoa(binary)}`;
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

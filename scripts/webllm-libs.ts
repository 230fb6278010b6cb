/**
 * Build step for the web-llm backend. AMO forbids code fetched at run time, so web-llm's model libraries (.wasm) ship
 * inside the add-on. scripts/webllm-libs.json pins each one (URL, sha256, VRAM need); collectWebLlmLibs() copies the
 * pinned libraries it finds in the local cache (.cache/webllm-libs/, filled by someone with network access) into the
 * build after checking their sha256, and writes models.json there saying what shipped and why the rest did not.
 *
 *   npx tsx scripts/webllm-libs.ts          which libraries are cached and verified, and how to fetch the others
 *   npx tsx scripts/webllm-libs.ts pin      record the sha256 of cached libraries that have none yet (check them first!)
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as v from "valibot";
import { CATALOG_FILE, type WebLlmCatalog, type WebLlmModel } from "../src/engine/webllm/catalog";

const root = resolve(import.meta.dirname, "..");
/** The pinned list, checked into the repository. */
export const PINNED_LIST = join(root, "scripts/webllm-libs.json");
/** Where someone with network access puts downloaded libraries, under their URL's file name. */
export const LIB_CACHE = join(root, ".cache/webllm-libs");

const PinnedSchema = v.object({
  webllmVersion: v.string(),
  libVersion: v.string(),
  models: v.array(
    v.object({
      id: v.string(),
      model: v.pipe(v.string(), v.url()),
      lib: v.pipe(v.string(), v.url()),
      sha256: v.nullable(v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/))),
      vramMB: v.number(),
      requiredFeatures: v.array(v.string()),
      contextSize: v.number(),
      bufferSizeBytes: v.optional(v.number()),
    }),
  ),
});

export type PinnedList = v.InferOutput<typeof PinnedSchema>;
type PinnedModel = PinnedList["models"][number];

export interface CollectOptions {
  /** Default: scripts/webllm-libs.json. */
  pinnedList?: string;
  /** Default: .cache/webllm-libs. */
  cacheDir?: string;
  /** The bundled @mlc-ai/web-llm version; libraries only run with the version they were compiled for. */
  webllmVersion?: string;
}

export interface CollectResult {
  shipped: string[];
  missing: { id: string; reason: string }[];
}

/** Read and check the pinned list. */
export function readPinnedList(path = PINNED_LIST): PinnedList {
  const parsed = v.safeParse(PinnedSchema, JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) throw new Error(`${path}: ${parsed.issues[0]?.message ?? "invalid"}`);
  return parsed.output;
}

/** The file name a pinned library has in the cache and in the build. */
export function libFileName(model: Pick<PinnedModel, "lib">): string {
  const name = basename(new URL(model.lib).pathname);
  if (!/^[\w.-]+\.wasm$/.test(name)) throw new Error(`Unexpected library file name: ${name}`);
  return name;
}

/** The sha256 of a file, in hex. */
export function sha256Of(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** Copy the verified, pinned libraries from the cache into `outDir` with models.json; report what did not ship. */
export function collectWebLlmLibs(outDir: string, options: CollectOptions = {}): CollectResult {
  const pinned = readPinnedList(options.pinnedList);
  const cacheDir = options.cacheDir ?? LIB_CACHE;
  const bundled = options.webllmVersion ?? installedWebLlmVersion();
  const available: WebLlmModel[] = [];
  const missing: CollectResult["missing"] = [];
  const verified = new Map<string, boolean>();
  mkdirSync(outDir, { recursive: true });

  for (const model of pinned.models) {
    const fileName = libFileName(model);
    const cached = join(cacheDir, fileName);
    const check = checkCachedLib(model, cached, pinned.webllmVersion, bundled, verified);
    if (!check.ok) {
      missing.push({ id: model.id, reason: check.reason });
      continue;
    }
    copyFileSync(cached, join(outDir, fileName));
    available.push({
      id: model.id,
      model: model.model,
      libFile: fileName,
      sha256: check.sha256,
      vramMB: model.vramMB,
      requiredFeatures: model.requiredFeatures,
      contextSize: model.contextSize,
      ...(model.bufferSizeBytes !== undefined ? { bufferSizeBytes: model.bufferSizeBytes } : {}),
    });
  }

  const catalog: WebLlmCatalog = { webllmVersion: bundled, available, unavailable: missing };
  writeFileSync(join(outDir, CATALOG_FILE), `${JSON.stringify(catalog, null, 2)}\n`);
  return { shipped: available.map((model) => model.id), missing };
}

/** Whether the cached copy of `model`'s library may ship; `verified` remembers hashes of libraries shared by models. */
function checkCachedLib(
  model: PinnedModel,
  cached: string,
  builtFor: string,
  bundled: string,
  verified: Map<string, boolean>,
): { ok: true; sha256: string } | { ok: false; reason: string } {
  const no = (why: string) => ({ ok: false as const, reason: `Not included in this build: ${why}` });
  if (builtFor !== bundled) return no(`its library was compiled for web-llm ${builtFor}, but Hearth bundles ${bundled}.`);
  if (model.sha256 === null) return no("its model library has no pinned checksum yet.");
  if (!existsSync(cached)) return no("its model library was not in the build cache.");
  const key = `${cached}:${model.sha256}`;
  if (!verified.has(key)) verified.set(key, sha256Of(cached) === model.sha256);
  if (!verified.get(key)) return no("its model library did not match the pinned checksum.");
  return { ok: true, sha256: model.sha256 };
}

/** Record the sha256 of every cached library whose entry has none; returns the ids it pinned. */
export function pinCachedLibs(pinnedList = PINNED_LIST, cacheDir = LIB_CACHE): string[] {
  const document = JSON.parse(readFileSync(pinnedList, "utf8")) as { models: { id: string; lib: string; sha256: string | null }[] };
  readPinnedList(pinnedList);
  const pinnedIds: string[] = [];
  for (const model of document.models) {
    const cached = join(cacheDir, libFileName(model));
    if (model.sha256 !== null || !existsSync(cached)) continue;
    model.sha256 = sha256Of(cached);
    pinnedIds.push(model.id);
  }
  writeFileSync(pinnedList, `${JSON.stringify(document, null, 2)}\n`);
  return pinnedIds;
}

function installedWebLlmVersion(): string {
  const pkg = JSON.parse(readFileSync(join(root, "node_modules/@mlc-ai/web-llm/package.json"), "utf8")) as { version: string };
  return pkg.version;
}

function report(): void {
  const pinned = readPinnedList();
  const cacheDir = relative(root, LIB_CACHE);
  for (const model of pinned.models) {
    const cached = join(LIB_CACHE, libFileName(model));
    const state = !existsSync(cached)
      ? `not cached: curl -L --fail -o ${join(cacheDir, libFileName(model))} ${model.lib}`
      : model.sha256 === null
        ? `cached, not pinned (sha256 ${sha256Of(cached)})`
        : sha256Of(cached) === model.sha256
          ? "cached and verified"
          : "cached but DOES NOT MATCH its pinned sha256";
    console.log(`${model.id}: ${state}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === "pin") {
    const ids = pinCachedLibs();
    console.log(ids.length > 0 ? `Pinned: ${ids.join(", ")}` : "Nothing to pin.");
  } else {
    report();
  }
}

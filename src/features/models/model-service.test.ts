import { describe, expect, it, vi } from "vitest";
import { BusyError, ModelFileError, PermissionError } from "../../shared/protocol/errors";
import type { KeyValueArea } from "../../shared/storage/settings";
import type { CatalogModel } from "./catalog";
import { MODELS_DIR } from "./download-model";
import type { EmbeddedModel } from "./embedded-model";
import { ggufHeaderBytes } from "../../../tests/fixtures/models/llamafile-fixture";
import { MemoryDirectory } from "./memory-directory";
import { ModelService, type EngineControl, type ModelServiceDeps } from "./model-service";

const MODEL = ggufHeaderBytes(3, 50_000);
const URL_A = "http://127.0.0.1:9/a.gguf";
const CATALOG_URL = "https://huggingface.co/org/repo/resolve/0123456789012345678901234567890123456789/m.gguf";

const catalog: CatalogModel[] = [
  {
    id: "m",
    name: "M",
    parameters: "1B",
    quantization: "Q8_0",
    backend: "wllama",
    files: [{ url: CATALOG_URL, approxBytes: 50_000, sha256: null }],
    webllmId: null,
    ramBytes: 1e9,
    contextLength: 4096,
    languages: ["en"],
    license: { name: "x", url: "https://x" },
    tier: "small",
    quality: 1,
  },
];

function serve(bytes: Uint8Array<ArrayBuffer>) {
  return vi.fn(async (url: string) =>
    url.includes("/api/models/") ? new Response("[]", { status: 200 }) : new Response(bytes, { status: 200, headers: { "content-length": String(bytes.length) } }),
  );
}

function service(overrides: Partial<ModelServiceDeps> = {}) {
  const map = new Map<string, unknown>();
  const area: KeyValueArea = { get: async (k) => structuredClone(map.get(k)), set: async (k, v) => void map.set(k, structuredClone(v)) };
  const deps: ModelServiceDeps = {
    directory: new MemoryDirectory(),
    area,
    fetch: serve(MODEL),
    now: () => 1,
    sleep: async () => undefined,
    estimate: async () => ({ usage: 1000, quota: 10_000_000 }),
    persist: vi.fn(async () => true),
    persisted: async () => true,
    deviceFacts: async () => ({ deviceMemoryGb: null, cpuCores: 4, webgpu: false }),
    embedded: async () => null,
    embeddedBlob: async () => new Blob([MODEL]),
    catalog: async () => catalog,
    chunkBytes: 8192,
    ...overrides,
  };
  return { models: new ModelService(deps), deps };
}
const never = new AbortController().signal;
const engine = (): EngineControl & { released: (string | null)[] } => {
  const released: (string | null)[] = [];
  return { released, activate: async (id) => ({ backend: "wllama", modelId: id, device: "cpu", threads: 1, contextSize: 1, details: {} }), release: async (id) => void released.push(id) };
};

describe("model service", () => {
  it("refuses a download without consent, or with consent to a different size, before any request", async () => {
    const { models, deps } = service();
    await expect(models.download({ kind: "catalog", modelId: "m" }, {}, never, () => undefined)).rejects.toBeInstanceOf(PermissionError);
    await expect(models.download({ kind: "catalog", modelId: "m" }, { consent: true, acceptedBytes: 10 }, never, () => undefined)).rejects.toThrow(
      /M Q8_0 is 50 kB; the download needs your agreement to that size/,
    );
    expect(deps.fetch).not.toHaveBeenCalled();
  });

  it("downloads a catalog model with consent, asks for persistent storage, and lists it", async () => {
    const { models, deps } = service();
    await models.download({ kind: "catalog", modelId: "m" }, { consent: true, acceptedBytes: 50_000 }, never, () => undefined);
    expect(deps.persist).toHaveBeenCalled();
    const overview = await models.overview();
    expect(overview.catalog[0]).toMatchObject({ id: "m", state: "installed", checksum: "host" });
    expect(overview.installed).toMatchObject([{ id: "m", bytes: 50_000, removable: true, files: [{ check: "size" }] }]);
    expect(overview.storage).toMatchObject({ modelBytes: 50_000, partialBytes: 0, persisted: true });
    // The Hub was asked for the checksum first (the catalog has none), and that request is in the log.
    expect((await models.log.entries()).map((e) => e.url)).toEqual(["https://huggingface.co/api/models/org/repo/tree/0123456789012345678901234567890123456789", CATALOG_URL]);
  });

  it("runs one download at a time", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = vi.fn(async () => {
      await gate;
      return new Response(MODEL, { headers: { "content-length": String(MODEL.length) } });
    });
    const { models } = service({ fetch: slow });
    const first = models.download({ kind: "url", modelId: "a", name: "A", files: [{ url: URL_A, sha256: null }] }, { consent: true }, never, () => undefined);
    await vi.waitFor(() => expect(slow).toHaveBeenCalled());
    await expect(models.download({ kind: "url", modelId: "b", name: "B", files: [{ url: URL_A, sha256: null }] }, { consent: true }, never, () => undefined)).rejects.toBeInstanceOf(BusyError);
    release();
    await first;
  });

  it("loads the active model's files from storage, and refuses a damaged copy", async () => {
    const { models, deps } = service();
    await models.ensureFromUrl("tiny", URL_A, never, false);
    const options = await models.loadOptions({ modelId: "tiny", device: "cpu", backend: "wllama" });
    expect(options?.source.kind).toBe("blobs");
    const blobs = options?.source.kind === "blobs" ? options.source.blobs : [];
    expect(new Uint8Array(await (blobs[0] as Blob).arrayBuffer())).toEqual(MODEL);
    const store = (deps.directory as MemoryDirectory).store;
    store.set(`${MODELS_DIR}/tiny/0/000000.bin`, new Uint8Array(10));
    await expect(models.loadOptions({ modelId: "tiny", device: "cpu", backend: "wllama" })).rejects.toBeInstanceOf(ModelFileError);
    expect(await models.loadOptions({ modelId: "gone", device: "cpu", backend: "wllama" })).toBeNull();
  });

  it("fetches a loopback model afresh on every engine/load, but a remote one only through the Models section", async () => {
    const { models, deps } = service();
    await models.ensureFromUrl("tiny", URL_A, never, false);
    await models.ensureFromUrl("tiny", URL_A, never, false);
    expect(deps.fetch).toHaveBeenCalledTimes(2);
    await expect(models.ensureFromUrl("x", "https://huggingface.co/o/r/resolve/main/x.gguf", never, false)).rejects.toBeInstanceOf(PermissionError);
  });

  it("deletes a model, unloading it first when it is active", async () => {
    const { models, deps } = service();
    const control = engine();
    models.connectEngine(control);
    await models.ensureFromUrl("tiny", URL_A, never, false);
    await models.records.setActive({ modelId: "tiny", device: "auto", backend: "wllama" });
    await models.delete("tiny");
    expect(control.released).toEqual(["tiny"]);
    expect(await models.records.active()).toBeNull();
    expect((deps.directory as MemoryDirectory).store.size).toBe(0);
  });

  it("lists an embedded model as present and active, loads it from the add-on, and will not delete it", async () => {
    const embedded: EmbeddedModel = { id: "embedded-tiny", name: "Tiny", file: "embedded.gguf", bytes: MODEL.length, sha256: "a".repeat(64) };
    const { models, deps } = service({ embedded: async () => embedded });
    const overview = await models.overview();
    expect(overview.installed).toMatchObject([{ id: "embedded-tiny", origin: "embedded", removable: false, active: true }]);
    expect(overview.activeModelId).toBe("embedded-tiny");
    const options = await models.loadOptions(await models.activeRecord());
    expect(options).toMatchObject({ modelId: "embedded-tiny", source: { kind: "blobs" } });
    await expect(models.delete("embedded-tiny")).rejects.toBeInstanceOf(PermissionError);
    expect(deps.fetch).not.toHaveBeenCalled();
  });

  it("removes every model, partial and record, and says which", async () => {
    const { models } = service();
    const control = engine();
    models.connectEngine(control);
    await models.ensureFromUrl("tiny", URL_A, never, false);
    const removed = await models.removeAllModels();
    expect(removed).toContainEqual({ kind: "models", name: "tiny" });
    expect(control.released).toEqual([null]);
    expect((await models.overview()).installed).toEqual([]);
    expect(await models.log.entries()).toEqual([]);
  });
});

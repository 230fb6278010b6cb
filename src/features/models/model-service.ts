/**
 * The model manager the background uses: catalog and installed models, downloads (one at a time, with consent),
 * imports, deletion, and the active model's files for the engine. Browser APIs arrive as dependencies
 * (models-platform.ts), so all of it runs in unit tests on memory storage.
 */
import type { EngineInfo, LoadOptions } from "../../engine/engine";
import { BusyError, ModelFileError, ModelNotLoadedError, PermissionError, ValidationError } from "../../shared/protocol/errors";
import type { KeyValueArea } from "../../shared/storage/settings";
import { isLoopbackUrl } from "../../shared/platform/egress-rules";
import { treeBytes, type BlobDirectory } from "./blob-directory";
import { formatBytes } from "./bytes-text";
import { CATALOG, catalogBytes, catalogModel, type CatalogModel } from "./catalog";
import { DEFAULT_CHUNK_BYTES } from "./chunked-file";
import { downloadModel, MODELS_DIR, modelFile, type DownloadDeps, type DownloadEvent, type DownloadSpec } from "./download-model";
import type { EmbeddedModel } from "./embedded-model";
import { hubFileOf, hubTreeUrl, lfsSha256In } from "./hf-metadata";
import { importModel } from "./import-model";
import { ModelRecords, type ActiveModel, type InstalledModel } from "./model-records";
import type { CatalogEntryView, InstalledModelView, ModelsOverview, RemovedItem } from "./protocol";
import { recommendModel, type DeviceFacts } from "./recommend";
import { RequestLog } from "./request-log";
import type { FetchFn } from "./transfer-file";

export type ModelLoadOptions = Omit<LoadOptions, "signal" | "onProgress">;

/** What the engine service lends the manager: loading a model as the active one, and letting go of one. */
export interface EngineControl {
  activate(modelId: string): Promise<EngineInfo>;
  /** Unload `modelId` if it is loaded and stop using it (null: whatever is loaded). */
  release(modelId: string | null): Promise<void>;
}

export interface ModelServiceDeps {
  directory: BlobDirectory;
  area: KeyValueArea;
  fetch: FetchFn;
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  estimate(): Promise<{ usage: number | null; quota: number | null }>;
  /** Ask the browser to keep Hearth's storage under pressure (navigator.storage.persist); null when unsupported. */
  persist(): Promise<boolean | null>;
  persisted(): Promise<boolean | null>;
  deviceFacts(): Promise<Omit<DeviceFacts, "freeBytes">>;
  embedded(): Promise<EmbeddedModel | null>;
  embeddedBlob(model: EmbeddedModel): Promise<Blob>;
  /** The catalog to offer; CATALOG unless a test build adds its own entries. */
  catalog?: () => Promise<readonly CatalogModel[]>;
  chunkBytes?: number;
  stallTimeoutMs?: number;
}

export type DownloadSource =
  | { kind: "catalog"; modelId: string }
  | { kind: "url"; modelId: string; name: string; files: { url: string; sha256: string | null }[] };

export interface DownloadOptions {
  consent?: boolean;
  acceptedBytes?: number | null;
  stallTimeoutMs?: number;
}

export class ModelService {
  readonly records: ModelRecords;
  readonly log: RequestLog;
  private downloading: string | null = null;
  private engine: EngineControl | null = null;

  constructor(private readonly deps: ModelServiceDeps) {
    this.records = new ModelRecords(deps.area);
    this.log = new RequestLog(deps.area);
  }

  /** Called once by the engine service. */
  connectEngine(control: EngineControl): void {
    this.engine = control;
  }

  /** Bytes Hearth may still store, or null when the browser does not say. */
  async freeBytes(): Promise<number | null> {
    const { usage, quota } = await this.deps.estimate();
    return usage === null || quota === null ? null : Math.max(0, quota - usage);
  }

  /** Everything the Models section shows. */
  async overview(): Promise<ModelsOverview> {
    const [catalogModels, installed, partials, active, embedded, estimate, persisted, facts] = await Promise.all([
      this.catalogModels(),
      this.records.installed(),
      this.records.partials(),
      this.activeRecord(),
      this.deps.embedded(),
      this.deps.estimate(),
      this.deps.persisted(),
      this.deps.deviceFacts(),
    ]);
    const stored = new Map<string, number>();
    for (const id of await this.deps.directory.directories([MODELS_DIR])) stored.set(id, await treeBytes(this.deps.directory, [MODELS_DIR, id]));
    const freeBytes = estimate.usage === null || estimate.quota === null ? null : Math.max(0, estimate.quota - estimate.usage);
    const device: DeviceFacts = { ...facts, freeBytes };
    const views = Object.values(installed).map((model) => this.viewOf(model, active?.modelId ?? null));
    if (embedded) views.unshift(this.viewOf(embeddedRecord(embedded), active?.modelId ?? null));
    const partialViews = Object.values(partials).map((partial) => ({
      id: partial.id,
      name: partial.name,
      storedBytes: stored.get(partial.id) ?? 0,
      totalBytes: partial.files.every((file) => (file.total ?? file.approxBytes) !== null)
        ? partial.files.reduce((sum, file) => sum + (file.total ?? file.approxBytes ?? 0), 0)
        : null,
    }));
    const catalog = catalogModels.map((model): CatalogEntryView => {
      const state = installed[model.id] ? "installed" : this.downloading === model.id ? "downloading" : partials[model.id] ? "partial" : "available";
      return {
        id: model.id,
        name: model.name,
        parameters: model.parameters,
        quantization: model.quantization,
        bytes: catalogBytes(model),
        ramBytes: model.ramBytes,
        contextLength: model.contextLength,
        languages: model.languages,
        license: model.license,
        checksum: model.files.every((file) => file.sha256 !== null) ? "catalog" : "host",
        webllmId: model.webllmId,
        state,
        storedBytes: state === "partial" || state === "downloading" ? (stored.get(model.id) ?? 0) : 0,
      };
    });
    const partialBytes = partialViews.reduce((sum, partial) => sum + partial.storedBytes, 0);
    const modelBytes = [...stored.values()].reduce((sum, bytes) => sum + bytes, 0) - partialBytes;
    return {
      catalog,
      installed: views,
      partials: partialViews,
      activeModelId: active?.modelId ?? (embedded ? embedded.id : null),
      recommendation: recommendModel(catalogModels, device),
      device,
      storage: { modelBytes, partialBytes, usage: estimate.usage, quota: estimate.quota, persisted },
      downloading: this.downloading,
    };
  }

  /** Download (or resume) a model after the user agreed to its size. */
  async download(source: DownloadSource, options: DownloadOptions, signal: AbortSignal, emit: (event: DownloadEvent) => void): Promise<InstalledModel> {
    const catalog = await this.catalogModels();
    const spec = this.specFor(source, catalog);
    if (options.consent !== true) {
      throw new PermissionError(`Hearth downloads a model only after you agree to it. Nothing was downloaded for ${spec.name}.`);
    }
    if (source.kind === "catalog") {
      const size = catalogBytes(catalogModel(source.modelId, catalog) ?? { files: [] });
      if (options.acceptedBytes !== size) {
        throw new PermissionError(`${spec.name} is ${formatBytes(size)}; the download needs your agreement to that size. Nothing was downloaded.`);
      }
    }
    return this.runDownload(spec, signal, emit, options.stallTimeoutMs);
  }

  /**
   * Make sure the model at `url` is stored as `modelId` (the engine/load path used by tests and local mirrors).
   * A file on this computer is fetched afresh every time (it is cheap and may have changed); anything else needs the
   * Models section, which asks first.
   */
  async ensureFromUrl(modelId: string, url: string, signal: AbortSignal, allowRemote: boolean): Promise<void> {
    const installed = (await this.records.installed())[modelId];
    const loopback = isLoopbackUrl(url);
    if (installed && !loopback && installed.sourceUrls.length === 1 && installed.sourceUrls[0] === url) return;
    if (!loopback && !allowRemote) {
      throw new PermissionError("Download models from Hugging Face in Hearth's settings (Models): it shows the size and asks first.");
    }
    if (installed) await this.delete(modelId, { keepActive: true });
    await this.runDownload({ id: modelId, name: modelId, origin: "custom", files: [{ url, approxBytes: null, sha256: null }] }, signal, () => undefined);
  }

  /** Copy a .gguf or .llamafile the user picked into storage. */
  async importFile(file: File, signal: AbortSignal, onProgress: (copied: number, total: number) => void): Promise<InstalledModel> {
    await this.deps.persist().catch(() => null);
    return importModel(file, file.name, { ...this.storageDeps(), records: this.records, freeBytes: () => this.freeBytes() }, signal, onProgress);
  }

  /** Delete a model or a partial download. The embedded model cannot be deleted: it is part of the add-on. */
  async delete(modelId: string, options: { keepActive?: boolean } = {}): Promise<void> {
    const embedded = await this.deps.embedded();
    if (embedded?.id === modelId) throw new PermissionError("This model is part of this build of Hearth; it is removed with the add-on.");
    if (this.downloading === modelId) throw new BusyError("This model is downloading; stop the download first.");
    const active = await this.records.active();
    if (active?.modelId === modelId) {
      await this.engine?.release(modelId);
      if (!options.keepActive) await this.records.setActive(null);
    }
    await this.deps.directory.remove([MODELS_DIR, modelId]);
    await this.records.uninstall(modelId);
    await this.records.dropPartial(modelId);
  }

  /** Load `modelId` and make it the active model. */
  async activate(modelId: string): Promise<EngineInfo> {
    if (!this.engine) throw new ModelNotLoadedError("The engine is not ready yet. Try again in a moment.");
    return this.engine.activate(modelId);
  }

  /** Delete every model file, partial download and model record; returns what was deleted. */
  async removeAllModels(): Promise<RemovedItem[]> {
    if (this.downloading) throw new BusyError("A model is downloading; stop the download first.");
    await this.engine?.release(null);
    const ids = await this.deps.directory.directories([MODELS_DIR]);
    await this.deps.directory.remove([MODELS_DIR]);
    await this.records.clear();
    await this.log.clear();
    return [
      ...ids.map((id): RemovedItem => ({ kind: "models", name: id })),
      { kind: "storage", name: "models.installed, models.partial, models.active, models.requestLog" },
    ];
  }

  /** The active model as stored, or the embedded model when nothing was chosen. */
  async activeRecord(): Promise<ActiveModel | null> {
    const active = await this.records.active();
    if (active) return active;
    const embedded = await this.deps.embedded();
    return embedded ? { modelId: embedded.id, device: "auto", backend: "wllama" } : null;
  }

  /** How the engine loads `active`: its files from local storage, never the network. Null when it is not stored. */
  async loadOptions(active: ActiveModel | null): Promise<ModelLoadOptions | null> {
    if (!active) return null;
    if (active.backend === "fake") return { modelId: active.modelId, source: { kind: "named", name: active.modelId }, device: active.device };
    const embedded = await this.deps.embedded();
    if (embedded?.id === active.modelId) {
      return { modelId: embedded.id, source: { kind: "blobs", blobs: [await this.deps.embeddedBlob(embedded)] }, device: active.device };
    }
    const model = (await this.records.installed())[active.modelId];
    if (!model) return null;
    const blobs = await Promise.all(model.files.map((_, i) => modelFile(this.storageDeps(), model.id, i).blob()));
    blobs.forEach((blob, i) => {
      const expected = model.files[i]?.bytes ?? 0;
      if (blob.size !== expected) {
        throw new ModelFileError(`The stored copy of ${model.name} is damaged (${formatBytes(blob.size)} of ${formatBytes(expected)}). Delete it and download it again.`);
      }
    });
    return { modelId: model.id, source: { kind: "blobs", blobs }, device: active.device };
  }

  /** The view of a stored model for the UI. */
  viewOf(model: InstalledModel, activeId: string | null): InstalledModelView {
    return {
      id: model.id,
      name: model.name,
      origin: model.origin,
      bytes: model.files.reduce((sum, file) => sum + file.bytes, 0),
      files: model.files,
      installedAt: model.installedAt,
      active: model.id === activeId,
      removable: model.origin !== "embedded",
    };
  }

  private catalogModels(): Promise<readonly CatalogModel[]> {
    return this.deps.catalog ? this.deps.catalog() : Promise.resolve(CATALOG);
  }

  private specFor(source: DownloadSource, catalog: readonly CatalogModel[]): DownloadSpec {
    if (source.kind === "url") {
      return { id: source.modelId, name: source.name, origin: "custom", files: source.files.map((file) => ({ url: file.url, approxBytes: null, sha256: file.sha256 })) };
    }
    const model = catalogModel(source.modelId, catalog);
    if (!model) throw new ValidationError(`There is no model "${source.modelId}" in Hearth's catalog.`);
    return { id: model.id, name: `${model.name} ${model.quantization}`, origin: "catalog", files: model.files.map((file) => ({ ...file })) };
  }

  private async runDownload(spec: DownloadSpec, signal: AbortSignal, emit: (event: DownloadEvent) => void, stallTimeoutMs?: number): Promise<InstalledModel> {
    if (this.downloading) throw new BusyError(`Hearth is downloading ${this.downloading}; one download at a time.`);
    this.downloading = spec.id;
    try {
      await this.deps.persist().catch(() => null);
      return await downloadModel(spec, this.downloadDeps(stallTimeoutMs), signal, emit);
    } finally {
      this.downloading = null;
    }
  }

  private storageDeps() {
    return { directory: this.deps.directory, now: this.deps.now, chunkBytes: this.deps.chunkBytes ?? DEFAULT_CHUNK_BYTES };
  }

  private downloadDeps(stallTimeoutMs?: number): DownloadDeps {
    return {
      ...this.storageDeps(),
      fetch: this.deps.fetch,
      log: this.log,
      records: this.records,
      sleep: this.deps.sleep,
      stallTimeoutMs: stallTimeoutMs ?? this.deps.stallTimeoutMs ?? 30_000,
      maxAttempts: 4,
      freeBytes: () => this.freeBytes(),
      lookupSha256: (url, signal) => this.hubSha256(url, signal),
    };
  }

  /** The sha256 Hugging Face lists for `url`, asked once through the logged fetch. */
  private async hubSha256(url: string, signal: AbortSignal): Promise<string | null> {
    const file = hubFileOf(url);
    if (!file) return null;
    const treeUrl = hubTreeUrl(file);
    const at = this.deps.now();
    try {
      const response = await this.deps.fetch(treeUrl, { signal, cache: "no-store", credentials: "omit", referrerPolicy: "no-referrer" });
      const text = await response.text();
      const sha = response.ok ? lfsSha256In(JSON.parse(text), file) : null;
      await this.log.add({ at, url: treeUrl, range: null, status: response.status, bytes: text.length, result: response.ok ? "ok" : "failed", note: sha ? "checksum found" : "no checksum listed" });
      return sha;
    } catch (error) {
      await this.log.add({ at, url: treeUrl, range: null, status: null, bytes: 0, result: signal.aborted ? "aborted" : "failed", note: String(error) });
      return null;
    }
  }
}

/** The embedded model as an installed-model record. */
export function embeddedRecord(model: EmbeddedModel): InstalledModel {
  return {
    id: model.id,
    name: model.name,
    origin: "embedded",
    files: [{ name: model.file, bytes: model.bytes, sha256: model.sha256, check: "embedded" }],
    sourceUrls: [],
    installedAt: 0,
  };
}

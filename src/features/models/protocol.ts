/**
 * Messages of the models feature; messages.ts merges these tables into the background's. Downloads, imports and
 * deletion are for Hearth's own pages only; any context may ask for the onboarding page (a feature that found no model).
 */
import * as v from "valibot";
import type { EngineInfo } from "../../engine/engine";
import { request, stream, type RequestDef, type StreamDef } from "../../shared/protocol/contract";
import type { EncodedError } from "../../shared/protocol/errors";
import type { DownloadEvent } from "./download-model";
import type { InstalledModel, StoredFile } from "./model-records";
import type { DeviceFacts, Recommendation } from "./recommend";
import type { RequestLogEntry } from "./request-log";

const pagesOnly = ["extension-page"] as const;
const anyone = ["extension-page", "content-script"] as const;

const modelId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "Not a model id."));
const sha256 = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, "Not a sha256."));

/** One catalog model as the options page shows it. */
export interface CatalogEntryView {
  id: string;
  name: string;
  parameters: string;
  quantization: string;
  /** Download size as published. */
  bytes: number;
  ramBytes: number;
  contextLength: number;
  languages: string[];
  license: { name: string; url: string };
  /** "catalog": checked against a sha256 listed in Hearth; "host": against the host's published sha256, else size only. */
  checksum: "catalog" | "host";
  webllmId: string | null;
  state: "available" | "partial" | "downloading" | "installed";
  /** Bytes already stored of a partial download. */
  storedBytes: number;
}

/** A model on this device. */
export interface InstalledModelView {
  id: string;
  name: string;
  origin: InstalledModel["origin"];
  bytes: number;
  files: StoredFile[];
  installedAt: number;
  active: boolean;
  /** False for a model shipped inside the add-on. */
  removable: boolean;
}

export interface PartialView {
  id: string;
  name: string;
  storedBytes: number;
  totalBytes: number | null;
}

export interface ModelsOverview {
  catalog: CatalogEntryView[];
  installed: InstalledModelView[];
  /** Downloads that stopped part way (resumable), catalog or not. */
  partials: PartialView[];
  activeModelId: string | null;
  recommendation: Recommendation;
  device: DeviceFacts;
  storage: { modelBytes: number; partialBytes: number; usage: number | null; quota: number | null; persisted: boolean | null };
  /** The model being downloaded right now, if any. */
  downloading: string | null;
}

/** The end of a download or import: the model, and the engine once it was loaded (when asked to activate it). */
export interface InstallDone {
  kind: "done";
  model: InstalledModelView;
  engine: EngineInfo | null;
  /** Set when the model was stored but could not be loaded. */
  activationError: EncodedError | null;
}

export type DownloadChunk = DownloadEvent | InstallDone;
export type ImportChunk = { kind: "progress"; copied: number; total: number; percent: number } | InstallDone;

/** One thing "Remove all AI data" deleted. */
export interface RemovedItem {
  kind: "models" | "opfs" | "cache" | "indexeddb" | "storage";
  name: string;
}

/** Requests the background answers for this feature. */
export const requests = {
  /** Catalog, installed models, partial downloads, the recommendation and storage use. */
  "models/overview": request<ModelsOverview>()(v.strictObject({}), pagesOnly),
  /** Load an installed model and make it the one every feature uses. */
  "models/activate": request<EngineInfo>()(v.strictObject({ modelId }), pagesOnly),
  /** Delete one model (or a partial download) from this device. */
  "models/delete": request<null>()(v.strictObject({ modelId }), pagesOnly),
  /** Delete every model, partial download, model cache and the chat history; the reply lists what was deleted. */
  "models/remove-all-data": request<RemovedItem[]>()(v.strictObject({ confirm: v.literal(true) }), pagesOnly),
  /** Every request the model manager made, oldest first, for the privacy panel. */
  "models/request-log": request<RequestLogEntry[]>()(v.strictObject({}), pagesOnly),
  /** Stop the download of `modelId` (downloads run on in the background when the page that started them closes). */
  "models/download-stop": request<null>()(v.strictObject({ modelId }), pagesOnly),
  /** Open the first-run flow in the options page (a feature found no model); the sender's tab is returned to after. */
  "models/open-onboarding": request<null>()(v.strictObject({}), anyone),
  /** The onboarding finished: bring back the tab that asked for it, if any. */
  "models/onboarding-done": request<{ returnedToTab: boolean }>()(v.strictObject({}), pagesOnly),
} satisfies Record<string, RequestDef<v.GenericSchema, unknown>>;

/** Streams the background produces for this feature. */
export const streams = {
  /**
   * Download a catalog model, or model files from an allowed URL, with progress; resumes a stopped download. Refused
   * unless `consent` is true and, for a catalog model, `acceptedBytes` is the size the user was shown.
   */
  "models/download": stream<DownloadChunk>()(
    v.strictObject({
      source: v.variant("kind", [
        v.strictObject({ kind: v.literal("catalog"), modelId }),
        v.strictObject({
          kind: v.literal("url"),
          modelId,
          name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
          files: v.pipe(
            v.array(v.strictObject({ url: v.pipe(v.string(), v.url(), v.maxLength(2000)), sha256: v.nullable(sha256) })),
            v.minLength(1),
            v.maxLength(64),
          ),
        }),
      ]),
      consent: v.optional(v.boolean()),
      acceptedBytes: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0)))),
      activate: v.optional(v.boolean()),
      /** Test builds only: how long a silent connection is given before resuming on a new one. */
      stallTimeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(600_000))),
    }),
    pagesOnly,
  ),
  /** Watch the running download of `modelId` from its latest progress; ends at once when none runs. */
  "models/download-watch": stream<DownloadChunk>()(v.strictObject({ modelId }), pagesOnly),
  /** Import a .gguf or .llamafile the user picked, with progress. */
  "models/import": stream<ImportChunk>()(
    v.strictObject({ file: v.instance(File, "Not a file."), activate: v.optional(v.boolean()) }),
    pagesOnly,
  ),
} satisfies Record<string, StreamDef<v.GenericSchema, unknown>>;

/** Requests a tab's content script answers for this feature. */
export const contentRequests = {} satisfies Record<string, RequestDef<v.GenericSchema, unknown>>;

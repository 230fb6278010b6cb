/**
 * Downloading a model: the quota check before anything starts, every file in turn (split GGUF shards included) with
 * resume, a sha256 check before first use (against the catalog's checksum, else the host's, else only the size, and the
 * record says which), and the installed-model record at the end. A checksum mismatch deletes the file and says so.
 */
import { AbortedError, ModelFileError } from "../../shared/protocol/errors";
import { assertDownloadAllowed, downloadRefusal } from "../../shared/platform/egress-rules";
import type { BlobDirectory } from "./blob-directory";
import { formatBytes } from "./bytes-text";
import { ChunkedFile } from "./chunked-file";
import { readGgufHeader } from "./gguf-header";
import type { FileCheck, InstalledModel, ModelRecords, PartialDownload } from "./model-records";
import { hashBlobInto, sha256Stream } from "./sha256";
import { percentOf, TransferRate } from "./transfer-rate";
import { transferFile, type TransferDeps } from "./transfer-file";

/** Where models live in OPFS: hearth-models/<model id>/<file index>/<chunks>. */
export const MODELS_DIR = "hearth-models";

export interface DownloadSpec {
  id: string;
  name: string;
  origin: "catalog" | "custom";
  files: { url: string; approxBytes: number | null; sha256: string | null }[];
}

export interface DownloadProgress {
  kind: "progress";
  /** "checking": hashing the part stored earlier; "downloading"; "verifying": final checks. */
  phase: "checking" | "downloading" | "verifying";
  file: number;
  files: number;
  /** Bytes of the whole model stored so far, and its total (null while unknown). */
  loaded: number;
  total: number | null;
  percent: number | null;
  bytesPerSecond: number | null;
  etaSeconds: number | null;
}

export type DownloadEvent =
  | { kind: "started"; modelId: string; resumedFrom: number; total: number | null }
  | DownloadProgress
  | { kind: "retrying"; attempt: number; reason: string; fromByte: number };

export interface DownloadDeps extends TransferDeps {
  directory: BlobDirectory;
  records: ModelRecords;
  /** Bytes Hearth may still store, or null when the browser does not say. */
  freeBytes(): Promise<number | null>;
  /** The host's published sha256 for a URL (Hugging Face tree API), or null. */
  lookupSha256(url: string, signal: AbortSignal): Promise<string | null>;
  chunkBytes: number;
}

/** The stored chunks of file `index` of model `id`. */
export function modelFile(deps: Pick<DownloadDeps, "directory" | "chunkBytes">, id: string, index: number): ChunkedFile {
  return new ChunkedFile(deps.directory, [MODELS_DIR, id, String(index)], deps.chunkBytes);
}

function fileName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "") || "model.gguf";
  } catch {
    return "model.gguf";
  }
}

async function freshPartial(spec: DownloadSpec, deps: DownloadDeps): Promise<PartialDownload> {
  const known = (await deps.records.partials())[spec.id];
  const sameFiles = known && known.files.length === spec.files.length && known.files.every((file, i) => file.url === spec.files[i]?.url);
  if (known && sameFiles) {
    // The catalog's checksum wins over one remembered from the host.
    known.files.forEach((file, i) => (file.sha256 = spec.files[i]?.sha256 ?? file.sha256));
    return known;
  }
  // Different files (or an older install being replaced): start clean.
  await deps.directory.remove([MODELS_DIR, spec.id]);
  return {
    id: spec.id,
    name: spec.name,
    origin: spec.origin,
    files: spec.files.map((file) => ({ url: file.url, sha256: file.sha256, approxBytes: file.approxBytes, total: null, validator: null, done: null })),
    startedAt: deps.now(),
  };
}

/** Download (or finish downloading) `spec`, reporting through `emit`; resolves with the installed model. */
export async function downloadModel(spec: DownloadSpec, deps: DownloadDeps, signal: AbortSignal, emit: (event: DownloadEvent) => void): Promise<InstalledModel> {
  for (const file of spec.files) {
    const refusal = downloadRefusal(file.url);
    if (refusal) await deps.log.add({ at: deps.now(), url: file.url, range: null, status: null, bytes: 0, result: "refused", note: refusal });
    assertDownloadAllowed(file.url);
  }
  const partial = await freshPartial(spec, deps);
  await deps.records.savePartial(partial);
  const stored = await Promise.all(partial.files.map((_, i) => modelFile(deps, spec.id, i).size()));
  const totalOf = () => (partial.files.every((file) => (file.total ?? file.approxBytes) !== null) ? partial.files.reduce((sum, file) => sum + (file.total ?? file.approxBytes ?? 0), 0) : null);
  const storedSum = () => stored.reduce((sum, bytes) => sum + bytes, 0);
  const checkRoom = async (needed: number) => {
    const free = await deps.freeBytes();
    if (free !== null && needed > free) {
      throw new ModelFileError(
        `Not enough storage space for ${spec.name}: it needs ${formatBytes(needed)} more, but Hearth may use only ${formatBytes(free)} more on this device. Free up disk space, or choose a smaller model.`,
      );
    }
  };
  await checkRoom((totalOf() ?? 0) - storedSum());
  emit({ kind: "started", modelId: spec.id, resumedFrom: storedSum(), total: totalOf() });

  const rate = new TransferRate();
  let lastEmit = -Infinity;
  const report = (phase: DownloadProgress["phase"], file: number, force = false) => {
    const now = deps.now();
    if (!force && now - lastEmit < 200) return;
    lastEmit = now;
    const loaded = storedSum();
    const total = totalOf();
    rate.sample(now, loaded);
    const { bytesPerSecond, etaSeconds } = phase === "downloading" ? rate.estimate(total === null ? null : total - loaded) : { bytesPerSecond: null, etaSeconds: null };
    emit({ kind: "progress", phase, file: file + 1, files: partial.files.length, loaded, total, percent: percentOf(loaded, total), bytesPerSecond, etaSeconds });
  };

  for (const [index, pf] of partial.files.entries()) {
    if (pf.done) continue;
    const label = partial.files.length > 1 ? `${spec.name} (file ${index + 1} of ${partial.files.length})` : spec.name;
    const file = modelFile(deps, spec.id, index);
    let check: FileCheck = pf.sha256 ? (spec.files[index]?.sha256 ? "sha256" : "host-sha256") : "size";
    if (!pf.sha256) {
      pf.sha256 = await deps.lookupSha256(pf.url, signal).catch(() => null);
      if (signal.aborted) throw new AbortedError();
      if (pf.sha256) check = "host-sha256";
    }
    const hash = sha256Stream();
    if (stored[index]) {
      report("checking", index, true);
      await hashBlobInto(hash, await file.blob(), { signal });
    }
    const result = await transferFile(
      {
        url: pf.url,
        label,
        file,
        hash,
        stored: stored[index] ?? 0,
        validator: pf.validator,
        approxBytes: pf.approxBytes,
        onHeaders: async ({ total, validator, hostSha256, stored: now }) => {
          stored[index] = now;
          pf.total = total;
          pf.validator = validator;
          if (!pf.sha256 && hostSha256) {
            pf.sha256 = hostSha256;
            check = "host-sha256";
          }
          await deps.records.savePartial(partial);
          await checkRoom((totalOf() ?? 0) - storedSum());
        },
        onBytes: (now) => {
          stored[index] = now;
          report("downloading", index);
        },
        onRetry: (attempt, reason, fromByte) => emit({ kind: "retrying", attempt, reason, fromByte }),
      },
      deps,
      signal,
    );
    stored[index] = result.stored;
    report("verifying", index, true);
    const digest = result.hash.hex();
    if (pf.sha256 && digest !== pf.sha256) {
      await file.clear();
      pf.total = null;
      pf.validator = null;
      await deps.records.savePartial(partial);
      const source = check === "sha256" ? "Hearth's catalog lists" : "the host publishes";
      throw new ModelFileError(
        `${label} failed its checksum: the downloaded file's sha256 is ${digest.slice(0, 16)}…, but ${source} ${pf.sha256.slice(0, 16)}…. Hearth deleted the file; download it again.`,
      );
    }
    try {
      await readGgufHeader(await file.blob(), label);
    } catch (error) {
      await file.clear();
      throw error;
    }
    pf.done = { sha256: digest, check };
    await deps.records.savePartial(partial);
  }

  const model: InstalledModel = {
    id: spec.id,
    name: spec.name,
    origin: spec.origin,
    files: partial.files.map((pf, i) => ({ name: fileName(pf.url), bytes: stored[i] ?? 0, sha256: pf.done?.sha256 ?? null, check: pf.done?.check ?? "size" })),
    sourceUrls: partial.files.map((pf) => pf.url),
    installedAt: deps.now(),
  };
  await deps.records.install(model);
  await deps.records.dropPartial(spec.id);
  return model;
}

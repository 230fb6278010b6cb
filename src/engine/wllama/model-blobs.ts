/**
 * Turns a ModelSource into the GGUF Blobs wllama loads, fetching URLs with progress, and refuses anything that is
 * not GGUF before the engine spends time starting a worker on it.
 */
import type { LoadProgress, ModelSource } from "../engine";
import { AbortedError, ModelFileError } from "../../shared/protocol/errors";

export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

const GGUF_MAGIC = [0x47, 0x47, 0x55, 0x46]; // "GGUF"

/** Rejects with ModelFileError unless `blob` starts with the GGUF magic. */
export async function checkGguf(blob: Blob, label: string): Promise<void> {
  const head = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
  if (head.length < 4 || GGUF_MAGIC.some((byte, i) => head[i] !== byte)) {
    throw new ModelFileError(`${label} is not a GGUF model file.`);
  }
}

async function fetchOne(
  url: string,
  fetchFn: FetchLike,
  signal: AbortSignal | undefined,
  report: (loaded: number, total: number) => void,
): Promise<Blob> {
  let response: Response;
  try {
    response = await fetchFn(url, signal ? { signal } : {});
  } catch (error) {
    if (signal?.aborted) throw new AbortedError();
    throw new ModelFileError(`Could not download ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new ModelFileError(`Could not download ${url}: HTTP ${response.status}`);
  const total = Number(response.headers.get("content-length") ?? 0);
  if (!response.body) return response.blob();
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      loaded += value.byteLength;
      report(loaded, total);
    }
  } catch (error) {
    if (signal?.aborted) throw new AbortedError();
    throw new ModelFileError(`Download of ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return new Blob(parts);
}

/** The model's GGUF shards as Blobs, in order. URLs are fetched one after another, reporting bytes as they arrive. */
export async function modelBlobs(
  source: ModelSource,
  fetchFn: FetchLike,
  signal?: AbortSignal,
  onProgress?: (progress: LoadProgress) => void,
): Promise<Blob[]> {
  let blobs: Blob[];
  if (source.kind === "named") {
    throw new ModelFileError(`wllama loads GGUF files; "${source.name}" is a named model of another backend.`);
  } else if (source.kind === "blobs") {
    blobs = source.blobs;
  } else {
    blobs = [];
    let before = 0;
    for (const url of source.urls) {
      const blob = await fetchOne(url, fetchFn, signal, (loaded, total) =>
        onProgress?.({ phase: "fetching", loaded: before + loaded, total: total > 0 ? before + total : 0 }),
      );
      before += blob.size;
      blobs.push(blob);
    }
  }
  if (blobs.length === 0) throw new ModelFileError("The model source lists no files.");
  await Promise.all(blobs.map((blob, i) => checkGguf(blob, blobs.length > 1 ? `Model file ${i + 1}` : "The model file")));
  return blobs;
}

/**
 * Streaming sha256 (@noble/hashes) over model files too large to hold in memory: a Blob is read in slices, so a
 * multi-gigabyte file never sits in memory whole.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { AbortedError } from "../../shared/protocol/errors";

/** An incremental sha256: feed bytes in order, then read the hex digest once. */
export interface Sha256Stream {
  update(bytes: Uint8Array): void;
  hex(): string;
}

/** A fresh incremental sha256. */
export function sha256Stream(): Sha256Stream {
  const hash = sha256.create();
  return {
    update: (bytes) => void hash.update(bytes),
    hex: () => bytesToHex(hash.digest()),
  };
}

export interface HashBlobOptions {
  sliceBytes?: number;
  signal?: AbortSignal;
  /** Called after each slice with the bytes hashed so far. */
  onProgress?: (hashed: number) => void;
}

/** Feed all of `blob` into `hash`, slice by slice. */
export async function hashBlobInto(hash: Sha256Stream, blob: Blob, options: HashBlobOptions = {}): Promise<void> {
  const sliceBytes = options.sliceBytes ?? 8 * 1024 * 1024;
  for (let offset = 0; offset < blob.size; offset += sliceBytes) {
    if (options.signal?.aborted) throw new AbortedError();
    hash.update(new Uint8Array(await blob.slice(offset, offset + sliceBytes).arrayBuffer()));
    options.onProgress?.(Math.min(blob.size, offset + sliceBytes));
  }
}

/** The lower-case hex sha256 of `blob`. */
export async function sha256OfBlob(blob: Blob, options: HashBlobOptions = {}): Promise<string> {
  const hash = sha256Stream();
  await hashBlobInto(hash, blob, options);
  return hash.hex();
}

/** True for a 64-digit hex sha256 (any case). */
export function isSha256Hex(value: string): boolean {
  return /^[0-9a-f]{64}$/i.test(value);
}

/**
 * Recognising a GGUF model file from its first bytes: the "GGUF" magic, a version llama.cpp reads (2 or 3), and
 * plausible tensor and metadata counts. Anything else gets a message that says what the file looks like instead.
 */
import { ModelFileError } from "../../shared/protocol/errors";

export const GGUF_MAGIC = [0x47, 0x47, 0x55, 0x46]; // "GGUF"
/** Bytes of the fixed header: magic, version (u32), tensor count (u64), metadata count (u64). */
export const GGUF_HEADER_BYTES = 24;
const READABLE_VERSIONS = [2, 3];
// Real models have hundreds to a few thousand tensors and tens of metadata keys; a garbage header has billions.
const MAX_COUNT = 1_000_000n;

export interface GgufHeader {
  version: number;
  tensorCount: number;
  metadataCount: number;
}

/** True when `head` starts with the GGUF magic. */
export function hasGgufMagic(head: Uint8Array): boolean {
  return GGUF_MAGIC.every((byte, i) => head[i] === byte);
}

/** What a non-GGUF file looks like, in words, from its first bytes. */
export function describeLeadingBytes(head: Uint8Array): string {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(head.subarray(0, 64)).trimStart().toLowerCase();
  if (head.length === 0) return "it is empty";
  if (text.startsWith("<")) return "it looks like a web page, not a model";
  if (text.startsWith("{") || text.startsWith("[")) return "it looks like JSON text, not a model";
  if (head[0] === 0x50 && head[1] === 0x4b) return "it is a zip archive with no GGUF model inside";
  if (head[0] === 0x4d && head[1] === 0x5a) return "it is a program (an .exe or llamafile) with no GGUF model inside";
  if (text.startsWith("version https://git-lfs")) return "it is a Git LFS pointer, not the model itself";
  return "it does not start with the GGUF signature";
}

/** Parse a GGUF header; throws ModelFileError naming `label` when the bytes are not a readable GGUF. */
export function parseGgufHeader(head: Uint8Array, label: string): GgufHeader {
  if (!hasGgufMagic(head)) throw new ModelFileError(`${label} is not a GGUF model: ${describeLeadingBytes(head)}.`);
  if (head.length < GGUF_HEADER_BYTES) throw new ModelFileError(`${label} is cut short: it ends inside the GGUF header.`);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const version = view.getUint32(4, true);
  if (!READABLE_VERSIONS.includes(version)) {
    const swapped = view.getUint32(4, false);
    if (READABLE_VERSIONS.includes(swapped)) {
      throw new ModelFileError(`${label} is a big-endian GGUF, which only runs on big-endian machines; get the usual little-endian file.`);
    }
    throw new ModelFileError(`${label} is GGUF version ${version}; Hearth reads versions 2 and 3.`);
  }
  const tensorCount = view.getBigUint64(8, true);
  const metadataCount = view.getBigUint64(16, true);
  if (tensorCount > MAX_COUNT || metadataCount > MAX_COUNT) {
    throw new ModelFileError(`${label} has a damaged GGUF header (${tensorCount} tensors, ${metadataCount} metadata entries).`);
  }
  return { version, tensorCount: Number(tensorCount), metadataCount: Number(metadataCount) };
}

/** Read and check the GGUF header at the start of `blob`. */
export async function readGgufHeader(blob: Blob, label: string): Promise<GgufHeader> {
  return parseGgufHeader(new Uint8Array(await blob.slice(0, GGUF_HEADER_BYTES).arrayBuffer()), label);
}

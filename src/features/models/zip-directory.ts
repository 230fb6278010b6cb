/**
 * Reading a zip's central directory from the end of a Blob, without reading the rest: enough to find a stored
 * (uncompressed) entry and slice it out. A llamafile is a program with a zip appended, its GGUF stored inside, so the
 * model can be taken out with Blob.slice and no copy. Zip64 (entries or offsets past 4 GB) is supported, and so are
 * archives whose offsets count from the zip's own start rather than the file's (self-extracting style).
 */
import { ModelFileError } from "../../shared/protocol/errors";

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const EOCD_BYTES = 22;
const MAX_COMMENT = 0xffff;
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;

export interface ZipEntry {
  name: string;
  /** 0 = stored (uncompressed), 8 = deflate, … */
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header in the Blob (already corrected for any prefix). */
  localHeaderOffset: number;
}

async function bytesAt(blob: Blob, start: number, end: number): Promise<DataView> {
  const buffer = await blob.slice(start, end).arrayBuffer();
  return new DataView(buffer);
}

function u64(view: DataView, at: number): number {
  return Number(view.getBigUint64(at, true));
}

/** The entries of the zip at the end of `blob`, or null when `blob` does not end with a zip. */
export async function readZipDirectory(blob: Blob): Promise<ZipEntry[] | null> {
  const tailStart = Math.max(0, blob.size - (EOCD_BYTES + MAX_COMMENT));
  const tail = await bytesAt(blob, tailStart, blob.size);
  let eocdAt = -1;
  for (let i = tail.byteLength - EOCD_BYTES; i >= 0; i--) {
    if (tail.getUint32(i, true) === EOCD && i + EOCD_BYTES + tail.getUint16(i + 20, true) <= tail.byteLength) {
      eocdAt = i;
      break;
    }
  }
  if (eocdAt < 0) return null;
  const eocdPosition = tailStart + eocdAt;
  let count = tail.getUint16(eocdAt + 10, true);
  let directorySize = tail.getUint32(eocdAt + 12, true);
  let directoryOffset = tail.getUint32(eocdAt + 16, true);
  // Where the directory ends in this Blob: right before the (zip64) end record.
  let directoryEnd = eocdPosition;

  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = await bytesAt(blob, eocdPosition - 20, eocdPosition);
    if (locator.byteLength < 20 || locator.getUint32(0, true) !== EOCD64_LOCATOR) {
      throw new ModelFileError("The archive says it is zip64 but has no zip64 end record.");
    }
    const recordPosition = eocdPosition - 20 - 56;
    const record = await bytesAt(blob, recordPosition, recordPosition + 56);
    if (record.byteLength < 56 || record.getUint32(0, true) !== EOCD64) {
      throw new ModelFileError("The archive's zip64 end record is damaged.");
    }
    count = u64(record, 32);
    directorySize = u64(record, 40);
    directoryOffset = u64(record, 48);
    directoryEnd = recordPosition;
  }
  // A prefix (the llamafile's program) shifts everything when the zip's offsets count from the zip's start.
  const bias = directoryEnd - (directoryOffset + directorySize);
  if (bias < 0 || directorySize > MAX_DIRECTORY_BYTES) throw new ModelFileError("The archive's directory is damaged.");
  const directory = await bytesAt(blob, directoryOffset + bias, directoryEnd);
  return parseEntries(directory, count, bias);
}

function parseEntries(view: DataView, count: number, bias: number): ZipEntry[] {
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > view.byteLength || view.getUint32(at, true) !== CENTRAL_ENTRY) {
      throw new ModelFileError("The archive's directory is damaged.");
    }
    const method = view.getUint16(at + 10, true);
    let compressedSize = view.getUint32(at + 20, true);
    let size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let localHeaderOffset = view.getUint32(at + 42, true);
    const name = decoder.decode(new Uint8Array(view.buffer, view.byteOffset + at + 46, nameLength));
    // Zip64 extra field: the 64-bit values, in this order, for exactly the fields that hold 0xFFFFFFFF.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = view.getUint16(extra, true);
      const length = view.getUint16(extra + 2, true);
      if (id === 0x0001) {
        let field = extra + 4;
        if (size === 0xffffffff) {
          size = u64(view, field);
          field += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(view, field);
          field += 8;
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(view, field);
      }
      extra += 4 + length;
    }
    entries.push({ name, method, compressedSize, size, localHeaderOffset: localHeaderOffset + bias });
    at = extraEnd + commentLength;
  }
  return entries;
}

/** The bytes of a stored (method 0) entry, as a slice of `blob`: nothing is copied. */
export async function storedEntryBlob(blob: Blob, entry: ZipEntry): Promise<Blob> {
  if (entry.method !== 0) throw new ModelFileError(`${entry.name} is compressed in the archive (method ${entry.method}).`);
  const header = await bytesAt(blob, entry.localHeaderOffset, entry.localHeaderOffset + 30);
  if (header.byteLength < 30 || header.getUint32(0, true) !== LOCAL_HEADER) {
    throw new ModelFileError(`The archive's entry for ${entry.name} is damaged.`);
  }
  const start = entry.localHeaderOffset + 30 + header.getUint16(26, true) + header.getUint16(28, true);
  if (start + entry.size > blob.size) throw new ModelFileError(`${entry.name} is cut short in the archive.`);
  return blob.slice(start, start + entry.size);
}

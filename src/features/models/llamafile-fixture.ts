/**
 * Test fixtures (unit and e2e): a minimal GGUF header, and a llamafile-like file built by hand, a program prefix with a
 * zip appended whose entries are stored (method 0). Real llamafiles are made the same way (zipalign), so the parser is
 * tested against the layout it must read, including zip64 and offsets counted from the zip's start.
 */

export interface ZipFixtureEntry {
  name: string;
  data: Uint8Array;
  /** Declared method; 8 marks the entry as deflated (the bytes are not really compressed: parsers must refuse it). */
  method?: 0 | 8;
}

export interface LlamafileOptions {
  /** Bytes before the zip (the program); default a small APE-like shell header. */
  prefix?: Uint8Array;
  /** "file": offsets count from the file's start, as llamafile does; "zip": from the zip's start (self-extracting). */
  offsets?: "file" | "zip";
  /** Write zip64 records and extra fields, as archives over 4 GB need. */
  zip64?: boolean;
}

/** A GGUF file of `version` with no tensors, padded to `size` bytes (enough for header checks). */
export function ggufHeaderBytes(version = 3, size = 64): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(Math.max(24, size));
  bytes.set([0x47, 0x47, 0x55, 0x46]);
  new DataView(bytes.buffer).setUint32(4, version, true);
  for (let i = 24; i < bytes.length; i++) bytes[i] = i % 251;
  return bytes;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

class Writer {
  private parts: Uint8Array[] = [];
  length = 0;
  bytes(data: Uint8Array): void {
    this.parts.push(data);
    this.length += data.length;
  }
  fields(spec: [size: 2 | 4 | 8, value: number][]): void {
    const total = spec.reduce((sum, [size]) => sum + size, 0);
    const view = new DataView(new ArrayBuffer(total));
    let at = 0;
    for (const [size, value] of spec) {
      if (size === 2) view.setUint16(at, value, true);
      else if (size === 4) view.setUint32(at, value, true);
      else view.setBigUint64(at, BigInt(value), true);
      at += size;
    }
    this.bytes(new Uint8Array(view.buffer));
  }
  concat(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

/** A llamafile-like file: `prefix`, then a zip holding `entries`. */
export function buildLlamafile(entries: ZipFixtureEntry[], options: LlamafileOptions = {}): Uint8Array<ArrayBuffer> {
  const prefix = options.prefix ?? new TextEncoder().encode("MZqFpD='\n#!/bin/sh\n# not really a program\nexit 1\n" + "\0".repeat(200));
  const base = options.offsets === "zip" ? prefix.length : 0;
  const zip64 = options.zip64 === true;
  const out = new Writer();
  out.bytes(prefix);
  const names = entries.map((entry) => new TextEncoder().encode(entry.name));
  const locals: number[] = [];
  entries.forEach((entry, i) => {
    const name = names[i] ?? new Uint8Array();
    locals.push(out.length - base);
    out.fields([[4, 0x04034b50], [2, zip64 ? 45 : 20], [2, 0x0800], [2, entry.method ?? 0], [2, 0], [2, 0x21], [4, crc32(entry.data)]]);
    out.fields([[4, entry.data.length], [4, entry.data.length], [2, name.length], [2, 0]]);
    out.bytes(name);
    out.bytes(entry.data);
  });
  const directoryStart = out.length - base;
  entries.forEach((entry, i) => {
    const name = names[i] ?? new Uint8Array();
    const size = zip64 ? 0xffffffff : entry.data.length;
    const offset = zip64 ? 0xffffffff : (locals[i] ?? 0);
    out.fields([[4, 0x02014b50], [2, 0x031e], [2, zip64 ? 45 : 20], [2, 0x0800], [2, entry.method ?? 0], [2, 0], [2, 0x21]]);
    out.fields([[4, crc32(entry.data)], [4, size], [4, size], [2, name.length], [2, zip64 ? 28 : 0], [2, 0], [2, 0], [2, 0], [4, 0], [4, offset]]);
    out.bytes(name);
    if (zip64) out.fields([[2, 0x0001], [2, 24], [8, entry.data.length], [8, entry.data.length], [8, locals[i] ?? 0]]);
  });
  const directorySize = out.length - base - directoryStart;
  if (zip64) {
    const recordAt = out.length - base;
    out.fields([[4, 0x06064b50], [8, 44], [2, 0x031e], [2, 45], [4, 0], [4, 0], [8, entries.length], [8, entries.length]]);
    out.fields([[8, directorySize], [8, directoryStart]]);
    out.fields([[4, 0x07064b50], [4, 0], [8, recordAt], [4, 1]]);
    out.fields([[4, 0x06054b50], [2, 0], [2, 0], [2, 0xffff], [2, 0xffff], [4, 0xffffffff], [4, 0xffffffff], [2, 0]]);
  } else {
    out.fields([[4, 0x06054b50], [2, 0], [2, 0], [2, entries.length], [2, entries.length], [4, directorySize], [4, directoryStart], [2, 0]]);
  }
  return out.concat();
}

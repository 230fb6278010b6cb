/**
 * A large file stored as numbered chunk files in one directory. Each chunk is committed when it is full, and whatever
 * arrived is committed when a download stops, so an interrupted download keeps its bytes (OPFS only commits a writer
 * on close). Reading joins the chunks into one Blob of disk-backed parts: no copy, no concatenation step, and no
 * rewriting of the whole file on every resume.
 */
import type { BlobDirectory, FileWriter } from "./blob-directory";

export const DEFAULT_CHUNK_BYTES = 32 * 1024 * 1024;
// Each write to an OPFS writable crosses to the parent process; batching network chunks keeps that cheap.
const WRITE_BATCH_BYTES = 4 * 1024 * 1024;
const CHUNK_NAME = /^(\d{6})\.bin$/;

export class ChunkedFile {
  constructor(
    private readonly directory: BlobDirectory,
    readonly path: readonly string[],
    private readonly chunkBytes = DEFAULT_CHUNK_BYTES,
  ) {}

  /** The committed chunks, in order; empty chunks (a writer that never closed) are left out. */
  async chunks(): Promise<{ name: string; size: number }[]> {
    const files = await this.directory.files(this.path);
    return files.filter((file) => CHUNK_NAME.test(file.name) && file.size > 0).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Bytes stored so far. */
  async size(): Promise<number> {
    return (await this.chunks()).reduce((sum, chunk) => sum + chunk.size, 0);
  }

  /** The whole file as one Blob made of the chunks. */
  async blob(): Promise<Blob> {
    const parts = await Promise.all((await this.chunks()).map((chunk) => this.directory.read([...this.path, chunk.name])));
    return new Blob(parts);
  }

  /** Delete every chunk. */
  async clear(): Promise<void> {
    await this.directory.remove(this.path);
  }

  /** A writer that appends after the stored chunks. Call commit() before dropping it. */
  async appender(): Promise<ChunkAppender> {
    const files = await this.directory.files(this.path);
    const kept = await this.chunks();
    // Chunk files after the last committed one hold nothing (a crash mid-chunk): remove them so numbering continues.
    for (const file of files) {
      if (!kept.some((chunk) => chunk.name === file.name)) await this.directory.remove([...this.path, file.name]);
    }
    return new ChunkAppender(this.directory, this.path, kept.length, this.chunkBytes);
  }
}

/** Appends bytes as chunk files of `chunkBytes`, committing each when full. */
export class ChunkAppender {
  private writer: FileWriter | null = null;
  private inChunk = 0;
  private batch: Uint8Array[] = [];
  private batchBytes = 0;

  constructor(
    private readonly directory: BlobDirectory,
    private readonly path: readonly string[],
    private nextIndex: number,
    private readonly chunkBytes: number,
  ) {}

  /** Append `bytes`. */
  async write(bytes: Uint8Array): Promise<void> {
    let rest = bytes;
    while (rest.length > 0) {
      const room = this.chunkBytes - this.inChunk;
      const piece = rest.subarray(0, room);
      this.batch.push(piece);
      this.batchBytes += piece.length;
      this.inChunk += piece.length;
      rest = rest.subarray(piece.length);
      if (this.inChunk >= this.chunkBytes) await this.commit();
      else if (this.batchBytes >= WRITE_BATCH_BYTES) await this.flush();
    }
  }

  /** Make everything written so far durable; later writes start a new chunk. */
  async commit(): Promise<void> {
    await this.flush();
    if (this.writer) await this.writer.close();
    this.writer = null;
    this.inChunk = 0;
  }

  private async flush(): Promise<void> {
    if (this.batchBytes === 0) return;
    if (!this.writer) {
      const name = `${String(this.nextIndex).padStart(6, "0")}.bin`;
      this.nextIndex += 1;
      this.writer = await this.directory.create([...this.path, name]);
    }
    const joined = new Uint8Array(this.batchBytes);
    let at = 0;
    for (const part of this.batch) {
      joined.set(part, at);
      at += part.length;
    }
    this.batch = [];
    this.batchBytes = 0;
    await this.writer.write(joined);
  }
}

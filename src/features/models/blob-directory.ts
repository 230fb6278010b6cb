/**
 * The file storage the model manager needs, as a small interface: OPFS in the browser (opfs-directory.ts), a Map in
 * unit tests (memory-directory.ts). Paths are arrays of names. Like OPFS, a file being written is invisible (or keeps
 * its old content) until its writer is closed: that commit is what makes a partial download survive a crash.
 */

export interface FileWriter {
  write(data: Uint8Array): Promise<void>;
  /** Commit what was written. */
  close(): Promise<void>;
}

export interface StoredEntry {
  name: string;
  size: number;
}

export interface BlobDirectory {
  /** Files directly under `dir`, with sizes; empty when `dir` does not exist. */
  files(dir: readonly string[]): Promise<StoredEntry[]>;
  /** Sub-directories directly under `dir`; empty when `dir` does not exist. */
  directories(dir: readonly string[]): Promise<string[]>;
  /** A stored file as a disk-backed Blob. Rejects when missing. */
  read(path: readonly string[]): Promise<Blob>;
  /** Create (or replace) the file at `path`, creating directories on the way. */
  create(path: readonly string[]): Promise<FileWriter>;
  /** Remove a file or a whole directory tree; nothing happens when it is missing. */
  remove(path: readonly string[]): Promise<void>;
}

/** Total bytes of every file under `dir`, recursively. */
export async function treeBytes(directory: BlobDirectory, dir: readonly string[]): Promise<number> {
  const files = await directory.files(dir);
  let total = files.reduce((sum, file) => sum + file.size, 0);
  for (const child of await directory.directories(dir)) total += await treeBytes(directory, [...dir, child]);
  return total;
}

/**
 * BlobDirectory on the origin private file system (navigator.storage.getDirectory()). Firefox gives Hearth's
 * background page and its extension pages the same OPFS (one moz-extension origin). Files read back as disk-backed
 * File objects, so a model is never loaded into memory just to hand it to the engine.
 */
import type { BlobDirectory, FileWriter, StoredEntry } from "./blob-directory";

// lib.dom lacks the async iteration of directory handles in this TypeScript setup.
interface IterableDirectory {
  entries(): AsyncIterable<[string, FileSystemHandle]>;
}

function isNotFound(error: unknown): boolean {
  return error instanceof DOMException && (error.name === "NotFoundError" || error.name === "TypeMismatchError");
}

/** The OPFS-backed directory; `root` is injectable for tests of this file in a browser. */
export function opfsDirectory(root: () => Promise<FileSystemDirectoryHandle> = () => navigator.storage.getDirectory()): BlobDirectory {
  async function dirAt(path: readonly string[], create: boolean): Promise<FileSystemDirectoryHandle | null> {
    let handle = await root();
    try {
      for (const name of path) handle = await handle.getDirectoryHandle(name, { create });
      return handle;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async function entriesOf(dir: readonly string[]): Promise<[string, FileSystemHandle][]> {
    const handle = await dirAt(dir, false);
    if (!handle) return [];
    const out: [string, FileSystemHandle][] = [];
    for await (const entry of (handle as unknown as IterableDirectory).entries()) out.push(entry);
    return out;
  }

  return {
    async files(dir) {
      const out: StoredEntry[] = [];
      for (const [name, handle] of await entriesOf(dir)) {
        if (handle.kind === "file") out.push({ name, size: (await (handle as FileSystemFileHandle).getFile()).size });
      }
      return out;
    },
    async directories(dir) {
      return (await entriesOf(dir)).filter(([, handle]) => handle.kind === "directory").map(([name]) => name);
    },
    async read(path) {
      const parent = await dirAt(path.slice(0, -1), false);
      if (!parent) throw new DOMException(`${path.join("/")} not found`, "NotFoundError");
      return (await parent.getFileHandle(path.at(-1) ?? "")).getFile();
    },
    async create(path): Promise<FileWriter> {
      const parent = await dirAt(path.slice(0, -1), true);
      if (!parent) throw new DOMException(`Could not create ${path.join("/")}`, "NotFoundError");
      const writable = await (await parent.getFileHandle(path.at(-1) ?? "", { create: true })).createWritable();
      return {
        write: (data) => writable.write(data as Uint8Array<ArrayBuffer>),
        close: () => writable.close(),
      };
    },
    async remove(path) {
      const parent = await dirAt(path.slice(0, -1), false);
      try {
        await parent?.removeEntry(path.at(-1) ?? "", { recursive: true });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
  };
}

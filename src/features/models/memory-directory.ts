/** An in-memory BlobDirectory with OPFS's commit-on-close behaviour, for unit tests of the model manager. */
import type { BlobDirectory, FileWriter } from "./blob-directory";

export class MemoryDirectory implements BlobDirectory {
  readonly store = new Map<string, Uint8Array>();
  /** Writers not yet closed, so tests can simulate a crash (their bytes are lost). */
  openWriters = 0;

  private key(path: readonly string[]): string {
    return path.join("/");
  }

  async files(dir: readonly string[]) {
    const prefix = dir.length ? `${this.key(dir)}/` : "";
    const out: { name: string; size: number }[] = [];
    for (const [key, bytes] of this.store) {
      const rest = key.startsWith(prefix) ? key.slice(prefix.length) : null;
      if (rest !== null && !rest.includes("/")) out.push({ name: rest, size: bytes.length });
    }
    return out;
  }

  async directories(dir: readonly string[]) {
    const prefix = dir.length ? `${this.key(dir)}/` : "";
    const names = new Set<string>();
    for (const key of this.store.keys()) {
      const rest = key.startsWith(prefix) ? key.slice(prefix.length) : null;
      if (rest?.includes("/")) names.add(rest.split("/")[0] ?? "");
    }
    return [...names];
  }

  async read(path: readonly string[]): Promise<Blob> {
    const bytes = this.store.get(this.key(path));
    if (!bytes) throw new DOMException(`${this.key(path)} not found`, "NotFoundError");
    return new Blob([bytes.slice()]);
  }

  async create(path: readonly string[]): Promise<FileWriter> {
    const key = this.key(path);
    // Like OPFS getFileHandle({create: true}): the file exists (empty) at once; the content arrives on close.
    if (!this.store.has(key)) this.store.set(key, new Uint8Array());
    const parts: Uint8Array[] = [];
    this.openWriters += 1;
    return {
      write: async (data) => void parts.push(data.slice()),
      close: async () => {
        this.openWriters -= 1;
        const total = parts.reduce((sum, part) => sum + part.length, 0);
        const out = new Uint8Array(total);
        let at = 0;
        for (const part of parts) {
          out.set(part, at);
          at += part.length;
        }
        this.store.set(key, out);
      },
    };
  }

  async remove(path: readonly string[]): Promise<void> {
    const key = this.key(path);
    for (const existing of [...this.store.keys()]) {
      if (existing === key || existing.startsWith(`${key}/`) || key === "") this.store.delete(existing);
    }
  }
}

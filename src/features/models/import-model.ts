/**
 * Importing a model from disk: a .gguf, or the GGUF stored inside a .llamafile. The model is copied into Hearth's
 * storage slice by slice (never whole in memory), hashed on the way, and recorded like a downloaded one.
 */
import { AbortedError, ModelFileError } from "../../shared/protocol/errors";
import type { BlobDirectory } from "./blob-directory";
import { formatBytes } from "./bytes-text";
import { modelFile } from "./download-model";
import { detectModelFile } from "./model-file";
import type { InstalledModel, ModelRecords } from "./model-records";
import { sha256Stream } from "./sha256";

const SLICE_BYTES = 8 * 1024 * 1024;

export interface ImportDeps {
  directory: BlobDirectory;
  records: ModelRecords;
  freeBytes(): Promise<number | null>;
  now(): number;
  chunkBytes: number;
}

/** The name shown for an imported file: its name without the extension. */
export function importedName(fileName: string): string {
  return fileName.replace(/\.(gguf|llamafile)$/i, "") || fileName;
}

/** A model id for `fileName` that no installed model uses yet, e.g. "import-qwen2.5-0.5b-q8_0". */
export function importId(fileName: string, taken: ReadonlySet<string>): string {
  const slug = importedName(fileName).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[-.]+|-+$/g, "").slice(0, 60) || "model";
  const base = `import-${slug}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Import `file` (named `fileName`), reporting bytes copied; resolves with the installed model. */
export async function importModel(
  file: Blob,
  fileName: string,
  deps: ImportDeps,
  signal: AbortSignal,
  onProgress: (copied: number, total: number) => void,
): Promise<InstalledModel> {
  const found = await detectModelFile(file, fileName);
  const total = found.blob.size;
  const free = await deps.freeBytes();
  if (free !== null && total > free) {
    throw new ModelFileError(`Not enough storage space to import ${fileName}: it needs ${formatBytes(total)}, but Hearth may use only ${formatBytes(free)} more.`);
  }
  const id = importId(fileName, new Set(Object.keys(await deps.records.installed())));
  const target = modelFile(deps, id, 0);
  await target.clear();
  const hash = sha256Stream();
  try {
    const appender = await target.appender();
    for (let offset = 0; offset < total; offset += SLICE_BYTES) {
      if (signal.aborted) throw new AbortedError();
      const bytes = new Uint8Array(await found.blob.slice(offset, offset + SLICE_BYTES).arrayBuffer());
      await appender.write(bytes);
      hash.update(bytes);
      onProgress(Math.min(total, offset + bytes.length), total);
    }
    await appender.commit();
    if ((await target.size()) !== total) throw new ModelFileError(`Copying ${fileName} into Hearth's storage came out short; nothing was kept.`);
  } catch (error) {
    await target.clear();
    throw error;
  }
  const model: InstalledModel = {
    id,
    name: importedName(fileName),
    origin: "import",
    files: [{ name: found.kind === "llamafile" ? found.entryName : fileName, bytes: total, sha256: hash.hex(), check: "imported" }],
    sourceUrls: [],
    installedAt: deps.now(),
  };
  await deps.records.install(model);
  return model;
}

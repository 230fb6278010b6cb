/**
 * What a file the user picked (or Hearth downloaded) is: a GGUF model, a llamafile with a GGUF stored inside, or
 * neither, with a clear ModelFileError for the last case. Nothing is read beyond headers and the zip directory.
 */
import { ModelFileError } from "../../shared/protocol/errors";
import { describeLeadingBytes, GGUF_HEADER_BYTES, hasGgufMagic, parseGgufHeader, type GgufHeader } from "./gguf-header";
import { readZipDirectory, storedEntryBlob, type ZipEntry } from "./zip-directory";

export type DetectedModel =
  | { kind: "gguf"; blob: Blob; header: GgufHeader }
  /** A llamafile: `blob` is a slice of the original file holding the stored GGUF entry `entryName`. */
  | { kind: "llamafile"; blob: Blob; entryName: string; header: GgufHeader };

function isModelEntry(entry: ZipEntry): boolean {
  const base = entry.name.split("/").pop() ?? "";
  return base.toLowerCase().endsWith(".gguf") && !base.startsWith(".") && !entry.name.startsWith("__MACOSX/");
}

/** Find the model in `file` (named `fileName` for messages). */
export async function detectModelFile(file: Blob, fileName: string): Promise<DetectedModel> {
  if (file.size === 0) throw new ModelFileError(`${fileName} is empty.`);
  const head = new Uint8Array(await file.slice(0, GGUF_HEADER_BYTES).arrayBuffer());
  if (hasGgufMagic(head)) return { kind: "gguf", blob: file, header: parseGgufHeader(head, fileName) };

  const entries = await readZipDirectory(file);
  if (!entries) throw new ModelFileError(`${fileName} is not a GGUF model or a llamafile: ${describeLeadingBytes(head)}.`);
  const models = entries.filter(isModelEntry).sort((a, b) => b.size - a.size);
  const entry = models.find((candidate) => candidate.method === 0) ?? models[0];
  if (!entry) throw new ModelFileError(`${fileName} is an archive (zip or llamafile) with no .gguf model inside.`);
  if (entry.method !== 0) {
    throw new ModelFileError(
      `${fileName} holds ${entry.name}, but compressed. A llamafile stores its model uncompressed; extract the .gguf and import that instead.`,
    );
  }
  const blob = await storedEntryBlob(file, entry);
  const header = parseGgufHeader(new Uint8Array(await blob.slice(0, GGUF_HEADER_BYTES).arrayBuffer()), `${entry.name} inside ${fileName}`);
  return { kind: "llamafile", blob, entryName: entry.name, header };
}

import { describe, expect, it } from "vitest";
import { ModelFileError } from "../../shared/protocol/errors";
import { parseGgufHeader } from "./gguf-header";
import { buildLlamafile, ggufHeaderBytes } from "../../../tests/fixtures/models/llamafile-fixture";
import { detectModelFile } from "./model-file";

const text = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s);
const blobOf = (bytes: Uint8Array<ArrayBuffer>) => new Blob([bytes]);
async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

describe("GGUF header", () => {
  it("reads version and counts", () => {
    const bytes = ggufHeaderBytes(3);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(8, 291n, true);
    view.setBigUint64(16, 24n, true);
    expect(parseGgufHeader(bytes, "m.gguf")).toEqual({ version: 3, tensorCount: 291, metadataCount: 24 });
  });

  it("refuses other versions, big-endian files, damaged counts and short files with clear words", () => {
    expect(() => parseGgufHeader(ggufHeaderBytes(1), "old.gguf")).toThrow(/old.gguf is GGUF version 1; Hearth reads versions 2 and 3/);
    const bigEndian = ggufHeaderBytes(3);
    new DataView(bigEndian.buffer).setUint32(4, 3, false);
    expect(() => parseGgufHeader(bigEndian, "be.gguf")).toThrow(/big-endian/);
    const damaged = ggufHeaderBytes(3);
    new DataView(damaged.buffer).setBigUint64(8, 1n << 40n, true);
    expect(() => parseGgufHeader(damaged, "x.gguf")).toThrow(/damaged GGUF header/);
    expect(() => parseGgufHeader(ggufHeaderBytes(3).subarray(0, 10), "cut.gguf")).toThrow(/cut short/);
  });
});

describe("detecting a model file", () => {
  it("accepts a plain GGUF as is", async () => {
    const file = blobOf(ggufHeaderBytes(3, 1000));
    const found = await detectModelFile(file, "model.gguf");
    expect(found.kind).toBe("gguf");
    expect(found.blob).toBe(file);
  });

  it("refuses a file that is not a model, saying what it looks like", async () => {
    const cases: [Uint8Array<ArrayBuffer>, RegExp][] = [
      [text("<!DOCTYPE html><html><body>Not found</body></html>"), /web page/],
      [text('{"error":"Repository not found"}'), /JSON/],
      [text("version https://git-lfs.github.com/spec/v1\noid sha256:abc\n"), /Git LFS pointer/],
      [text("just some text that is long enough to be a file"), /does not start with the GGUF signature/],
    ];
    for (const [bytes, why] of cases) {
      const attempt = detectModelFile(blobOf(bytes), "download.gguf");
      await expect(attempt).rejects.toBeInstanceOf(ModelFileError);
      await expect(attempt).rejects.toThrow(why);
    }
    await expect(detectModelFile(new Blob([]), "empty.gguf")).rejects.toThrow(/empty.gguf is empty/);
  });

  for (const variant of [
    { label: "offsets from the file's start (llamafile)", options: {} },
    { label: "offsets from the zip's start", options: { offsets: "zip" as const } },
    { label: "zip64", options: { zip64: true } },
    { label: "zip64 with offsets from the zip's start", options: { zip64: true, offsets: "zip" as const } },
  ]) {
    it(`slices the stored GGUF out of a llamafile: ${variant.label}`, async () => {
      const model = ggufHeaderBytes(3, 5000);
      const file = blobOf(
        buildLlamafile(
          [
            { name: ".args", data: text("-m\nmodel.gguf\n") },
            { name: "model.gguf", data: model },
            { name: "llamafile/readme.txt", data: text("hello") },
          ],
          variant.options,
        ),
      );
      const found = await detectModelFile(file, "tiny.llamafile");
      expect(found).toMatchObject({ kind: "llamafile", entryName: "model.gguf", header: { version: 3 } });
      expect(await bytesOf(found.blob)).toEqual(model);
    });
  }

  it("refuses a llamafile whose model is compressed, or that has no model", async () => {
    const compressed = buildLlamafile([{ name: "m.gguf", data: ggufHeaderBytes(3, 300), method: 8 }]);
    await expect(detectModelFile(blobOf(compressed), "c.llamafile")).rejects.toThrow(/holds m.gguf, but compressed/);
    const empty = buildLlamafile([{ name: "readme.txt", data: text("no model here") }]);
    await expect(detectModelFile(blobOf(empty), "e.llamafile")).rejects.toThrow(/no .gguf model inside/);
  });

  it("refuses a llamafile whose .gguf entry is not a GGUF", async () => {
    const file = buildLlamafile([{ name: "fake.gguf", data: text("<html>oops</html>") }]);
    await expect(detectModelFile(blobOf(file), "f.llamafile")).rejects.toThrow(/fake.gguf inside f.llamafile is not a GGUF model/);
  });

  it("refuses a truncated llamafile instead of returning a short model", async () => {
    const whole = buildLlamafile([{ name: "model.gguf", data: ggufHeaderBytes(3, 4000) }]);
    const damaged = whole.slice();
    // Point the directory entry's local header offset past the end of the file.
    const view = new DataView(damaged.buffer);
    const directoryOffset = view.getUint32(damaged.length - 6, true);
    view.setUint32(directoryOffset + 42, damaged.length + 10, true);
    await expect(detectModelFile(blobOf(damaged), "t.llamafile")).rejects.toBeInstanceOf(ModelFileError);
  });
});

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ModelFileError } from "../../shared/protocol/errors";
import type { KeyValueArea } from "../../shared/storage/settings";
import { modelFile } from "./download-model";
import { importId, importModel, type ImportDeps } from "./import-model";
import { buildLlamafile, ggufHeaderBytes } from "../../../tests/fixtures/models/llamafile-fixture";
import { MemoryDirectory } from "./memory-directory";
import { ModelRecords } from "./model-records";

function deps(free: number | null = 10_000_000): ImportDeps {
  const map = new Map<string, unknown>();
  const area: KeyValueArea = { get: async (k) => structuredClone(map.get(k)), set: async (k, v) => void map.set(k, structuredClone(v)) };
  return { directory: new MemoryDirectory(), records: new ModelRecords(area), freeBytes: async () => free, now: () => 5, chunkBytes: 4096 };
}
const never = new AbortController().signal;

describe("importing a model file", () => {
  it("copies a .gguf into storage and records it", async () => {
    const gguf = ggufHeaderBytes(3, 20_000);
    const d = deps();
    const progress: number[] = [];
    const model = await importModel(new Blob([gguf]), "My Model.Q8_0.gguf", d, never, (copied) => progress.push(copied));
    expect(model).toMatchObject({
      id: "import-my-model.q8_0",
      name: "My Model.Q8_0",
      origin: "import",
      files: [{ name: "My Model.Q8_0.gguf", bytes: 20_000, sha256: createHash("sha256").update(gguf).digest("hex"), check: "imported" }],
    });
    expect(progress.at(-1)).toBe(20_000);
    expect(new Uint8Array(await (await modelFile(d, model.id, 0).blob()).arrayBuffer())).toEqual(gguf);
  });

  it("takes only the GGUF out of a llamafile", async () => {
    const gguf = ggufHeaderBytes(3, 9_000);
    const d = deps();
    const file = new Blob([buildLlamafile([{ name: "tiny.gguf", data: gguf }])]);
    const model = await importModel(file, "tiny.llamafile", d, never, () => undefined);
    expect(model.files[0]).toMatchObject({ name: "tiny.gguf", bytes: 9_000 });
    expect(new Uint8Array(await (await modelFile(d, model.id, 0).blob()).arrayBuffer())).toEqual(gguf);
  });

  it("refuses a non-model and stores nothing", async () => {
    const d = deps();
    await expect(importModel(new Blob(["hello, I am a text file"]), "notes.gguf", d, never, () => undefined)).rejects.toBeInstanceOf(ModelFileError);
    expect((d.directory as MemoryDirectory).store.size).toBe(0);
    expect(await d.records.installed()).toEqual({});
  });

  it("refuses when there is no room", async () => {
    await expect(importModel(new Blob([ggufHeaderBytes(3, 5000)]), "a.gguf", deps(100), never, () => undefined)).rejects.toThrow(/Not enough storage space/);
  });

  it("gives each import its own id", () => {
    expect(importId("a.gguf", new Set())).toBe("import-a");
    expect(importId("a.gguf", new Set(["import-a", "import-a-2"]))).toBe("import-a-3");
    expect(importId("../../.gguf", new Set())).toBe("import-model");
  });
});

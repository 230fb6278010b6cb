import { describe, expect, it } from "vitest";
import { CATALOG, catalogBytes, catalogModel, type CatalogModel } from "./catalog";
import { catalogProblems } from "./catalog-check";

const sound = CATALOG[1] as CatalogModel;

describe("model catalog", () => {
  it("passes its own checks", () => {
    expect(catalogProblems(CATALOG)).toEqual([]);
  });

  it("offers the models the product promises, with Q8_0 or 4-bit weights only", () => {
    expect(CATALOG.map((model) => model.id)).toEqual(
      expect.arrayContaining(["smollm2-360m-instruct-q8_0", "qwen2.5-0.5b-instruct-q8_0", "qwen2.5-1.5b-instruct-q4_k_m", "llama-3.2-1b-instruct-q4_k_m", "gemma-3-1b-it-q4_k_m"]),
    );
    for (const model of CATALOG) expect(["Q8_0", "Q4_0", "Q4_K_M"]).toContain(model.quantization);
  });

  it("says plainly which files have no known checksum", () => {
    const unverified = CATALOG.filter((model) => model.files.some((file) => file.sha256 === null)).map((model) => model.id);
    expect(unverified).toEqual(["gemma-3-1b-it-q4_k_m"]);
  });

  it("catches the mistakes an edit could make", () => {
    const broken: CatalogModel[] = [
      sound,
      { ...sound },
      { ...sound, id: "../x", files: [{ url: "https://example.com/m.gguf", approxBytes: 5, sha256: "ABC" }] },
      { ...sound, id: "unpinned", files: [{ ...sound.files[0]!, url: sound.files[0]!.url.replace(/resolve\/[0-9a-f]{40}/, "resolve/main") }] },
      { ...sound, id: "huge", files: [{ ...sound.files[0]!, approxBytes: 3e9 }], ramBytes: 4e9 },
    ];
    const problems = catalogProblems(broken).join("\n");
    expect(problems).toMatch(/qwen2.5-0.5b-instruct-q8_0: the id is used twice/);
    expect(problems).toMatch(/\.\.\/x: the id is not a safe storage name/);
    expect(problems).toMatch(/only from Hugging Face/);
    expect(problems).toMatch(/sha256 is not 64 lower-case hex/);
    expect(problems).toMatch(/size is not plausible/);
    expect(problems).toMatch(/unpinned: a checksummed file must be pinned to a commit, not "main"/);
    expect(problems).toMatch(/huge: a file of 2 GiB or more must be split/);
  });

  it("finds models and adds up their size", () => {
    expect(catalogModel("qwen2.5-0.5b-instruct-q8_0")?.name).toBe("Qwen2.5 0.5B Instruct");
    expect(catalogModel("nope")).toBeNull();
    expect(catalogBytes({ files: [{ url: "", approxBytes: 2, sha256: null }, { url: "", approxBytes: 3, sha256: null }] })).toBe(5);
  });
});

import { describe, expect, it } from "vitest";
import { hubFileOf, hubTreeUrl, lfsSha256In, sha256FromHeaders } from "./hf-metadata";

const SHA = "c004ac34cce45e03e4452bca472535bc371fcb0d07ae560bba2c57ce4a284b7b";

describe("Hugging Face metadata", () => {
  it("parses resolve URLs, with folders, and nothing else", () => {
    expect(hubFileOf("https://huggingface.co/org/repo/resolve/main/model.gguf")).toEqual({ repo: "org/repo", revision: "main", path: "model.gguf" });
    expect(hubFileOf("https://huggingface.co/org/repo/resolve/abc123/q8/part-00001-of-00002.gguf")).toEqual({
      repo: "org/repo",
      revision: "abc123",
      path: "q8/part-00001-of-00002.gguf",
    });
    expect(hubFileOf("https://cdn-lfs.huggingface.co/org/repo/resolve/main/x.gguf")).toBeNull();
    expect(hubFileOf("http://127.0.0.1:1/org/repo/resolve/main/x.gguf")).toBeNull();
  });

  it("lists the right folder", () => {
    expect(hubTreeUrl({ repo: "org/repo", revision: "main", path: "model.gguf" })).toBe("https://huggingface.co/api/models/org/repo/tree/main");
    expect(hubTreeUrl({ repo: "org/repo", revision: "main", path: "q8/a.gguf" })).toBe("https://huggingface.co/api/models/org/repo/tree/main/q8");
  });

  it("finds the LFS oid of exactly that file", () => {
    const file = { repo: "org/repo", revision: "main", path: "b.gguf" };
    const listing = [
      { type: "file", path: "a.gguf", lfs: { oid: "1".repeat(64), size: 5 } },
      { type: "file", path: "b.gguf", oid: "gitblob", lfs: { oid: SHA.toUpperCase(), size: 5 } },
      { type: "file", path: "README.md", oid: "abc" },
    ];
    expect(lfsSha256In(listing, file)).toBe(SHA);
    expect(lfsSha256In(listing, { ...file, path: "README.md" })).toBeNull();
    expect(lfsSha256In({ error: "x" }, file)).toBeNull();
  });

  it("reads a sha256 from X-Linked-Etag or ETag, ignoring other validators", () => {
    expect(sha256FromHeaders(new Headers({ "x-linked-etag": `"${SHA}"`, etag: '"short"' }))).toBe(SHA);
    expect(sha256FromHeaders(new Headers({ etag: `W/"${SHA}"` }))).toBe(SHA);
    expect(sha256FromHeaders(new Headers({ etag: '"5d41402abc4b2a76b9719d911017c592"' }))).toBeNull();
    expect(sha256FromHeaders(new Headers())).toBeNull();
  });
});

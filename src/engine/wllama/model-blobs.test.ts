import { describe, expect, it } from "vitest";
import type { LoadProgress } from "../engine";
import { AbortedError, ModelFileError } from "../../shared/protocol/errors";
import { modelBlobs, type FetchLike } from "./model-blobs";

const GGUF = new Uint8Array([0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0, 9, 9]);

/** A fetch serving `files` by URL, in `chunk`-byte pieces, with Content-Length. */
function serve(files: Record<string, Uint8Array>, chunk = 4): { fetch: FetchLike; requested: string[] } {
  const requested: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    requested.push(url);
    if (init?.signal?.aborted) throw new DOMException("aborted", "AbortError");
    const body = files[url];
    if (!body) return new Response("missing", { status: 404 });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < body.length; i += chunk) controller.enqueue(body.slice(i, i + chunk));
        controller.close();
      },
    });
    return new Response(stream, { headers: { "content-length": String(body.length) } });
  };
  return { fetch, requested };
}

describe("modelBlobs", () => {
  it("passes blobs through after checking they are GGUF", async () => {
    const blob = new Blob([GGUF]);
    expect(await modelBlobs({ kind: "blobs", blobs: [blob] }, serve({}).fetch)).toEqual([blob]);
    await expect(modelBlobs({ kind: "blobs", blobs: [new Blob(["PK\u0003\u0004"])] }, serve({}).fetch)).rejects.toThrow(
      ModelFileError,
    );
    await expect(modelBlobs({ kind: "blobs", blobs: [] }, serve({}).fetch)).rejects.toThrow(/no files/);
  });

  it("downloads shards in order, reporting bytes across all of them", async () => {
    const second = new Uint8Array([...GGUF, 1, 2]);
    const { fetch, requested } = serve({ "http://127.0.0.1/a.gguf": GGUF, "http://127.0.0.1/b.gguf": second });
    const progress: LoadProgress[] = [];
    const blobs = await modelBlobs(
      { kind: "url", urls: ["http://127.0.0.1/a.gguf", "http://127.0.0.1/b.gguf"] },
      fetch,
      undefined,
      (p) => progress.push(p),
    );
    expect(requested).toEqual(["http://127.0.0.1/a.gguf", "http://127.0.0.1/b.gguf"]);
    expect(new Uint8Array(await blobs[1]!.arrayBuffer())).toEqual(second);
    expect(progress.at(-1)).toEqual({ phase: "fetching", loaded: 22, total: 22 });
    const loaded = progress.map((p) => p.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
  });

  it("refuses failed downloads, non-GGUF content and named models", async () => {
    const { fetch } = serve({ "http://h/page.html": new TextEncoder().encode("<!doctype html>") });
    await expect(modelBlobs({ kind: "url", urls: ["http://h/missing.gguf"] }, fetch)).rejects.toThrow(/HTTP 404/);
    await expect(modelBlobs({ kind: "url", urls: ["http://h/page.html"] }, fetch)).rejects.toThrow(ModelFileError);
    await expect(modelBlobs({ kind: "named", name: "llama3.2" }, fetch)).rejects.toThrow(ModelFileError);
    const offline: FetchLike = async () => {
      throw new TypeError("NetworkError when attempting to fetch resource.");
    };
    await expect(modelBlobs({ kind: "url", urls: ["http://h/a.gguf"] }, offline)).rejects.toThrow(ModelFileError);
  });

  it("stops with AbortedError when aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const { fetch } = serve({ "http://h/a.gguf": GGUF });
    await expect(modelBlobs({ kind: "url", urls: ["http://h/a.gguf"] }, fetch, controller.signal)).rejects.toThrow(AbortedError);
  });
});

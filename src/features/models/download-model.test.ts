import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AbortedError, ModelFileError } from "../../shared/protocol/errors";
import type { KeyValueArea } from "../../shared/storage/settings";
import { downloadModel, MODELS_DIR, modelFile, type DownloadDeps, type DownloadEvent, type DownloadSpec } from "./download-model";
import { ggufHeaderBytes } from "../../../tests/fixtures/models/llamafile-fixture";
import { MemoryDirectory } from "./memory-directory";
import { ModelRecords } from "./model-records";
import { RequestLog } from "./request-log";

const MODEL = ggufHeaderBytes(3, 100_000);
const SHA = createHash("sha256").update(MODEL).digest("hex");
const URL_A = "http://127.0.0.1:9/models/a.gguf";

interface Served {
  bytes: Uint8Array;
  /** Per request number (0-based): break the body after this many bytes, or stall after them. */
  cutAt?: Record<number, number>;
  stallAt?: Record<number, number>;
  ignoreRange?: boolean;
  etag?: (request: number) => string;
  status?: (request: number) => number | null;
  headers?: Record<string, string>;
}

function fakeHost(files: Record<string, Served>) {
  const requests: { url: string; range: string | null }[] = [];
  const perUrl = new Map<string, number>();
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const range = new Headers(init.headers).get("range");
    requests.push({ url, range });
    const n = perUrl.get(url) ?? 0;
    perUrl.set(url, n + 1);
    const file = files[url];
    if (!file) return new Response("not found", { status: 404 });
    const forced = file.status?.(n);
    if (forced) return new Response("busy", { status: forced });
    const start = range && !file.ignoreRange ? Number(/bytes=(\d+)-/.exec(range)?.[1] ?? 0) : 0;
    const body = file.bytes.subarray(start);
    const cut = file.cutAt?.[n];
    const stall = file.stallAt?.[n];
    const signal = init.signal;
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const limit = cut ?? stall ?? body.length;
        if (sent >= limit) {
          if (cut !== undefined && sent < body.length) controller.error(new TypeError("NetworkError when attempting to fetch resource."));
          else if (stall !== undefined && sent < body.length) {
            return new Promise<void>((_, reject) => signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
          } else controller.close();
          return;
        }
        const piece = body.subarray(sent, Math.min(limit, sent + 8192));
        sent += piece.length;
        controller.enqueue(piece.slice());
      },
    });
    const headers: Record<string, string> = { "content-length": String(body.length), etag: file.etag?.(n) ?? '"v1"', ...file.headers };
    if (start > 0) headers["content-range"] = `bytes ${start}-${file.bytes.length - 1}/${file.bytes.length}`;
    return new Response(stream, { status: start > 0 ? 206 : 200, headers });
  };
  return { fetch, requests };
}

function mapArea(): KeyValueArea {
  const map = new Map<string, unknown>();
  return { get: async (key) => structuredClone(map.get(key)), set: async (key, value) => void map.set(key, structuredClone(value)) };
}

function setup(fetch: DownloadDeps["fetch"], overrides: Partial<DownloadDeps> = {}) {
  const area = mapArea();
  const deps: DownloadDeps = {
    fetch,
    directory: new MemoryDirectory(),
    records: new ModelRecords(area),
    log: new RequestLog(area),
    now: () => Date.now(),
    sleep: async () => undefined,
    stallTimeoutMs: 100,
    maxAttempts: 4,
    freeBytes: async () => 10_000_000,
    lookupSha256: async () => null,
    chunkBytes: 16_384,
    ...overrides,
  };
  return deps;
}

const spec = (sha256: string | null = SHA, url = URL_A, approxBytes: number | null = null): DownloadSpec => ({
  id: "tiny",
  name: "Tiny",
  origin: "custom",
  files: [{ url, approxBytes, sha256 }],
});

async function storedBytes(deps: DownloadDeps, index = 0): Promise<Uint8Array> {
  return new Uint8Array(await (await modelFile(deps, "tiny", index).blob()).arrayBuffer());
}

async function run(deps: DownloadDeps, what: DownloadSpec = spec(), signal = new AbortController().signal) {
  const events: DownloadEvent[] = [];
  const model = await downloadModel(what, deps, signal, (event) => events.push(event));
  return { model, events };
}

describe("downloading a model", () => {
  it("downloads, reports progress, checks the sha256 and records the model", async () => {
    const host = fakeHost({ [URL_A]: { bytes: MODEL } });
    const deps = setup(host.fetch);
    const { model, events } = await run(deps);
    expect(model).toMatchObject({ id: "tiny", files: [{ name: "a.gguf", bytes: MODEL.length, sha256: SHA, check: "sha256" }] });
    expect(await storedBytes(deps)).toEqual(MODEL);
    expect(events[0]).toEqual({ kind: "started", modelId: "tiny", resumedFrom: 0, total: null });
    const last = events.at(-1);
    expect(last).toMatchObject({ kind: "progress", phase: "verifying", loaded: MODEL.length, total: MODEL.length, percent: 100 });
    expect(await deps.records.partials()).toEqual({});
    expect(Object.keys(await deps.records.installed())).toEqual(["tiny"]);
    expect(await deps.log.entries()).toMatchObject([{ url: URL_A, range: null, status: 200, bytes: MODEL.length, result: "ok" }]);
  });

  it("resumes a connection cut mid-body with a Range request for exactly the missing bytes", async () => {
    const host = fakeHost({ [URL_A]: { bytes: MODEL, cutAt: { 0: 40_960 } } });
    const deps = setup(host.fetch);
    const { events } = await run(deps);
    expect(host.requests.map((r) => r.range)).toEqual([null, "bytes=40960-"]);
    expect(events).toContainEqual({ kind: "retrying", attempt: 1, reason: expect.stringMatching(/connection broke/), fromByte: 40_960 });
    expect(await storedBytes(deps)).toEqual(MODEL);
    expect((await deps.log.entries()).map((e) => [e.result, e.range, e.bytes])).toEqual([
      ["interrupted", null, 40_960],
      ["ok", "bytes=40960-", MODEL.length - 40_960],
    ]);
  });

  it("gives up on a stalled connection and resumes on a new one", async () => {
    const host = fakeHost({ [URL_A]: { bytes: MODEL, stallAt: { 0: 24_576 } } });
    const deps = setup(host.fetch, { stallTimeoutMs: 50 });
    await run(deps);
    expect(host.requests.map((r) => r.range)).toEqual([null, "bytes=24576-"]);
    expect((await deps.log.entries())[0]).toMatchObject({ result: "interrupted", note: "no data arrived for 0 s" });
    expect(await storedBytes(deps)).toEqual(MODEL);
  });

  it("keeps a stopped download and continues it later (a new session), hashing the stored part first", async () => {
    const host = fakeHost({ [URL_A]: { bytes: MODEL, stallAt: { 0: 57_344 } } });
    const first = setup(host.fetch, { stallTimeoutMs: 60_000 });
    const stop = new AbortController();
    const stopped = downloadModel(spec(), first, stop.signal, () => undefined);
    // The host stalls after 57,344 bytes; the user presses Stop while it waits.
    setTimeout(() => stop.abort(), 150);
    await expect(stopped).rejects.toBeInstanceOf(AbortedError);
    expect(Object.keys(await first.records.partials())).toEqual(["tiny"]);
    expect(await modelFile(first, "tiny", 0).size()).toBe(57_344);

    const seen: string[] = [];
    const again: DownloadDeps = { ...first };
    again.fetch = async (url, init) => {
      seen.push(new Headers(init.headers).get("range") ?? "none");
      return fakeHost({ [URL_A]: { bytes: MODEL } }).fetch(url, init);
    };
    const { events, model } = await run(again);
    expect(seen).toEqual(["bytes=57344-"]);
    expect(events[0]).toMatchObject({ kind: "started", resumedFrom: 57_344 });
    expect(events.some((e) => e.kind === "progress" && e.phase === "checking")).toBe(true);
    expect(model.files[0]?.sha256).toBe(SHA);
  });

  it("starts over when the server ignores the Range or the file changed", async () => {
    const ignoring = fakeHost({ [URL_A]: { bytes: MODEL, cutAt: { 0: 30_000 }, ignoreRange: true } });
    const deps = setup(ignoring.fetch);
    await run(deps);
    expect(await storedBytes(deps)).toEqual(MODEL);

    const changing = fakeHost({ [URL_A]: { bytes: MODEL, cutAt: { 0: 30_000 }, etag: (n) => `"v${n}"` } });
    const deps2 = setup(changing.fetch);
    const { model } = await run(deps2);
    expect(model.files[0]?.sha256).toBe(SHA);
    expect((await deps2.log.entries()).map((e) => [e.result, e.range])).toEqual([
      ["interrupted", null],
      ["interrupted", "bytes=30000-"],
      ["ok", null],
    ]);
    expect((await deps2.log.entries())[1]?.note).toMatch(/changed since the download started/);
  });

  it("deletes a file whose sha256 does not match, and says so", async () => {
    const corrupt = MODEL.slice();
    corrupt[50_000] = (corrupt[50_000] ?? 0) ^ 0xff;
    const deps = setup(fakeHost({ [URL_A]: { bytes: corrupt } }).fetch);
    const attempt = run(deps);
    await expect(attempt).rejects.toBeInstanceOf(ModelFileError);
    await expect(attempt).rejects.toThrow(/failed its checksum.*catalog lists .*Hearth deleted the file/);
    expect((deps.directory as MemoryDirectory).store.size).toBe(0);
    expect(await deps.records.installed()).toEqual({});
  });

  it("refuses a file that is not a GGUF without keeping any of it", async () => {
    const page = new TextEncoder().encode("<!DOCTYPE html><html><body>Sign in to continue</body></html>");
    const deps = setup(fakeHost({ [URL_A]: { bytes: page } }).fetch);
    await expect(run(deps, spec(null))).rejects.toThrow(/Tiny is not a GGUF model: it looks like a web page/);
    expect((deps.directory as MemoryDirectory).store.size).toBe(0);
    expect((await deps.log.entries())[0]).toMatchObject({ result: "refused" });
  });

  it("stops on a full disk with a plain message instead of retrying as if the connection broke", async () => {
    /** A directory that refuses more than 20,000 bytes in all, as OPFS does when the disk is full. */
    class FullDisk extends MemoryDirectory {
      written = 0;
      override async create(path: readonly string[]) {
        const writer = await super.create(path);
        return {
          ...writer,
          write: async (data: Uint8Array) => {
            this.written += data.length;
            if (this.written > 20_000) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
            await writer.write(data);
          },
        };
      }
    }
    const host = fakeHost({ [URL_A]: { bytes: MODEL } });
    const deps = setup(host.fetch, { directory: new FullDisk() });
    await expect(run(deps)).rejects.toThrow(new ModelFileError("Not enough disk space for this model: free up space or choose a smaller model."));
    expect(host.requests).toHaveLength(1);
    expect(await deps.log.entries()).toMatchObject([{ result: "refused" }]);
  });

  it("refuses hosts outside the allow-list before making any request", async () => {
    const host = fakeHost({});
    const deps = setup(host.fetch);
    await expect(run(deps, spec(SHA, "https://example.com/a.gguf"))).rejects.toThrow(/only from Hugging Face/);
    expect(host.requests).toEqual([]);
    expect(await deps.log.entries()).toMatchObject([{ url: "https://example.com/a.gguf", result: "refused" }]);
  });

  it("checks the quota before starting, and again once the server tells the size", async () => {
    const host = fakeHost({ [URL_A]: { bytes: MODEL } });
    await expect(run(setup(host.fetch, { freeBytes: async () => 50_000 }), spec(SHA, URL_A, 100_000))).rejects.toThrow(
      /Not enough storage space for Tiny: it needs 100 kB more, but Hearth may use only 50 kB/,
    );
    expect(host.requests).toEqual([]);
    await expect(run(setup(host.fetch, { freeBytes: async () => 50_000 }), spec(SHA))).rejects.toThrow(/Not enough storage space/);
    expect(host.requests).toHaveLength(1);
  });

  it("refuses a server file far from the catalog's size", async () => {
    const deps = setup(fakeHost({ [URL_A]: { bytes: MODEL } }).fetch);
    await expect(run(deps, spec(SHA, URL_A, 300_000))).rejects.toThrow(/on the server is 100 kB, but Hearth expected about 300 kB/);
  });

  it("downloads split shards in order", async () => {
    const second = ggufHeaderBytes(3, 30_000);
    const urlB = "http://127.0.0.1:9/models/b.gguf";
    const deps = setup(fakeHost({ [URL_A]: { bytes: MODEL }, [urlB]: { bytes: second } }).fetch);
    const shardSha = createHash("sha256").update(second).digest("hex");
    const { model } = await run(deps, { id: "tiny", name: "Tiny", origin: "custom", files: [{ url: URL_A, approxBytes: null, sha256: SHA }, { url: urlB, approxBytes: null, sha256: shardSha }] });
    expect(model.files.map((f) => [f.name, f.bytes])).toEqual([["a.gguf", MODEL.length], ["b.gguf", second.length]]);
    expect(await storedBytes(deps, 1)).toEqual(second);
  });

  it("retries server errors but not a missing file", async () => {
    const flaky = fakeHost({ [URL_A]: { bytes: MODEL, status: (n) => (n === 0 ? 503 : null) } });
    await run(setup(flaky.fetch));
    expect(flaky.requests).toHaveLength(2);
    const missing = fakeHost({});
    await expect(run(setup(missing.fetch))).rejects.toThrow(/Could not download Tiny: The server answered HTTP 404/);
    expect(missing.requests).toHaveLength(1);
  });

  it("keeps the bytes and says so after the last attempt fails", async () => {
    const host = fakeHost({ [URL_A]: { bytes: MODEL, cutAt: { 0: 20_000, 1: 0, 2: 0, 3: 0 } } });
    const deps = setup(host.fetch);
    await expect(run(deps)).rejects.toThrow(/interrupted .*The 20 kB downloaded so far are kept/);
    expect(await modelFile(deps, "tiny", 0).size()).toBe(20_000);
  });

  it("uses the host's sha256 when the catalog has none, and names its source on a mismatch", async () => {
    const good = setup(fakeHost({ [URL_A]: { bytes: MODEL, headers: { "x-linked-etag": `"${SHA}"` } } }).fetch);
    expect((await run(good, spec(null))).model.files[0]).toMatchObject({ sha256: SHA, check: "host-sha256" });
    const lookedUp = setup(fakeHost({ [URL_A]: { bytes: MODEL } }).fetch, { lookupSha256: async () => "0".repeat(64) });
    await expect(run(lookedUp, spec(null))).rejects.toThrow(/the host publishes 0000000000000000/);
    const sizeOnly = setup(fakeHost({ [URL_A]: { bytes: MODEL } }).fetch);
    expect((await run(sizeOnly, spec(null))).model.files[0]).toMatchObject({ sha256: SHA, check: "size" });
  });

  it("stores models under their own directory", async () => {
    const deps = setup(fakeHost({ [URL_A]: { bytes: MODEL } }).fetch);
    await run(deps);
    expect(await deps.directory.directories([MODELS_DIR])).toEqual(["tiny"]);
  });
});

/**
 * The real engine in e2e tests: the tiny seeded GGUF (tests/fixtures/models) served from the fixture server, which
 * stands in for the model host, and loaded into Hearth's background through the real "engine/load" message.
 */
import type { Page } from "puppeteer-core";
import { makeTinyGguf, type TinyGgufOptions } from "../fixtures/models/tiny-gguf";
import type { FixtureServer } from "./fixture-server";
import { requestIn, type WireReply } from "./wire";

/** Serve a tiny model at `path` (with CORS and Range support, like a model host). Returns its URL and bytes. */
export function serveTinyModel(server: FixtureServer, path = "/models/tiny.gguf", options: TinyGgufOptions = {}): { url: string; bytes: Uint8Array } {
  const bytes = makeTinyGguf(options);
  server.route(path, (request, response) => {
    const headers = {
      "content-type": "application/octet-stream",
      "access-control-allow-origin": "*",
      "access-control-expose-headers": "content-length, content-range, accept-ranges",
      "accept-ranges": "bytes",
    };
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? "");
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
      response.writeHead(206, { ...headers, "content-range": `bytes ${start}-${end}/${bytes.length}`, "content-length": end - start + 1 });
      response.end(Buffer.from(bytes.subarray(start, end + 1)));
      return;
    }
    response.writeHead(200, { ...headers, "content-length": bytes.length });
    response.end(Buffer.from(bytes));
  });
  return { url: server.url(path), bytes };
}

export interface LoadedInfo {
  backend: string;
  modelId: string;
  device: string;
  contextSize: number;
  details: Record<string, unknown>;
}

/** Load the model at `url` into Hearth's engine from an extension page; throws with the engine's message on failure. */
export async function loadRealModel(page: Page, url: string, device: "cpu" | "gpu" | "auto" = "cpu", modelId = "hearth-tiny"): Promise<LoadedInfo> {
  const reply: WireReply<LoadedInfo> = await requestIn(page, "engine/load", { modelId, url, device, backend: "wllama" });
  if (!reply.ok || !reply.value) throw new Error(`engine/load failed: ${reply.error?.name}: ${reply.error?.message}`);
  return reply.value;
}

/** Make the scripted engine answer with `replies` in order (then echo), from an extension page. */
export async function loadScriptedEngine(page: Page, replies: string[] = [], chunkDelayMs = 0): Promise<void> {
  const reply = await requestIn(page, "engine/load", {
    modelId: "scripted",
    url: "http://127.0.0.1:9/scripted.gguf",
    backend: "fake",
    fake: { replies, chunkDelayMs },
  });
  if (!reply.ok) throw new Error(`engine/load (scripted) failed: ${reply.error?.name}: ${reply.error?.message}`);
}

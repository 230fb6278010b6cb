/**
 * The engine across the event page's life: Firefox ends an idle MV3 event page a while after the last qualifying
 * activity (extensions.background.idle.timeout, 30 s by default), and the engine's worker can die under it.
 *
 * What counts as activity (Firefox ESR 153, ext-backgroundPage.js / ExtensionCommon.sys.mjs): an extension API call
 * made by the background ("parentapicall", which is what the host's runtime.getPlatformInfo heartbeat is) and an event
 * delivered to it (runtime.onMessage, Port.onMessage: a stream consumer's "credit" counts). Messages the background
 * posts do not count. So while a consumer keeps granting credit it keeps the page alive by itself; the heartbeat is
 * what carries it through a silent stretch (a long prompt, a model loading, a consumer that pauses). These tests keep
 * the consumer silent on purpose, so only the heartbeat can save the page.
 *
 * The idle timeout here is 12 s, not 2-3 s: the host beats every 10 s (EngineHost's heartbeatIntervalMs default,
 * engine-service.ts does not set it), and with 3 s Firefox ended the page 3.06 s into a generation whose prompt took
 * longer than that.
 */
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "./fixture-server";
import { launchHearth, type HearthBrowser } from "./harness";
import { loadRealModel, serveTinyModel } from "./tiny-model";
import { engineState, requestIn, streamIn, type StreamResult } from "./wire";

const IDLE_TIMEOUT_MS = 12_000;
// Longer than the idle timeout with room to spare: without a heartbeat Firefox ends the page before it is over.
const SILENCE_MS = IDLE_TIMEOUT_MS + 4_000;
const LONG_ANSWER_TOKENS = 300;

let hearth: HearthBrowser;
let fixtures: FixtureServer;
let page: Page;
let slowModelUrl: string;

type Chunk = { kind: string; text?: string; info?: { modelId: string; device: string } };
type Ending = { kind: "done" } | { kind: "error"; error: { name: string; message: string } } | { kind: "disconnected" };
const textOf = (chunks: Chunk[]) => chunks.filter((c) => c.kind === "text").map((c) => c.text).join("");
const textCount = (chunks: Chunk[]) => chunks.filter((c) => c.kind === "text").length;
const greedy = (content: string, maxTokens: number) => ({ messages: [{ role: "user", content }], maxTokens, temperature: 0 });
const SHORT_PROMPT = "Tell me about lighthouses.";

/** Leave a mark on the background page's window; a restarted background page is a new window without it. */
function markBackground(on: Page): Promise<string> {
  return on.evaluate(() => {
    const background = browser.extension.getBackgroundPage() as unknown as Record<string, unknown> | null;
    if (!background) throw new Error("the background page is not running");
    const mark = `mark-${Math.random()}`;
    background.hearthE2eMark = mark;
    return mark;
  });
}

/**
 * The mark on the background page now: null while none runs. Reading it is not extension activity
 * (extension.getBackgroundPage is answered in the page's own process), so polling it never keeps the page alive.
 */
function backgroundMark(on: Page): Promise<string | null> {
  return on.evaluate(() => {
    const background = browser.extension.getBackgroundPage() as unknown as Record<string, unknown> | null;
    if (!background) return null;
    return typeof background.hearthE2eMark === "string" ? background.hearthE2eMark : "unmarked";
  });
}

/** Wait until the background page that carries `mark` is gone (ended, and maybe already started again). */
async function waitForBackgroundEnd(on: Page, mark: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if ((await backgroundMark(on)) !== mark) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the background page was still running ${timeoutMs} ms later`);
}

interface SilentStreamResult {
  chunks: Chunk[];
  ending: Ending;
  /** Chunks that had arrived when the consumer first spoke again. */
  chunksBeforeResume: number;
  /** How long the consumer really said nothing after "start" (page timers may fire late, never early). */
  silentMs: number;
}

/**
 * Stream `payload` like the add-on's own client (8 chunks of credit, then one per chunk), except that nothing is sent
 * to the background for `silenceMs` after "start": the producer stops at the credit limit with the job still running.
 */
function silentStream(on: Page, payload: unknown, silenceMs: number): Promise<SilentStreamResult> {
  return on.evaluate(
    (request: unknown, silence: number) =>
      new Promise<SilentStreamResult>((resolve) => {
        const port = browser.runtime.connect({ name: "hearth/stream" });
        const chunks: Chunk[] = [];
        let owed = 0;
        let resumed = false;
        let chunksBeforeResume = 0;
        const startedAt = performance.now();
        let silentMs = 0;
        const end = (ending: Ending) => resolve({ chunks, ending, chunksBeforeResume, silentMs });
        setTimeout(() => {
          resumed = true;
          silentMs = performance.now() - startedAt;
          chunksBeforeResume = chunks.length;
          if (owed > 0) port.postMessage({ kind: "credit", n: Math.min(owed, 64) });
          owed = 0;
        }, silence);
        port.onMessage.addListener((raw: object) => {
          const message = raw as { kind: string; value?: Chunk; error?: { name: string; message: string } };
          if (message.kind === "chunk" && message.value) {
            chunks.push(message.value);
            if (resumed) port.postMessage({ kind: "credit", n: 1 });
            else owed += 1;
          } else if (message.kind === "done") end({ kind: "done" });
          else if (message.kind === "error" && message.error) end({ kind: "error", error: message.error });
        });
        port.onDisconnect.addListener(() => end({ kind: "disconnected" }));
        port.postMessage({ kind: "start", type: "engine/generate", payload: request, credit: 8 });
      }),
    payload,
    silenceMs,
  );
}

/**
 * Record every Worker the background page starts from now on. wllama's worker is created during a load through the
 * page's global Worker (worker-redirect.ts reads it when a load begins), so install this before loading the model.
 */
function captureWorkers(on: Page): Promise<void> {
  return on.evaluate(() => {
    type Scope = { Worker: typeof Worker; hearthE2eWorkers?: Worker[] };
    const background = browser.extension.getBackgroundPage() as unknown as Scope | null;
    if (!background) throw new Error("the background page is not running");
    const Original = background.Worker;
    const started: Worker[] = [];
    background.hearthE2eWorkers = started;
    background.Worker = function (url: string | URL, options?: WorkerOptions): Worker {
      const worker = new Original(url, options);
      started.push(worker);
      return worker;
    } as unknown as typeof Worker;
  });
}

function capturedWorkers(on: Page): Promise<number> {
  return on.evaluate(() => {
    const background = browser.extension.getBackgroundPage() as unknown as { hearthE2eWorkers?: Worker[] } | null;
    return background?.hearthE2eWorkers?.length ?? 0;
  });
}

/**
 * Stream `payload` and, once `afterTexts` text chunks have arrived, break the newest captured worker:
 * - "crash": make the worker fail the way a wasm/JS error inside it does (it reports "signal.abort" and wllama rejects
 *   everything pending). An "fs.write" to a file id that does not exist throws inside the worker's message handler.
 * - "die": the worker dies outright: its ErrorEvent (what an uncaught error in a worker delivers to its owner) and
 *   then terminate(), after which it answers nothing ever again.
 */
function streamAndBreakWorker(on: Page, payload: unknown, afterTexts: number, how: "crash" | "die"): Promise<StreamResult<Chunk>> {
  return on.evaluate(
    (request: unknown, after: number, mode: "crash" | "die") =>
      new Promise<StreamResult<Chunk>>((resolve) => {
        const background = browser.extension.getBackgroundPage() as unknown as { hearthE2eWorkers?: Worker[] } | null;
        const worker = background?.hearthE2eWorkers?.at(-1);
        if (!worker) throw new Error("no captured wllama worker");
        const port = browser.runtime.connect({ name: "hearth/stream" });
        const chunks: Chunk[] = [];
        let broken = false;
        const timer = setTimeout(() => {
          port.disconnect();
          resolve({ chunks, end: "error", error: { name: "TestTimeout", message: "no end 30 s after the worker broke" } });
        }, 30_000);
        const finish = (result: StreamResult<Chunk>) => {
          clearTimeout(timer);
          resolve(result);
        };
        port.onMessage.addListener((raw: object) => {
          const message = raw as { kind: string; value?: Chunk; error?: { name: string; message: string } };
          if (message.kind === "chunk" && message.value) {
            chunks.push(message.value);
            if (!broken && chunks.filter((c) => c.kind === "text").length >= after) {
              broken = true;
              if (mode === "crash") {
                worker.postMessage({ verb: "fs.write", args: [-1, new Uint8Array(1), 0], callbackId: 1_000_000 });
              } else {
                worker.dispatchEvent(new ErrorEvent("error", { message: "e2e: the worker died" }));
                worker.terminate();
              }
            }
            port.postMessage({ kind: "credit", n: 1 });
          } else if (message.kind === "done") finish({ chunks, end: "done" });
          else if (message.kind === "error") finish({ chunks, end: "error", ...(message.error ? { error: message.error } : {}) });
        });
        port.onDisconnect.addListener(() => finish({ chunks, end: "error", error: { name: "Disconnected", message: "port closed" } }));
        port.postMessage({ kind: "start", type: "engine/generate", payload: request, credit: 8 });
      }),
    payload,
    afterTexts,
    how,
  );
}

beforeAll(async () => {
  fixtures = await startFixtureServer();
  // ~13M parameters, a few hundred tokens a second here: a 300-token answer is several seconds of output.
  slowModelUrl = serveTinyModel(fixtures, "/models/slow.gguf", {
    type: "q8_0",
    shape: { embedding: 256, layers: 12, heads: 4, kvHeads: 4, feedForward: 1024, context: 1024 },
  }).url;
  hearth = await launchHearth({ prefs: { "extensions.background.idle.timeout": IDLE_TIMEOUT_MS } });
  page = await hearth.openExtensionPage("options/index.html", "#settings-form");
});
afterAll(async () => {
  await hearth?.close();
  await fixtures?.close();
});

describe("the engine and the event page's lifetime", () => {
  let reference = "";

  it("keeps the background page alive through a generation while its consumer is silent", { timeout: 90_000 }, async () => {
    await loadRealModel(page, slowModelUrl, "cpu", "hearth-slow");
    const mark = await markBackground(page);
    const result = await silentStream(page, greedy("Write a long story about a lighthouse keeper.", LONG_ANSWER_TOKENS), SILENCE_MS);
    expect(result.silentMs).toBeGreaterThanOrEqual(SILENCE_MS);
    // "disconnected" here means Firefox ended the page mid-job: nothing kept it alive through the silence.
    expect(result.ending).toEqual({ kind: "done" });
    // The job was still running when the silence ended: held at the credit limit, most of the answer still to come.
    expect(result.chunksBeforeResume).toBeLessThanOrEqual(8);
    expect(textCount(result.chunks)).toBe(LONG_ANSWER_TOKENS);
    expect(await backgroundMark(page)).toBe(mark);
  });

  it("fails a generation whose worker crashes, and answers the next request", { timeout: 90_000 }, async () => {
    // User data written before the faults below must outlive all of them (checked at the end of the last test).
    await page.evaluate(async () => {
      const stored = (await browser.storage.local.get("settings")).settings as Record<string, unknown> | undefined;
      await browser.storage.local.set({ settings: { ...(stored ?? {}), version: 1, theme: "dark" } });
    });
    await captureWorkers(page);
    await loadRealModel(page, slowModelUrl, "cpu", "hearth-slow");
    expect(await capturedWorkers(page)).toBe(1);
    const before = await streamIn<Chunk>(page, "engine/generate", greedy(SHORT_PROMPT, 16));
    expect(before.end).toBe("done");
    reference = textOf(before.chunks);

    const crashed = await streamAndBreakWorker(page, greedy("A long answer please.", 600), 3, "crash");
    expect(crashed.end).toBe("error");
    expect(crashed.error?.name).toBe("EngineError");
    expect(crashed.error?.message).toMatch(/crashed/);
    expect(textCount(crashed.chunks)).toBeGreaterThanOrEqual(3);
    expect(textCount(crashed.chunks)).toBeLessThan(600);

    const after = await streamIn<Chunk>(page, "engine/generate", greedy(SHORT_PROMPT, 16));
    expect(after.end).toBe("done");
    expect(after.chunks.find((c) => c.kind === "started")?.info?.modelId).toBe("hearth-slow");
    expect(textOf(after.chunks)).toBe(reference);
    // Answered by a model loaded again on a fresh worker, not by the broken one.
    expect(await capturedWorkers(page)).toBe(2);
  });

  it("fails a generation whose worker dies outright, and answers the next request", { timeout: 90_000 }, async () => {
    const died = await streamAndBreakWorker(page, greedy("A long answer please.", 600), 3, "die");
    // "TestTimeout" here is the old hang: wllama never settles a request on a dead worker.
    expect(died.error).toMatchObject({ name: "EngineError", message: expect.stringMatching(/worker stopped.*e2e: the worker died/) });
    expect(textCount(died.chunks)).toBeLessThan(600);

    const after = await streamIn<Chunk>(page, "engine/generate", greedy(SHORT_PROMPT, 16));
    expect(after.end).toBe("done");
    expect(textOf(after.chunks)).toBe(reference);
    expect(await capturedWorkers(page)).toBe(3);
  });

  it("lets Firefox end the page once the model is unloaded, then reloads the model unasked", { timeout: 90_000 }, async () => {
    await page.evaluate(async () => {
      const stored = (await browser.storage.local.get("settings")).settings as Record<string, unknown> | undefined;
      await browser.storage.local.set({ settings: { ...(stored ?? {}), version: 1, keepAliveMinutes: 0 } });
    });
    const mark = await markBackground(page);
    const last = await streamIn<Chunk>(page, "engine/generate", greedy(SHORT_PROMPT, 16));
    expect(last.end).toBe("done");
    expect(textOf(last.chunks)).toBe(reference);

    // No keep-alive: the model is unloaded at once and the heartbeat stops; from here on only the idle timer runs.
    const endedAfter = await waitForBackgroundEnd(page, mark, IDLE_TIMEOUT_MS + 20_000);
    // Not sooner than the idle timeout: it was Firefox's idle timer, not a crash.
    expect(endedAfter).toBeGreaterThanOrEqual(IDLE_TIMEOUT_MS - 1_000);

    // A new background page (started by this message or by the options page reconnecting its status stream).
    expect(await engineState(page)).toMatchObject({ phase: "idle" });
    expect(await backgroundMark(page)).not.toBe(mark);
    const again = await streamIn<Chunk>(page, "engine/generate", greedy(SHORT_PROMPT, 16));
    expect(again.end).toBe("done");
    expect(again.chunks.find((c) => c.kind === "started")?.info?.modelId).toBe("hearth-slow");
    expect(textOf(again.chunks)).toBe(reference);

    // Nothing the user set was lost to the worker crashes or the event page's end.
    const settings = await page.evaluate(async () => (await browser.storage.local.get("settings")).settings as Record<string, unknown>);
    expect(settings).toMatchObject({ theme: "dark", keepAliveMinutes: 0 });
  });
});

describe("a download and the event page's lifetime", () => {
  it("keeps the page alive for a download no page watches, until the model is stored", { timeout: 90_000 }, async () => {
    // keepAliveMinutes is 0 (the test above): the engine's heartbeat is off, so only the download can keep the page.
    const { bytes } = serveTinyModel(fixtures, "/models/trickle-source.gguf");
    const pieces = 8;
    // Spread over longer than the idle timeout, so a page nothing keeps awake is ended mid-download.
    const gapMs = Math.ceil(SILENCE_MS / pieces);
    fixtures.route("/models/trickle.gguf", (_request, response) => {
      response.writeHead(200, { "content-type": "application/octet-stream", "access-control-allow-origin": "*", "content-length": bytes.length });
      const piece = Math.ceil(bytes.length / pieces);
      const send = (from: number) => {
        if (response.destroyed) return;
        if (from + piece >= bytes.length) return void response.end(Buffer.from(bytes.subarray(from)));
        response.write(Buffer.from(bytes.subarray(from, from + piece)));
        setTimeout(() => send(from + piece), gapMs);
      };
      send(0);
    });
    const mark = await markBackground(page);
    const source = { kind: "url", modelId: "trickle", name: "trickle", files: [{ url: fixtures.url("/models/trickle.gguf"), sha256: null }] };
    // Watch until the first progress, then stop watching, as a closed settings tab does; then say nothing at all.
    const watched = await streamIn<Chunk>(page, "models/download", { source, consent: true, activate: false }, { cancelAfter: 1, cancelKind: "progress" });
    expect(watched.end).toBe("cancelled");
    await new Promise((resolve) => setTimeout(resolve, SILENCE_MS + 3_000));
    // The same background page, and the whole model stored by it from the one request.
    expect(await backgroundMark(page)).toBe(mark);
    const overview = await requestIn<{ installed: { id: string }[]; downloading: string | null }>(page, "models/overview", {});
    expect(overview.value?.downloading).toBeNull();
    expect(overview.value?.installed.map((model) => model.id)).toContain("trickle");
    expect(fixtures.requests.filter((r) => r.path === "/models/trickle.gguf")).toHaveLength(1);
  });
});

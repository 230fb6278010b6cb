/**
 * The model manager end to end: the generated tiny model served from 127.0.0.1 stands in for Hugging Face. Downloads
 * with progress and sha256, a connection cut mid-body resumed with Range, corrupted and non-GGUF files refused,
 * import of a .gguf and a llamafile through the options page's file input, onboarding, and "Remove all AI data"
 * leaving no model bytes behind.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ElementHandle, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLlamafile } from "../fixtures/models/llamafile-fixture";
import { makeTinyGguf } from "../fixtures/models/tiny-gguf";
import { startFixtureServer, type FixtureServer } from "./fixture-server";
import { inExtension, launchHearth, type HearthBrowser } from "./harness";
import { requestIn, streamIn } from "./wire";

let hearth: HearthBrowser;
let fixtures: FixtureServer;
let page: Page;
let scratch: string;

const MODEL = makeTinyGguf({ seed: 3 });
const MODEL_SHA = createHash("sha256").update(MODEL).digest("hex");
const CORS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "content-length, content-range, accept-ranges, etag",
  "accept-ranges": "bytes",
  etag: `"${MODEL_SHA.slice(0, 16)}"`,
};

/**
 * Serve `bytes` like a model host (Range, CORS, preflight); `cutFirst` breaks the first full response half way;
 * `slowMs` sends the body in eight pieces that far apart.
 */
function serveModel(path: string, bytes: Uint8Array, options: { cutFirst?: boolean; slowMs?: number } = {}): string {
  let cut = options.cutFirst === true;
  fixtures.route(path, (request: IncomingMessage, response: ServerResponse) => {
    if (request.method === "OPTIONS") {
      response.writeHead(204, { ...CORS, "access-control-allow-headers": "range", "access-control-allow-methods": "GET" });
      response.end();
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? "");
    if (range) {
      const start = Number(range[1]);
      response.writeHead(206, { ...CORS, "content-range": `bytes ${start}-${bytes.length - 1}/${bytes.length}`, "content-length": bytes.length - start });
      response.end(Buffer.from(bytes.subarray(start)));
      return;
    }
    response.writeHead(200, { ...CORS, "content-type": "application/octet-stream", "content-length": bytes.length });
    if (cut) {
      cut = false;
      // Send half, make sure it left, then drop the connection mid-body.
      response.write(Buffer.from(bytes.subarray(0, bytes.length >> 1)), () => setTimeout(() => request.socket.destroy(), 100));
      return;
    }
    if (options.slowMs) {
      const piece = Math.ceil(bytes.length / 8);
      const send = (from: number) => {
        if (response.destroyed) return;
        if (from + piece >= bytes.length) return void response.end(Buffer.from(bytes.subarray(from)));
        response.write(Buffer.from(bytes.subarray(from, from + piece)));
        setTimeout(() => send(from + piece), options.slowMs);
      };
      send(0);
      return;
    }
    response.end(Buffer.from(bytes));
  });
  return fixtures.url(path);
}

type Chunk = { kind: string; phase?: string; loaded?: number; total?: number | null; percent?: number | null; engine?: { modelId: string } | null; fromByte?: number };

function download(modelId: string, url: string, sha256: string | null, extra: Record<string, unknown> = {}) {
  return streamIn<Chunk>(
    page,
    "models/download",
    { source: { kind: "url", modelId, name: modelId, files: [{ url, sha256 }] }, consent: true, activate: true, stallTimeoutMs: 1500, ...extra },
    { timeoutMs: 45_000 },
  );
}

/** Every file in Hearth's OPFS, with sizes, as the extension itself sees it. */
function opfsFiles(on: Page): Promise<{ path: string; size: number }[]> {
  return inExtension(on, async () => {
    const out: { path: string; size: number }[] = [];
    type Dir = FileSystemDirectoryHandle & { entries(): AsyncIterable<[string, FileSystemHandle]> };
    async function walk(dir: Dir, prefix: string): Promise<void> {
      for await (const [name, handle] of dir.entries()) {
        if (handle.kind === "file") out.push({ path: `${prefix}${name}`, size: (await (handle as FileSystemFileHandle).getFile()).size });
        else await walk(handle as Dir, `${prefix}${name}/`);
      }
    }
    await walk((await navigator.storage.getDirectory()) as Dir, "");
    return out;
  });
}

const generate = (on: Page) =>
  streamIn<{ kind: string; text?: string }>(on, "engine/generate", { messages: [{ role: "user", content: "Hello there." }], maxTokens: 8, temperature: 0 });
const textOf = (chunks: { kind: string; text?: string }[]) => chunks.filter((c) => c.kind === "text").map((c) => c.text).join("");

/** A catalog entry (test builds read extra ones from storage.local) served by the fixture server. */
function testCatalogEntry(id: string, quality: number): Record<string, unknown> {
  return {
    id,
    name: `Tiny ${quality}`,
    parameters: "165K",
    quantization: "Q8_0",
    backend: "wllama",
    files: [{ url: serveModel(`/models/${id}.gguf`, MODEL), approxBytes: MODEL.length, sha256: MODEL_SHA }],
    webllmId: null,
    ramBytes: 50_000_000,
    contextLength: 4096,
    languages: ["en"],
    license: { name: "MIT", url: "https://opensource.org/license/mit" },
    tier: "small",
    quality,
  };
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "hearth-models-"));
  fixtures = await startFixtureServer();
  hearth = await launchHearth();
  const first = await hearth.openExtensionPage("options/index.html", "#settings-form");
  await inExtension(first, (entries: unknown) => browser.storage.local.set({ "models.testCatalog": entries }), [testCatalogEntry("tiny-onboarding", 100), testCatalogEntry("tiny-catalog", 99)]);
  await first.close();
  page = await hearth.openExtensionPage("options/index.html", '#models-catalog li[data-model-id="tiny-catalog"]');
});
afterAll(async () => {
  await hearth?.close();
  await fixtures?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe("model downloads", () => {
  it("lists the catalog with sizes and a recommendation, and asks before any download", async () => {
    const cards = await page.$$eval("#models-catalog li", (items) => items.map((li) => ({ id: (li as HTMLElement).dataset.modelId, text: li.textContent ?? "" })));
    expect(cards.length).toBeGreaterThanOrEqual(5);
    expect(cards.find((c) => c.id === "qwen2.5-0.5b-instruct-q8_0")?.text).toMatch(/676 MB/);
    expect(await page.$$eval("#models-catalog .badge.recommended", (badges) => badges.length)).toBe(1);
    await page.click('#models-catalog button[data-action="download"][data-model-id="smollm2-360m-instruct-q8_0"]');
    await page.waitForSelector("#models-consent[open]");
    expect(await page.$eval("#models-consent", (d) => d.textContent)).toMatch(/386 MB.*huggingface\.co/s);
    await page.keyboard.press("Escape");
    await page.waitForSelector("#models-consent:not([open])");
    const refused = await streamIn(page, "models/download", { source: { kind: "catalog", modelId: "smollm2-360m-instruct-q8_0" } });
    expect(refused).toMatchObject({ end: "error", error: { name: "PermissionError" } });
    expect(await requestIn(page, "models/request-log", {})).toEqual({ ok: true, value: [] });
  });

  it("onboarding recommends a model with its size, asks, downloads with progress and leaves it ready", async () => {
    const onboarding = await hearth.openExtensionPage("options/index.html#onboarding", "#onboarding-download:not([hidden])");
    expect(await onboarding.$eval("#onboarding-recommended", (p) => p.textContent)).toMatch(/Tiny 100 Q8_0, a 335 kB download/);
    expect(await onboarding.$eval("#onboarding-download", (b) => b.textContent)).toBe("Download it (335 kB)");
    await onboarding.click("#onboarding-download");
    await onboarding.waitForSelector("#models-consent[open]");
    expect(fixtures.requests.some((r) => r.path === "/models/tiny-onboarding.gguf")).toBe(false);
    await onboarding.click("#models-consent .consent-ok");
    await onboarding.waitForSelector("#onboarding-return:not([hidden])", { timeout: 30_000 });
    expect(await onboarding.$eval("#onboarding-progress", (d) => ((d as HTMLElement).hidden ? "hidden" : (d.querySelector("progress") as HTMLProgressElement).value))).toBe(100);
    expect(await onboarding.$eval("#onboarding-status", (p) => p.textContent)).toBe("Tiny 100 Q8_0 is ready. Hearth's features can use it now.");
    await onboarding.close();
  });

  it("downloads from the Models section after consent, showing progress, and the model is in use", async () => {
    await page.click('#models-catalog button[data-action="download"][data-model-id="tiny-catalog"]');
    await page.waitForSelector("#models-consent[open]");
    await page.click("#models-consent .consent-ok");
    await page.waitForSelector('#models-installed li[data-model-id="tiny-catalog"][data-active="true"]', { timeout: 30_000 });
    expect(await page.$eval("#models-message", (p) => p.textContent)).toBe("Tiny 99 Q8_0 is ready to use.");
    expect(await page.$eval('#models-installed li[data-model-id="tiny-catalog"]', (li) => li.textContent)).toMatch(/335 kB.*sha256 verified against Hearth's catalog/);
    expect(await page.$eval('#models-catalog li[data-model-id="tiny-catalog"]', (li) => li.dataset.state)).toBe("installed");
  });

  /**
   * Add a catalog entry served slowly (about five seconds), open a settings tab, start its download there with
   * consent, and return the tab once it shows progress.
   */
  async function startSlowCatalogDownload(id: string, quality: number): Promise<Page> {
    const entry = { ...testCatalogEntry(id, quality), files: [{ url: serveModel(`/models/${id}.gguf`, MODEL, { slowMs: 600 }), approxBytes: MODEL.length, sha256: MODEL_SHA }] };
    await inExtension(page, async (added: unknown) => {
      const stored = (await browser.storage.local.get("models.testCatalog"))["models.testCatalog"] as unknown[];
      await browser.storage.local.set({ "models.testCatalog": [...stored, added] });
    }, entry);
    const tab = await hearth.openExtensionPage("options/index.html", `#models-catalog li[data-model-id="${id}"]`);
    await tab.click(`#models-catalog button[data-action="download"][data-model-id="${id}"]`);
    await tab.waitForSelector("#models-consent[open]");
    await tab.click("#models-consent .consent-ok");
    await tab.waitForFunction(() => /\d+%/.test(document.querySelector("#models-progress .progress-text")?.textContent ?? ""), { timeout: 10_000 });
    return tab;
  }

  it("goes on downloading when the settings tab closes; a settings tab opened later shows it and its end", async () => {
    await (await startSlowCatalogDownload("tiny-slow", 98)).close();

    const later = await hearth.openExtensionPage("options/index.html", '#models-catalog li[data-model-id="tiny-slow"]');
    // Still running when the new tab opened: it shows the download's progress and a Stop button that works.
    await later.waitForSelector("#models-progress:not([hidden]) button.stop:not([disabled])", { timeout: 5_000 });
    expect(await later.$eval('#models-catalog li[data-model-id="tiny-slow"]', (li) => li.dataset.state)).toBe("downloading");
    await later.waitForSelector('#models-installed li[data-model-id="tiny-slow"][data-active="true"]', { timeout: 30_000 });
    expect(await later.$eval("#models-message", (p) => p.textContent)).toBe("Tiny 98 Q8_0 is ready to use.");
    // One request from start to end: the download went on, it was not cut and resumed.
    const asked = fixtures.requests.filter((r) => r.path === "/models/tiny-slow.gguf" && r.method === "GET");
    expect(asked.map((r) => r.headers.range ?? null)).toEqual([null]);
    await later.close();
  });

  it("stops a download from its Stop button, keeping what arrived for later", async () => {
    const tab = await startSlowCatalogDownload("tiny-stop", 97);
    await tab.click("#models-progress button.stop");
    await tab.waitForSelector('#models-catalog li[data-model-id="tiny-stop"][data-state="partial"]', { timeout: 10_000 });
    expect(await tab.$eval("#models-message", (p) => p.textContent)).toBe("Stopped. What arrived is kept: download again to continue where it stopped.");
    const overview = await requestIn<{ downloading: string | null }>(tab, "models/overview", {});
    expect(overview.value?.downloading).toBeNull();
    await tab.close();
  });

  it("downloads with progress, checks the sha256, stores the model in OPFS and generates with it", async () => {
    const result = await download("tiny-dl", serveModel("/models/tiny-dl.gguf", MODEL), MODEL_SHA);
    expect(result.end, JSON.stringify(result.error)).toBe("done");
    const progress = result.chunks.filter((c) => c.kind === "progress" && c.phase === "downloading");
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ total: MODEL.length });
    expect(result.chunks.at(-1)).toMatchObject({ kind: "done", engine: { modelId: "tiny-dl" } });
    const overview = await requestIn<{ installed: { id: string; files: { sha256: string; check: string }[] }[] }>(page, "models/overview", {});
    expect(overview.value?.installed.find((m) => m.id === "tiny-dl")?.files[0]).toMatchObject({ sha256: MODEL_SHA, check: "sha256" });
    const stored = (await opfsFiles(page)).filter((f) => f.path.startsWith("hearth-models/tiny-dl/"));
    expect(stored.reduce((sum, f) => sum + f.size, 0)).toBe(MODEL.length);
    const answer = await generate(page);
    expect(answer.end).toBe("done");
    expect(textOf(answer.chunks).length).toBeGreaterThan(0);
  });

  it("resumes a download whose connection was cut half way, asking the server only for the rest", async () => {
    const url = serveModel("/models/tiny-cut.gguf", MODEL, { cutFirst: true });
    const result = await download("tiny-cut", url, MODEL_SHA);
    expect(result.end, JSON.stringify(result.error)).toBe("done");
    const asked = fixtures.requests.filter((r) => r.path === "/models/tiny-cut.gguf" && r.method === "GET").map((r) => r.headers.range ?? null);
    expect(asked[0]).toBeNull();
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(asked[1] ?? "")?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(MODEL.length >> 1);
    expect(result.chunks).toContainEqual(expect.objectContaining({ kind: "retrying", fromByte: resumedAt }));
    const log = await requestIn<{ url: string; range: string | null; result: string }[]>(page, "models/request-log", {});
    expect(log.value?.filter((e) => e.url === url).map((e) => [e.result, e.range])).toEqual([
      ["interrupted", null],
      ["ok", `bytes=${resumedAt}-`],
    ]);
  });

  it("refuses a corrupted file and deletes it, and refuses a file that is not a GGUF", async () => {
    const corrupt = MODEL.slice();
    corrupt[corrupt.length - 100] = (corrupt[corrupt.length - 100] ?? 0) ^ 0xff;
    const bad = await download("tiny-corrupt", serveModel("/models/tiny-corrupt.gguf", corrupt), MODEL_SHA);
    expect(bad).toMatchObject({ end: "error", error: { name: "ModelFileError", message: expect.stringMatching(/failed its checksum.*Hearth deleted the file/) } });
    expect((await opfsFiles(page)).filter((f) => f.path.startsWith("hearth-models/tiny-corrupt/"))).toEqual([]);

    const page404 = new TextEncoder().encode("<!doctype html><html><body><h1>Sign in</h1></body></html>");
    const html = await download("not-a-model", serveModel("/models/not-a-model.gguf", page404), null);
    expect(html).toMatchObject({ end: "error", error: { name: "ModelFileError", message: expect.stringMatching(/not a GGUF model: it looks like a web page/) } });

    const elsewhere = await download("elsewhere", "https://example.com/model.gguf", null);
    expect(elsewhere).toMatchObject({ end: "error", error: { name: "ModelFileError", message: expect.stringMatching(/only from Hugging Face/) } });
    const overview = await requestIn<{ installed: { id: string }[] }>(page, "models/overview", {});
    expect(overview.value?.installed.map((m) => m.id)).not.toEqual(expect.arrayContaining(["tiny-corrupt", "not-a-model", "elsewhere"]));
  });
});

describe("import, onboarding and removal", () => {
  async function importFile(name: string, bytes: Uint8Array): Promise<void> {
    const path = join(scratch, name);
    writeFileSync(path, bytes);
    const input = (await page.$("#models-import-file")) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(path);
  }

  it("imports a .gguf and a llamafile through the file input, and refuses a file that is neither", async () => {
    await importFile("Imported Tiny.gguf", makeTinyGguf({ seed: 5 }));
    await page.waitForSelector('#models-installed li[data-model-id="import-imported-tiny"][data-active="true"]', { timeout: 30_000 });
    await importFile("tiny.llamafile", buildLlamafile([{ name: "tiny.gguf", data: makeTinyGguf({ seed: 6 }) }]));
    await page.waitForSelector('#models-installed li[data-model-id="import-tiny"][data-active="true"]', { timeout: 30_000 });
    const answer = await generate(page);
    expect(answer.end).toBe("done");
    const sizes = (await opfsFiles(page)).filter((f) => f.path.startsWith("hearth-models/import-tiny/")).reduce((sum, f) => sum + f.size, 0);
    expect(sizes).toBe(makeTinyGguf({ seed: 6 }).length);

    await importFile("notes.gguf", new TextEncoder().encode("These are my notes, not a model."));
    await page.waitForFunction(() => document.querySelector("#models-message.error")?.textContent?.includes("notes.gguf is not a GGUF model or a llamafile"), { timeout: 15_000 });
  });

  /** The open tab whose location matches, found by asking each page (BiDi target URLs can lag behind). */
  async function findPage(matches: (href: string) => boolean): Promise<Page> {
    for (let attempt = 0; attempt < 60; attempt++) {
      for (const candidate of await hearth.browser.pages()) {
        const href = await Promise.race([candidate.evaluate(() => location.href).catch(() => ""), new Promise<string>((r) => setTimeout(() => r(""), 500))]);
        if (matches(href)) return candidate;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error("no such page");
  }

  it("opens onboarding for a feature and returns to the tab that asked", async () => {
    expect(await requestIn(page, "models/open-onboarding", {})).toEqual({ ok: true, value: null });
    const onboarding = await findPage((href) => href.endsWith("options/index.html#onboarding"));
    await onboarding.waitForSelector("#onboarding:not([hidden]) #onboarding-return:not([hidden])", { timeout: 15_000 });
    expect(await onboarding.$eval("#onboarding", (s) => s.textContent)).toMatch(/never leave your device/);
    await onboarding.click("#onboarding-return");
    // The onboarding tab closes (asked of Firefox itself: puppeteer's page list can keep a closed tab) and the tab
    // that asked is in front again.
    const onboardingTabs = () => inExtension(page, async () => (await browser.tabs.query({})).filter((tab) => tab.url?.endsWith("#onboarding")).length);
    for (let i = 0; i < 40 && (await onboardingTabs()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await onboardingTabs()).toBe(0);
    const inFront = await inExtension(page, async () => {
      const [active] = await browser.tabs.query({ active: true, currentWindow: true });
      return active?.id === (await browser.tabs.getCurrent())?.id;
    });
    expect(inFront).toBe(true);
  });

  it("'Remove all AI data' deletes every model byte and says what it deleted", async () => {
    expect((await opfsFiles(page)).length).toBeGreaterThan(0);
    // What other parts of Hearth leave: the chat history database and a web-llm weight cache.
    await inExtension(page, async () => {
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("hearth-chat-history", 1);
        open.onupgradeneeded = () => open.result.createObjectStore("conversations");
        open.onsuccess = () => (open.result.close(), resolve());
        open.onerror = () => reject(open.error);
      });
      await (await caches.open("webllm/model")).put("https://huggingface.co/x/resolve/main/params.bin", new Response("weights"));
    });
    const before = await requestIn<{ storage: { usage: number } }>(page, "models/overview", {});
    await page.click("#models-remove-all");
    await page.waitForSelector("#models-confirm-remove[open]");
    await page.click("#models-confirm-remove .confirm-ok");
    await page.waitForSelector("#models-removed li", { timeout: 15_000 });
    const removed = await page.$$eval("#models-removed li", (items) => items.map((li) => li.textContent ?? ""));
    expect(removed).toEqual(
      expect.arrayContaining(["Model files: tiny-dl", "Model files: import-tiny", "Database: hearth-chat-history", "Cache: webllm/model"]),
    );
    expect(await opfsFiles(page)).toEqual([]);
    const left = await inExtension(page, async () => ({ databases: (await indexedDB.databases()).map((d) => d.name), caches: await caches.keys() }));
    expect(left.databases).not.toContain("hearth-chat-history");
    expect(left.caches).toEqual([]);
    const overview = await requestIn<{ installed: unknown[]; storage: { modelBytes: number; usage: number } }>(page, "models/overview", {});
    expect(overview.value).toMatchObject({ installed: [], storage: { modelBytes: 0 } });
    // Four tiny models were stored (two downloads, two imports); Firefox's own count drops by at least three of them.
    const freed = (before.value?.storage.usage ?? 0) - (overview.value?.storage.usage ?? 0);
    expect(freed).toBeGreaterThan(3 * MODEL.length);
    const noModel = await generate(page);
    expect(noModel).toMatchObject({ end: "error", error: { name: "ModelNotLoadedError" } });
  });
});

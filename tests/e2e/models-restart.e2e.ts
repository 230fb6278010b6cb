/**
 * After Firefox ends Hearth's idle event page, the next request starts a new one, which loads the active model from
 * local storage (OPFS) without asking and without the network. The idle timeout is shortened to make that happen fast.
 */
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "./fixture-server";
import { inExtension, launchHearth, type HearthBrowser } from "./harness";
import { serveTinyModel } from "./tiny-model";
import { requestIn, streamIn } from "./wire";

let hearth: HearthBrowser;
let fixtures: FixtureServer;
let page: Page;

type Chunk = { kind: string; text?: string; info?: { modelId: string } };
const ask = () => streamIn<Chunk>(page, "engine/generate", { messages: [{ role: "user", content: "Hi." }], maxTokens: 6, temperature: 0 });
const textOf = (chunks: Chunk[]) => chunks.filter((c) => c.kind === "text").map((c) => c.text).join("");
/** When the running background page started; a new value means Firefox started a new one. */
const backgroundStart = () => inExtension(page, async () => ((await browser.runtime.getBackgroundPage()) as unknown as Window | null)?.performance.timeOrigin ?? null);

beforeAll(async () => {
  fixtures = await startFixtureServer();
  hearth = await launchHearth({ prefs: { "extensions.background.idle.timeout": 1500 } });
  page = await hearth.openExtensionPage("options/index.html", "#settings-form");
});
afterAll(async () => {
  await hearth?.close();
  await fixtures?.close();
});

describe("the active model after the event page restarts", () => {
  it("is loaded again from local storage, with no new download", async () => {
    const { url } = serveTinyModel(fixtures, "/models/restart.gguf");
    const loaded = await requestIn(page, "engine/load", { modelId: "restart-tiny", url, device: "cpu" });
    expect(loaded).toMatchObject({ ok: true });
    const first = await ask();
    expect(first.end).toBe("done");
    const startedAt = await backgroundStart();
    expect(startedAt).not.toBeNull();
    // Unload at once when idle, so nothing keeps the event page awake; then give Firefox time to end it.
    await inExtension(page, async () => {
      const stored = (await browser.storage.local.get("settings")).settings as Record<string, unknown> | undefined;
      await browser.storage.local.set({ settings: { ...(stored ?? {}), version: 1, keepAliveMinutes: 0 } });
    });
    const downloads = fixtures.requests.filter((r) => r.path === "/models/restart.gguf").length;
    let restarted = false;
    // Leave the background alone (no message, no getBackgroundPage) long enough for Firefox to end it, then ask.
    for (let i = 0; i < 4 && !restarted; i++) {
      await new Promise((resolve) => setTimeout(resolve, 6000));
      const again = await ask();
      expect(again.end, JSON.stringify(again.error)).toBe("done");
      expect(again.chunks.find((c) => c.kind === "started")?.info?.modelId).toBe("restart-tiny");
      expect(textOf(again.chunks)).toBe(textOf(first.chunks));
      const now = await backgroundStart();
      restarted = now !== null && now !== startedAt;
    }
    expect(restarted).toBe(true);
    expect(fixtures.requests.filter((r) => r.path === "/models/restart.gguf").length).toBe(downloads);
  });
});

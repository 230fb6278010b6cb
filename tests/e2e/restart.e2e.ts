/**
 * Nothing is lost when Firefox closes: the chat history, the stored model (still the active one, with no new
 * download) and the settings are all there after a restart with the same profile.
 *
 * Both launches install the built add-on as a temporary add-on (the only way to install an unsigned one here) with the
 * same id and uuid into the same profile; Firefox keeps the add-on's data in the profile, as for a normal install.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChat, send, settled, shownMessages, type ShownMessage } from "./chat-helpers";
import { startFixtureServer, type FixtureServer } from "./fixture-server";
import { inExtension, launchHearth, type HearthBrowser } from "./harness";
import { loadRealModel, serveTinyModel } from "./tiny-model";
import { requestIn } from "./wire";

let fixtures: FixtureServer;
let profileDir: string;
let hearth: HearthBrowser | null = null;

const launch = () => launchHearth({ profileDir });
const modelRequests = () => fixtures.requests.filter((request) => request.path === "/models/restart-tiny.gguf").length;

beforeAll(async () => {
  fixtures = await startFixtureServer();
  profileDir = mkdtempSync(join(tmpdir(), "hearth-profile-"));
});
afterAll(async () => {
  await hearth?.close();
  await fixtures?.close();
  rmSync(profileDir, { recursive: true, force: true });
});

describe("after Firefox restarts", () => {
  let before: ShownMessage[] = [];
  let downloads = 0;

  it("first: a model is stored and in use, a conversation is held, a setting is changed", async () => {
    hearth = await launch();
    const chat = await openChat(hearth);
    const { url } = serveTinyModel(fixtures, "/models/restart-tiny.gguf");
    await loadRealModel(chat, url, "cpu", "restart-tiny");
    await send(chat, "Hello before the restart");
    before = await settled(chat, 1);
    expect(before.map((message) => [message.role, message.status])).toEqual([
      ["user", "complete"],
      ["assistant", "complete"],
    ]);
    await inExtension(chat, async () => {
      const stored = (await browser.storage.local.get("settings")).settings as Record<string, unknown> | undefined;
      await browser.storage.local.set({ settings: { ...(stored ?? {}), version: 1, theme: "dark" } });
    });
    downloads = modelRequests();
    expect(downloads).toBeGreaterThan(0);
    await hearth.close();
    hearth = null;
  });

  it("then: the conversation, the active model and the setting are all still there, and the model answers", async () => {
    hearth = await launch();
    const chat = await openChat(hearth);
    await chat.waitForFunction((n: number) => document.querySelectorAll(".chat-message").length === n, { timeout: 10_000 }, before.length);
    expect(await shownMessages(chat)).toEqual(before);

    const overview = await requestIn<{ installed: { id: string }[]; activeModelId: string | null }>(chat, "models/overview", {});
    expect(overview.value?.installed.map((model) => model.id)).toContain("restart-tiny");
    expect(overview.value?.activeModelId).toBe("restart-tiny");
    const settings = await inExtension(chat, async () => (await browser.storage.local.get("settings")).settings as Record<string, unknown>);
    expect(settings).toMatchObject({ theme: "dark" });

    // The stored model loads from this computer when the next question comes: no new download.
    await send(chat, "Hello after the restart");
    const after = await settled(chat, 2, 60_000);
    expect(after.at(-1)).toMatchObject({ role: "assistant", status: "complete" });
    expect(modelRequests()).toBe(downloads);
  });
});

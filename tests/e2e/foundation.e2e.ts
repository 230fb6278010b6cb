import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "./fixture-server";
import { inExtension, launchHearth, type HearthBrowser } from "./harness";

let hearth: HearthBrowser;
let fixtures: FixtureServer;

beforeAll(async () => {
  fixtures = await startFixtureServer();
  hearth = await launchHearth();
});
afterAll(async () => {
  await hearth?.close();
  await fixtures?.close();
});

describe("foundation", () => {
  it("a fixture page's content script reaches the background and hears back with its own tab id", async () => {
    const article = await hearth.openPage(fixtures.url("/article.html"));
    const options = await hearth.openExtensionPage("options/index.html", "#settings-form");
    const articleUrl = article.url();
    // Without the "tabs" permission the add-on cannot see tab URLs, so ask every tab's content script and let the
    // background say which tab and page each reply came from.
    const replies = await inExtension(options, async () => {
      const tabs = await browser.tabs.query({});
      const answers: { tabId: number; reply: unknown }[] = [];
      for (const tab of tabs) {
        if (tab.id === undefined) continue;
        for (let attempt = 0; attempt < 20; attempt++) {
          try {
            const reply = await browser.tabs.sendMessage(tab.id, { hearth: "request", type: "content/ping", payload: { text: "hello" } });
            answers.push({ tabId: tab.id, reply });
            break;
          } catch {
            // No content script in this tab (an extension page), or not loaded yet.
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      }
      return answers;
    });
    const fromArticle = replies.find((r) => (r.reply as { value?: { url?: string } }).value?.url === articleUrl);
    expect(fromArticle, JSON.stringify(replies)).toBeDefined();
    expect(fromArticle?.reply).toEqual({
      ok: true,
      value: { text: "hello", tabId: fromArticle?.tabId, kind: "content-script", url: articleUrl },
    });
    await article.close();
    await options.close();
  });

  it("the sidebar page shows the background's live status and the add-on version", async () => {
    const sidebar = await hearth.openExtensionPage("sidebar/index.html", "#status[data-phase='idle']");
    const text = await sidebar.$eval("#status", (element) => element.textContent);
    const version = await sidebar.$eval("#version", (element) => element.textContent);
    const manifestVersion = await inExtension(sidebar, () => browser.runtime.getManifest().version);
    expect(text).toBe("No model loaded");
    expect(version).toBe(`Version ${manifestVersion}`);
    await sidebar.close();
  });

  it("the options page saves a setting that survives a reload, and refuses an invalid one", async () => {
    const options = await hearth.openExtensionPage("options/index.html", "#settings-form");
    await options.$eval("#keepAliveMinutes", (input) => ((input as HTMLInputElement).value = ""));
    await options.type("#keepAliveMinutes", "17");
    await options.click("#save");
    await options.waitForSelector("#save-result.ok");

    void options.reload().catch(() => {});
    await options.waitForFunction(() => (document.getElementById("keepAliveMinutes") as HTMLInputElement | null)?.value === "17", {
      timeout: 15_000,
    });

    await options.$eval("#localServerUrl", (input) => ((input as HTMLInputElement).value = "http://192.168.0.10:11434"));
    await options.click("#save");
    await options.waitForSelector("#save-result.error");
    const stored = await inExtension(options, async () => (await browser.storage.local.get("settings")).settings as Record<string, unknown>);
    expect(stored.keepAliveMinutes).toBe(17);
    expect(stored.localServerUrl).toBe("http://127.0.0.1:8080");
    await options.close();
  });

  it("a web page cannot reach the background", async () => {
    const article = await hearth.openPage(fixtures.url("/article.html"));
    const outcome = await article.evaluate(() => {
      const g = globalThis as { browser?: unknown; chrome?: { runtime?: { sendMessage?: unknown } } };
      return { hasBrowser: typeof g.browser, hasSendMessage: typeof g.chrome?.runtime?.sendMessage };
    });
    expect(outcome).toEqual({ hasBrowser: "undefined", hasSendMessage: "undefined" });
    await article.close();
  });
});

/**
 * Translate selection, end to end with the scripted engine: the real content script, background and panel in Firefox,
 * started through "translate/start" (the context menu's code path). Also: what the user sees before any model exists.
 */
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { splitText } from "../../src/features/translate/text-chunks";
import { estimateTokens, selectionChunkBudget, type ModelFacts } from "../../src/features/translate/token-estimate";
import { startFixtureServer, type FixtureServer } from "./fixture-server";
import { inExtension } from "./harness";
import { loadScriptedEngine } from "./tiny-model";
import { BAR, clickIn, PANEL, selectContents, startSession, statusOf, waitForPhase, type HookWindow, type TranslateSession } from "./translate-ui";
import { requestIn } from "./wire";

let fixtures: FixtureServer;
let session: TranslateSession;

beforeAll(async () => {
  fixtures = await startFixtureServer();
  session = await startSession(fixtures);
});
afterAll(async () => {
  await session?.hearth.close();
  await fixtures?.close();
});

/** What the selection panel shows. */
function panelView(page: Page) {
  return page.evaluate((tag: string) => {
    const root = (window as unknown as HookWindow).__hearthShadowRoot?.(tag) ?? null;
    const panel = root?.querySelector<HTMLElement>(".panel");
    if (!root || !panel || !panel.isConnected) return null;
    const output = root.querySelector<HTMLElement>(".output");
    return {
      phase: panel.dataset.phase ?? "",
      status: root.querySelector(".status")?.textContent ?? "",
      output: output?.textContent ?? "",
      lang: output?.lang ?? "",
      dir: output?.dir ?? "",
      target: root.querySelector<HTMLSelectElement>("select.target")?.value ?? "",
      stopShown: !(root.querySelector<HTMLButtonElement>("button.stop")?.hidden ?? true),
      hostInBody: document.body.contains(root.host),
      pageSeesRoot: root.host.shadowRoot !== null,
    };
  }, PANEL);
}

describe("before any model is installed", () => {
  it("the panel and the page bar say what to do instead of failing silently", async () => {
    const { page, tabId } = await session.openInFront("/translate-selection.html");
    await selectContents(page, "#german");
    await session.start(tabId, "selection");
    await waitForPhase(page, PANEL, ".panel", ["error"]);
    expect(await panelView(page)).toMatchObject({ status: "No model yet: open Hearth's settings to download one.", stopShown: false });

    await page.close();

    await session.setTarget("de");
    const article = await session.openInFront("/translate-article.html");
    expect(await session.start(article.tabId, "page")).toEqual({ ok: true, value: { started: false } });
    await waitForPhase(article.page, BAR, ".bar", ["error"]);
    expect(await statusOf(article.page, BAR)).toBe("No model yet: open Hearth's settings to download one.");
    await session.setTarget("en");
    await article.page.close();
  });
});

describe("translate selection", () => {
  it("streams the translation of the selected German text into the browser's language, then closes on Esc", async () => {
    await loadScriptedEngine(session.ext, ["The river was quiet this morning, and the market opened late."], 60);
    const { page, tabId } = await session.openInFront("/translate-selection.html");
    await selectContents(page, "#german");
    expect(await session.start(tabId, "selection")).toEqual({ ok: true, value: { started: true } });

    // Part of the answer is on screen while the model is still writing.
    await page.waitForFunction((tag: string) => {
      const root = (window as unknown as HookWindow).__hearthShadowRoot?.(tag) ?? null;
      const text = root?.querySelector(".output")?.textContent ?? "";
      return text.length > 0 && root?.querySelector<HTMLElement>(".panel")?.dataset.phase === "translating";
    }, { timeout: 15_000 }, PANEL);
    const partial = await panelView(page);
    expect(partial?.stopShown).toBe(true);
    expect("The river was quiet this morning, and the market opened late.".startsWith(partial?.output ?? "x")).toBe(true);

    await waitForPhase(page, PANEL, ".panel", ["done"]);
    expect(await panelView(page)).toEqual({
      phase: "done",
      status: "Translated from German.",
      output: "The river was quiet this morning, and the market opened late.",
      lang: "en",
      dir: "ltr",
      target: "en",
      stopShown: false,
      hostInBody: false,
      pageSeesRoot: false,
    });

    await clickIn(page, PANEL, "button.copy");
    await page.waitForFunction((tag: string) =>
      (window as unknown as HookWindow).__hearthShadowRoot?.(tag)?.querySelector(".status")?.textContent === "Copied to the clipboard.",
    { timeout: 5_000 }, PANEL);

    await page.keyboard.press("Escape");
    expect(await panelView(page)).toBeNull();
    expect(await page.evaluate((tag: string) => document.querySelector(tag), PANEL)).toBeNull();
    await page.close();
  });

  it("says the text is already in the target language, then translates and remembers another target, right to left for Arabic", async () => {
    await loadScriptedEngine(session.ext, ["Der Fluss war heute Morgen ruhig.", "كان النهر هادئا هذا الصباح."]);
    const { page, tabId } = await session.openInFront("/translate-selection.html");
    await selectContents(page, "#english");
    await session.start(tabId, "selection");
    await waitForPhase(page, PANEL, ".panel", ["same-language"]);
    expect(await panelView(page)).toMatchObject({
      status: "This text is already in English. Pick another language above to translate it.",
      output: "",
    });

    await page.evaluate((tag: string) => {
      const select = (window as unknown as HookWindow).__hearthShadowRoot?.(tag)?.querySelector<HTMLSelectElement>("select.target");
      if (!select) throw new Error("no select");
      select.value = "de";
      select.dispatchEvent(new Event("change"));
    }, PANEL);
    await waitForPhase(page, PANEL, ".panel", ["done"]);
    expect(await panelView(page)).toMatchObject({ output: "Der Fluss war heute Morgen ruhig.", lang: "de", dir: "ltr", target: "de" });
    await expect.poll(() => inExtension(session.ext, async () => (await browser.storage.local.get("settings")).settings?.targetLanguage)).toBe("de");

    await page.evaluate((tag: string) => {
      const select = (window as unknown as HookWindow).__hearthShadowRoot?.(tag)?.querySelector<HTMLSelectElement>("select.target");
      if (!select) throw new Error("no select");
      select.value = "ar";
      select.dispatchEvent(new Event("change"));
    }, PANEL);
    await page.waitForFunction((tag: string) =>
      (window as unknown as HookWindow).__hearthShadowRoot?.(tag)?.querySelector(".output")?.textContent === "كان النهر هادئا هذا الصباح.",
    { timeout: 15_000 }, PANEL);
    expect(await panelView(page)).toMatchObject({ phase: "done", lang: "ar", dir: "rtl", target: "ar" });
    await session.setTarget("en");
    await page.close();
  });

  it("says clearly when the text is in a language Hearth cannot translate from", async () => {
    await loadScriptedEngine(session.ext, []);
    const { page, tabId } = await session.openInFront("/translate-selection.html");
    await selectContents(page, "#welsh");
    await session.start(tabId, "selection");
    await waitForPhase(page, PANEL, ".panel", ["unsupported"]);
    expect(await panelView(page)).toMatchObject({ status: "Hearth cannot translate from Welsh yet.", output: "", stopShown: false });
    await page.close();
  });

  it("explains an empty selection, and Stop keeps what was translated so far", async () => {
    await loadScriptedEngine(session.ext, ["one two three four five six seven eight nine ten eleven twelve"], 250);
    const { page, tabId } = await session.openInFront("/translate-selection.html");
    await page.evaluate(() => getSelection()?.removeAllRanges());
    expect(await session.start(tabId, "selection")).toEqual({ ok: true, value: { started: false } });
    expect(await panelView(page)).toMatchObject({
      phase: "empty",
      status: "Nothing is selected. Select some text on the page, then choose “Translate selection” again.",
    });

    await selectContents(page, "#german");
    await session.start(tabId, "selection");
    await page.waitForFunction((tag: string) =>
      ((window as unknown as HookWindow).__hearthShadowRoot?.(tag)?.querySelector(".output")?.textContent ?? "").length > 0,
    { timeout: 15_000 }, PANEL);
    await clickIn(page, PANEL, "button.stop");
    await waitForPhase(page, PANEL, ".panel", ["stopped"]);
    const stopped = await panelView(page);
    expect(stopped?.status).toBe("Stopped.");
    expect(stopped?.output.length).toBeGreaterThan(0);
    expect(stopped?.output.length).toBeLessThan("one two three four five six seven eight nine ten eleven twelve".length);
    await page.close();
  });

  it("shows a styled panel on a page whose CSP forbids styles, where page scripts cannot reach it", async () => {
    fixtures.route("/translate-csp.html", (_request, response) => {
      response.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": "default-src 'none'; style-src 'none'; script-src 'none'",
      });
      response.end('<!doctype html><html lang="en"><body><p id="text">Strict page</p></body></html>');
    });
    const { page, tabId } = await session.openInFront("/translate-csp.html");
    await session.start(tabId, "selection");
    await waitForPhase(page, PANEL, ".panel", ["empty"]);
    const look = await page.evaluate((tag: string) => {
      const root = (window as unknown as HookWindow).__hearthShadowRoot?.(tag) ?? null;
      const panel = root?.querySelector(".panel");
      const host = document.querySelector(tag);
      return {
        radius: panel ? getComputedStyle(panel).borderTopLeftRadius : null,
        position: host ? getComputedStyle(host).position : null,
        pageSeesRoot: host?.shadowRoot ?? null,
        translateNo: host?.getAttribute("translate"),
      };
    }, PANEL);
    expect(look).toEqual({ radius: "8px", position: "fixed", pageSeesRoot: null, translateNo: "no" });
    await page.close();
  });

  it("translates a selection of over 20,000 characters in parts, showing the progress", async () => {
    await loadScriptedEngine(session.ext, []);
    const facts = await modelFacts();
    const paragraphs = Array.from({ length: 72 }, (_, index) =>
      `Paragraph ${index + 1} tells how the river, the market and the station changed over the years in the valley town.`.repeat(3),
    );
    const text = paragraphs.join("\n\n");
    expect(text.length).toBeGreaterThan(20_000);
    fixtures.route("/translate-long.html", (_request, response) => {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(`<!doctype html><html lang="en"><body>${paragraphs.map((p) => `<p>${p}</p>`).join("")}</body></html>`);
    });
    const parts = splitText(text, selectionChunkBudget(facts), (piece) => estimateTokens(piece, facts.charsPerToken));
    expect(parts.length).toBeGreaterThan(3);

    const { page, tabId } = await session.openInFront("/translate-long.html");
    await selectContents(page, "body");
    await page.evaluate(() => {
      const statuses: string[] = [];
      (window as unknown as { __statuses: string[] }).__statuses = statuses;
      const tag = "hearth-translate-panel";
      const watch = () => {
        const root = (window as unknown as HookWindow).__hearthShadowRoot?.(tag) ?? null;
        const status = root?.querySelector(".status");
        if (!status) return void setTimeout(watch, 5);
        statuses.push(status.textContent ?? "");
        new MutationObserver(() => statuses.push(status.textContent ?? "")).observe(status, { childList: true, characterData: true, subtree: true });
      };
      watch();
    });
    await session.setTarget("de");
    await session.start(tabId, "selection");
    await waitForPhase(page, PANEL, ".panel", ["done"], 60_000);
    const selected = await page.evaluate(() => getSelection()?.toString().trim() ?? "");
    const expected = splitText(selected, selectionChunkBudget(facts), (piece) => estimateTokens(piece, facts.charsPerToken));
    // The scripted engine echoes each part as "[fake] <part>" once its replies run out.
    expect((await panelView(page))?.output).toBe(expected.map((part) => `${part.separator}[fake] ${part.text}`).join(""));
    const statuses = await page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
    for (let part = 1; part <= expected.length; part++) {
      expect(statuses).toContain(`Translating part ${part} of ${expected.length}…`);
    }
    await session.setTarget("en");
    await page.close();
  });
});

async function modelFacts(): Promise<ModelFacts> {
  const reply = await requestIn<ModelFacts>(session.ext, "translate/model-facts", {});
  if (!reply.ok || !reply.value) throw new Error(`model facts: ${JSON.stringify(reply.error)}`);
  return reply.value;
}

/**
 * The sidebar chat end to end in Firefox: the panel (sidebar/index.html#chat, opened in a tab), the background's
 * "chat/reply", the history in IndexedDB. First on the REAL engine with the tiny generated model (its output is random
 * printable text, so those tests assert behaviour), then on the scripted engine for exact UI assertions.
 */
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { makeMultiPagePdf } from "../fixtures/pdf/make-pdfs";
import { startFixtureServer, type FixtureServer } from "./fixture-server";
import { EXTENSION_ORIGIN, launchHearth, type HearthBrowser } from "./harness";
import { loadRealModel, loadScriptedEngine, serveTinyModel } from "./tiny-model";
import { openChat as openChatIn, send, settled, shownMessages } from "./chat-helpers";
import { requestIn } from "./wire";

let hearth: HearthBrowser;
let fixtures: FixtureServer;

const ARTICLE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The harbour light</title></head><body>
<article><h1>The harbour light</h1>
<h2>History</h2><p>The harbour light was first lit in 1852 by the town council. For decades a keeper trimmed the wick every night and wound the clockwork that turned the lens.</p>
<h2>Fuel</h2><p>The lamp first burned whale oil, which smoked and smelled. In 1881 the keepers switched to kerosene, which burned brighter and cost less.</p>
<h2>Today</h2><p>Since 1964 the light has been automatic. A volunteer society opens the tower to visitors on summer weekends and repairs the lantern room.</p>
</article></body></html>`;

beforeAll(async () => {
  fixtures = await startFixtureServer();
  fixtures.route("/harbour.html", (_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(ARTICLE);
  });
  const pdf = await makeMultiPagePdf();
  fixtures.route("/chat-report.pdf", (_request, response) => {
    response.writeHead(200, { "content-type": "application/pdf", "content-length": pdf.length });
    response.end(Buffer.from(pdf));
  });
  hearth = await launchHearth();
});
afterAll(async () => {
  await hearth?.close();
  await fixtures?.close();
});

const openChat = (path?: string) => openChatIn(hearth, path);

/** Click the button labelled `label` inside the last element matching `scope`. */
async function clickButton(page: Page, scope: string, label: string): Promise<void> {
  const clicked = await page.evaluate(
    (selector: string, text: string) => {
      const scopes = document.querySelectorAll(selector);
      const target = [...(scopes[scopes.length - 1]?.querySelectorAll("button") ?? [])].find((b) => b.textContent === text);
      target?.click();
      return target !== undefined;
    },
    scope,
    label,
  );
  if (!clicked) throw new Error(`no "${label}" button in ${scope}`);
}

const statusLine = (page: Page) => page.$eval(".chat-status", (element) => element.textContent ?? "");

describe("chat on the real engine (tiny model)", () => {
  let page: Page;

  beforeAll(async () => {
    page = await openChat();
    const { url } = serveTinyModel(fixtures);
    await loadRealModel(page, url, "cpu");
  });
  // One chat per window at a time, as in real use: a selection action goes to the one chat of its window.
  afterAll(async () => page?.close());

  it("streams an answer into the conversation and says what the prompt used", async () => {
    // Record every status the answer passes through, to see it stream rather than appear at once.
    await page.evaluate(() => {
      const seen = new Set<string>();
      (window as unknown as { seenStatuses: Set<string> }).seenStatuses = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll<HTMLElement>('.chat-message[data-role="assistant"]')) {
          if ((el.querySelector(".chat-message-body")?.textContent ?? "") !== "") seen.add(el.dataset.status ?? "");
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await send(page, "Hello there");
    const messages = await settled(page, 1);
    expect(messages.map((m) => [m.role, m.status])).toEqual([["user", "complete"], ["assistant", "complete"]]);
    expect(messages[0]?.text).toBe("Hello there");
    expect(messages[1]?.text.length).toBeGreaterThan(0);
    expect(messages[1]?.buttons).toEqual(["Copy", "Regenerate"]);
    const seen = await page.evaluate(() => [...(window as unknown as { seenStatuses: Set<string> }).seenStatuses]);
    expect(seen).toContain("streaming");
    expect(await statusLine(page)).toMatch(/^using \d+ of 512 tokens · first words in /);
    expect(await page.$eval(".chat-title", (el) => el.textContent)).toBe("Hello there");
    expect(await page.$eval("#chat-model", (el) => el.textContent)).toBe("hearth-tiny · wllama on the CPU");
  });

  it("stops mid-answer with Stop and keeps the partial answer, marked, with Retry", async () => {
    // Press Stop the moment the first words show, from inside the page, so the tiny model cannot finish first.
    await page.evaluate(() => {
      const observer = new MutationObserver(() => {
        const answers = document.querySelectorAll<HTMLElement>('.chat-message[data-role="assistant"]');
        const last = answers[answers.length - 1];
        if (answers.length === 2 && last?.dataset.status === "streaming" && last.querySelector(".chat-message-body")?.textContent) {
          observer.disconnect();
          document.querySelector<HTMLButtonElement>(".chat-stop")?.click();
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await send(page, "Tell me a very long story");
    const messages = await settled(page, 2);
    const stopped = messages.at(-1);
    expect(stopped?.status).toBe("stopped");
    expect(stopped?.text.length).toBeGreaterThan(0);
    expect(stopped?.note).toBe("Stopped: this answer is incomplete.");
    expect(stopped?.buttons).toEqual(["Copy", "Retry"]);
    // The engine is free again: the next question is answered.
    await send(page, "Are you still there?");
    expect((await settled(page, 3)).at(-1)?.status).toBe("complete");
  });

  it("keeps the conversation when the sidebar closes and opens again", async () => {
    const before = await shownMessages(page);
    await page.close();
    page = await openChat();
    await page.waitForFunction((n: number) => document.querySelectorAll(".chat-message").length === n, { timeout: 10_000 }, before.length);
    expect(await shownMessages(page)).toEqual(before);
    expect(before.map((m) => m.status)).toEqual(["complete", "complete", "complete", "stopped", "complete", "complete"]);
    await page.click(".chat-history-toggle");
    await page.waitForSelector(".chat-history-list li");
    const titles = await page.$$eval(".chat-history-open", (buttons) => buttons.map((b) => b.textContent));
    expect(titles).toEqual(["Hello there"]);
  });

  it("answers with the page on the real engine, within its small context, and says what of the page fit", async () => {
    const article = await hearth.openPage(fixtures.url("/harbour.html"));
    await page.bringToFront();
    try {
      await page.click(".chat-new");
      await page.waitForFunction(() => document.querySelector("#chat-page-name")?.textContent === "The harbour light", { polling: 50 });
      await page.click("#chat-use-page");
      await send(page, "Fuel?");
      const answer = (await settled(page, 1)).at(-1);
      expect(answer?.status).toBe("complete");
      expect(answer?.text.length).toBeGreaterThan(0);
      // The tiny model reads 512 byte-sized tokens: some, or none, of the page fits, and the line says which.
      expect(await statusLine(page)).toMatch(
        /^using \d+ of 512 tokens; (whole page included|page left out: no room|page cut after .+|\d+ of \d+ page passages) · first words in /,
      );
    } finally {
      await article.close();
    }
  });
});

describe("chat on the scripted engine", () => {
  let page: Page;

  beforeAll(async () => {
    page = await openChat();
    await page.click(".chat-new");
  });
  afterAll(async () => page?.close());
  // Background tabs get no animation frames (nor timely timers), which would slow the page's waits and renders.
  beforeEach(async () => {
    await page.bringToFront();
  });

  it("renders answers as safe Markdown: headings, lists, links without opener, images as text", async () => {
    await loadScriptedEngine(page, [
      "# Lighthouses\n\n## Parts\n\n- lamp\n- lens\n- gallery\n\nSee [the society](https://lights.example/about).\n\n![a lighthouse at dusk](https://lights.example/x.png)",
    ]);
    await send(page, "Show me Markdown");
    await settled(page, 1);
    const rendered = await page.$eval('.chat-message[data-role="assistant"] .chat-message-body', (body) => ({
      h1: body.querySelector("h1")?.textContent,
      h2: body.querySelector("h2")?.textContent,
      items: [...body.querySelectorAll("ul > li")].map((li) => li.textContent),
      link: { href: body.querySelector("a")?.getAttribute("href"), rel: body.querySelector("a")?.getAttribute("rel"), target: body.querySelector("a")?.getAttribute("target") },
      images: body.querySelectorAll("img").length,
      text: body.textContent,
    }));
    expect(rendered).toMatchObject({ h1: "Lighthouses", h2: "Parts", items: ["lamp", "lens", "gallery"], images: 0 });
    expect(rendered.link.href).toBe("https://lights.example/about");
    expect(rendered.link.rel?.split(" ")).toEqual(expect.arrayContaining(["noopener", "noreferrer"]));
    expect(rendered.text).toContain("[image: a lighthouse at dusk]");
    // Copy puts the answer's Markdown source on the clipboard (a real click: clipboard writes need user input).
    await page.click('.chat-message[data-role="assistant"] .chat-message-actions button');
    await page.waitForFunction(() => document.querySelector('.chat-message[data-role="assistant"] .chat-message-actions button')?.textContent !== "Copy", { polling: 20 });
    expect(await page.$eval('.chat-message[data-role="assistant"] .chat-message-actions button', (b) => b.textContent)).toBe("Copied");
    // The user's own message is plain text, even when it looks like Markdown or HTML.
    await loadScriptedEngine(page, ["ok"]);
    await send(page, "<b>not bold</b> **nor this**");
    await settled(page, 2);
    const question = await page.$$eval('.chat-message[data-role="user"] .chat-message-body', (bodies) => bodies[1]?.innerHTML);
    expect(question).toBe("&lt;b&gt;not bold&lt;/b&gt; **nor this**");
  });

  it("regenerates the last answer and edits the last question", async () => {
    await page.click(".chat-new");
    await loadScriptedEngine(page, ["First answer.", "Second answer.", "Answer to the edited question."]);
    await send(page, "Question one");
    expect((await settled(page, 1)).at(-1)?.text).toBe("First answer.");
    await clickButton(page, '.chat-message[data-role="assistant"]', "Regenerate");
    await page.waitForFunction(() => document.querySelector('.chat-message[data-role="assistant"] .chat-message-body')?.textContent?.trim() === "Second answer.", { polling: 50 });
    expect((await shownMessages(page)).map((m) => m.text)).toEqual(["Question one", "Second answer."]);

    await clickButton(page, '.chat-message[data-role="user"]', "Edit");
    await page.waitForSelector(".chat-edit-field");
    await page.$eval(".chat-edit-field", (field) => ((field as HTMLTextAreaElement).value = ""));
    await page.type(".chat-edit-field", "Question edited");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector('.chat-message[data-role="assistant"] .chat-message-body')?.textContent?.trim() === "Answer to the edited question.", { polling: 50 });
    const messages = await settled(page, 1);
    expect(messages.map((m) => [m.role, m.text, m.status])).toEqual([
      ["user", "Question edited", "complete"],
      ["assistant", "Answer to the edited question.", "complete"],
    ]);
  });

  it("sends with Enter, breaks lines with Shift+Enter, and refuses an empty message inline", async () => {
    await page.click(".chat-new");
    await page.focus("#chat-input");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector(".chat-notice")?.textContent === "Type a message first.");
    expect(await page.$$(".chat-message")).toHaveLength(0);
    await loadScriptedEngine(page, ["Two lines received."]);
    await page.type("#chat-input", "line one");
    await page.keyboard.down("Shift");
    await page.keyboard.press("Enter");
    await page.keyboard.up("Shift");
    await page.type("#chat-input", "line two");
    await page.keyboard.press("Enter");
    const messages = await settled(page, 1);
    expect(messages[0]?.text).toBe("line one\nline two");
    expect(await page.$eval(".chat-notice", (el) => (el as HTMLElement).hidden)).toBe(true);
  });

  it("uses the page: reads the article, says what fits and when, and puts the page text in the prompt", async () => {
    const article = await hearth.openPage(fixtures.url("/harbour.html"));
    const chat = await openChat();
    try {
      await chat.click(".chat-new");
      await chat.waitForFunction(() => document.querySelector("#chat-page-name")?.textContent === "The harbour light");
      await chat.click("#chat-use-page");
      // No scripted replies left: the scripted engine echoes the prompt's last message, which shows what it was sent.
      await loadScriptedEngine(chat, []);
      await send(chat, "What fuel did the lamp burn?");
      const answer = (await settled(chat, 1)).at(-1)?.text ?? "";
      expect(answer).toContain("Title: The harbour light");
      expect(answer).toContain("whale oil");
      expect(answer).toMatch(/What fuel did the lamp burn\?$/);
      expect(await statusLine(chat)).toMatch(/^using [\d,]+ of 4,096 tokens; whole page included · first words in (under a second|about \d+ seconds?)$/);
      const passages = await chat.$$eval(".chat-page-passages li", (items) => items.map((li) => li.textContent ?? ""));
      expect(passages.some((text) => text.startsWith("Fuel: ") && text.includes("whale oil"))).toBe(true);
      expect(await chat.$eval(".chat-page-passages summary", (el) => el.textContent)).toMatch(/^What Hearth read from “The harbour light” \(\d+ passages\)$/);

      // A follow-up keeps the page (in front of the first question, so the engine can reuse its cache): the last
      // message the engine sees is the new question alone, and the budget still counts the whole page.
      await send(chat, "And later?");
      const followUp = (await settled(chat, 2)).at(-1)?.text ?? "";
      expect(followUp).toBe("[fake] And later?");
      expect(await statusLine(chat)).toMatch(/^using [\d,]+ of 4,096 tokens; whole page included · /);
    } finally {
      await chat.close();
      await article.close();
    }
  });

  it("uses an open PDF: reads it with pdf.js and answers from its text", async () => {
    const pdf = await hearth.openPage(fixtures.url("/chat-report.pdf"));
    const chat = await openChat();
    try {
      await chat.click(".chat-new");
      await chat.waitForFunction(() => (document.querySelector("#chat-page-name")?.textContent ?? "").startsWith("PDF: "), { polling: 50 });
      expect(await chat.$eval("#chat-use-page", (box) => (box as HTMLInputElement).disabled)).toBe(false);
      await chat.click("#chat-use-page");
      await loadScriptedEngine(chat, []);
      await send(chat, "Who will be qualified as a supplier?");
      const answer = (await settled(chat, 1)).at(-1);
      expect(answer?.status).toBe("complete");
      expect(answer?.text).toContain("a second supplier will be qualified before the end of the year");
      expect(answer?.text).toMatch(/Who will be qualified as a supplier\?$/);
      expect(await statusLine(chat)).toMatch(/^using [\d,]+ of 4,096 tokens; whole page included · /);
      const passages = await chat.$$eval(".chat-page-passages li", (items) => items.map((li) => li.textContent ?? ""));
      expect(passages.some((text) => text.includes("second supplier"))).toBe(true);
    } finally {
      await chat.close();
      await pdf.close();
    }
  });

  it("offers to summarize a message too long for the model, and does", async () => {
    await page.click(".chat-new");
    await loadScriptedEngine(page, []);
    const paragraph = (i: number) => `Paragraph ${i} is about topic ${i % 7} and repeats it at length to fill the space. It goes on.`;
    const huge = Array.from({ length: 500 }, (_, i) => paragraph(i)).join("\n\n");
    await send(page, huge);
    const failed = (await settled(page, 1)).at(-1);
    expect(failed?.status).toBe("error");
    expect(failed?.note).toMatch(/^Interrupted: Your message is about [\d,]+ tokens, but this model can read at most [\d,]+ tokens.*Summarize it first/);
    expect(failed?.buttons).toEqual(["Copy", "Summarize it first"]);
    await clickButton(page, '.chat-message[data-role="assistant"]', "Summarize it first");
    await page.waitForFunction(() => {
      const answer = document.querySelector<HTMLElement>('.chat-message[data-role="assistant"]');
      return answer?.dataset.status === "complete";
    }, { timeout: 30_000 });
    const messages = await shownMessages(page);
    expect(messages).toHaveLength(2);
    expect(messages[0]?.text).toMatch(/^Summarize the key points of this text \(Hearth kept \d+ of its 1000 sentences so it fits\):\n\nParagraph/);
    expect(messages[0]?.text.length).toBeLessThan(huge.length / 2);
  });

  it("keeps a partial answer, marked, when the model is unloaded mid-answer, and Retry answers again", async () => {
    await page.click(".chat-new");
    await loadScriptedEngine(page, ["one two three four five six seven eight nine ten eleven twelve", "Back again."], 100);
    await send(page, "Count slowly");
    await page.waitForFunction(() => (document.querySelector('.chat-message[data-role="assistant"] .chat-message-body')?.textContent ?? "").trim().length > 0, { polling: 20 });
    const unloaded = await requestIn(page, "engine/unload", {});
    expect(unloaded.ok).toBe(true);
    const failed = (await settled(page, 1)).at(-1);
    expect(failed?.status).toBe("error");
    expect(failed?.text).toMatch(/^one\b/);
    expect(failed?.text.length).toBeLessThan("one two three four five six seven eight nine ten eleven twelve".length);
    expect(failed?.note).toMatch(/^Interrupted: The model was unloaded/);
    expect(failed?.buttons).toEqual(["Copy", "Retry", "Open settings"]);
    await clickButton(page, '.chat-message[data-role="assistant"]', "Retry");
    await page.waitForFunction(() => document.querySelector('.chat-message[data-role="assistant"]')?.getAttribute("data-status") === "complete", { timeout: 30_000 });
    expect((await shownMessages(page)).map((m) => m.text)).toEqual(["Count slowly", "Back again."]);
  });

  it("stops with Esc", async () => {
    await page.click(".chat-new");
    await loadScriptedEngine(page, ["a b c d e f g h i j k l m n o p"], 100);
    await send(page, "Go on");
    await page.waitForFunction(() => (document.querySelector('.chat-message[data-role="assistant"] .chat-message-body')?.textContent ?? "").trim().length > 0, { polling: 20 });
    await page.keyboard.press("Escape");
    const stopped = (await settled(page, 1)).at(-1);
    expect(stopped?.status).toBe("stopped");
    expect(stopped?.text.length).toBeLessThan("a b c d e f g h i j k l m n o p".length);
  });
});

describe("chat history and windows (scripted engine)", () => {
  let page: Page;

  beforeAll(async () => {
    page = await openChat();
  });
  beforeEach(async () => {
    await page.bringToFront();
  });

  const historyTitles = (p: Page) => p.$$eval(".chat-history-list .chat-history-open", (buttons) => buttons.map((b) => b.textContent ?? ""));

  async function search(p: Page, query: string): Promise<void> {
    await p.$eval(".chat-history-search", (field, value) => {
      (field as HTMLInputElement).value = value as string;
      field.dispatchEvent(new Event("input"));
    }, query);
  }

  it("finds, renames, exports and deletes conversations, and deletes all only after asking", async () => {
    await page.click(".chat-new");
    await loadScriptedEngine(page, ["Keepers, for a century.", "Kerosene burned brighter than **whale oil**."]);
    await send(page, "Who kept the light?");
    await settled(page, 1);
    await page.click(".chat-new");
    await send(page, "Which fuel was better?");
    await settled(page, 1);
    await page.click(".chat-history-toggle");
    await page.waitForSelector(".chat-history-list li");
    expect(await historyTitles(page)).toContain("Which fuel was better?");

    await search(page, "KEROSENE burned");
    await page.waitForFunction(() => document.querySelectorAll(".chat-history-list li").length === 1, { polling: 50 });
    expect(await historyTitles(page)).toEqual(["Which fuel was better?"]);
    expect(await page.$eval(".chat-history-snippet", (el) => el.textContent)).toContain("Kerosene burned brighter");

    await clickButton(page, ".chat-history-list li", "Rename");
    await page.waitForSelector(".chat-rename-field");
    await page.$eval(".chat-rename-field", (field) => ((field as HTMLInputElement).value = ""));
    await page.type(".chat-rename-field", "Harbour fuels");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector(".chat-history-open")?.textContent === "Harbour fuels", { polling: 50 });
    // The open conversation's header follows the new name.
    await page.waitForFunction(() => document.querySelector(".chat-title")?.textContent === "Harbour fuels", { polling: 50 });

    // Export: catch the download link's click and the blob behind it (the page's CSP keeps fetch() off blob: URLs).
    await page.evaluate(() => {
      const captured: { name: string; href: string }[] = [];
      const blobs = new Map<string, Blob>();
      (window as unknown as { downloads: typeof captured; blobs: typeof blobs }).downloads = captured;
      (window as unknown as { blobs: typeof blobs }).blobs = blobs;
      const createObjectURL = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (object: Blob | MediaSource) => {
        const url = createObjectURL(object);
        if (object instanceof Blob) blobs.set(url, object);
        return url;
      };
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        captured.push({ name: this.download, href: this.href });
      };
    });
    await clickButton(page, ".chat-history-list li", "Export");
    await page.waitForFunction(() => (window as unknown as { downloads: unknown[] }).downloads.length === 1, { polling: 50 });
    const exported = await page.evaluate(async () => {
      const download = (window as unknown as { downloads: { name: string; href: string }[] }).downloads[0];
      const blob = (window as unknown as { blobs: Map<string, Blob> }).blobs.get(download?.href ?? "");
      return { name: download?.name ?? "", href: download?.href ?? "", text: (await blob?.text()) ?? "" };
    });
    expect(exported.name).toMatch(/^\d{4}-\d{2}-\d{2}-Harbour-fuels\.md$/);
    expect(exported.href).toMatch(/^blob:moz-extension:\/\//);
    expect(exported.text).toMatch(/^# Harbour fuels\n\nExported from Hearth\. Started \d{4}-\d{2}-\d{2}\.\n\n## You\n\nWhich fuel was better\?\n\n## Hearth\n\nKerosene burned brighter than \*\*whale oil\*\*\.\n$/);

    await clickButton(page, ".chat-history-list li", "Delete");
    await page.waitForSelector(".chat-confirm:not([hidden])");
    expect(await page.$eval(".chat-confirm p", (el) => el.textContent)).toBe("Delete “Harbour fuels”? This cannot be undone.");
    await clickButton(page, ".chat-confirm", "Delete");
    await page.waitForFunction(() => document.querySelectorAll(".chat-history-list li").length === 0, { polling: 50 });
    // The conversation on screen was the one deleted: the chat starts afresh.
    await page.waitForFunction(() => document.querySelectorAll(".chat-message").length === 0, { polling: 50 });
    await search(page, "");
    await page.waitForFunction(() => document.querySelectorAll(".chat-history-list li").length > 0, { polling: 50 });
    expect(await historyTitles(page)).toContain("Who kept the light?");
    expect(await historyTitles(page)).not.toContain("Harbour fuels");

    const before = (await historyTitles(page)).length;
    await page.click(".chat-delete-all");
    await page.waitForSelector(".chat-confirm:not([hidden])");
    expect(await page.$eval(".chat-confirm p", (el) => el.textContent)).toBe(`Delete all ${before} conversations? This cannot be undone.`);
    await clickButton(page, ".chat-confirm", "Cancel");
    expect(await historyTitles(page)).toHaveLength(before);
    await page.click(".chat-delete-all");
    await page.waitForSelector(".chat-confirm:not([hidden])");
    await clickButton(page, ".chat-confirm", "Delete all");
    await page.waitForFunction(() => document.querySelector(".chat-history-empty")?.textContent === "No conversations yet.", { polling: 50 });
    expect(await historyTitles(page)).toEqual([]);
    await page.click(".chat-history-toggle");
  });

  it("takes selection actions meant for its window: Explain is sent at once, Ask waits in the message box", async () => {
    await loadScriptedEngine(page, ["It is a light that guides ships."]);
    const windowId = await page.evaluate(async () => (await browser.windows.getCurrent()).id ?? null);
    const post = (action: string, text: string, window: number | null) =>
      page.evaluate(
        (a: string, t: string, w: number | null) =>
          browser.storage.session.set({ "chat.pendingAction": { id: crypto.randomUUID(), action: a, text: t, windowId: w, createdAt: Date.now() } }),
        action,
        text,
        window,
      );
    await post("explain", "The beacon on the\nheadland", windowId);
    const messages = await settled(page, 1);
    expect(messages.map((m) => m.text)).toEqual(["Explain this in simple words:\n\n> The beacon on the\n> headland", "It is a light that guides ships."]);

    // Another window's action is left alone.
    await post("ask", "Not for this window", (windowId ?? 0) + 1000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await page.$eval("#chat-input", (field) => (field as HTMLTextAreaElement).value)).toBe("");

    await post("ask", "The keeper's log", windowId);
    await page.waitForFunction(() => (document.querySelector("#chat-input") as HTMLTextAreaElement).value !== "", { polling: 50 });
    expect(await page.$eval("#chat-input", (field) => (field as HTMLTextAreaElement).value)).toBe("About this passage:\n\n> The keeper's log\n\n");
    expect(await shownMessages(page)).toHaveLength(2);
    await page.$eval("#chat-input", (field) => ((field as HTMLTextAreaElement).value = ""));
  });

  it("two chats in two windows answer at once, each into its own conversation, and never write over each other", async () => {
    await page.click(".chat-new");
    await loadScriptedEngine(page, [], 30);
    const other = await hearth.browser.newPage({ type: "window" });
    // As in the harness: goto never resolves for moz-extension:// over BiDi, so wait for the page itself.
    other.goto(`${EXTENSION_ORIGIN}/sidebar/index.html#chat`).catch(() => {});
    await other.waitForSelector(".chat-composer", { timeout: 15_000 });
    const windowOf = (p: Page) => p.evaluate(async () => (await browser.windows.getCurrent()).id);
    expect(await windowOf(other)).not.toBe(await windowOf(page));

    // The scripted engine echoes: each answer names its own question, whichever the engine serves first.
    await Promise.all([send(page, "Question from window one"), send(other, "Question from window two")]);
    const [one, two] = await Promise.all([settled(page, 1), settled(other, 1)]);
    expect(one.map((m) => m.text)).toEqual(["Question from window one", "[fake] Question from window one"]);
    expect(two.map((m) => m.text)).toEqual(["Question from window two", "[fake] Question from window two"]);

    // Both windows now show window one's conversation; while window one is answering, window two may not write.
    await other.click(".chat-history-toggle");
    await other.waitForFunction(() => [...document.querySelectorAll(".chat-history-open")].some((b) => b.textContent === "Question from window one"), { polling: 50 });
    await other.evaluate(() => {
      const open = [...document.querySelectorAll<HTMLButtonElement>(".chat-history-open")].find((b) => b.textContent === "Question from window one");
      open?.click();
    });
    await other.waitForFunction(() => document.querySelector(".chat-title")?.textContent === "Question from window one", { polling: 50 });
    await loadScriptedEngine(page, ["slow words to keep the lock for a while yet"], 150);
    await send(page, "Follow-up from window one");
    await page.waitForFunction(() => document.querySelector(".chat-stop:not([hidden])") !== null, { polling: 20 });
    await send(other, "Follow-up from window two");
    await other.waitForFunction(() => (document.querySelector(".chat-notice")?.textContent ?? "") !== "", { polling: 50 });
    const notice = await other.$eval(".chat-notice", (el) => el.textContent);
    expect(["Another window is answering in this conversation. Wait for it, or start a new chat.", "This conversation was changed in another window, so it was reloaded. Send again if you still want to."]).toContain(notice);
    // Nothing was sent from window two, and its words are back in its message box.
    expect(await other.$eval("#chat-input", (field) => (field as HTMLTextAreaElement).value)).toBe("Follow-up from window two");
    const final = await settled(page, 2);
    expect(final.map((m) => m.text)).toEqual([
      "Question from window one",
      "[fake] Question from window one",
      "Follow-up from window one",
      "slow words to keep the lock for a while yet",
    ]);
    // Reopened from storage, the conversation is exactly what window one shows.
    const reopened = await openChat();
    try {
      await reopened.waitForFunction(() => document.querySelectorAll(".chat-message").length === 4, { polling: 50, timeout: 10_000 });
      expect((await shownMessages(reopened)).map((m) => m.text)).toEqual(final.map((m) => m.text));
    } finally {
      await reopened.close();
      await other.close();
    }
  });
});

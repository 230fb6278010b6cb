import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { ValidationError } from "../../shared/protocol/errors";
import { CURRENT_VERSION, openHistoryDb } from "./history-db";
import { HistoryStore, titleFromMessage } from "./history-store";

const open: HistoryStore[] = [];
let dbCount = 0;

/** A store on a fresh database, with a clock that ticks one second per call and predictable ids. */
async function freshStore(name = `history-test-${++dbCount}`): Promise<{ store: HistoryStore; name: string }> {
  let clock = 1_700_000_000_000;
  let ids = 0;
  const store = await HistoryStore.open({ name, now: () => (clock += 1000), newId: () => `c${++ids}` });
  open.push(store);
  return { store, name };
}

afterEach(() => {
  for (const store of open.splice(0)) store.close();
});

describe("HistoryStore", () => {
  it("creates a conversation and appends messages in order", async () => {
    const { store } = await freshStore();
    const chat = await store.create({ page: { url: "https://example.com/a", title: "A page" } });
    await store.append(chat.id, { role: "user", content: "Why is the sky blue?" });
    await store.append(chat.id, { role: "assistant", content: "Rayleigh scattering." });
    const loaded = await store.get(chat.id);
    expect(loaded?.conversation).toMatchObject({
      title: "Why is the sky blue?",
      messageCount: 2,
      pageUrl: "https://example.com/a",
      pageTitle: "A page",
    });
    expect(loaded?.messages.map((m) => [m.seq, m.role, m.content, m.status])).toEqual([
      [0, "user", "Why is the sky blue?", "complete"],
      [1, "assistant", "Rayleigh scattering.", "complete"],
    ]);
  });

  it("keeps a given title, and names an untitled chat from its first user message only", async () => {
    const { store } = await freshStore();
    const named = await store.create({ title: "  Trip plans " });
    await store.append(named.id, { role: "user", content: "Rome or Lisbon?" });
    expect((await store.get(named.id))?.conversation.title).toBe("Trip plans");
    const greeted = await store.create();
    await store.append(greeted.id, { role: "assistant", content: "Hello! Ask me anything." });
    expect((await store.get(greeted.id))?.conversation.title).toBe("");
    await store.append(greeted.id, { role: "user", content: "What is a monad?" });
    expect((await store.get(greeted.id))?.conversation.title).toBe("What is a monad?");
  });

  it("updates the last message while an answer streams, then marks it stopped", async () => {
    const { store } = await freshStore();
    const chat = await store.create();
    await store.append(chat.id, { role: "user", content: "Count to three" });
    await store.append(chat.id, { role: "assistant", content: "" });
    await store.updateLast(chat.id, { content: "One, two" });
    const last = await store.updateLast(chat.id, { status: "stopped" });
    expect(last).toMatchObject({ seq: 1, content: "One, two", status: "stopped" });
    expect((await store.get(chat.id))?.messages.at(-1)).toEqual(last);
  });

  it("refuses to update a conversation without messages or one that does not exist", async () => {
    const { store } = await freshStore();
    const chat = await store.create();
    await expect(store.updateLast(chat.id, { content: "x" })).rejects.toBeInstanceOf(ValidationError);
    await expect(store.updateLast("nope", { content: "x" })).rejects.toBeInstanceOf(ValidationError);
    await expect(store.append("nope", { role: "user", content: "x" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("truncates to replace a regenerated answer", async () => {
    const { store } = await freshStore();
    const chat = await store.create();
    for (const content of ["q1", "a1", "q2", "a2"]) {
      await store.append(chat.id, { role: content.startsWith("q") ? "user" : "assistant", content });
    }
    await store.truncate(chat.id, 3);
    await store.append(chat.id, { role: "assistant", content: "a2 again" });
    const loaded = await store.get(chat.id);
    expect(loaded?.messages.map((m) => m.content)).toEqual(["q1", "a1", "q2", "a2 again"]);
    expect(loaded?.conversation.messageCount).toBe(4);
  });

  it("lists conversations by last activity, newest first", async () => {
    const { store } = await freshStore();
    const first = await store.create({ title: "first" });
    const second = await store.create({ title: "second" });
    const third = await store.create({ title: "third" });
    await store.append(first.id, { role: "user", content: "back to this one" });
    expect((await store.list()).map((c) => c.id)).toEqual([first.id, third.id, second.id]);
  });

  it("lists the conversations about a page", async () => {
    const { store } = await freshStore();
    const a = await store.create({ page: { url: "https://example.com/a", title: "A" } });
    await store.create({ page: { url: "https://example.com/b", title: "B" } });
    await store.create();
    expect((await store.listForPage("https://example.com/a")).map((c) => c.id)).toEqual([a.id]);
  });

  it("searches titles and message text, ignoring case and accents", async () => {
    const { store } = await freshStore();
    const coffee = await store.create({ title: "Café recommendations" });
    const code = await store.create({ title: "Debugging" });
    await store.append(code.id, { role: "user", content: "Why does my loop never end?" });
    await store.append(code.id, {
      role: "assistant",
      content: `${"Some context. ".repeat(10)}The condition of the WHILE loop is never false, so it runs forever.`,
    });
    const byTitle = await store.search("cafe");
    expect(byTitle).toEqual([{ conversation: expect.objectContaining({ id: coffee.id }), snippet: null }]);
    const byContent = await store.search("while loop");
    expect(byContent.map((hit) => hit.conversation.id)).toEqual([code.id]);
    // Cut before the match (marked …), not after it: the message ends within the snippet's reach.
    expect(byContent[0]?.snippet).toMatch(/^…[^…]{0,45}The condition of the WHILE loop is never false, so it runs forever\.$/);
    expect(await store.search("nothing like this")).toEqual([]);
    expect(await store.search("   ")).toEqual([]);
  });

  it("renames, and refuses an empty or overlong title", async () => {
    const { store } = await freshStore();
    const chat = await store.create();
    expect((await store.rename(chat.id, "  New\nname ")).title).toBe("New name");
    expect((await store.get(chat.id))?.conversation.title).toBe("New name");
    await expect(store.rename(chat.id, " ")).rejects.toBeInstanceOf(ValidationError);
    await expect(store.rename(chat.id, "x".repeat(201))).rejects.toBeInstanceOf(ValidationError);
    await expect(store.rename("nope", "x")).rejects.toBeInstanceOf(ValidationError);
  });

  it("deletes one conversation with its messages and leaves the others", async () => {
    const { store } = await freshStore();
    const gone = await store.create();
    const kept = await store.create();
    await store.append(gone.id, { role: "user", content: "secret" });
    await store.append(kept.id, { role: "user", content: "keep me" });
    await store.delete(gone.id);
    expect(await store.get(gone.id)).toBeUndefined();
    expect(await store.search("secret")).toEqual([]);
    expect((await store.get(kept.id))?.messages).toHaveLength(1);
  });

  it("deletes everything", async () => {
    const { store } = await freshStore();
    const chat = await store.create();
    await store.append(chat.id, { role: "user", content: "hello" });
    await store.deleteAll();
    expect(await store.list()).toEqual([]);
    expect(await store.get(chat.id)).toBeUndefined();
  });

  it("keeps conversations when the database is closed and opened again", async () => {
    const { store, name } = await freshStore();
    const chat = await store.create({ title: "Persistent" });
    await store.append(chat.id, { role: "user", content: "Remember me" });
    store.close();
    const reopened = await HistoryStore.open({ name });
    open.push(reopened);
    const loaded = await reopened.get(chat.id);
    expect(loaded?.conversation.title).toBe("Persistent");
    expect(loaded?.messages.map((m) => m.content)).toEqual(["Remember me"]);
  });
});

describe("history database upgrades", () => {
  it("brings a version 1 database to the current version without losing conversations", async () => {
    const name = `history-upgrade-${++dbCount}`;
    const v1 = await openHistoryDb(name, 1);
    expect(v1.objectStoreNames.contains("conversations")).toBe(true);
    const page = "https://x.example/";
    await v1.put("conversations", { id: "old", title: "v1", createdAt: 1, updatedAt: 2, messageCount: 1, pageUrl: page });
    const message = { conversationId: "old", seq: 0, role: "user", content: "hi", status: "complete", createdAt: 1 } as const;
    await v1.put("messages", message);
    v1.close();

    const store = await HistoryStore.open({ name });
    open.push(store);
    expect(CURRENT_VERSION).toBeGreaterThan(1);
    expect((await store.get("old"))?.messages.map((m) => m.content)).toEqual(["hi"]);
    // The v2 index covers records written before it existed.
    expect((await store.listForPage(page)).map((c) => c.id)).toEqual(["old"]);
  });
});

describe("titleFromMessage", () => {
  it("uses the first line, cut at a word boundary", () => {
    expect(titleFromMessage("  Short question?\nwith details")).toBe("Short question?");
    const long = "Explain how the Firefox sidebar decides which extension panel to show when several are installed";
    const title = titleFromMessage(long);
    expect(title.endsWith("…")).toBe(true);
    expect(title.length).toBeLessThanOrEqual(61);
    expect(long.startsWith(title.slice(0, -1))).toBe(true);
    expect(long[title.length - 1]).toBe(" ");
  });
});

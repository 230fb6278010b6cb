import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import { AbortedError, ModelNotLoadedError, ValidationError } from "../../shared/protocol/errors";
import { ChatSession, type ChatSessionDeps, type ReplyPayload } from "./chat-session";
import { HistoryStore } from "./history-store";
import type { BudgetChunk, ChatReplyChunk } from "./protocol";

const stores: HistoryStore[] = [];
let dbCount = 0;
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

const budget = (page: BudgetChunk["page"] = null): BudgetChunk => ({
  kind: "budget",
  report: { contextSize: 4096, answerTokens: 1024, promptTokens: 50, turnsKept: 0, turnsDropped: 0, page: null },
  page,
  estimate: { seconds: 2, tokensToRead: 50, tokensPerSecond: 25, measured: false },
});

type Script = (payload: ReplyPayload, signal: AbortSignal) => AsyncGenerator<ChatReplyChunk>;

/** An answer streamed word by word, waiting `delayMs` before each word, ending early if the signal aborts. */
function answer(text: string, delayMs = 0, failAfter?: { words: number; error: Error }): Script {
  return async function* (_payload, signal) {
    yield budget();
    yield { kind: "queued", position: 0 };
    let words = 0;
    for (const word of text.split(/(?<= )/)) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (signal.aborted) throw new AbortedError();
      if (failAfter && words === failAfter.words) throw failAfter.error;
      words++;
      yield { kind: "text", text: word };
    }
  };
}

async function setup(scripts: Script[], overrides: Partial<ChatSessionDeps> = {}) {
  const name = `session-${++dbCount}`;
  const store = await HistoryStore.open({ name });
  stores.push(store);
  const payloads: ReplyPayload[] = [];
  const pagesRead: number[] = [];
  let changes = 0;
  const deps: ChatSessionDeps = {
    store,
    reply: (payload, signal) => {
      payloads.push(payload);
      const script = scripts.shift();
      if (!script) throw new Error("no more scripted answers");
      return script(payload, signal);
    },
    condense: async (text) => ({ text: text.slice(0, 10), sentencesKept: 1, sentencesTotal: 9 }),
    pageChoice: async () => ({ tabId: 5, url: "https://example.com/a", title: "A" }),
    readPage: async (page) => {
      pagesRead.push(page.tabId);
      return document;
    },
    withLock: async (_id, work) => work(),
    onChange: () => void changes++,
    onConversation: () => {},
    summarizeLeadIn: (kept, total) => `Summarize (${kept}/${total}):`,
    ...overrides,
  };
  const session = new ChatSession(deps);
  const stored = async () => {
    const id = session.snapshot().conversation?.id;
    const chat = id ? await store.get(id) : undefined;
    return chat?.messages.map((m) => `${m.role}:${m.content}:${m.status}`) ?? [];
  };
  return { session, store, payloads, pagesRead, stored, name, changes: () => changes };
}

const document = { title: "A", url: "https://example.com/a", blocks: [{ kind: "paragraph" as const, text: "P.", sourceRef: {} }] };

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!check()) throw new Error("condition never became true");
};

describe("ChatSession", () => {
  it("sends, streams the answer and stores the conversation", async () => {
    const { session, stored, payloads } = await setup([answer("Hello there.")]);
    await session.send("Hi", false);
    const { state, budget: shown } = session.snapshot();
    expect(state).toEqual({ phase: "idle", messages: [
      { role: "user", content: "Hi", status: "complete" },
      { role: "assistant", content: "Hello there.", status: "complete" },
    ] });
    expect(shown?.report.promptTokens).toBe(50);
    expect(payloads).toEqual([{ history: [], message: "Hi" }]);
    expect(await stored()).toEqual(["user:Hi:complete", "assistant:Hello there.:complete"]);
    expect(session.snapshot().conversation?.title).toBe("Hi");
  });

  it("keeps a stopped answer, marked, in the view and in the store", async () => {
    const { session, stored } = await setup([answer("one two three four five six seven", 20)]);
    const sending = session.send("Count", false);
    await waitFor(() => session.snapshot().state.phase === "generating" && (session.snapshot().state as { answer: string }).answer.length > 0);
    session.stop();
    await sending;
    const last = session.snapshot().state.messages.at(-1);
    expect(last?.status).toBe("stopped");
    expect(last?.content.length).toBeGreaterThan(0);
    expect("one two three four five six seven".startsWith(last?.content ?? "x")).toBe(true);
    expect(await stored()).toEqual(["user:Count:complete", `assistant:${last?.content}:stopped`]);
  });

  it("keeps the partial answer of a model that went away, marked as failed, and Retry replaces it", async () => {
    const unloaded = new ModelNotLoadedError("The model was unloaded.");
    const { session, stored, payloads } = await setup([answer("alpha beta gamma", 0, { words: 2, error: unloaded }), answer("fresh")]);
    await session.send("Q", false);
    const failed = session.snapshot().state;
    expect(failed.phase).toBe("error");
    expect(failed.phase === "error" && failed.error).toEqual({ name: "ModelNotLoadedError", message: "The model was unloaded." });
    expect(await stored()).toEqual(["user:Q:complete", "assistant:alpha beta :error"]);
    await session.regenerate(false);
    expect(await stored()).toEqual(["user:Q:complete", "assistant:fresh:complete"]);
    expect(payloads[1]).toEqual({ history: [], message: "Q" });
  });

  it("edits the last question and answers it afresh; earlier turns go along as history", async () => {
    const { session, stored, payloads } = await setup([answer("A1"), answer("A2"), answer("A2 again")]);
    await session.send("Q1", false);
    await session.send("Q2", false);
    await session.editLast("Q2 edited", false);
    expect(await stored()).toEqual(["user:Q1:complete", "assistant:A1:complete", "user:Q2 edited:complete", "assistant:A2 again:complete"]);
    expect(payloads[2]).toEqual({ history: [{ role: "user", content: "Q1" }, { role: "assistant", content: "A1" }], message: "Q2 edited" });
  });

  it("refuses an empty message inline and stores nothing", async () => {
    const { session, stored } = await setup([]);
    await session.send("   ", false);
    expect(session.snapshot().notice).toEqual({ kind: "error", error: { name: "ValidationError", message: "Type a message first." } });
    expect(session.snapshot().conversation).toBeNull();
    expect(await stored()).toEqual([]);
  });

  it("reads the page on the first question and sends the same passages back on follow-ups", async () => {
    const context = { title: "A", url: "https://example.com/a", passages: [{ number: 1, text: "P", score: 1 }] };
    const withPage: Script = async function* () {
      yield budget(context);
      yield { kind: "text", text: "ok" };
    };
    const { session, payloads, pagesRead } = await setup([withPage, answer("two"), withPage]);
    await session.send("Q1", true);
    await session.send("Q2", true);
    expect(payloads[0]?.page).toEqual({ kind: "document", document });
    expect(payloads[1]?.page).toEqual({ kind: "reuse", context });
    expect(pagesRead).toEqual([5]);
    session.forgetPage();
    await session.send("Q3", true);
    expect(payloads[2]?.page).toEqual({ kind: "document", document });
    expect(pagesRead).toEqual([5, 5]);
    expect(session.snapshot().conversation?.pageUrl).toBe("https://example.com/a");
  });

  it("shows a page that cannot be read as the answer's failure, and sends nothing", async () => {
    const { session, payloads } = await setup([], {
      readPage: async () => {
        throw new ValidationError("Hearth cannot read this tab.");
      },
    });
    await session.send("Summarize this", true);
    const state = session.snapshot().state;
    expect(state.phase === "error" && state.error).toEqual({ name: "ValidationError", message: "Hearth cannot read this tab." });
    expect(payloads).toEqual([]);
  });

  it("reloads instead of writing when another window changed the conversation", async () => {
    const { session, name, stored, payloads } = await setup([answer("A1"), answer("never")]);
    await session.send("Q1", false);
    const other = await HistoryStore.open({ name });
    stores.push(other);
    const id = session.snapshot().conversation?.id ?? "";
    await other.append(id, { role: "user", content: "From the other window" });
    await session.send("Q2", false);
    expect(session.snapshot().notice).toEqual({ kind: "changed-elsewhere" });
    expect(session.snapshot().state.messages.map((m) => m.content)).toEqual(["Q1", "A1", "From the other window"]);
    expect(await stored()).toEqual(["user:Q1:complete", "assistant:A1:complete", "user:From the other window:complete"]);
    expect(payloads).toHaveLength(1);
  });

  it("says so when another window is answering in this conversation", async () => {
    const { session, payloads } = await setup([answer("A1")], { withLock: async () => "busy" });
    await session.send("Q1", false);
    expect(session.snapshot().notice).toEqual({ kind: "busy-elsewhere" });
    expect(payloads).toHaveLength(0);
  });

  it("opens a stored conversation after stopping the current answer, without mixing them", async () => {
    const { session, store } = await setup([answer("a b c d e f g h", 20)]);
    const older = await store.create({ title: "Older" });
    await store.append(older.id, { role: "user", content: "Old question" });
    const sending = session.send("New", false);
    await waitFor(() => session.snapshot().state.phase === "generating");
    const current = session.snapshot().conversation?.id ?? "";
    await session.open(older.id);
    await sending;
    expect(session.snapshot().state.messages.map((m) => m.content)).toEqual(["Old question"]);
    expect((await store.get(older.id))?.messages).toHaveLength(1);
    expect((await store.get(current))?.messages.at(-1)?.status).toBe("stopped");
  });
});

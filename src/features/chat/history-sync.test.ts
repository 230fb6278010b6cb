import "fake-indexeddb/auto";
import { afterEach, describe, expect, it } from "vitest";
import type { ConversationMessage } from "./conversation";
import { HistoryStore } from "./history-store";
import { HistoryMirror, planSync, storedForm } from "./history-sync";

const user = (content: string): ConversationMessage => ({ role: "user", content, status: "complete" });
const answer = (content: string, status: ConversationMessage["status"] = "complete"): ConversationMessage => ({ role: "assistant", content, status });

describe("planSync", () => {
  it("appends new messages", () => {
    expect(planSync([user("Q")], [user("Q"), answer("A")])).toEqual({ truncateTo: null, updateLast: null, append: [answer("A")] });
  });

  it("updates the last message in place when only it changed", () => {
    expect(planSync([user("Q"), answer("A", "stopped")], [user("Q"), answer("A longer")])).toEqual({
      truncateTo: null,
      updateLast: answer("A longer"),
      append: [],
    });
  });

  it("truncates, then appends, when an edit replaced the question", () => {
    const stored = [user("Q1"), answer("A1"), user("Q2"), answer("A2")];
    expect(planSync(stored, [user("Q1"), answer("A1"), user("Q2 edited")])).toEqual({
      truncateTo: 2,
      updateLast: null,
      append: [user("Q2 edited")],
    });
  });

  it("drops the answer on regenerate", () => {
    expect(planSync([user("Q"), answer("A")], [user("Q")])).toEqual({ truncateTo: 1, updateLast: null, append: [] });
  });

  it("does nothing when nothing changed", () => {
    expect(planSync([user("Q")], [user("Q")])).toEqual({ truncateTo: null, updateLast: null, append: [] });
  });
});

describe("storedForm", () => {
  it("stores a streaming answer as stopped, so a closed sidebar leaves it marked unfinished", () => {
    expect(storedForm({ role: "assistant", content: "Part", status: "streaming" })).toEqual(answer("Part", "stopped"));
  });
});

const open: HistoryStore[] = [];
let count = 0;
afterEach(() => {
  for (const store of open.splice(0)) store.close();
});

describe("HistoryMirror", () => {
  it("writes what the conversation shows, through edits and a streamed answer", async () => {
    const store = await HistoryStore.open({ name: `mirror-${++count}` });
    open.push(store);
    const chat = await store.create();
    const mirror = new HistoryMirror(store, chat.id, [], (error) => {
      throw error;
    });
    await mirror.save([{ role: "user", content: "Q1", status: "complete" }]);
    for (const text of ["A", "An", "An answer"]) mirror.saveStreaming([user("Q1"), { role: "assistant", content: text, status: "streaming" }]);
    await mirror.flush();
    expect((await store.get(chat.id))?.messages.map((m) => [m.content, m.status])).toEqual([["Q1", "complete"], ["An answer", "stopped"]]);
    await mirror.save([user("Q1"), answer("An answer")]);
    await mirror.save([user("Q1 again")]);
    const stored = await store.get(chat.id);
    expect(stored?.messages.map((m) => m.content)).toEqual(["Q1 again"]);
    expect(stored?.conversation.messageCount).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { fakeChatTokenCount, fakeTokenCount } from "../../engine/fake/fake-text";
import { engineTokenCounter, MARKERS_PER_MESSAGE, TEMPLATE_MARGIN } from "./engine-counter";

describe("engineTokenCounter", () => {
  it("counts each distinct text once", async () => {
    const asked: string[] = [];
    const counter = engineTokenCounter(async (text) => {
      asked.push(text);
      return text.length;
    });
    expect(await counter.countTokens("hello")).toBe(5);
    expect(await counter.countTokens("hello")).toBe(5);
    expect(await counter.countTokens("")).toBe(0);
    expect(asked).toEqual(["hello"]);
  });

  it("charges each message its text, its role and the markers, plus the reply opening and a margin", async () => {
    const counter = engineTokenCounter(async (text) => text.length);
    const messages = [
      { role: "system" as const, content: "Be kind." },
      { role: "user" as const, content: "Hi" },
    ];
    const expected = 8 + "system\n".length + MARKERS_PER_MESSAGE + 2 + "user\n".length + MARKERS_PER_MESSAGE;
    expect(await counter.countChatTokens(messages)).toBe(expected + "assistant\n".length + 1 + TEMPLATE_MARGIN);
  });

  it("never counts a ChatML-like chat lower than a template that adds four tokens a message", async () => {
    // The fake engine's template is ChatML-shaped; the estimate must stay above it whatever the messages are.
    const counter = engineTokenCounter(async (text) => fakeTokenCount(text));
    const chats = [
      [{ role: "user" as const, content: "x" }],
      Array.from({ length: 30 }, (_, i) => ({ role: i % 2 ? ("assistant" as const) : ("user" as const), content: "word ".repeat(i) })),
    ];
    for (const chat of chats) expect(await counter.countChatTokens(chat)).toBeGreaterThan(fakeChatTokenCount(chat));
  });
});

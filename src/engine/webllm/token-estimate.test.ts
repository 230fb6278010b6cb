import { describe, expect, it } from "vitest";
import { approximateTokenCount } from "../../features/summarize/approx-tokens";
import type { ChatMessage } from "../engine";
import { CalibratedTokenEstimate, continuesConversation } from "./token-estimate";

const longText = "The committee met on Tuesday to discuss the budget for the coming year. ".repeat(8);
const messages: ChatMessage[] = [
  { role: "system", content: "You summarize pages." },
  { role: "user", content: longText },
];

describe("CalibratedTokenEstimate", () => {
  it("starts at or above the tokenizer-free estimate", () => {
    const estimate = new CalibratedTokenEstimate();
    expect(estimate.count(longText)).toBeGreaterThanOrEqual(approximateTokenCount(longText));
    expect(estimate.countChat(messages)).toBeGreaterThan(estimate.count(longText));
  });

  it("moves toward the model's real prompt size as generations report it, staying on the high side", () => {
    const estimate = new CalibratedTokenEstimate();
    const before = estimate.countChat(messages);
    const trueCount = before * 2;
    let previous = before;
    for (let i = 0; i < 12; i++) {
      estimate.observe(messages, trueCount);
      const now = estimate.countChat(messages);
      expect(now).toBeGreaterThanOrEqual(previous);
      previous = now;
    }
    expect(previous).toBeGreaterThanOrEqual(trueCount);
    expect(previous).toBeLessThanOrEqual(trueCount * 1.15);
    expect(estimate.count(longText)).toBeGreaterThan(approximateTokenCount(longText) * 1.5);
  });

  it("ignores prompts too short to say anything about the scale", () => {
    const estimate = new CalibratedTokenEstimate();
    estimate.observe([{ role: "user", content: "hi" }], 400);
    expect(estimate.currentScale()).toBe(1);
  });
});

describe("continuesConversation", () => {
  const reply: ChatMessage = { role: "assistant", content: "A short summary." };
  it("spots a follow-up turn of the last conversation", () => {
    expect(continuesConversation([...messages, reply], [...messages, reply, { role: "user", content: "Shorter?" }])).toBe(true);
  });
  it("does not mistake a new conversation for one", () => {
    expect(continuesConversation(null, messages)).toBe(false);
    expect(continuesConversation([...messages, reply], messages)).toBe(false);
    expect(continuesConversation([...messages, reply], [messages[0] as ChatMessage, { role: "user", content: "x" }, reply, reply])).toBe(false);
  });
});

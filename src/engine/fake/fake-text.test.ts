import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cutAtStop,
  FAKE_GENERATION_PROMPT_TOKENS,
  FAKE_TOKENS_PER_MESSAGE,
  fakeChatTokenCount,
  fakeTokenCount,
  splitIntoWordChunks,
  truncateToTokens,
} from "./fake-text";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("fakeTokenCount", () => {
  it("counts one token per started group of four characters", () => {
    expect([0, 1, 4, 5, 8, 9].map((n) => fakeTokenCount("x".repeat(n)))).toEqual([0, 1, 1, 2, 2, 3]);
  });

  it("counts a chat as its contents plus the template's overhead", () => {
    const messages = [
      { role: "system" as const, content: "Be brief." }, // 9 chars: 3 tokens
      { role: "user" as const, content: "Hi" }, // 1 token
    ];
    expect(fakeChatTokenCount(messages)).toBe(3 + 1 + 2 * FAKE_TOKENS_PER_MESSAGE + FAKE_GENERATION_PROMPT_TOKENS);
    expect(fakeChatTokenCount([])).toBe(FAKE_GENERATION_PROMPT_TOKENS);
  });
});

describe("splitIntoWordChunks", () => {
  it("keeps each word with the whitespace after it", () => {
    expect(splitIntoWordChunks("Hi there,\nyou")).toEqual(["Hi ", "there,\n", "you"]);
    expect(splitIntoWordChunks("  lead")).toEqual(["  ", "lead"]);
    expect(splitIntoWordChunks("")).toEqual([]);
  });

  it("gives back the exact text when joined, and no empty chunk", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const chunks = splitIntoWordChunks(text);
        expect(chunks.join("")).toBe(text);
        expect(chunks.every((chunk) => chunk.length > 0)).toBe(true);
      }),
    );
  });
});

describe("cutAtStop", () => {
  it("cuts before the earliest stop sequence", () => {
    expect(cutAtStop("one. two! three", ["!", "."])).toEqual({ text: "one", stopped: true });
    expect(cutAtStop("one two", ["three"])).toEqual({ text: "one two", stopped: false });
  });

  it("ignores empty stop sequences", () => {
    expect(cutAtStop("abc", [""])).toEqual({ text: "abc", stopped: false });
  });
});

describe("truncateToTokens", () => {
  it("keeps maxTokens * 4 characters", () => {
    expect(truncateToTokens("abcdefghij", 2)).toEqual({ text: "abcdefgh", truncated: true });
    expect(truncateToTokens("abc", 2)).toEqual({ text: "abc", truncated: false });
    expect(truncateToTokens("abc", 0)).toEqual({ text: "", truncated: true });
  });

  it("never leaves half of a surrogate pair", () => {
    // "abc" + an emoji (2 code units) straddles the 4-unit limit.
    expect(truncateToTokens("abc\u{1F600}d", 1)).toEqual({ text: "abc", truncated: true });
  });

  it("always fits the budget and is a prefix", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.nat(40), (text, maxTokens) => {
        const { text: kept, truncated } = truncateToTokens(text, maxTokens);
        expect(text.startsWith(kept)).toBe(true);
        expect(fakeTokenCount(kept)).toBeLessThanOrEqual(maxTokens);
        expect(truncated).toBe(kept.length < text.length);
        expect(LONE_SURROGATE.test(kept)).toBe(false);
      }),
    );
  });
});

import { describe, expect, it } from "vitest";
import { capAnswerTokens, estimateTokens, pageBatchLimits, selectionChunkBudget } from "./token-estimate";

describe("token estimates", () => {
  it("counts by the measured ratio, and CJK characters one each", () => {
    expect(estimateTokens("abcdefgh", 4)).toBe(2);
    expect(estimateTokens("abcdefgh", 1)).toBe(8);
    expect(estimateTokens("日本語のテキスト", 4)).toBe(8);
    expect(estimateTokens("ab日本", 4)).toBe(3);
  });

  it("sizes page batches so source, answer and instructions fit the context", () => {
    const small = pageBatchLimits({ modelId: "m", contextSize: 1500, charsPerToken: 1 });
    // 700 instruction tokens at one character each leave (1500 - 700 - 64) / 2.5 for the source.
    expect(small.tokenBudget).toBe(294);
    expect(small.countTokens("abcd")).toBe(4);
    expect(pageBatchLimits({ modelId: "m", contextSize: 32_768, charsPerToken: 4 }).tokenBudget).toBe(480);
    expect(pageBatchLimits({ modelId: "m", contextSize: 512, charsPerToken: 1 }).tokenBudget).toBe(32);
    expect(selectionChunkBudget({ modelId: "m", contextSize: 4096, charsPerToken: 4 })).toBe(900);
    expect(selectionChunkBudget({ modelId: "m", contextSize: 2048, charsPerToken: 1 })).toBe(613);
  });

  it("caps an answer to what the context has left after the prompt", () => {
    const facts = { modelId: "m", contextSize: 1000, charsPerToken: 1 };
    expect(capAnswerTokens(300, "x".repeat(100), facts)).toBe(300);
    expect(capAnswerTokens(900, "x".repeat(100), facts)).toBe(1000 - 100 - 32);
    expect(capAnswerTokens(900, "x".repeat(990), facts)).toBe(16);
  });
});

import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../engine/engine";
import { sampleReport } from "../../../tests/fixtures/pdf/sample-text";
import { approximateCountTokens, approximateTokenCount } from "./approx-tokens";
import type { DocBlock } from "./document";
import { echoModel } from "./echo-model";
import { TEMPLATE_MARGIN } from "./budget";
import type { SummaryPlan } from "./estimate";
import { summarizeDocument, type GenerateText, type SummaryProgress } from "./map-reduce";

const reportBlocks = (pages: number): DocBlock[] =>
  sampleReport(pages).flatMap((page, i) => [
    ...(page.heading ? [{ kind: "heading" as const, text: page.heading, level: 1, sourceRef: { page: i + 1 } }] : []),
    ...page.paragraphs.map((text) => ({ kind: "paragraph" as const, text, sourceRef: { page: i + 1 } })),
  ]);
const contentTokens = (messages: ChatMessage[]): number =>
  messages.reduce((sum, m) => sum + approximateTokenCount(m.content), 0);
const request = { style: "key-points", length: "medium" } as const;

describe("summarizeDocument, extractive mode", () => {
  it("reads a 200-page document in one bounded prompt and links points to pages", async () => {
    const prompts: ChatMessage[][] = [];
    const progress: SummaryProgress[] = [];
    const outputs: string[] = [];
    const result = await summarizeDocument({
      blocks: reportBlocks(200),
      request,
      generate: echoModel({ onPrompt: (m) => prompts.push(m) }),
      countTokens: approximateCountTokens,
      onProgress: (p) => progress.push(p),
      onOutput: (text) => outputs.push(text),
    });
    expect(result.status).toBe("done");
    expect(result.calls).toBe(1);
    expect(prompts).toHaveLength(1);
    expect(result.tokensSent).toBe(contentTokens(prompts[0] ?? []));
    expect(result.tokensSent).toBeLessThanOrEqual(2000 - TEMPLATE_MARGIN);
    expect(result.tokensSent).toBeGreaterThan(1500);
    expect(result.documentTokens).toBeGreaterThan(50_000);
    expect(progress.map((p) => p.phase)).toEqual(["selecting", "writing"]);
    expect(outputs.at(-1)).toBe(result.text);
    expect(result.points).toHaveLength(4);
    for (const point of result.points) {
      expect(point.linkedBy).toBe("citation");
      expect(point.sources[0]?.page).toBeGreaterThanOrEqual(1);
    }
  });

  it("announces a time estimate from the engine's speed before the first model call", async () => {
    const events: string[] = [];
    let plan: SummaryPlan | undefined;
    const result = await summarizeDocument({
      blocks: reportBlocks(30),
      request,
      generate: echoModel({ onPrompt: () => events.push("prompt") }),
      countTokens: approximateCountTokens,
      speed: { prefillTokensPerSecond: 25, decodeTokensPerSecond: 8 },
      onEstimate: (p) => {
        plan = p;
        events.push("estimate");
      },
    });
    expect(events).toEqual(["estimate", "prompt"]);
    expect(plan?.calls).toBe(result.calls);
    expect(Math.abs((plan?.promptTokens ?? 0) - result.tokensSent)).toBeLessThan(0.1 * result.tokensSent);
    expect(plan?.seconds).toBeGreaterThan(result.tokensSent / 25);
  });

  it("links points by word overlap when the model leaves out citations", async () => {
    const result = await summarizeDocument({
      blocks: reportBlocks(3),
      request,
      generate: echoModel({ omitCitations: true }),
      countTokens: approximateCountTokens,
    });
    expect(result.points.length).toBeGreaterThan(0);
    expect(result.points.every((p) => p.linkedBy === "overlap" && p.sources.length === 1)).toBe(true);
  });

  it("returns an empty result without calling the model for an empty document", async () => {
    const result = await summarizeDocument({
      blocks: [{ kind: "paragraph", text: "  ", sourceRef: {} }],
      request,
      generate: echoModel({ onPrompt: () => expect.unreachable() }),
      countTokens: approximateCountTokens,
    });
    expect(result).toMatchObject({ status: "done", calls: 0, points: [], documentTokens: 0 });
  });
});

describe("summarizeDocument, full read", () => {
  it("reads every part with progress, keeps every prompt within budget and carries citations to the end", async () => {
    const prompts: ChatMessage[][] = [];
    const progress: SummaryProgress[] = [];
    const blocks = reportBlocks(12);
    const result = await summarizeDocument({
      blocks,
      request,
      mode: "full",
      inputBudget: 900,
      generate: echoModel({ points: 2, onPrompt: (m) => prompts.push(m) }),
      countTokens: approximateCountTokens,
      onProgress: (p) => progress.push(p),
    });
    const reading = progress.filter((p) => p.phase === "reading");
    expect(reading.length).toBeGreaterThan(3);
    expect(reading.map((p) => p.part)).toEqual(reading.map((_, i) => i + 1));
    expect(reading.every((p) => p.parts === reading.length)).toBe(true);
    expect(progress.at(-1)?.phase).toBe("writing");
    for (const prompt of prompts) expect(contentTokens(prompt)).toBeLessThanOrEqual(900 - TEMPLATE_MARGIN);
    // Every paragraph reached the model exactly once in the reading prompts.
    const readText = prompts.slice(0, reading.length).map((m) => m[1]?.content ?? "").join("\n");
    for (const block of blocks) expect(readText.split(block.text).length - 1).toBeGreaterThanOrEqual(1);
    expect(result.tokensSent / result.documentTokens).toBeGreaterThan(1);
    expect(result.tokensSent / result.documentTokens).toBeLessThan(1.6);
    expect(result.points.every((p) => p.linkedBy === "citation")).toBe(true);
    expect(result.points[0]?.sources[0]).toEqual({ page: 1 });
  });

  it("merges notes level by level when they do not fit one prompt", async () => {
    const prompts: ChatMessage[][] = [];
    const progress: SummaryProgress[] = [];
    await summarizeDocument({
      blocks: reportBlocks(40),
      request,
      mode: "full",
      inputBudget: 500,
      generate: echoModel({ points: 4, wordsPerPoint: 20, onPrompt: (m) => prompts.push(m) }),
      countTokens: approximateCountTokens,
      onProgress: (p) => progress.push(p),
    });
    expect(progress.some((p) => p.phase === "combining")).toBe(true);
    for (const prompt of prompts) expect(contentTokens(prompt)).toBeLessThanOrEqual(500 - TEMPLATE_MARGIN);
  });

  it("still fits the final prompt when the model ignores output limits", async () => {
    const prompts: ChatMessage[][] = [];
    const result = await summarizeDocument({
      blocks: reportBlocks(10),
      request,
      mode: "full",
      inputBudget: 400,
      generate: echoModel({ ramble: 6, onPrompt: (m) => prompts.push(m) }),
      countTokens: approximateCountTokens,
    });
    expect(result.status).toBe("done");
    for (const prompt of prompts) expect(contentTokens(prompt)).toBeLessThanOrEqual(400 - TEMPLATE_MARGIN);
  });

  it("stops between parts and keeps the notes already written as points", async () => {
    const controller = new AbortController();
    let calls = 0;
    const inner = echoModel();
    const generate: GenerateText = (messages, signal, limits) => {
      if (++calls === 3) controller.abort();
      return inner(messages, signal, limits);
    };
    const result = await summarizeDocument({
      blocks: reportBlocks(12),
      request,
      mode: "full",
      inputBudget: 900,
      generate,
      countTokens: approximateCountTokens,
      signal: controller.signal,
    });
    expect(result.status).toBe("stopped");
    expect(result.calls).toBe(3);
    expect(result.text).toBe("");
    expect(result.points.length).toBe(8); // two finished parts, four notes each
    expect(result.points.every((p) => p.sources.length > 0)).toBe(true);
  });

  it("keeps the partial final summary when stopped while writing", async () => {
    const controller = new AbortController();
    const result = await summarizeDocument({
      blocks: reportBlocks(2),
      request,
      generate: echoModel(),
      countTokens: approximateCountTokens,
      signal: controller.signal,
      onOutput: (text) => {
        if (text.includes("\n- ")) controller.abort();
      },
    });
    expect(result.status).toBe("stopped");
    expect(result.text).toMatch(/^- .+\[\d+\]\n- /);
    expect(result.points[0]?.linkedBy).toBe("citation");
  });

  it("passes on engine failures that are not a stop", async () => {
    const failing: GenerateText = async function* () {
      yield "- partial";
      throw new Error("worker crashed");
    };
    await expect(
      summarizeDocument({ blocks: reportBlocks(1), request, generate: failing, countTokens: approximateCountTokens }),
    ).rejects.toThrow("worker crashed");
  });
});

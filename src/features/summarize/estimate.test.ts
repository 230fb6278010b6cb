import { describe, expect, it } from "vitest";
import { sampleReport } from "../../../tests/fixtures/pdf/sample-text";
import { approximateCountTokens } from "./approx-tokens";
import type { DocBlock } from "./document";
import { echoModel } from "./echo-model";
import { defaultSummaryMode, estimateSummary } from "./estimate";
import { summarizeDocument } from "./map-reduce";

const request = { style: "key-points", length: "medium" } as const;
const cpu = { prefillTokensPerSecond: 25, decodeTokensPerSecond: 8 };

describe("estimateSummary", () => {
  it("bounds the extractive prompt by the budget however long the document", () => {
    const long = estimateSummary({ documentTokens: 65_000, mode: "extractive", request, speed: cpu });
    const short = estimateSummary({ documentTokens: 300, mode: "extractive", request, speed: cpu });
    expect(long.calls).toBe(1);
    expect(long.promptTokens).toBeLessThanOrEqual(2000);
    expect(short.promptTokens).toBeLessThan(long.promptTokens);
    expect(long.seconds).toBeCloseTo(long.promptTokens / 25 + long.outputTokens / 8, 6);
  });

  it("grows a full read with the document and scales with engine speed", () => {
    const plan = estimateSummary({ documentTokens: 65_000, mode: "full", request, speed: cpu });
    expect(plan.promptTokens).toBeGreaterThan(65_000);
    expect(plan.calls).toBeGreaterThan(30);
    const gpu = estimateSummary({ documentTokens: 65_000, mode: "full", request, speed: { prefillTokensPerSecond: 2500, decodeTokensPerSecond: 80 } });
    expect(gpu.seconds).toBeLessThan(plan.seconds / 10);
  });

  it("predicts the calls and tokens a real full read makes to within a quarter", async () => {
    const blocks: DocBlock[] = sampleReport(60).flatMap((page, i) =>
      page.paragraphs.map((text) => ({ kind: "paragraph" as const, text, sourceRef: { page: i + 1 } })),
    );
    const run = await summarizeDocument({ blocks, request, mode: "full", generate: echoModel({ wordsPerPoint: 25 }), countTokens: approximateCountTokens });
    const plan = estimateSummary({ documentTokens: run.documentTokens, mode: "full", request, speed: cpu });
    expect(Math.abs(plan.calls - run.calls) / run.calls).toBeLessThan(0.25);
    expect(Math.abs(plan.promptTokens - run.tokensSent) / run.tokensSent).toBeLessThan(0.25);
  });
});

describe("defaultSummaryMode", () => {
  it("reads in full only on a fast engine", () => {
    expect(defaultSummaryMode("cpu")).toBe("extractive");
    expect(defaultSummaryMode("webgpu")).toBe("full");
    expect(defaultSummaryMode("remote-loopback")).toBe("full");
  });
});

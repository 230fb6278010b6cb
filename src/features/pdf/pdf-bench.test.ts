import "../../../tests/fixtures/pdf/node-polyfills";
import { describe, expect, it } from "vitest";
import { makeLongPdf } from "../../../tests/fixtures/pdf/make-pdfs";
import { approximateCountTokens } from "../summarize/approx-tokens";
import { measurePdfExtractionSpeed, measurePdfSummaryTokens } from "./pdf-bench";

describe("PDF bench measurements", () => {
  it("measures extraction speed and the tokens a 200-page PDF costs in each mode", async () => {
    const pdf = await makeLongPdf(200);
    const speed = await measurePdfExtractionSpeed(pdf);
    expect(speed.pages).toBe(200);
    expect(speed.characters).toBeGreaterThan(200 * 1000);
    expect(speed.pagesPerSecond).toBeCloseTo(speed.pages / speed.seconds, 6);

    const { defaultMode, fullRead } = await measurePdfSummaryTokens(pdf, approximateCountTokens);
    expect(defaultMode.documentTokens).toBeGreaterThan(60_000);
    expect(defaultMode.calls).toBe(1);
    expect(defaultMode.tokensSent).toBeLessThanOrEqual(2500);
    expect(fullRead.documentTokens).toBe(defaultMode.documentTokens);
    expect(fullRead.ratio).toBeGreaterThan(1);
    expect(fullRead.ratio).toBeLessThan(1.5);
    expect(fullRead.calls).toBeGreaterThan(30);
  });
});

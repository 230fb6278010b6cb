/**
 * PDF measurements the bench reports: pdf.js extraction speed (compared there with poppler's pdftotext) and the tokens
 * a model reads when summarizing a PDF in the default CPU mode.
 */

import type { CountTokens } from "../summarize/document";
import { measureDefaultModeTokens, measureFullReadOverhead, type TokenAccount } from "../summarize/summary-bench";
import { extractPdfText, type ExtractPdfOptions } from "./extract";

export interface ExtractionSpeed {
  pages: number;
  seconds: number;
  pagesPerSecond: number;
  /** Characters of text extracted, to check a fast run did not skip the work. */
  characters: number;
}

/** Time extractPdfText over the whole PDF (or `range`). In Node 20, load tests/fixtures/pdf/node-polyfills first. */
export async function measurePdfExtractionSpeed(data: Uint8Array, options: Omit<ExtractPdfOptions, "data"> = {}): Promise<ExtractionSpeed> {
  const started = performance.now();
  const result = await extractPdfText({ ...options, data });
  const seconds = (performance.now() - started) / 1000;
  const pages = result.range.last - result.range.first + 1;
  const characters = result.blocks.reduce((sum, block) => sum + block.text.length, 0);
  return { pages, seconds, pagesPerSecond: pages / seconds, characters };
}

/** Extract a PDF, then count the tokens the model reads summarizing it in default (extractive) and full-read modes. */
export async function measurePdfSummaryTokens(
  data: Uint8Array,
  countTokens: CountTokens,
): Promise<{ defaultMode: TokenAccount; fullRead: TokenAccount }> {
  const { blocks } = await extractPdfText({ data });
  return {
    defaultMode: await measureDefaultModeTokens(blocks, countTokens),
    fullRead: await measureFullReadOverhead(blocks, countTokens),
  };
}

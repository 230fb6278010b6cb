import { describe, expect, it } from "vitest";
import { hasPdfHeader, looksLikePdfUrl, pdfNameFromUrl, pdfPageUrl } from "./pdf-url";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("PDF recognition", () => {
  it("tells PDF URLs by their path, not their query or fragment", () => {
    expect(looksLikePdfUrl("https://example.org/reports/annual.PDF?download=1#page=3")).toBe(true);
    expect(looksLikePdfUrl("file:///home/me/paper.pdf")).toBe(true);
    expect(looksLikePdfUrl("https://example.org/view?file=annual.pdf")).toBe(false);
    expect(looksLikePdfUrl("https://example.org/pdf")).toBe(false);
    expect(looksLikePdfUrl("not a url")).toBe(false);
    expect(looksLikePdfUrl(undefined)).toBe(false);
  });

  it("finds the %PDF- header in the first kilobyte only", () => {
    expect(hasPdfHeader(bytes("%PDF-1.7\n%\u00e2\u00e3"))).toBe(true);
    expect(hasPdfHeader(bytes(`${" ".repeat(500)}%PDF-1.4`))).toBe(true);
    expect(hasPdfHeader(bytes(`${" ".repeat(1100)}%PDF-1.4`))).toBe(false);
    expect(hasPdfHeader(bytes("<!doctype html><title>Not found</title>"))).toBe(false);
    expect(hasPdfHeader(bytes("%PDF"))).toBe(false);
  });

  it("opens a page of a PDF and names it", () => {
    expect(pdfPageUrl("https://example.org/a.pdf#page=2", 7)).toBe("https://example.org/a.pdf#page=7");
    expect(pdfNameFromUrl("https://example.org/docs/Annual%20report.pdf?x=1")).toBe("Annual report.pdf");
  });
});

import "../../../tests/fixtures/pdf/node-polyfills";
import { beforeAll, describe, expect, it } from "vitest";
import {
  damageXref,
  encryptPdf,
  makeImageOnlyPdf,
  makeLongPdf,
  makeMultiPagePdf,
  makeNonLatinPdf,
  makeTwoColumnPdf,
  MULTI_PAGE_TEXT,
  NON_LATIN_TEXT,
  truncatePdf,
  TWO_COLUMN_TEXT,
} from "../../../tests/fixtures/pdf/make-pdfs";
import { sampleReport } from "../../../tests/fixtures/pdf/sample-text";
import { extractPdfText, type PdfProgress } from "./extract";

let multiPage: Uint8Array;
let longPdf: Uint8Array;

beforeAll(async () => {
  multiPage = await makeMultiPagePdf();
  longPdf = await makeLongPdf(200);
});

describe("extractPdfText", () => {
  it("extracts headings and paragraphs page by page, with progress", async () => {
    const progress: PdfProgress[] = [];
    const result = await extractPdfText({ data: multiPage, onProgress: (p) => progress.push(p) });
    expect(result.pageCount).toBe(3);
    expect(result.failedPages).toEqual([]);
    expect(result.blocks).toEqual(
      MULTI_PAGE_TEXT.flatMap((page, i) => [
        { kind: "heading", level: 1, text: page.heading, sourceRef: { page: i + 1 } },
        ...page.paragraphs.map((text) => ({ kind: "paragraph", text, sourceRef: { page: i + 1 } })),
      ]),
    );
    expect(progress).toEqual([1, 2, 3].map((page) => ({ page, done: page, total: 3 })));
  });

  it("hands the shipped worker's URL to pdf.js", async () => {
    const workerSrc = new URL("../../../node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs", import.meta.url).href;
    await extractPdfText({ data: multiPage, workerSrc, range: { first: 1, last: 1 } });
    const { GlobalWorkerOptions } = await import("pdfjs-dist/legacy/build/pdf.mjs");
    expect(GlobalWorkerOptions.workerSrc).toBe(workerSrc);
  });

  it("reads only the requested page range and rejects a range outside the file", async () => {
    const result = await extractPdfText({ data: multiPage.buffer.slice(0) as ArrayBuffer, range: { first: 2, last: 3 } });
    expect(result.range).toEqual({ first: 2, last: 3 });
    expect(new Set(result.blocks.map((b) => b.sourceRef.page))).toEqual(new Set([2, 3]));
    await expect(extractPdfText({ data: multiPage, range: { first: 5, last: 9 } })).rejects.toMatchObject({ name: "ValidationError" });
  });

  it("reads two columns in order: title, left column, right column", async () => {
    const result = await extractPdfText({ data: await makeTwoColumnPdf() });
    expect(result.blocks.map((b) => b.text)).toEqual([TWO_COLUMN_TEXT.title, ...TWO_COLUMN_TEXT.left, ...TWO_COLUMN_TEXT.right]);
    expect(result.blocks[0]?.kind).toBe("heading");
  });

  it("extracts Cyrillic, Greek and Vietnamese text from an embedded TrueType font", async () => {
    const result = await extractPdfText({ data: await makeNonLatinPdf() });
    // Evenly spaced lines read as one paragraph; the text itself must come through intact.
    const text = result.blocks.map((b) => b.text).join(" ").normalize("NFC");
    expect(text).toBe(NON_LATIN_TEXT.join(" ").normalize("NFC"));
  });

  it("asks for a password, says when it is wrong, and opens with the right one on retry", async () => {
    const encrypted = encryptPdf(multiPage, "open sesame");
    await expect(extractPdfText({ data: encrypted })).rejects.toMatchObject({ name: "PdfPasswordRequiredError" });
    await expect(extractPdfText({ data: encrypted, password: "wrong" })).rejects.toMatchObject({ name: "PdfWrongPasswordError" });
    const result = await extractPdfText({ data: encrypted, password: "open sesame" });
    expect(result.blocks[0]?.text).toBe("Quarterly Review");
  });

  it("calls empty, cut-off and non-PDF files broken", async () => {
    for (const data of [new Uint8Array(), truncatePdf(multiPage, 0.5), new TextEncoder().encode("<html>not a pdf</html>")]) {
      await expect(extractPdfText({ data })).rejects.toMatchObject({ name: "BrokenPdfError" });
    }
  });

  it("recovers a page whose xref entry is wrong by rebuilding the xref", async () => {
    const result = await extractPdfText({ data: await damageXref(multiPage, 2) });
    expect(result.failedPages).toEqual([]);
    expect(result.blocks.filter((b) => b.sourceRef.page === 2).map((b) => b.text)).toEqual(["Risks", MULTI_PAGE_TEXT[1]?.paragraphs[0]]);
  });

  it("extracts the other pages and reports the page that a damaged file cannot deliver", async () => {
    const result = await extractPdfText({ data: await damageXref(multiPage, 2, true) });
    expect(result.failedPages.map((f) => f.page)).toEqual([2]);
    expect(result.failedPages[0]?.reason).not.toBe("");
    expect([...new Set(result.blocks.map((b) => b.sourceRef.page))]).toEqual([1, 3]);
  });

  it("says an image-only PDF has no text layer", async () => {
    await expect(extractPdfText({ data: await makeImageOnlyPdf() })).rejects.toMatchObject({ name: "PdfNoTextLayerError" });
  });

  it("extracts a 200-page PDF exactly, dropping page numbers", async () => {
    let events = 0;
    const started = performance.now();
    const result = await extractPdfText({ data: longPdf, onProgress: () => events++ });
    const seconds = (performance.now() - started) / 1000;
    expect(result.pageCount).toBe(200);
    expect(events).toBe(200);
    const expected = sampleReport(200).flatMap((page, i) => [
      ...(page.heading ? [{ kind: "heading", level: 1, text: page.heading, sourceRef: { page: i + 1 } }] : []),
      ...page.paragraphs.map((text) => ({ kind: "paragraph", text, sourceRef: { page: i + 1 } })),
    ]);
    expect(result.blocks).toEqual(expected);
    expect(200 / seconds).toBeGreaterThan(20);
  });

  it("stops promptly when aborted mid-document", async () => {
    const controller = new AbortController();
    const pending = extractPdfText({
      data: longPdf,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.page === 5) controller.abort();
      },
    });
    await expect(pending).rejects.toMatchObject({ name: "AbortedError" });
  });
});

import { describe, expect, it } from "vitest";
import { interpretResponse, parseContentRange, rangeHeaders, strongEtag } from "./http-resume";

const facts = (status: number, contentRange: string | null = null, etag: string | null = null, contentLength: string | null = null) => ({
  status,
  contentRange,
  contentLength,
  etag,
});

describe("Range resume", () => {
  it("asks for the rest only when something is stored", () => {
    expect(rangeHeaders(0)).toEqual({});
    expect(rangeHeaders(1234)).toEqual({ Range: "bytes=1234-" });
  });

  it("parses Content-Range and rejects nonsense", () => {
    expect(parseContentRange("bytes 100-199/1000")).toEqual({ start: 100, end: 199, total: 1000 });
    expect(parseContentRange("bytes 100-199/*")).toEqual({ start: 100, end: 199, total: null });
    expect(parseContentRange("bytes 200-100/1000")).toBeNull();
    expect(parseContentRange("bytes 0-1000/1000")).toBeNull();
    expect(parseContentRange("items 1-2/3")).toBeNull();
    expect(parseContentRange(null)).toBeNull();
  });

  it("appends a 206 that starts where the stored part ends", () => {
    expect(interpretResponse({ offset: 500, validator: '"abc"' }, facts(206, "bytes 500-999/1000", '"abc"'))).toEqual({
      kind: "append",
      offset: 500,
      total: 1000,
    });
  });

  it("refuses a 206 that starts elsewhere", () => {
    expect(interpretResponse({ offset: 500, validator: null }, facts(206, "bytes 400-999/1000"))).toMatchObject({ kind: "fail" });
    expect(interpretResponse({ offset: 500, validator: null }, facts(206, null))).toMatchObject({ kind: "fail" });
  });

  it("trusts the requested offset when CORS hides Content-Range but the length is known", () => {
    expect(interpretResponse({ offset: 500, validator: null }, facts(206, null, null, "500"))).toEqual({ kind: "append", offset: 500, total: 1000 });
  });

  it("restarts when the server ignores the range, or the file changed", () => {
    expect(interpretResponse({ offset: 500, validator: null }, facts(200, null, null, "1000"))).toMatchObject({ kind: "restart", total: 1000 });
    expect(interpretResponse({ offset: 500, validator: '"old"' }, facts(206, "bytes 500-999/1000", '"new"'))).toMatchObject({
      kind: "restart",
      reason: expect.stringMatching(/changed/),
    });
  });

  it("ignores weak ETags as validators", () => {
    expect(strongEtag('W/"x"')).toBeNull();
    expect(strongEtag('"x"')).toBe('"x"');
    expect(interpretResponse({ offset: 500, validator: '"old"' }, facts(206, "bytes 500-999/1000", 'W/"new"'))).toMatchObject({ kind: "append" });
  });

  it("treats 416 for exactly the stored size as complete, otherwise restarts", () => {
    expect(interpretResponse({ offset: 1000, validator: null }, facts(416, "bytes */1000"))).toEqual({ kind: "complete", total: 1000 });
    expect(interpretResponse({ offset: 1200, validator: null }, facts(416, "bytes */1000"))).toMatchObject({ kind: "restart", total: 1000 });
  });

  it("fails on other statuses", () => {
    expect(interpretResponse({ offset: 0, validator: null }, facts(404))).toEqual({ kind: "fail", reason: "The server answered HTTP 404." });
  });
});

import { describe, expect, it } from "vitest";
import { xrefRebuildCopy } from "./xref-rebuild";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array | null): string => new TextDecoder().decode(data ?? new Uint8Array());

describe("xrefRebuildCopy", () => {
  it("zeroes the last startxref pointer in a copy, moving no other byte", () => {
    const original = bytes("%PDF-1.7\n1 0 obj\n<<>>\nendobj\nstartxref\n123\n%%EOF\nstartxref\n4567\n%%EOF\n");
    const copy = xrefRebuildCopy(original);
    expect(text(copy)).toBe("%PDF-1.7\n1 0 obj\n<<>>\nendobj\nstartxref\n123\n%%EOF\nstartxref\n0000\n%%EOF\n");
    expect(text(original)).toContain("4567");
  });

  it("returns null when there is nothing to change", () => {
    expect(xrefRebuildCopy(bytes("%PDF-1.7\nno trailer"))).toBeNull();
    expect(xrefRebuildCopy(bytes("%PDF-1.7\nstartxref\n000\n%%EOF"))).toBeNull();
  });
});

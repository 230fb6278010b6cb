import { describe, expect, it } from "vitest";
import { DEFAULT_READER_PREFS, FONT_SIZES, normalizeReaderPrefs, READER_PREFS_VERSION, stepFontSize } from "./reader-prefs";
import { readerPath, sourceTabOf } from "./reader-url";

describe("normalizeReaderPrefs", () => {
  it("gives the defaults for nothing stored", () => {
    expect(normalizeReaderPrefs(undefined)).toEqual(DEFAULT_READER_PREFS);
    expect(normalizeReaderPrefs("nonsense")).toEqual(DEFAULT_READER_PREFS);
  });

  it("keeps every valid field", () => {
    const stored = { version: 1, level: "very-simple", fontSize: 28, lineWidth: "wide", lineSpacing: "loose", theme: "sepia" };
    expect(normalizeReaderPrefs(stored)).toEqual(stored);
  });

  it("replaces only the bad fields with their defaults", () => {
    const prefs = normalizeReaderPrefs({ level: "child", fontSize: 21, lineWidth: "narrow", lineSpacing: null, theme: "dark", extra: true });
    expect(prefs).toEqual({ ...DEFAULT_READER_PREFS, lineWidth: "narrow", theme: "dark", version: READER_PREFS_VERSION });
  });
});

describe("stepFontSize", () => {
  it("moves one step and stops at the ends", () => {
    expect(stepFontSize(20, 1)).toBe(22);
    expect(stepFontSize(20, -1)).toBe(18);
    expect(stepFontSize(FONT_SIZES[0], -1)).toBe(FONT_SIZES[0]);
    expect(stepFontSize(FONT_SIZES.at(-1) ?? 0, 1)).toBe(FONT_SIZES.at(-1));
  });

  it("moves from the nearest step for a size that is not one", () => {
    expect(stepFontSize(21, 1)).toBe(22);
    expect(stepFontSize(27, -1)).toBe(24);
  });
});

describe("reader URLs", () => {
  it("round-trips the source tab id", () => {
    expect(sourceTabOf(`moz-extension://x/${readerPath(42)}`)).toBe(42);
  });

  it("refuses a missing or malformed tab id", () => {
    for (const query of ["", "?tab=", "?tab=-1", "?tab=1.5", "?tab=abc", "?tab=1e3"]) {
      expect(sourceTabOf(`moz-extension://x/reader/index.html${query}`), query).toBeNull();
    }
  });
});

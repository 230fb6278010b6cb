/**
 * The reader's remembered choices (level, font size, line width, line spacing, colours), stored in storage.local
 * under one "reader" key apart from the typed settings file. Reading checks field by field and falls back to the
 * default for a missing or bad field, so one broken value never resets the others.
 */
import * as v from "valibot";
import { readFields } from "../../shared/storage/fields";
import { SIMPLIFY_LEVELS, type SimplifyLevel } from "./simplify-prompt";

/** The storage.local key of the reader's choices. */
export const READER_PREFS_KEY = "reader";
/** Bumped when a field changes meaning; older values are read field by field, as now. */
export const READER_PREFS_VERSION = 1;

export const FONT_SIZES = [14, 16, 18, 20, 22, 24, 28, 32] as const;
export const LINE_WIDTHS = ["narrow", "medium", "wide"] as const;
export const LINE_SPACINGS = ["compact", "normal", "loose"] as const;
/** "system" follows Hearth's own theme (and through it the system's light or dark). */
export const READER_THEMES = ["system", "light", "sepia", "dark"] as const;

export type LineWidth = (typeof LINE_WIDTHS)[number];
export type LineSpacing = (typeof LINE_SPACINGS)[number];
export type ReaderTheme = (typeof READER_THEMES)[number];

export interface ReaderPrefs {
  version: number;
  level: SimplifyLevel;
  /** Body text size in CSS pixels, one of FONT_SIZES. */
  fontSize: number;
  lineWidth: LineWidth;
  lineSpacing: LineSpacing;
  theme: ReaderTheme;
}

export const DEFAULT_READER_PREFS: ReaderPrefs = {
  version: READER_PREFS_VERSION,
  level: "simple",
  fontSize: 20,
  lineWidth: "medium",
  lineSpacing: "normal",
  theme: "system",
};

const fields = {
  level: { schema: v.picklist(SIMPLIFY_LEVELS), default: DEFAULT_READER_PREFS.level },
  fontSize: { schema: v.picklist(FONT_SIZES), default: DEFAULT_READER_PREFS.fontSize },
  lineWidth: { schema: v.picklist(LINE_WIDTHS), default: DEFAULT_READER_PREFS.lineWidth },
  lineSpacing: { schema: v.picklist(LINE_SPACINGS), default: DEFAULT_READER_PREFS.lineSpacing },
  theme: { schema: v.picklist(READER_THEMES), default: DEFAULT_READER_PREFS.theme },
};

/** The stored value as ReaderPrefs: each field that is missing or invalid takes its default. */
export function normalizeReaderPrefs(raw: unknown): ReaderPrefs {
  return { version: READER_PREFS_VERSION, ...readFields(fields, raw) };
}

/** The next font size up (`step` 1) or down (-1), staying within FONT_SIZES. */
export function stepFontSize(current: number, step: 1 | -1): number {
  // A size that is not a step (never stored by this version) moves from the nearest step.
  let at = 0;
  for (const [index, size] of FONT_SIZES.entries()) if (Math.abs(size - current) < Math.abs((FONT_SIZES[at] ?? 0) - current)) at = index;
  return FONT_SIZES[Math.max(0, Math.min(FONT_SIZES.length - 1, at + step))] ?? current;
}

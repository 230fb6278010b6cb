/**
 * The summary options the user picked last (style, length, output language, mode), kept in storage.local and
 * checked field by field on the way back in, so a bad stored value falls back to its default alone.
 */
import * as v from "valibot";
import { localArea } from "../../../shared/platform/storage";
import { readFields } from "../../../shared/storage/fields";
import type { SummaryOptions } from "../protocol";

export const PREFERENCES_KEY = "summarize.preferences";

/** What is stored: the output language is "source" or "ui" (the browser's language), not a fixed code. */
export interface SummaryPreferences {
  style: SummaryOptions["style"];
  length: SummaryOptions["length"];
  language: "source" | "ui";
  mode: SummaryOptions["mode"];
}

const fields = {
  style: { schema: v.picklist(["key-points", "tldr", "headline"]), default: "key-points" as const },
  length: { schema: v.picklist(["short", "medium", "long"]), default: "medium" as const },
  language: { schema: v.picklist(["source", "ui"]), default: "source" as const },
  mode: { schema: v.picklist(["auto", "extractive", "full"]), default: "auto" as const },
} as const;

/** Stored preferences with each bad or missing field replaced by its default. */
export function normalizePreferences(stored: unknown): SummaryPreferences {
  return readFields(fields, stored);
}

/** The preferences as a request's options; `uiLanguage` is the browser's language, e.g. "de-DE". */
export function toSummaryOptions(preferences: SummaryPreferences, uiLanguage: string): SummaryOptions {
  const options: SummaryOptions = { style: preferences.style, length: preferences.length, mode: preferences.mode };
  if (preferences.language === "ui" && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(uiLanguage)) options.language = uiLanguage;
  return options;
}

/** Read the stored preferences. */
export async function loadPreferences(): Promise<SummaryPreferences> {
  return normalizePreferences(await localArea.get(PREFERENCES_KEY));
}

/** Store the preferences. */
export async function savePreferences(preferences: SummaryPreferences): Promise<void> {
  await localArea.set(PREFERENCES_KEY, preferences);
}

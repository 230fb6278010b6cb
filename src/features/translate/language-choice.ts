/**
 * Which languages a translation goes between: the target from the settings or the browser, and the source from
 * what the browser's language detector (CLD2, via i18n.detectLanguage) and the page's own `lang` say.
 */
import { findLanguage } from "./languages";

/** The target language: the setting when it names a listed language, else the browser's UI language, else English. */
export function resolveTargetLanguage(setting: string, uiLanguage: string): string {
  return findLanguage(setting)?.code ?? findLanguage(uiLanguage)?.code ?? "en";
}

/** What i18n.detectLanguage returns. */
export interface DetectionResult {
  readonly isReliable: boolean;
  readonly languages: ReadonlyArray<{ readonly language: string; readonly percentage: number }>;
}

/**
 * What is known about the source: a listed language, a language Hearth does not offer (the pair cannot be done), or
 * nothing reliable (the model is left to work it out).
 */
export type SourceLanguage =
  | { readonly kind: "known"; readonly code: string }
  | { readonly kind: "unsupported"; readonly tag: string }
  | { readonly kind: "unknown" };

/**
 * Decide the source language from a detection and, for pages, the declared `lang`. A reliable detection wins (pages
 * often keep a template's lang="en" whatever they are written in); the declared tag is the fallback.
 */
export function chooseSourceLanguage(detection: DetectionResult | null, declared = ""): SourceLanguage {
  const top = detection?.isReliable ? detection.languages[0]?.language : undefined;
  if (top !== undefined && top !== "und") {
    const listed = findLanguage(top);
    return listed ? { kind: "known", code: listed.code } : { kind: "unsupported", tag: top };
  }
  const fromPage = findLanguage(declared);
  return fromPage ? { kind: "known", code: fromPage.code } : { kind: "unknown" };
}

/** A language's name in the user's own language ("German" for "de" in an English browser), or the tag itself. */
export function displayLanguageName(tag: string, uiLanguage: string): string {
  try {
    return new Intl.DisplayNames([uiLanguage, "en"], { type: "language" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

import { describe, expect, it } from "vitest";
import { chooseSourceLanguage, displayLanguageName, resolveTargetLanguage } from "./language-choice";

describe("language choice", () => {
  it("takes the target from the setting, else the browser's language, else English", () => {
    expect(resolveTargetLanguage("fr", "de-DE")).toBe("fr");
    expect(resolveTargetLanguage("", "de-DE")).toBe("de");
    expect(resolveTargetLanguage("", "zh-TW")).toBe("zh-Hant");
    expect(resolveTargetLanguage("", "yi")).toBe("en");
  });

  it("trusts a reliable detection over the page's declared lang", () => {
    const german = { isReliable: true, languages: [{ language: "de", percentage: 97 }] };
    expect(chooseSourceLanguage(german, "en")).toEqual({ kind: "known", code: "de" });
    expect(chooseSourceLanguage({ isReliable: false, languages: [{ language: "de", percentage: 40 }] }, "en-GB")).toEqual({
      kind: "known",
      code: "en",
    });
    expect(chooseSourceLanguage(null)).toEqual({ kind: "unknown" });
    expect(chooseSourceLanguage({ isReliable: true, languages: [{ language: "und", percentage: 100 }] }, "")).toEqual({ kind: "unknown" });
  });

  it("reports a reliably detected language Hearth does not list", () => {
    expect(chooseSourceLanguage({ isReliable: true, languages: [{ language: "yi", percentage: 99 }] }, "en")).toEqual({
      kind: "unsupported",
      tag: "yi",
    });
  });

  it("names languages in the user's language", () => {
    expect(displayLanguageName("de", "en-US")).toBe("German");
    expect(displayLanguageName("de", "de")).toBe("Deutsch");
  });
});

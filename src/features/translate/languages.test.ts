import { describe, expect, it } from "vitest";
import { englishName, findLanguage, isRtl, LANGUAGES, nativeName, normalizeLanguageCode, textDirection } from "./languages";

describe("languages", () => {
  it("lists at least 30 languages with unique codes and both names", () => {
    expect(LANGUAGES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(LANGUAGES.map((language) => language.code.toLowerCase())).size).toBe(LANGUAGES.length);
    for (const language of LANGUAGES) {
      expect(language.englishName).not.toBe("");
      expect(language.nativeName).not.toBe("");
      expect(Intl.getCanonicalLocales(language.code)).toEqual([language.code]);
    }
  });

  it("maps regional and legacy tags to the listed language", () => {
    expect(normalizeLanguageCode("en-GB")).toBe("en");
    expect(normalizeLanguageCode("pt_BR")).toBe("pt");
    expect(normalizeLanguageCode("zh-TW")).toBe("zh-Hant");
    expect(normalizeLanguageCode("zh-Hant-HK")).toBe("zh-Hant");
    expect(normalizeLanguageCode("zh-CN")).toBe("zh");
    expect(normalizeLanguageCode("iw")).toBe("he");
    expect(normalizeLanguageCode("no")).toBe("nb");
    expect(normalizeLanguageCode("tlh")).toBeNull();
    expect(findLanguage("")).toBeNull();
  });

  it("knows the right-to-left languages and the dir value to set", () => {
    expect(LANGUAGES.filter((language) => language.rtl).map((language) => language.code).sort()).toEqual(["ar", "fa", "he", "ur"]);
    expect(isRtl("ar-EG")).toBe(true);
    expect(textDirection("he")).toBe("rtl");
    expect(textDirection("de")).toBe("ltr");
    expect(textDirection("unknown")).toBe("ltr");
  });

  it("names languages in English and natively, falling back to the tag", () => {
    expect(englishName("de-AT")).toBe("German");
    expect(nativeName("ja")).toBe("日本語");
    expect(englishName("x-klingon")).toBe("x-klingon");
  });
});

/**
 * The languages Hearth offers for page translation, with the facts the page code needs: the BCP-47 tag written into
 * the `lang` attribute, names for menus and prompts, and the writing direction.
 */

export interface Language {
  /** BCP-47 tag, as written into `lang`. */
  readonly code: string;
  /** English name; also what the LLM prompt uses, since small models follow English names best. */
  readonly englishName: string;
  /** The language's name for itself, for menus. */
  readonly nativeName: string;
  readonly rtl: boolean;
}

function language(code: string, englishName: string, nativeName: string, rtl = false): Language {
  return Object.freeze({ code, englishName, nativeName, rtl });
}

/** Every language the translate feature lists, sorted by English name. */
export const LANGUAGES: readonly Language[] = Object.freeze([
  language("ar", "Arabic", "العربية", true),
  language("bg", "Bulgarian", "Български"),
  language("bn", "Bengali", "বাংলা"),
  language("ca", "Catalan", "Català"),
  language("cs", "Czech", "Čeština"),
  language("da", "Danish", "Dansk"),
  language("de", "German", "Deutsch"),
  language("el", "Greek", "Ελληνικά"),
  language("en", "English", "English"),
  language("es", "Spanish", "Español"),
  language("et", "Estonian", "Eesti"),
  language("fa", "Persian", "فارسی", true),
  language("fi", "Finnish", "Suomi"),
  language("fr", "French", "Français"),
  language("he", "Hebrew", "עברית", true),
  language("hi", "Hindi", "हिन्दी"),
  language("hr", "Croatian", "Hrvatski"),
  language("hu", "Hungarian", "Magyar"),
  language("id", "Indonesian", "Bahasa Indonesia"),
  language("it", "Italian", "Italiano"),
  language("ja", "Japanese", "日本語"),
  language("ko", "Korean", "한국어"),
  language("lt", "Lithuanian", "Lietuvių"),
  language("lv", "Latvian", "Latviešu"),
  language("ms", "Malay", "Bahasa Melayu"),
  language("nb", "Norwegian Bokmål", "Norsk bokmål"),
  language("nl", "Dutch", "Nederlands"),
  language("pl", "Polish", "Polski"),
  language("pt", "Portuguese", "Português"),
  language("ro", "Romanian", "Română"),
  language("ru", "Russian", "Русский"),
  language("sk", "Slovak", "Slovenčina"),
  language("sl", "Slovenian", "Slovenščina"),
  language("sr", "Serbian", "Српски"),
  language("sv", "Swedish", "Svenska"),
  language("sw", "Swahili", "Kiswahili"),
  language("ta", "Tamil", "தமிழ்"),
  language("th", "Thai", "ไทย"),
  language("tr", "Turkish", "Türkçe"),
  language("uk", "Ukrainian", "Українська"),
  language("ur", "Urdu", "اردو", true),
  language("vi", "Vietnamese", "Tiếng Việt"),
  language("zh", "Chinese (Simplified)", "简体中文"),
  language("zh-Hant", "Chinese (Traditional)", "繁體中文"),
]);

const byCode = new Map(LANGUAGES.map((entry) => [entry.code.toLowerCase(), entry]));

// Tags browsers and pages still emit that name a listed language another way.
const aliases: ReadonlyMap<string, string> = new Map([
  ["iw", "he"],
  ["in", "id"],
  ["no", "nb"],
  ["nn", "nb"],
  ["zh-tw", "zh-Hant"],
  ["zh-hk", "zh-Hant"],
  ["zh-mo", "zh-Hant"],
  ["zh-cn", "zh"],
  ["zh-sg", "zh"],
  ["zh-hans", "zh"],
]);

/** Find the listed language a BCP-47 tag names ("en-GB" -> English, "zh-TW" -> Chinese (Traditional)); null if none. */
export function findLanguage(tag: string): Language | null {
  const lower = tag.trim().replaceAll("_", "-").toLowerCase();
  if (lower === "") return null;
  const direct = byCode.get(lower) ?? byCode.get(aliases.get(lower)?.toLowerCase() ?? "");
  if (direct) return direct;
  const subtags = lower.split("-");
  const primary = subtags[0] ?? "";
  // Script and region subtags decide between the two Chinese entries; elsewhere the primary subtag is enough.
  if (primary === "zh") {
    const traditional = subtags.some((subtag) => subtag === "hant" || subtag === "tw" || subtag === "hk" || subtag === "mo");
    return byCode.get(traditional ? "zh-hant" : "zh") ?? null;
  }
  return byCode.get(primary) ?? byCode.get(aliases.get(primary)?.toLowerCase() ?? "") ?? null;
}

/** The listed code for a tag ("pt-BR" -> "pt"), or null when the language is not offered. */
export function normalizeLanguageCode(tag: string): string | null {
  return findLanguage(tag)?.code ?? null;
}

/** True when text in this language is written right to left. Unknown tags count as left to right. */
export function isRtl(tag: string): boolean {
  return findLanguage(tag)?.rtl ?? false;
}

/** The value for a `dir` attribute for text in this language. */
export function textDirection(tag: string): "rtl" | "ltr" {
  return isRtl(tag) ? "rtl" : "ltr";
}

/** The English name of a language, or the tag itself when it is not listed. */
export function englishName(tag: string): string {
  return findLanguage(tag)?.englishName ?? tag;
}

/** The language's own name for itself, or the tag itself when it is not listed. */
export function nativeName(tag: string): string {
  return findLanguage(tag)?.nativeName ?? tag;
}

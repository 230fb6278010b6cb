/** For tests: browser.i18n.getMessage over this feature's real locale files, so tests check the shipped strings. */
import { readFileSync } from "node:fs";
import type { Translate } from "./budget-line";

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

/** A `t` that reads src/features/chat/_locales/<lang>.json and fills placeholders like Firefox does. */
export function translator(lang: "en" | "de"): Translate {
  const messages = JSON.parse(readFileSync(new URL(`./_locales/${lang}.json`, import.meta.url), "utf8")) as Messages;
  return (key, subs = []) => {
    const entry = messages[key];
    if (!entry) throw new Error(`missing ${key}`);
    return entry.message.replace(/\$([A-Z_]+)\$/g, (_, name: string) => {
      const content = entry.placeholders?.[name.toLowerCase()]?.content ?? "";
      return subs[Number(content.slice(1)) - 1] ?? "";
    });
  };
}

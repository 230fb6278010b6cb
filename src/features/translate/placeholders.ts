/**
 * The placeholder language shared with translation engines: a unit's text with its inline elements written as numbered
 * tags (`Read <a1>the <b2>full</b2> story</a1><x3/>`), and the strict parser that reads a translation back into a tree
 * of text and slot numbers. Only exact placeholder tags are markup; everything else is text, so page text can never
 * turn into markup.
 */
import type { InlinePart, Slot } from "./units";

/** A translated unit as parsed from an engine's answer: text and the slots it places. */
export type TranslatedPart =
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "element"; readonly slot: number; readonly children: readonly TranslatedPart[] }
  | { readonly type: "opaque"; readonly slot: number };

export type PlaceholderParse =
  | { readonly ok: true; readonly parts: readonly TranslatedPart[] }
  | { readonly ok: false; readonly reason: string };

// A placeholder tag: opening `<a1>`, closing `</a1>` or void `<x1/>`. Letters are hints only; numbers identify slots.
const tagPattern = /<(\/?)([a-z])(\d{1,4})\s*(\/?)>/g;
const htmlWhitespace = /[ \t\n\r\f]+/g;

/** Escape text so it cannot be read as a placeholder; `&` is escaped only where it would read as an escape. */
export function escapeText(text: string): string {
  return text.replace(/&(?=(?:lt|gt|amp);)|[<>]/g, (char) => (char === "<" ? "&lt;" : char === ">" ? "&gt;" : "&amp;"));
}

/** Undo escapeText (and the same three escapes when an engine writes them on its own). */
export function unescapeText(text: string): string {
  return text.replace(/&(lt|gt|amp);/g, (_match, name: string) => (name === "lt" ? "<" : name === "gt" ? ">" : "&"));
}

/** Collapse runs of HTML whitespace to one space, as the page renders them; no-break spaces are kept. */
export function collapseWhitespace(text: string): string {
  return text.replace(htmlWhitespace, " ");
}

/** Write a unit's inline parts as the placeholder string sent for translation. */
export function serializeParts(parts: readonly InlinePart[], slots: readonly Slot[]): string {
  let out = "";
  const write = (list: readonly InlinePart[]): void => {
    for (const part of list) {
      if (part.type === "text") {
        out += escapeText(collapseWhitespace(part.data));
      } else if (part.type === "opaque") {
        out += `<${slots[part.slot - 1]?.letter ?? "x"}${part.slot}/>`;
      } else {
        const letter = slots[part.slot - 1]?.letter ?? "g";
        out += `<${letter}${part.slot}>`;
        write(part.children);
        out += `</${letter}${part.slot}>`;
      }
    }
  };
  write(parts);
  return collapseWhitespace(out).trim();
}

/**
 * Parse a translation against the unit's slots. Valid only when every slot appears exactly once, paired slots as a
 * properly nested open/close pair and void slots as `<xN/>`; anything else is reported so the caller can fall back.
 */
export function parsePlaceholders(text: string, slots: readonly Slot[]): PlaceholderParse {
  const root: TranslatedPart[] = [];
  const stack: Array<{ slot: number; children: TranslatedPart[] }> = [];
  const seen = new Set<number>();
  const current = (): TranslatedPart[] => stack.at(-1)?.children ?? root;
  const pushText = (raw: string): void => {
    if (raw !== "") current().push({ type: "text", text: unescapeText(raw) });
  };
  let last = 0;
  for (const match of text.matchAll(tagPattern)) {
    pushText(text.slice(last, match.index));
    last = match.index + match[0].length;
    const closing = match[1] === "/";
    const selfClosing = match[4] === "/";
    const slot = Number(match[3]);
    const info = slots[slot - 1];
    if (!info) return { ok: false, reason: `unknown placeholder ${match[0]}` };
    if (closing) {
      const open = stack.pop();
      if (!open || open.slot !== slot) return { ok: false, reason: `misnested ${match[0]}` };
      current().push({ type: "element", slot, children: open.children });
      continue;
    }
    if (seen.has(slot)) return { ok: false, reason: `repeated placeholder ${match[0]}` };
    seen.add(slot);
    if (selfClosing !== !info.paired) return { ok: false, reason: `wrong kind of placeholder ${match[0]}` };
    if (selfClosing) current().push({ type: "opaque", slot });
    else stack.push({ slot, children: [] });
  }
  pushText(text.slice(last));
  if (stack.length > 0) return { ok: false, reason: `unclosed placeholder ${stack.length}` };
  if (seen.size !== slots.length) return { ok: false, reason: `missing ${slots.length - seen.size} placeholder(s)` };
  return { ok: true, parts: root };
}

/** The translation with every placeholder tag removed, for writing a unit back as plain text. */
export function plainText(text: string): string {
  // A void slot often stood for a line break or an image, so it becomes a space; paired tags sit inside words.
  const untagged = text.replace(tagPattern, (_tag, _close: string, _letter: string, _slot: string, end: string) =>
    end === "/" ? " " : "",
  );
  return collapseWhitespace(unescapeText(untagged)).trim();
}

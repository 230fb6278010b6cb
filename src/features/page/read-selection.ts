/** The text the user selected in a page: the document selection, or the selected part of a focused text field. */
import type { PageSelection } from "./protocol";

/** Most characters of a selection passed on; longer selections are cut (a summary of more is a page summary). */
export const MAX_SELECTION_CHARS = 400_000;
// Fields whose selected text is the user's own words; a password field is never read.
const TEXT_INPUT_TYPES = new Set(["text", "search", "url", "email", ""]);

/** What is selected in `doc`, with the page's URL, title and language. */
export function readSelection(doc: Document): PageSelection {
  const text = fieldSelection(doc.activeElement) ?? doc.getSelection()?.toString() ?? "";
  const lang = doc.documentElement.lang.trim();
  return { text: text.trim().slice(0, MAX_SELECTION_CHARS), url: doc.URL, title: doc.title.trim(), lang: lang === "" ? null : lang };
}

function fieldSelection(element: Element | null): string | null {
  if (!element) return null;
  const tag = element.localName;
  const isTextField = tag === "textarea" || (tag === "input" && TEXT_INPUT_TYPES.has((element.getAttribute("type") ?? "").toLowerCase()));
  if (!isTextField) return null;
  const field = element as HTMLInputElement | HTMLTextAreaElement;
  const start = field.selectionStart;
  const end = field.selectionEnd;
  if (start === null || end === null || end <= start) return null;
  return field.value.slice(start, end);
}

/** Reading what the user selected: text in the page, or in a text field (which window.getSelection() leaves out). */
import type { DetectionResult } from "../language-choice";

/** The selected text and where it is on screen (viewport coordinates), or empty text when nothing is selected. */
export interface PageSelection {
  readonly text: string;
  readonly rect: DOMRect | null;
}

const textInputTypes = new Set(["", "text", "search", "url", "email", "tel"]);

/** What is selected in the page now. */
export function readSelection(): PageSelection {
  const active = document.activeElement;
  const field =
    active instanceof HTMLTextAreaElement || (active instanceof HTMLInputElement && textInputTypes.has(active.type))
      ? active
      : null;
  if (field && field.selectionStart !== null && field.selectionEnd !== null && field.selectionEnd > field.selectionStart) {
    return { text: field.value.slice(field.selectionStart, field.selectionEnd), rect: field.getBoundingClientRect() };
  }
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return { text: "", rect: null };
  const last = selection.getRangeAt(selection.rangeCount - 1);
  return { text: selection.toString(), rect: last.getBoundingClientRect() };
}

/** Ask the browser's language detector (CLD2) about `text`; null when it cannot say. */
export async function detectLanguage(text: string): Promise<DetectionResult | null> {
  try {
    // A few thousand characters are plenty for a confident answer, and keep the detector quick on huge inputs.
    return await browser.i18n.detectLanguage(text.slice(0, 4000));
  } catch {
    return null;
  }
}

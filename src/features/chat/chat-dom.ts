/** Small helpers for building the chat's DOM from nodes and text, never from HTML strings. */
import { el } from "../../shared/ui/dom";

/** A plain button (type="button", so it never submits a form) that runs `onClick`. */
export function button(label: string, onClick: () => void, className = ""): HTMLButtonElement {
  const element = el("button", { className, text: label, attrs: { type: "button" } });
  element.addEventListener("click", onClick);
  return element;
}

/** True for the plain Enter that sends: not Shift+Enter (a new line), not while an input method composes text. */
export function isSendKey(event: KeyboardEvent): boolean {
  return event.key === "Enter" && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey;
}

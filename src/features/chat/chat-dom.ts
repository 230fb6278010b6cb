/** Small helpers for building the chat's DOM from nodes and text, never from HTML strings. */

type Child = Node | string | null | undefined | false;

export interface ElementProps {
  className?: string;
  text?: string;
  attrs?: Record<string, string>;
}

/** A new element with a class, text or attributes, and children (strings become text nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  if (props.text !== undefined) element.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}

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

/** A small element builder for the summary panel: attributes and text only, never HTML strings. */

type Child = Node | string | null | undefined | false;

/** Create `<tag>` with `attributes` (class, id, aria-*, data-*...) and children (strings become text nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false) continue;
    element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return element;
}

/** A <select> with `options` ([value, label] pairs) and `value` selected. */
export function select(id: string, label: string, options: readonly (readonly [string, string])[], value: string): HTMLLabelElement {
  const control = el("select", { id });
  for (const [optionValue, optionLabel] of options) control.append(el("option", { value: optionValue }, optionLabel));
  control.value = value;
  return el("label", { class: "summary-field", for: id }, el("span", {}, label), control);
}

/**
 * Building UI from data without ever parsing HTML: page titles, model names and model output go in as text nodes or
 * attribute values only.
 */

type Child = Node | string | null | undefined | false;

export interface ElementProps {
  className?: string;
  text?: string;
  attrs?: Record<string, string>;
  /** data-* values, by dataset name (`{ modelId: "x" }` sets data-model-id). */
  data?: Record<string, string>;
}

/**
 * A new element with a class, text, attributes and data-* values, and children: nodes, strings (as text nodes) or
 * arrays of them; null, undefined, false and empty strings are skipped, so optional parts can be written inline.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: (Child | readonly Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className !== undefined) element.className = props.className;
  if (props.text !== undefined) element.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const [name, value] of Object.entries(props.data ?? {})) element.dataset[name] = value;
  for (const child of children.flat()) if (child) element.append(child);
  return element;
}

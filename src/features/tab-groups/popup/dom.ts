/**
 * Building the popup's elements from data without ever parsing HTML: tab titles are written by web pages, so every
 * piece of text goes in as textContent or an attribute value.
 */
import { el, type ElementProps } from "../../../shared/ui/dom";

/** A <select> with `options` as [value, label] pairs and `selected` chosen. */
export function selectOf(options: readonly (readonly [string, string])[], selected: string, props: ElementProps = {}): HTMLSelectElement {
  const select = el("select", props);
  for (const [value, label] of options) {
    const option = el("option", { text: label, attrs: { value } });
    option.selected = value === selected;
    select.append(option);
  }
  return select;
}

/**
 * The favicon of a tab: its data: URL if it has one (nothing is fetched), otherwise a neutral placeholder. If the
 * image cannot be shown (the page's CSP may forbid data: images), the placeholder takes its place.
 */
export function favIcon(favIconUrl: string | null): HTMLElement {
  const placeholder = el("span", { className: "tg-icon tg-icon-neutral", attrs: { "aria-hidden": "true" } });
  if (favIconUrl === null || !favIconUrl.startsWith("data:")) return placeholder;
  const image = el("img", { className: "tg-icon", attrs: { alt: "", width: "16", height: "16", referrerpolicy: "no-referrer" } });
  image.addEventListener("error", () => image.replaceWith(placeholder), { once: true });
  image.src = favIconUrl;
  return image;
}

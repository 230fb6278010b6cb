/**
 * Renders a summary (headline and points) with a link back to each point's source: a passage of the page, or a page
 * of the PDF. Model text is shown as text nodes only. Re-rendered on every streamed update: summaries are short.
 */
import type { SourceRef } from "../document";
import type { SummaryStyle } from "../prompt";
import type { SummaryPoint } from "../protocol";
import { orderedSources } from "../source-blocks";
import { el } from "./dom";

/** How one source reference is offered: its label, its tooltip, and whether clicking it can go there. */
export interface SourceLink {
  label: string;
  title: string;
  clickable: boolean;
}

export interface SummaryContent {
  style: SummaryStyle;
  headline?: string;
  points: SummaryPoint[];
}

/** Shows a summary in `container` and calls `onSource` when a source link is clicked. */
export class SummaryView {
  constructor(
    private readonly container: HTMLElement,
    private readonly describe: (ref: SourceRef) => SourceLink | null,
    onSource: (ref: SourceRef, link: HTMLButtonElement) => void,
  ) {
    container.addEventListener("click", (event) => {
      const link = (event.target as Element | null)?.closest<HTMLButtonElement>("button.summary-source");
      if (!link || !container.contains(link)) return;
      const page = link.dataset.sourcePage;
      const anchor = link.dataset.sourceAnchor;
      onSource(page !== undefined ? { page: Number(page) } : anchor !== undefined ? { anchor } : {}, link);
    });
  }

  /** Replace what is shown with `content`. */
  render(content: SummaryContent): void {
    const parts: Node[] = [];
    if (content.headline) parts.push(el("p", { class: "summary-headline" }, el("strong", {}, content.headline)));
    if (content.style === "key-points") {
      parts.push(el("ul", { class: "summary-points" }, ...content.points.map((point) => this.point("li", point))));
    } else {
      const paragraph = el("p", { class: "summary-points summary-paragraph" });
      content.points.forEach((point, i) => {
        if (i > 0) paragraph.append(" ");
        paragraph.append(this.point("span", point));
      });
      if (content.points.length > 0) parts.push(paragraph);
    }
    this.container.replaceChildren(...parts);
  }

  /** Remove the summary. */
  clear(): void {
    this.container.replaceChildren();
  }

  private point(tag: "li" | "span", point: SummaryPoint): HTMLElement {
    const item = el(tag, { class: "summary-point", "data-complete": String(point.complete) }, el("span", { class: "summary-point-text" }, point.text));
    const links = orderedSources(point.sources)
      .map((ref) => this.sourceLink(ref))
      .filter((link): link is HTMLElement => link !== null);
    if (links.length > 0) {
      const sources = el("span", { class: "summary-sources" });
      links.forEach((link) => sources.append(" ", link));
      item.append(sources);
    }
    return item;
  }

  private sourceLink(ref: SourceRef): HTMLElement | null {
    const link = this.describe(ref);
    if (!link) return null;
    if (!link.clickable) return el("span", { class: "summary-source", title: link.title }, link.label);
    const data: Record<string, string> = ref.page !== undefined ? { "data-source-page": String(ref.page) } : { "data-source-anchor": ref.anchor ?? "" };
    return el("button", { type: "button", class: "summary-source", title: link.title, "aria-label": link.title, ...data }, link.label);
  }
}

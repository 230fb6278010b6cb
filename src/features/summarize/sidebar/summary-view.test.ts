// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import type { SourceRef } from "../document";
import type { SourceOrigin } from "./read-source";
import { sourceLinkFor } from "./source-links";
import { SummaryView } from "./summary-view";

const translate = (key: string, subs: string[] = []) => `${key}(${subs.join(",")})`;
const pageOrigin: SourceOrigin = { kind: "page", tabId: 1, blocks: [], siteName: null };

function viewWith(origin: SourceOrigin) {
  const container = document.createElement("div");
  const clicked: SourceRef[] = [];
  const view = new SummaryView(container, (ref) => sourceLinkFor(ref, origin, translate), (ref) => clicked.push(ref));
  return { container, view, clicked };
}

describe("SummaryView", () => {
  it("lists key points as text, each with buttons to its passages in document order", () => {
    const { container, view, clicked } = viewWith(pageOrigin);
    view.render({
      style: "key-points",
      points: [
        { text: "<img src=x onerror=alert(1)> restored", sources: [{ anchor: "page:4" }, { anchor: "page:1" }], complete: true },
        { text: "Still writ", sources: [], complete: false },
      ],
    });
    const items = [...container.querySelectorAll("li.summary-point")];
    expect(items.map((li) => li.querySelector(".summary-point-text")?.textContent)).toEqual(["<img src=x onerror=alert(1)> restored", "Still writ"]);
    expect(container.querySelector("img")).toBeNull();
    expect(items.map((li) => li.getAttribute("data-complete"))).toEqual(["true", "false"]);
    const buttons = [...container.querySelectorAll<HTMLButtonElement>("button.summary-source")];
    expect(buttons.map((b) => [b.textContent, b.dataset.sourceAnchor, b.title])).toEqual([
      ["summarySourcePassage(2)", "page:1", "summarySourcePassageTitle(2)"],
      ["summarySourcePassage(5)", "page:4", "summarySourcePassageTitle(5)"],
    ]);
    buttons[1]?.click();
    expect(clicked).toEqual([{ anchor: "page:4" }]);
  });

  it("writes a TL;DR or a headline and paragraph as running text; PDF pages are links only when the PDF has a URL", () => {
    const local: SourceOrigin = { kind: "pdf", url: null, tabId: null, pageCount: 9, range: { first: 1, last: 9 }, failedPages: [], pagesWithoutText: [] };
    const { container, view } = viewWith(local);
    view.render({ style: "headline", headline: "Mill turns again", points: [{ text: "It turned.", sources: [{ page: 3 }], complete: true }, { text: "Flour follows.", sources: [], complete: true }] });
    expect(container.querySelector(".summary-headline")?.textContent).toBe("Mill turns again");
    expect(container.querySelector("p.summary-paragraph")?.textContent).toBe("It turned. summarySourcePdfPage(3) Flour follows.");
    expect(container.querySelector("button")).toBeNull();
    expect(container.querySelector("span.summary-source")?.getAttribute("title")).toBe("summarySourcePdfPageTitle(3)");

    const online = viewWith({ ...local, url: "https://example.org/a.pdf" });
    online.view.render({ style: "tldr", points: [{ text: "It turned.", sources: [{ page: 3 }], complete: true }] });
    online.container.querySelector<HTMLButtonElement>("button.summary-source")?.click();
    expect(online.clicked).toEqual([{ page: 3 }]);
  });

  it("shows no links for a selection", () => {
    const { container, view } = viewWith({ kind: "selection", tabId: 1 });
    view.render({ style: "key-points", points: [{ text: "A point", sources: [{ anchor: "page:1" }], complete: true }] });
    expect(container.querySelector(".summary-source")).toBeNull();
  });
});

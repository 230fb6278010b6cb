/**
 * The page-reading side of Hearth in each tab: the article (or visible text) for any feature that needs it, the
 * selection, and scrolling back to a passage a summary point came from. Page text is data only: it is read with
 * textContent-like APIs and never interpreted.
 */
import type { ContentContext } from "../../content/context";
import { extractArticle, type Extraction } from "./extract-article";
import { clearPassageMark, scrollToPassage } from "./highlight-passage";
import { locatePassage } from "./locate-passage";
import { readSelection } from "./read-selection";

/** Answer the page messages for this tab. */
export function registerContent({ server, lifetime }: ContentContext): void {
  // The last extraction, so "page/scroll-to" resolves indexes against the blocks the caller was given.
  let last: Extraction | null = null;

  server.handle("page/article", () => {
    last = extractArticle(document);
    return last.article;
  });
  server.handle("page/selection", () => readSelection(document));
  server.handle("page/scroll-to", ({ index, text }) => {
    const located = locatePassage(last, index, text, () => extractArticle(document));
    last = located.extraction;
    return { found: located.anchor !== null && scrollToPassage(located.anchor, document) };
  });

  lifetime.addEventListener(
    "abort",
    () => {
      last = null;
      clearPassageMark();
    },
    { once: true },
  );
}

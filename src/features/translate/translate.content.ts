/**
 * Translate in the page: answers the background's "translate/selection" (the panel next to the selection) and
 * "translate/page" (the whole page in place). The UI lives in closed shadow roots; page text is only ever read.
 */
import type { ContentContext } from "../../content/context";
import { PageTranslator } from "./content/page-controller";
import { SelectionTranslator } from "./content/selection-controller";

/** Register the translate feature's content-script handlers. */
export function registerContent(ctx: ContentContext): void {
  // Built on first use: most pages are never translated, and they should not pay for it.
  let selection: SelectionTranslator | null = null;
  let page: PageTranslator | null = null;
  ctx.server.handle("translate/selection", ({ to }) => {
    selection ??= new SelectionTranslator(ctx.lifetime);
    return { started: selection.open(to) };
  });
  ctx.server.handle("translate/page", ({ to }) => {
    page ??= new PageTranslator(ctx.lifetime);
    return page.start(to);
  });
}

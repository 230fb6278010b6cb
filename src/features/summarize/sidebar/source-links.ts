/** How a summary point's source is offered: "¶ 5" scrolls the page to its passage, "p. 4" opens the PDF's page. */
import { t } from "../../../shared/platform/i18n";
import type { SourceRef } from "../document";
import { pageBlockIndex } from "../source-blocks";
import type { SourceOrigin } from "./read-source";
import type { SourceLink } from "./summary-view";

type Translate = (key: string, subs?: string[]) => string;

/** The link for `ref` given where the text came from; null when there is nowhere to go (a selection). */
export function sourceLinkFor(ref: SourceRef, origin: SourceOrigin | null, translate: Translate = t): SourceLink | null {
  if (origin?.kind === "page") {
    const index = pageBlockIndex(ref);
    if (index === null) return null;
    const n = String(index + 1);
    return { label: translate("summarySourcePassage", [n]), title: translate("summarySourcePassageTitle", [n]), clickable: true };
  }
  if (origin?.kind === "pdf" && ref.page !== undefined) {
    const n = String(ref.page);
    return { label: translate("summarySourcePdfPage", [n]), title: translate("summarySourcePdfPageTitle", [n]), clickable: origin.url !== null };
  }
  return null;
}

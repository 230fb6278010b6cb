/**
 * Read a tab's article for the chat, in the background: checks the tab is a web page Hearth may read, asks its content
 * script ("page/article", from src/features/page/), and checks the reply's shape, since it comes from a context that
 * lives inside a web page.
 */
import * as v from "valibot";
import { contentScriptOf } from "../../shared/platform/runtime";
import { HearthError, ValidationError } from "../../shared/protocol/errors";
import type { PageArticle } from "../page/protocol";
import { isPdfUrl, isWebPageUrl } from "./page-target";

const MAX_BLOCKS = 20_000;

const articleReply = v.object({
  url: v.pipe(v.string(), v.maxLength(8000)),
  title: v.pipe(v.string(), v.maxLength(2000)),
  blocks: v.pipe(
    v.array(
      v.object({
        kind: v.picklist(["heading", "paragraph", "list-item"]),
        text: v.pipe(v.string(), v.maxLength(200_000)),
        level: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(6))),
        sourceRef: v.object({ kind: v.literal("page"), index: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
      }),
    ),
    v.maxLength(MAX_BLOCKS),
  ),
});

/** The part of an article the chat uses. */
export type ChatArticle = Pick<PageArticle, "url" | "title" | "blocks">;

/** Plain words for the open-PDF case, until the PDF text is offered to chat. */
export const PDF_NOT_YET = "PDFs: coming soon. Chat cannot read an open PDF yet; use Summarize on it instead.";

/** The article of tab `tabId`, or a ValidationError that says in plain words why it cannot be read. */
export async function readTabArticle(tabId: number): Promise<ChatArticle> {
  let tab: browser.tabs.Tab;
  try {
    tab = await browser.tabs.get(tabId);
  } catch {
    throw new ValidationError("That tab is closed. Pick the page again.");
  }
  const url = tab.url ?? "";
  if (isPdfUrl(url)) throw new ValidationError(PDF_NOT_YET);
  if (!isWebPageUrl(url)) {
    throw new ValidationError("Hearth can read web pages only, not Firefox's own pages or the add-on store.");
  }
  let reply: unknown;
  try {
    reply = await contentScriptOf(tabId).request("page/article", {});
  } catch (error) {
    // A named error came from the content script itself; anything else means none is listening in the tab.
    if (error instanceof HearthError && error.name !== "HearthError") throw error;
    throw new ValidationError("Hearth cannot reach this page. Reload the page and try again.");
  }
  const parsed = v.safeParse(articleReply, reply);
  if (!parsed.success) throw new ValidationError("The page's text came back in a shape Hearth does not understand.");
  return parsed.output;
}

/**
 * Simplify in the background: "Simplify page" (context menu, keyboard command, the sidebar's button through
 * "reader/open") opens Hearth's reader view next to the tab, and the reader's rewrite and explain jobs run on the
 * engine host as interactive work owned by the reader's tab, so closing that tab drops them.
 */
import type { BackgroundContext } from "../../background/context";
import { ValidationError } from "../../shared/protocol/errors";
import type { SenderContext } from "../../shared/protocol/sender";
import { explainSelection, simplifyBlock, type Generate } from "./reader-jobs";
import { READER_PAGE, readerPath } from "./reader-url";

/** Open the reader view for `tab` in a new tab right after it; returns the new tab's id. */
export async function openReaderFor(tab: browser.tabs.Tab): Promise<number> {
  if (tab.id === undefined) throw new ValidationError("That tab cannot be read.");
  // "Simplify page" on a reader view: it already is one.
  if (tab.url?.startsWith(browser.runtime.getURL(READER_PAGE))) return tab.id;
  const created = await browser.tabs.create({
    url: browser.runtime.getURL(readerPath(tab.id)),
    windowId: tab.windowId,
    index: tab.index + 1,
    openerTabId: tab.id,
    active: true,
  });
  if (created.id === undefined) throw new ValidationError("Firefox did not open the reader tab.");
  return created.id;
}

async function openForActiveTab(): Promise<void> {
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  if (active) await openReaderFor(active);
}

function report(error: unknown): void {
  console.error("Hearth: could not open the reader view", error);
}

/** Register the menu item, the command and the reader's messages. */
export function registerBackground(ctx: BackgroundContext): void {
  ctx.menus.addMenuItem({
    id: "hearth-simplify-page",
    titleKey: "readerMenuSimplify",
    contexts: ["page"],
    onClick: (_info, tab) => void (tab ? openReaderFor(tab) : openForActiveTab()).catch(report),
  });
  ctx.menus.addCommand({
    name: "simplify-page",
    run: (tab) => void (tab ? openReaderFor(tab) : openForActiveTab()).catch(report),
  });

  ctx.server.handle("reader/open", async ({ tabId }) => {
    let tab: browser.tabs.Tab;
    try {
      tab = await browser.tabs.get(tabId);
    } catch {
      throw new ValidationError("That tab is no longer open.");
    }
    return { readerTabId: await openReaderFor(tab) };
  });

  const generateFor = (sender: SenderContext, signal: AbortSignal): Generate => {
    return (options) => ({
      [Symbol.asyncIterator]: async function* () {
        const host = await ctx.engine;
        yield* host.generate({ ...options, ownerTabId: sender.tabId, priority: "interactive" }, signal);
      },
    });
  };

  ctx.server.handleStream("reader/simplify", ({ units, level, language }, sender, signal) =>
    simplifyBlock(units, level, language, generateFor(sender, signal)),
  );
  ctx.server.handleStream("reader/explain", ({ text, context, language }, sender, signal) =>
    explainSelection(text, context, language, generateFor(sender, signal)),
  );
}

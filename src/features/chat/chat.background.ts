/**
 * The sidebar chat in the background: answers "chat/reply" (fit, budget, stream) and "chat/condense", and adds the
 * selection actions to the context menu. Conversations themselves are stored by the sidebar, in its own IndexedDB.
 */
import type { BackgroundContext } from "../../background/context";
import { condenseText } from "./condense";
import { engineTokenCounter } from "./engine-counter";
import { ReadSpeedTracker } from "./first-answer";
import { answerRoom, chatReply } from "./reply";
import { pendingActionFor, type SelectionAction } from "./selection-actions";
import { postPendingAction } from "./selection-inbox";

/** The sidebar on its chat panel (src/sidebar/main.ts shows the panel named by the hash). */
const CHAT_PANEL = "sidebar/index.html#chat";

const MENU_ITEMS: { id: string; action: SelectionAction; titleKey: string }[] = [
  { id: "chat-explain", action: "explain", titleKey: "chatMenuExplain" },
  { id: "chat-rewrite", action: "rewrite", titleKey: "chatMenuRewrite" },
  { id: "chat-ask", action: "ask", titleKey: "chatMenuAsk" },
];

/** A menu click has no page to show an error in: the background's console is where its failures are reported. */
function menuFailed(error: unknown): void {
  console.error("Hearth: the chat menu action failed", error);
}

/** Register the chat's messages and menu items (synchronously, in the event page's first turn). */
export function registerBackground(ctx: BackgroundContext): void {
  // Per event page: measured reading speeds and the last prompt, for the time estimate. Lost on suspension, which
  // also unloads the model (and its cache), so nothing stale survives.
  const speed = new ReadSpeedTracker();

  ctx.server.handleStream("chat/reply", async function* (payload, _sender, signal) {
    const host = await ctx.engine;
    yield* chatReply(payload, { host, speed }, signal);
  });

  ctx.server.handle("chat/condense", async ({ text }) => {
    const host = await ctx.engine;
    const contextSize = await host.contextSize();
    const counter = engineTokenCounter((piece) => host.countTokens(piece));
    return condenseText(text, Math.floor((contextSize - answerRoom(contextSize)) / 2), counter.countTokens);
  });

  for (const item of MENU_ITEMS) {
    ctx.menus.addMenuItem({
      id: item.id,
      titleKey: item.titleKey,
      contexts: ["selection"],
      onClick(info, tab) {
        // Firefox opens the sidebar only inside the click's user input: no await may come before open().
        if (tab?.windowId !== undefined) {
          browser.sidebarAction.setPanel({ panel: browser.runtime.getURL(CHAT_PANEL), windowId: tab.windowId }).catch(menuFailed);
        }
        browser.sidebarAction.open().catch(menuFailed);
        const pending = pendingActionFor(item.action, info.selectionText, tab?.windowId ?? null, Date.now(), crypto.randomUUID());
        if (pending) postPendingAction(pending).catch(menuFailed);
      },
    });
  }
}

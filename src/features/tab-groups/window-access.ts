/**
 * Which window a tab-groups request may act on. A request names its window, but the background only believes it when
 * the browser's own facts agree: the asking page is a tab of that window, or (the toolbar popup and the sidebar are
 * no tabs) one of Hearth's popup or sidebar views is open in it. So a page in a normal window cannot read or regroup a
 * private window's tabs, and one request never spans two windows.
 */
import { PermissionError } from "../../shared/protocol/errors";
import type { SenderContext } from "../../shared/protocol/sender";

/**
 * Throw PermissionError unless `sender` may act on `windowId`. `hasHearthViewIn` says whether a Hearth popup or
 * sidebar is open in a window (browser.extension.getViews in the background).
 */
export function assertWindowAccess(
  sender: Pick<SenderContext, "tabId" | "windowId">,
  windowId: number,
  hasHearthViewIn: (windowId: number) => boolean,
): void {
  if (sender.tabId !== null) {
    if (sender.windowId !== windowId) throw new PermissionError("A Hearth page may only group the tabs of its own window.");
    return;
  }
  if (!hasHearthViewIn(windowId)) throw new PermissionError("Open Hearth's popup in the window whose tabs you want to group.");
}

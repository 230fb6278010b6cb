/** The toolbar popup: the live status line, the tab-groups panel in #main, and shortcuts to the sidebar and settings. */
import { mountTabGroupsPanel } from "../features/tab-groups/popup/tab-groups-panel";
import { t } from "../shared/platform/i18n";
import { byId, setupExtensionPage } from "../shared/platform/page-setup";
import { background } from "../shared/platform/runtime";
import { showLiveStatus } from "../shared/status/status-view";

const lifetime = new AbortController();
addEventListener("pagehide", () => lifetime.abort(), { once: true });

await setupExtensionPage();
showLiveStatus(byId("status"), byId("version"), lifetime.signal);

byId("open-sidebar").addEventListener("click", () => {
  // sidebarAction.open must run inside the click's user-input handler, so no await before it.
  void browser.sidebarAction.open();
  window.close();
});
byId("open-options").addEventListener("click", () => {
  void browser.runtime.openOptionsPage();
  window.close();
});

// The popup's own window (or, opened as a tab, its tab's window): the only window whose tabs it may group.
// TODO(lead): move this call into src/shared/platform as currentWindowId(), with the sidebar/options calls above.
const { id: windowId } = await browser.windows.getCurrent();
if (windowId !== undefined) {
  mountTabGroupsPanel(byId("tab-groups"), { client: background(), windowId, t, signal: lifetime.signal });
}

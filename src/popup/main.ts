/** The toolbar popup. Features (tab groups) add their panel to #main. */
import { byId, setupExtensionPage } from "../shared/platform/page-setup";
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

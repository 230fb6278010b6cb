/** The sidebar page. Features add their panels to #main. */
import { byId, setupExtensionPage } from "../shared/platform/page-setup";
import { showLiveStatus } from "../shared/status/status-view";

const lifetime = new AbortController();
addEventListener("pagehide", () => lifetime.abort(), { once: true });

await setupExtensionPage();
showLiveStatus(byId("status"), byId("version"), lifetime.signal);

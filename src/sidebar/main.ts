/** The sidebar page: live status, and one tab per feature panel (src/features/<feature>/<feature>.sidebar.ts). */
import { byId, setupExtensionPage } from "../shared/platform/page-setup";
import { showLiveStatus } from "../shared/status/status-view";
import { createSimplifyButton } from "../features/reader/simplify-button";
import type { SidebarFeatureModule } from "./panel";
import { layoutPanels } from "./panels";

const lifetime = new AbortController();
addEventListener("pagehide", () => lifetime.abort(), { once: true });

await setupExtensionPage();
showLiveStatus(byId("status"), byId("version"), lifetime.signal);

// Page actions that open elsewhere (the reader view opens in a tab next to the page).
const actionError = byId("page-action-error");
byId("page-actions").append(
  createSimplifyButton(document, (error) => (actionError.textContent = error instanceof Error ? error.message : String(error))),
);

const modules = import.meta.glob<SidebarFeatureModule>("../features/*/*.sidebar.ts", { eager: true });
const show = layoutPanels(
  Object.values(modules).map((module) => module.sidebarPanel),
  byId("panel-tabs"),
  byId("main"),
  lifetime.signal,
);
// Other parts of Hearth open the sidebar on a panel with sidebar/index.html#<panel id>.
show(location.hash.slice(1));
addEventListener("hashchange", () => show(location.hash.slice(1)));

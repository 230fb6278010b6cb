/** The options page: typed settings, validated before they are stored; the Models section; the first-run flow. */
import { mountModelsSection } from "../features/models/options/models-section";
import { mountOnboarding } from "../features/models/options/onboarding";
import { t, uiLanguage } from "../shared/platform/i18n";
import { byId, setupExtensionPage } from "../shared/platform/page-setup";
import { background } from "../shared/platform/runtime";
import { settingsStore } from "../shared/platform/storage";
import type { Settings } from "../shared/storage/settings";
import { showLiveStatus } from "../shared/status/status-view";
import { mountPrivacyPanel } from "./privacy-panel";

const lifetime = new AbortController();
addEventListener("pagehide", () => lifetime.abort(), { once: true });

await setupExtensionPage();
showLiveStatus(byId("status"), byId("version"), lifetime.signal);

const form = byId<HTMLFormElement>("settings-form");
const keepAlive = byId<HTMLInputElement>("keepAliveMinutes");
const theme = byId<HTMLSelectElement>("theme");
const serverEnabled = byId<HTMLInputElement>("localServerEnabled");
const serverUrl = byId<HTMLInputElement>("localServerUrl");
const serverModel = byId<HTMLInputElement>("localServerModel");
const result = byId("save-result");

function show(settings: Settings): void {
  keepAlive.value = String(settings.keepAliveMinutes);
  theme.value = settings.theme;
  serverEnabled.checked = settings.localServerEnabled;
  serverUrl.value = settings.localServerUrl;
  serverModel.value = settings.localServerModel;
}

show(await settingsStore.load());

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  result.className = "";
  result.textContent = "";
  try {
    const saved = await settingsStore.update({
      keepAliveMinutes: keepAlive.valueAsNumber,
      theme: theme.value as Settings["theme"],
      localServerEnabled: serverEnabled.checked,
      localServerUrl: serverUrl.value.trim(),
      localServerModel: serverModel.value.trim(),
    });
    show(saved);
    result.className = "ok";
    result.textContent = t("saved");
  } catch (error) {
    result.className = "error";
    result.textContent = t("saveFailed", [error instanceof Error ? error.message : String(error)]);
  }
});

const models = mountModelsSection(byId("models"), { client: background(), t, locale: uiLanguage() });
mountOnboarding(byId("onboarding"), { client: background(), t, locale: uiLanguage(), models });
const refreshPrivacy = mountPrivacyPanel(byId("privacy-stored"), byId("privacy-message"), lifetime.signal);
byId("privacy-refresh").addEventListener("click", () => void refreshPrivacy());

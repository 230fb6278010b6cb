/** What every Hearth extension page does first: localized strings, and the light/dark theme the user chose. */
import { localizePage } from "./i18n";
import { onSettingsChanged, settingsStore } from "./storage";
import type { Settings } from "../storage/settings";

function applyTheme(theme: Settings["theme"]): void {
  // "system" removes the attribute so the CSS follows prefers-color-scheme.
  if (theme === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

/** Localize the page and keep its theme in step with the settings. */
export async function setupExtensionPage(): Promise<void> {
  localizePage(document);
  applyTheme((await settingsStore.load()).theme);
  onSettingsChanged((settings) => applyTheme(settings.theme));
}

/** The element with `id`, or a clear error naming the missing id (a broken page should fail loudly in tests). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`Hearth page is missing #${id}.`);
  return element as T;
}

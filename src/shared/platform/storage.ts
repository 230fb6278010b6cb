/** storage.local behind the small KeyValueArea interface the typed stores use. */
import type { KeyValueArea } from "../storage/settings";
import { SettingsStore, SETTINGS_KEY, normalizeSettings, type Settings } from "../storage/settings";

/** The add-on's local storage area. Nothing Hearth stores is synced to a server. */
export const localArea: KeyValueArea = {
  async get(key) {
    const stored = await browser.storage.local.get(key);
    return stored[key];
  },
  async set(key, value) {
    await browser.storage.local.set({ [key]: value });
  },
};

/** Settings in storage.local. */
export const settingsStore = new SettingsStore(localArea);

/** Call `listener` with the new settings whenever any context changes them. Returns an unsubscribe function. */
export function onSettingsChanged(listener: (settings: Settings) => void): () => void {
  const handler = (changes: Record<string, browser.storage.StorageChange>, area: string) => {
    if (area === "local" && SETTINGS_KEY in changes) listener(normalizeSettings(changes[SETTINGS_KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}

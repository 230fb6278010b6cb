/** Localized strings from _locales, and the page helper that fills elements marked with data-i18n. */

/** The message for `key` in the browser's language, falling back to English, then to the key itself. */
export function t(key: string, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** The browser's UI language, e.g. "en-US". */
export function uiLanguage(): string {
  return browser.i18n.getUILanguage();
}

/**
 * Fill every element under `root` that has data-i18n (text), data-i18n-title, data-i18n-placeholder or
 * data-i18n-aria-label from _locales, and set the document's lang and dir.
 */
export function localizePage(root: Document): void {
  root.documentElement.lang = uiLanguage();
  root.documentElement.dir = t("@@bidi_dir") === "rtl" ? "rtl" : "ltr";
  for (const element of root.querySelectorAll<HTMLElement>("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n ?? "");
  }
  for (const [attribute, dataKey] of [
    ["title", "i18nTitle"],
    ["placeholder", "i18nPlaceholder"],
    ["aria-label", "i18nAriaLabel"],
  ] as const) {
    for (const element of root.querySelectorAll<HTMLElement>(`[data-${dataKey.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`)) {
      element.setAttribute(attribute, t(element.dataset[dataKey] ?? ""));
    }
  }
}

/**
 * The "Simplify this page" button for the sidebar: opens the reader view for the tab the sidebar's window shows,
 * through the background (the same path as the context menu and the keyboard command).
 */
import { t } from "../../shared/platform/i18n";
import { background } from "../../shared/platform/runtime";

/** Open the reader view for the active tab of the window this page belongs to. */
export async function simplifyActiveTab(): Promise<void> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return;
  await background().request("reader/open", { tabId: tab.id });
}

/**
 * A ready-made "Simplify this page" button; `onError` hears why the reader could not open (default: the console).
 * Example: `panel.append(createSimplifyButton(document))`.
 */
export function createSimplifyButton(doc: Document, onError: (error: unknown) => void = (error) => console.error("Hearth: could not open the reader", error)): HTMLButtonElement {
  const button = doc.createElement("button");
  button.type = "button";
  button.className = "reader-simplify-button";
  button.textContent = t("readerSimplifyButton");
  button.addEventListener("click", () => {
    button.disabled = true;
    simplifyActiveTab()
      .catch(onError)
      .finally(() => (button.disabled = false));
  });
  return button;
}

/** Driving the sidebar chat as a user would, for the chat and restart e2e tests. */
import type { Page } from "puppeteer-core";
import type { HearthBrowser } from "./harness";

/** The chat panel (sidebar/index.html#chat) in a tab of its own, once its message box is there. */
export const openChat = (hearth: HearthBrowser, path = "sidebar/index.html#chat") => hearth.openExtensionPage(path, ".chat-composer");

export interface ShownMessage {
  role: string;
  status: string;
  text: string;
  note: string;
  buttons: string[];
}

/** The conversation as the panel shows it. */
export function shownMessages(page: Page): Promise<ShownMessage[]> {
  return page.$$eval(".chat-message", (elements) =>
    elements.map((element) => ({
      role: (element as HTMLElement).dataset.role ?? "",
      status: (element as HTMLElement).dataset.status ?? "",
      text: (element.querySelector(".chat-message-body")?.textContent ?? "").trim(),
      note: element.querySelector(".chat-message-note")?.textContent ?? "",
      buttons: [...element.querySelectorAll(".chat-message-actions button")].map((b) => b.textContent ?? ""),
    })),
  );
}

/** Type `text` into the message box and press Enter, as a user would. */
export async function send(page: Page, text: string): Promise<void> {
  await page.$eval("#chat-input", (field, value) => ((field as HTMLTextAreaElement).value = value as string), text);
  await page.focus("#chat-input");
  await page.keyboard.press("Enter");
}

/** Wait until there are `count` answers and the last one is no longer streaming. */
export async function settled(page: Page, count: number, timeout = 30_000): Promise<ShownMessage[]> {
  await page.waitForFunction(
    (n: number) => {
      const answers = document.querySelectorAll<HTMLElement>('.chat-message[data-role="assistant"]');
      return answers.length === n && answers[n - 1]?.dataset.status !== "streaming" && !document.querySelector(".chat-stop:not([hidden])");
    },
    { timeout, polling: 50 },
    count,
  );
  return shownMessages(page);
}

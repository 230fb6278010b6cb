/**
 * Context-menu items and keyboard commands, contributed by features. Items are (re)created once per start-up, and
 * one listener dispatches clicks and commands to the feature that owns them.
 */
import { t } from "../shared/platform/i18n";

export interface MenuItem {
  id: string;
  /** _locales key of the item's label. */
  titleKey: string;
  contexts: browser.menus.ContextType[];
  /** Show the item only for links matching these patterns (e.g. PDFs). */
  targetUrlPatterns?: string[];
  /** Run inside the click's user-input handler: calls such as sidebarAction.open() must come before any await. */
  onClick(info: browser.menus.OnClickData, tab: browser.tabs.Tab | undefined): void;
}

export interface CommandHandler {
  /** A command name from manifest.json "commands". */
  name: string;
  /** Like a menu click, this runs inside the user's input: open the sidebar before any await. */
  run(tab: browser.tabs.Tab | undefined): void;
}

export class MenuRegistry {
  private readonly items = new Map<string, MenuItem>();
  private readonly commands = new Map<string, CommandHandler>();

  addMenuItem(item: MenuItem): void {
    this.items.set(item.id, item);
  }

  addCommand(handler: CommandHandler): void {
    this.commands.set(handler.name, handler);
  }

  /** Register the listeners (synchronously, in the event page's first turn) and create the menu items. */
  start(): void {
    browser.menus.onClicked.addListener((info, tab) => this.items.get(String(info.menuItemId))?.onClick(info, tab));
    browser.commands.onCommand.addListener((name, tab) => this.commands.get(name)?.run(tab));
    void browser.menus.removeAll().then(() => {
      for (const item of this.items.values()) {
        browser.menus.create({
          id: item.id,
          title: t(item.titleKey),
          contexts: item.contexts,
          ...(item.targetUrlPatterns ? { targetUrlPatterns: item.targetUrlPatterns } : {}),
        });
      }
    });
  }
}

import { afterEach, describe, expect, it, vi } from "vitest";
import type { BackgroundContext } from "../../background/context";
import type { MenuItem } from "../../background/menus";
import { registerBackground } from "./chat.background";

afterEach(() => vi.unstubAllGlobals());

/** The background context with only what registration touches, recording menu items and handlers. */
function fakeContext() {
  const items: MenuItem[] = [];
  const handled: string[] = [];
  const ctx = {
    server: { handle: (type: string) => handled.push(type), handleStream: (type: string) => handled.push(type) },
    engine: new Promise(() => {}),
    status: {},
    menus: { addMenuItem: (item: MenuItem) => items.push(item), addCommand: () => {} },
  } as unknown as BackgroundContext;
  return { ctx, items, handled };
}

describe("registerBackground", () => {
  it("answers chat/reply and chat/condense and adds three selection actions to the context menu", () => {
    const { ctx, items, handled } = fakeContext();
    registerBackground(ctx);
    expect(handled.sort()).toEqual(["chat/condense", "chat/reply"]);
    expect(items.map((item) => [item.id, item.titleKey, item.contexts])).toEqual([
      ["chat-explain", "chatMenuExplain", ["selection"]],
      ["chat-rewrite", "chatMenuRewrite", ["selection"]],
      ["chat-ask", "chatMenuAsk", ["selection"]],
    ]);
  });

  it("opens the sidebar on the chat within the click, then leaves the selection for that window's chat", () => {
    const calls: string[] = [];
    const stored: unknown[] = [];
    vi.stubGlobal("browser", {
      runtime: { getURL: (path: string) => `moz-extension://x/${path}` },
      sidebarAction: {
        setPanel: (details: { panel: string; windowId: number }) => {
          calls.push(`setPanel ${details.panel} ${details.windowId}`);
          return Promise.resolve();
        },
        open: () => {
          calls.push("open");
          return Promise.resolve();
        },
      },
      storage: {
        session: {
          set: (value: Record<string, unknown>) => {
            calls.push("store");
            stored.push(...Object.values(value));
            return Promise.resolve();
          },
        },
      },
    });
    const { ctx, items } = fakeContext();
    registerBackground(ctx);
    const explain = items.find((item) => item.id === "chat-explain");
    explain?.onClick({ selectionText: " The beacon " } as browser.menus.OnClickData, { windowId: 7 } as browser.tabs.Tab);
    // Firefox honours open() only inside the user's click: it must run before anything is awaited.
    expect(calls).toEqual(["setPanel moz-extension://x/sidebar/index.html#chat 7", "open", "store"]);
    expect(stored).toEqual([expect.objectContaining({ action: "explain", text: "The beacon", windowId: 7 })]);

    calls.length = 0;
    items.find((item) => item.id === "chat-ask")?.onClick({ selectionText: "  " } as browser.menus.OnClickData, { windowId: 7 } as browser.tabs.Tab);
    expect(calls).toEqual(["setPanel moz-extension://x/sidebar/index.html#chat 7", "open"]);
  });
});

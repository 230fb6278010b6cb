// @vitest-environment jsdom
import { describe, expect, it, vi } from "vitest";
import type { SuggestReply } from "../protocol";
import { applyModelName, draftFromSuggestion, renameGroup } from "./draft-groups";
import { colorLabelKey, renderDraft, showGroupName, type DraftEvents } from "./suggestion-view";

const hostile = '<img src=x onerror="alert(1)">Rome & <b>hotels</b>';
const reply: SuggestReply = {
  groups: [
    {
      name: "Rome",
      keywords: ["Rome"],
      color: "red",
      tabs: [
        { id: 1, title: hostile, favIconUrl: "data:image/png;base64,iVBORw0KGgo=" },
        { id: 2, title: "Rome hotels", favIconUrl: null },
      ],
    },
    { name: "Bread", keywords: ["Bread"], color: "yellow", tabs: [{ id: 3, title: "Sourdough", favIconUrl: null }] },
  ],
  ungrouped: [{ id: 4, title: "Weather", favIconUrl: null }],
  existingGroups: [],
};
const t = (key: string, subs?: string | string[]) => (subs === undefined ? key : `${key}(${[subs].flat().join(",")})`);

function events(): DraftEvents & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    rename: vi.fn((...args: unknown[]) => void calls.push(["rename", ...args])),
    recolor: vi.fn((...args: unknown[]) => void calls.push(["recolor", ...args])),
    drop: vi.fn((...args: unknown[]) => void calls.push(["drop", ...args])),
    move: vi.fn((...args: unknown[]) => void calls.push(["move", ...args])),
  };
}

describe("renderDraft", () => {
  it("shows a page's title as text, never as markup", () => {
    const view = renderDraft(draftFromSuggestion(reply), t, events());
    expect(view.querySelector("img[src='x']")).toBeNull();
    expect(view.querySelector("b")).toBeNull();
    expect(view.querySelector('[data-tab-id="1"] .tg-title')?.textContent).toBe(hostile);
  });

  it("shows data: favicons and a neutral icon otherwise", () => {
    const view = renderDraft(draftFromSuggestion(reply), t, events());
    expect(view.querySelector('[data-tab-id="1"] img.tg-icon')?.getAttribute("src")).toMatch(/^data:image\/png/);
    expect(view.querySelector('[data-tab-id="2"] img')).toBeNull();
    expect(view.querySelector('[data-tab-id="2"] .tg-icon-neutral')).not.toBeNull();
  });

  it("gives every tab a labelled picker of all groups plus 'not grouped', and reports edits as events", () => {
    const listener = events();
    const view = renderDraft(draftFromSuggestion(reply), t, listener);
    const picker = view.querySelector<HTMLSelectElement>('[data-tab-id="2"] select.tg-move');
    expect(picker?.getAttribute("aria-label")).toBe("tabGroupsMoveLabel(Rome hotels)");
    expect([...(picker?.options ?? [])].map((o) => [o.value, o.textContent])).toEqual([
      ["0", "Rome"],
      ["1", "Bread"],
      ["none", "tabGroupsNotGrouped"],
    ]);
    expect(picker?.value).toBe("0");
    if (!picker) throw new Error("no picker");
    picker.value = "none";
    picker.dispatchEvent(new Event("change"));
    const color = view.querySelector<HTMLSelectElement>('[data-key="1"] select.tg-color');
    if (!color) throw new Error("no color picker");
    expect(color.options[color.selectedIndex]?.textContent).toBe(colorLabelKey("yellow"));
    color.value = "green";
    color.dispatchEvent(new Event("change"));
    view.querySelector<HTMLButtonElement>('[data-key="0"] .tg-drop')?.click();
    const name = view.querySelector<HTMLInputElement>('[data-key="1"] .tg-name');
    if (!name) throw new Error("no name field");
    name.value = "Baking";
    name.dispatchEvent(new Event("input"));
    expect(listener.calls).toEqual([
      ["move", 2, null],
      ["recolor", 1, "green"],
      ["drop", 0],
      ["rename", 1, "Baking"],
    ]);
    expect(view.querySelector('[data-tab-id="4"] select.tg-move')).not.toBeNull();
  });

  it("swaps in a late name in place, relabelling every picker that names the group", () => {
    const root = document.createElement("div");
    const draft = draftFromSuggestion(reply);
    root.append(renderDraft(draft, t, events()));
    const named = applyModelName(draft, 0, "Rome Trip").groups[0];
    if (!named) throw new Error("no group");
    showGroupName(root, named, t);
    expect(root.querySelector<HTMLInputElement>('[data-key="0"] .tg-name')?.value).toBe("Rome Trip");
    expect(root.querySelector<HTMLElement>('[data-key="0"]')?.dataset.nameSource).toBe("model");
    const labels = [...root.querySelectorAll('option[value="0"]')].map((o) => o.textContent);
    expect(labels).toEqual(["Rome Trip", "Rome Trip", "Rome Trip", "Rome Trip"]);
    // A cleared name shows the key-word name in the pickers.
    const cleared = renameGroup(draft, 0, "").groups[0];
    if (!cleared) throw new Error("no group");
    showGroupName(root, cleared, t);
    expect(root.querySelector('[data-tab-id="3"] option[value="0"]')?.textContent).toBe("Rome");
  });
});

/**
 * Renders a draft of suggested groups: per group an editable name, a color picker, a remove button and its tabs, each
 * tab with a picker that moves it to another group (a select rather than drag and drop, so it works from the
 * keyboard and with screen readers), then the tabs left ungrouped.
 */
import type { TabSummary } from "../protocol";
import { TAB_GROUP_COLORS, type TabGroupColor } from "../types";
import type { Draft, DraftGroup } from "./draft-groups";
import { el } from "../../../shared/ui/dom";
import { favIcon, selectOf } from "./dom";

export type Translate = (key: string, substitutions?: string | string[]) => string;

export interface DraftEvents {
  rename(key: number, name: string): void;
  recolor(key: number, color: TabGroupColor): void;
  drop(key: number): void;
  move(tabId: number, toKey: number | null): void;
}

const NOT_GROUPED = "none";

/** "blue" → "tabGroupsColorBlue", the locale key of the color's name. */
export function colorLabelKey(color: TabGroupColor): string {
  return `tabGroupsColor${color.charAt(0).toUpperCase()}${color.slice(1)}`;
}

function shownName(group: DraftGroup): string {
  return group.name.trim() || group.keywordName;
}

function moveOptions(draft: Draft, t: Translate): [string, string][] {
  return [...draft.groups.map((group): [string, string] => [String(group.key), shownName(group)]), [NOT_GROUPED, t("tabGroupsNotGrouped")]];
}

function tabRow(tab: TabSummary, currentKey: number | null, draft: Draft, t: Translate, events: DraftEvents): HTMLLIElement {
  const move = selectOf(moveOptions(draft, t), currentKey === null ? NOT_GROUPED : String(currentKey), {
    className: "tg-move",
    attrs: { "aria-label": t("tabGroupsMoveLabel", [tab.title]) },
    data: { focus: `move-${tab.id}` },
  });
  move.addEventListener("change", () => events.move(tab.id, move.value === NOT_GROUPED ? null : Number(move.value)));
  return el("li", { className: "tg-tab", data: { tabId: String(tab.id) } }, [
    favIcon(tab.favIconUrl),
    el("span", { className: "tg-title", text: tab.title, attrs: { title: tab.title } }),
    move,
  ]);
}

function groupCard(group: DraftGroup, draft: Draft, t: Translate, events: DraftEvents): HTMLElement {
  const name = el("input", {
    className: "tg-name",
    attrs: { type: "text", maxlength: "60", "aria-label": t("tabGroupsNameLabel"), placeholder: group.keywordName },
    data: { focus: `name-${group.key}` },
  });
  name.value = group.name;
  if (group.nameSource === "model") name.title = t("tabGroupsNamedByModel");
  name.addEventListener("input", () => events.rename(group.key, name.value));

  const color = selectOf(
    TAB_GROUP_COLORS.map((value) => [value, t(colorLabelKey(value))] as const),
    group.color,
    { className: "tg-color", attrs: { "aria-label": t("tabGroupsColorLabel", [shownName(group)]) }, data: { focus: `color-${group.key}` } },
  );
  color.addEventListener("change", () => events.recolor(group.key, color.value as TabGroupColor));

  const drop = el("button", {
    className: "tg-drop",
    text: "✕",
    attrs: { type: "button", "aria-label": t("tabGroupsDrop", [shownName(group)]), title: t("tabGroupsDrop", [shownName(group)]) },
    data: { focus: `drop-${group.key}` },
  });
  drop.addEventListener("click", () => events.drop(group.key));

  const tabs = group.tabIds.flatMap((id) => {
    const tab = draft.tabs.get(id);
    return tab ? [tabRow(tab, group.key, draft, t, events)] : [];
  });
  const list = tabs.length > 0 ? el("ul", { className: "tg-tabs" }, tabs) : el("p", { className: "muted tg-empty", text: t("tabGroupsEmptyGroup") });
  return el("section", { className: "tg-group", data: { key: String(group.key), color: group.color, nameSource: group.nameSource } }, [
    el("div", { className: "tg-group-head" }, [el("span", { className: "tg-swatch", attrs: { "aria-hidden": "true" } }), name, color, drop]),
    list,
  ]);
}

/** The suggestion editor for `draft`. */
export function renderDraft(draft: Draft, t: Translate, events: DraftEvents): HTMLElement {
  const cards = draft.groups.map((group) => groupCard(group, draft, t, events));
  const loose = draft.ungrouped.flatMap((id) => {
    const tab = draft.tabs.get(id);
    return tab ? [tabRow(tab, null, draft, t, events)] : [];
  });
  const ungrouped =
    loose.length > 0
      ? [el("section", { className: "tg-ungrouped" }, [el("h3", { text: t("tabGroupsNotGrouped") }), el("ul", { className: "tg-tabs" }, loose)])]
      : [];
  return el("div", { className: "tg-draft" }, [...cards, ...ungrouped]);
}

/** Show a name that arrived late (the model's) without rebuilding the editor, so focus and typing are undisturbed. */
export function showGroupName(root: HTMLElement, group: DraftGroup, t: Translate): void {
  const card = root.querySelector<HTMLElement>(`.tg-group[data-key="${group.key}"]`);
  const input = card?.querySelector<HTMLInputElement>(".tg-name");
  if (!card || !input) return;
  card.dataset.nameSource = group.nameSource;
  // Rewriting an unchanged value would still disturb a user typing in it.
  if (input.value !== group.name) input.value = group.name;
  input.title = group.nameSource === "model" ? t("tabGroupsNamedByModel") : "";
  for (const option of root.querySelectorAll<HTMLOptionElement>(`.tg-move option[value="${group.key}"]`)) {
    option.textContent = shownName(group);
  }
  card.querySelector(".tg-color")?.setAttribute("aria-label", t("tabGroupsColorLabel", [shownName(group)]));
  card.querySelector(".tg-drop")?.setAttribute("aria-label", t("tabGroupsDrop", [shownName(group)]));
}

/**
 * The window's existing groups, each with "Find more tabs": the loose tabs that fit it are listed with checkboxes
 * (all checked) and an "Add to group" button.
 */
import type { ExistingGroup, TabSummary } from "../protocol";
import { el } from "../../../shared/ui/dom";
import { favIcon } from "./dom";
import type { Translate } from "./suggestion-view";

export interface ExistingGroupEvents {
  findMore(group: ExistingGroup, results: HTMLElement): void;
  add(group: ExistingGroup, tabIds: number[], results: HTMLElement): void;
}

function groupTitle(group: ExistingGroup, t: Translate): string {
  return group.title.trim() || t("tabGroupsUnnamed");
}

/** The list of existing groups; empty when the window has none. */
export function renderExistingGroups(groups: readonly ExistingGroup[], t: Translate, events: ExistingGroupEvents): HTMLElement[] {
  if (groups.length === 0) return [];
  const items = groups.map((group) => {
    const results = el("div", { className: "tg-matches", attrs: { "aria-live": "polite" } });
    const find = el("button", {
      className: "tg-find-more",
      text: t("tabGroupsFindMore"),
      attrs: { type: "button", "aria-label": t("tabGroupsFindMoreFor", [groupTitle(group, t)]) },
    });
    find.addEventListener("click", () => events.findMore(group, results));
    return el("li", { className: "tg-existing-group", data: { groupId: String(group.groupId), color: group.color } }, [
      el("div", { className: "tg-group-head" }, [
        el("span", { className: "tg-swatch", attrs: { "aria-hidden": "true" } }),
        el("span", { className: "tg-existing-title", text: groupTitle(group, t) }),
        el("span", { className: "muted tg-count", text: t("tabGroupsTabCount", [String(group.tabCount)]) }),
        find,
      ]),
      results,
    ]);
  });
  return [el("h3", { text: t("tabGroupsExisting") }), el("ul", { className: "tg-existing" }, items)];
}

/** Fill `results` with the tabs "Find more" offered for `group`. */
export function showMatches(results: HTMLElement, group: ExistingGroup, matches: readonly TabSummary[], t: Translate, events: ExistingGroupEvents): void {
  results.replaceChildren();
  if (matches.length === 0) {
    results.append(el("p", { className: "muted tg-no-matches", text: t("tabGroupsFindMoreNone") }));
    return;
  }
  const boxes = matches.map((tab) => {
    const box = el("input", { attrs: { type: "checkbox" }, data: { tabId: String(tab.id) } });
    box.checked = true;
    return { tab, box };
  });
  const add = el("button", { className: "tg-add", text: t("tabGroupsAddToGroup"), attrs: { type: "button" } });
  add.addEventListener("click", () =>
    events.add(group, boxes.filter(({ box }) => box.checked).map(({ tab }) => tab.id), results),
  );
  results.append(
    el(
      "ul",
      { className: "tg-tabs" },
      boxes.map(({ tab, box }) =>
        el("li", { className: "tg-tab", data: { tabId: String(tab.id) } }, [
          el("label", { className: "tg-match" }, [box, favIcon(tab.favIconUrl), el("span", { className: "tg-title", text: tab.title })]),
        ]),
      ),
    ),
    add,
  );
}

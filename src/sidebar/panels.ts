/** Lays out the features' sidebar panels as an accessible tab list (arrow keys move between tabs). */
import { t } from "../shared/platform/i18n";
import type { SidebarPanel } from "./panel";

/** Build one tab and one tabpanel per panel inside `tabList` and `main`; returns a function that shows a panel. */
export function layoutPanels(panels: SidebarPanel[], tabList: HTMLElement, main: HTMLElement, lifetime: AbortSignal): (id: string) => void {
  const tabs = new Map<string, { tab: HTMLButtonElement; section: HTMLElement; mounted: boolean; panel: SidebarPanel }>();

  const show = (id: string) => {
    const target = tabs.get(id) ?? tabs.values().next().value;
    if (!target) return;
    for (const entry of tabs.values()) {
      const selected = entry === target;
      entry.tab.setAttribute("aria-selected", String(selected));
      entry.tab.tabIndex = selected ? 0 : -1;
      entry.section.hidden = !selected;
    }
    if (!target.mounted) {
      target.mounted = true;
      Promise.resolve()
        .then(() => target.panel.mount(target.section, { lifetime, show: () => show(target.panel.id) }))
        .catch((error: unknown) => console.error(`Hearth: the ${target.panel.id} panel failed to open`, error));
    }
  };

  for (const panel of [...panels].sort((a, b) => a.order - b.order)) {
    const tab = document.createElement("button");
    tab.type = "button";
    tab.role = "tab";
    tab.id = `tab-${panel.id}`;
    tab.textContent = t(panel.titleKey);
    tab.setAttribute("aria-controls", `panel-${panel.id}`);
    tab.addEventListener("click", () => show(panel.id));
    const section = document.createElement("section");
    section.id = `panel-${panel.id}`;
    section.role = "tabpanel";
    section.setAttribute("aria-labelledby", tab.id);
    section.hidden = true;
    tabList.append(tab);
    main.append(section);
    tabs.set(panel.id, { tab, section, mounted: false, panel });
  }

  tabList.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const ids = [...tabs.keys()];
    const current = ids.findIndex((id) => tabs.get(id)?.tab.getAttribute("aria-selected") === "true");
    const next = ids[(current + (event.key === "ArrowRight" ? 1 : ids.length - 1)) % ids.length];
    if (next) {
      show(next);
      tabs.get(next)?.tab.focus();
    }
  });
  return show;
}

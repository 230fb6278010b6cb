/** What a feature's sidebar module (src/features/<feature>/<feature>.sidebar.ts) exports. */

export interface SidebarPanelContext {
  /** Aborts when the sidebar closes. */
  lifetime: AbortSignal;
  /** Bring this panel to the front (e.g. when a context-menu action targets it). */
  show(): void;
}

export interface SidebarPanel {
  /** Stable id, also used in the URL hash (#chat) so other parts of Hearth can open the sidebar on a panel. */
  id: string;
  /** _locales key of the tab's label. */
  titleKey: string;
  /** Lower comes first. */
  order: number;
  /** Build the panel's UI inside `root`. Called once, when the sidebar opens. */
  mount(root: HTMLElement, context: SidebarPanelContext): void | Promise<void>;
}

/** The shape of a feature's *.sidebar.ts module. */
export interface SidebarFeatureModule {
  sidebarPanel: SidebarPanel;
}

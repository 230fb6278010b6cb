/**
 * The tab-groups feature in the background: reads a window's tabs, asks the clustering core for suggestions, creates
 * and names the groups the user accepts, undoes them, and names groups with the loaded model. All of it is local: tab
 * titles and URLs never leave the device, and favicons reach the popup only as data: URLs.
 */
import type { BackgroundContext } from "../../background/context";
import type { EngineHost } from "../../engine/host/engine-host";
import { uiLanguage } from "../../shared/platform/i18n";
import { ValidationError } from "../../shared/protocol/errors";
import type { SenderContext } from "../../shared/protocol/sender";
import type { ProtocolServer } from "../../shared/protocol/server";
import type { KeyValueArea } from "../../shared/storage/settings";
import { planApply, type GroupRequest } from "./apply-plan";
import { findMoreTabs } from "./find-more";
import { nameGroups } from "./name-groups";
import type { ApplyReply, ExistingGroup, SuggestReply } from "./protocol";
import { suggestGroups } from "./suggest-groups";
import { clusteringInput, summarizeTab, toWindowTabs, type WindowTab } from "./tab-adapter";
import { TAB_GROUP_ID_NONE } from "./types";
import { tabsToUngroup, UndoLedger, type GroupedTab } from "./undo-ledger";
import { assertWindowAccess } from "./window-access";

// storage.session lives in memory only and outlasts the event page's suspension, which is what Undo needs.
const sessionArea: KeyValueArea = {
  async get(key) {
    return (await browser.storage.session.get(key))[key];
  },
  async set(key, value) {
    await browser.storage.session.set({ [key]: value });
  },
};

function hasHearthViewIn(windowId: number): boolean {
  return (["popup", "sidebar"] as const).some((type) => browser.extension.getViews({ type, windowId }).length > 0);
}

function checkWindow(sender: SenderContext, windowId: number): void {
  assertWindowAccess(sender, windowId, hasHearthViewIn);
}

async function windowTabs(windowId: number): Promise<WindowTab[]> {
  return toWindowTabs(await browser.tabs.query({ windowId }));
}

async function existingGroup(groupId: number): Promise<browser.tabGroups.TabGroup> {
  try {
    return await browser.tabGroups.get(groupId);
  } catch {
    throw new ValidationError("That tab group no longer exists.");
  }
}

async function suggest(windowId: number, regroup: boolean, sender: SenderContext): Promise<SuggestReply> {
  const [tabs, groups] = await Promise.all([windowTabs(windowId), browser.tabGroups.query({ windowId })]);
  const result = suggestGroups(clusteringInput(tabs, { regroup, exclude: sender.tabId }), {
    usedColors: regroup ? [] : groups.map((group) => group.color),
  });
  const byId = new Map(tabs.map((tab) => [tab.id, tab]));
  const summaries = (ids: readonly number[]) => ids.flatMap((id) => {
    const tab = byId.get(id);
    return tab ? [summarizeTab(tab)] : [];
  });
  const existingGroups: ExistingGroup[] = groups.map((group) => ({
    groupId: group.id,
    title: group.title ?? "",
    color: group.color,
    tabCount: tabs.filter((tab) => tab.groupId === group.id).length,
  }));
  return {
    groups: result.groups.map((group) => ({ name: group.name, keywords: group.keywords, color: group.color, tabs: summaries(group.tabIds) })),
    ungrouped: summaries(result.ungroupedTabIds),
    existingGroups,
  };
}

/** Create, name and color each planned group; on a failure, ungroup what this call grouped and rethrow. */
async function createGroups(windowId: number, requested: readonly GroupRequest[]): Promise<{ grouped: GroupedTab[]; groupIds: number[]; skippedTabIds: number[] }> {
  const plan = planApply(requested, await windowTabs(windowId));
  const grouped: GroupedTab[] = [];
  const groupIds: number[] = [];
  try {
    for (const group of plan.groups) {
      const groupId = await browser.tabs.group({ tabIds: group.tabIds, createProperties: { windowId } });
      groupIds.push(groupId);
      grouped.push(...group.tabIds.map((tabId) => ({ tabId, groupId })));
      await browser.tabGroups.update(groupId, { title: group.name, color: group.color });
    }
  } catch (error) {
    if (grouped.length > 0) await browser.tabs.ungroup(grouped.map((tab) => tab.tabId)).catch(() => {});
    throw error;
  }
  return { grouped, groupIds, skippedTabIds: plan.skippedTabIds };
}

/**
 * Answer the tab-groups messages. `engineHost` is the background's engine host (naming uses the model only when one
 * is already loaded). Called once, in the event page's first turn, by registerBackground below.
 */
export function registerTabGroups(server: ProtocolServer, engineHost: Promise<EngineHost>): void {
  const ledger = new UndoLedger(sessionArea);

  server.handle("tabs/suggest", async ({ windowId, regroup }, sender) => {
    checkWindow(sender, windowId);
    return suggest(windowId, regroup === true, sender);
  });

  server.handle("tabs/apply", async ({ windowId, groups }, sender): Promise<ApplyReply> => {
    checkWindow(sender, windowId);
    const { grouped, groupIds, skippedTabIds } = await createGroups(windowId, groups);
    if (grouped.length === 0) throw new ValidationError("None of these tabs can be grouped any more. Suggest again.");
    const undoToken = await ledger.record(windowId, grouped);
    return { undoToken, groupIds, groupedTabCount: grouped.length, skippedTabIds };
  });

  server.handle("tabs/undo", async ({ token }, sender) => {
    // Check the sender against the entry's window before taking it: a refused caller leaves the user's Undo alone.
    const known = await ledger.peek(token);
    if (!known) throw new ValidationError("There is nothing to undo any more.");
    checkWindow(sender, known.windowId);
    // Taken only now, so two Undo clicks cannot both ungroup; null when another Undo took it in between.
    const entry = await ledger.take(token);
    if (!entry) throw new ValidationError("There is nothing to undo any more.");
    const current = toWindowTabs(await browser.tabs.query({ windowId: entry.windowId }));
    const tabIds = tabsToUngroup(entry, current.map((tab) => ({ id: tab.id, windowId: tab.windowId, groupId: tab.groupId ?? TAB_GROUP_ID_NONE })));
    if (tabIds.length > 0) await browser.tabs.ungroup(tabIds);
    return { ungroupedTabCount: tabIds.length };
  });

  server.handle("tabs/find-more", async ({ groupId }, sender) => {
    const group = await existingGroup(groupId);
    checkWindow(sender, group.windowId);
    const tabs = await windowTabs(group.windowId);
    const members = clusteringInput(tabs.filter((tab) => tab.groupId === groupId));
    const loose = clusteringInput(tabs, { exclude: sender.tabId });
    const byId = new Map(tabs.map((tab) => [tab.id, tab]));
    return findMoreTabs(members, loose, { groupName: group.title ?? "" }).flatMap(({ tabId }) => {
      const tab = byId.get(tabId);
      return tab ? [summarizeTab(tab)] : [];
    });
  });

  server.handle("tabs/add-to-group", async ({ groupId, tabIds }, sender): Promise<ApplyReply> => {
    const group = await existingGroup(groupId);
    checkWindow(sender, group.windowId);
    const tabs = (await windowTabs(group.windowId)).filter((tab) => tab.groupId !== groupId);
    const plan = planApply([{ name: group.title ?? "", color: group.color, tabIds }], tabs);
    const adding = plan.groups[0]?.tabIds ?? [];
    if (adding.length === 0) throw new ValidationError("None of these tabs can be added any more.");
    await browser.tabs.group({ groupId, tabIds: adding });
    const undoToken = await ledger.record(group.windowId, adding.map((tabId) => ({ tabId, groupId })));
    return { undoToken, groupIds: [groupId], groupedTabCount: adding.length, skippedTabIds: plan.skippedTabIds };
  });

  server.handleStream("tabs/name-groups", async function* ({ windowId, groups }, sender, signal) {
    checkWindow(sender, windowId);
    const byId = new Map((await windowTabs(windowId)).map((tab) => [tab.id, tab]));
    // Titles come from the window itself, never from the request, so only this window's tabs reach the prompt.
    const toName = groups.map((group) => ({
      titles: group.tabIds.flatMap((id) => {
        const tab = byId.get(id);
        return tab ? [tab.title] : [];
      }),
      keywords: group.keywords,
    }));
    yield* nameGroups(await engineHost, toName, uiLanguage(), signal);
  });
}

/** The feature's entry point: src/background/index.ts finds this module at build time and calls it at start-up. */
export function registerBackground({ server, engine }: BackgroundContext): void {
  registerTabGroups(server, engine);
}

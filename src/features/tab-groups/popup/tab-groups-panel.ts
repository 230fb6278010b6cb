/**
 * The popup's tab-groups panel: Suggest → edit → Apply → Undo, model names swapped in as they arrive, and "Find more
 * tabs" for the window's existing groups. It renders from one phase value and talks to the background only.
 */
import type { ProtocolClient } from "../../../shared/protocol/client";
import { isAbort } from "../../../shared/protocol/errors";
import type { ExistingGroup } from "../protocol";
import {
  applyModelName,
  draftFromSuggestion,
  dropGroup,
  moveTab,
  recolorGroup,
  renameGroup,
  toApplyGroups,
  type Draft,
  type DraftGroup,
} from "./draft-groups";
import { renderExistingGroups, showMatches, type ExistingGroupEvents } from "./existing-groups-view";
import { renderDraft, showGroupName, type DraftEvents, type Translate } from "./suggestion-view";
import { errorText } from "../../../shared/ui/error-text";

type Phase =
  | { phase: "idle" }
  | { phase: "suggesting" }
  | { phase: "editing"; draft: Draft }
  | { phase: "applying"; draft: Draft }
  | { phase: "applied" };

export interface PanelOptions {
  client: ProtocolClient;
  windowId: number;
  t: Translate;
  /** Ends naming streams when the popup closes. */
  signal: AbortSignal;
}

function part<T extends HTMLElement>(root: HTMLElement, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`The tab-groups panel is missing ${selector}.`);
  return element;
}

/** Wire the panel whose markup is `root` (#tab-groups in popup/index.html). */
export function mountTabGroupsPanel(root: HTMLElement, { client, windowId, t, signal }: PanelOptions): void {
  const suggestButton = part<HTMLButtonElement>(root, "#tg-suggest");
  const regroup = part<HTMLInputElement>(root, "#tg-regroup");
  const message = part<HTMLElement>(root, "#tg-message");
  const naming = part<HTMLElement>(root, "#tg-naming");
  const errorLine = part<HTMLElement>(root, "#tg-error");
  const suggestions = part<HTMLElement>(root, "#tg-suggestions");
  const applyButton = part<HTMLButtonElement>(root, "#tg-apply");
  const undoButton = part<HTMLButtonElement>(root, "#tg-undo");
  const existing = part<HTMLElement>(root, "#tg-existing-groups");

  let state: Phase = { phase: "idle" };
  let undoToken: string | null = null;
  let namingRun: AbortController | null = null;
  // What the model made of each group's name, kept across re-renders (shown as data-name-outcome on the card).
  const nameOutcomes = new Map<number, string>();

  const say = (text: string) => (message.textContent = text);
  const showError = (error: unknown) => {
    if (isAbort(error)) return;
    errorLine.textContent = t("tabGroupsFailed", [errorText(error, t)]);
    errorLine.hidden = false;
  };
  const clearError = () => {
    errorLine.hidden = true;
    errorLine.textContent = "";
  };

  const draftEvents: DraftEvents = {
    rename: (key, name) => {
      if (state.phase !== "editing") return;
      state = { ...state, draft: renameGroup(state.draft, key, name) };
      const group = state.draft.groups.find((candidate) => candidate.key === key);
      if (group) showGroupName(suggestions, group, t);
    },
    recolor: (key, color) => edit((draft) => recolorGroup(draft, key, color)),
    drop: (key) => edit((draft) => dropGroup(draft, key)),
    move: (tabId, toKey) => edit((draft) => moveTab(draft, tabId, toKey)),
  };

  function render(): void {
    root.dataset.phase = state.phase;
    suggestButton.disabled = state.phase === "suggesting" || state.phase === "applying";
    applyButton.hidden = state.phase !== "editing" && state.phase !== "applying";
    applyButton.disabled = state.phase === "applying" || (state.phase === "editing" && state.draft.groups.length === 0);
    undoButton.hidden = undoToken === null;
    if (state.phase !== "editing" && state.phase !== "applying") {
      suggestions.replaceChildren();
      return;
    }
    // Rebuilding replaces the focused control; give focus back to the same control (a moved tab's picker follows the
    // tab into its new group), or to the nearest sensible one when it is gone.
    const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.focus;
    suggestions.replaceChildren(renderDraft(state.draft, t, draftEvents));
    for (const [key, outcome] of nameOutcomes) {
      const card = suggestions.querySelector<HTMLElement>(`.tg-group[data-key="${key}"]`);
      if (card) card.dataset.nameOutcome = outcome;
    }
    if (focusKey !== undefined) {
      const target = suggestions.querySelector<HTMLElement>(`[data-focus="${focusKey}"]`) ?? suggestions.querySelector<HTMLElement>(".tg-name") ?? applyButton;
      target.focus();
    }
  }

  function edit(change: (draft: Draft) => Draft): void {
    if (state.phase !== "editing") return;
    state = { phase: "editing", draft: change(state.draft) };
    render();
  }

  function stopNaming(): void {
    namingRun?.abort();
    namingRun = null;
    naming.hidden = true;
  }

  async function nameWithModel(groups: readonly DraftGroup[]): Promise<void> {
    // One naming run at a time: a new suggestion's names replace the old ones, which must not keep arriving.
    namingRun?.abort();
    const run = new AbortController();
    namingRun = run;
    // Removed in finally: the popup's signal outlives every run, and each run would otherwise leave a listener on it.
    const stopWithPopup = () => run.abort();
    signal.addEventListener("abort", stopWithPopup, { once: true });
    root.dataset.naming = "running";
    try {
      const request = { windowId, groups: groups.map((group) => ({ tabIds: group.tabIds, keywords: group.keywords.slice(0, 10) })) };
      for await (const chunk of client.stream("tabs/name-groups", request, { signal: run.signal })) {
        if (chunk.kind === "started") naming.hidden = false;
        if (chunk.kind !== "named" && chunk.kind !== "kept") continue;
        const outcome = chunk.kind === "named" ? "model" : chunk.reason;
        nameOutcomes.set(chunk.index, outcome);
        const card = suggestions.querySelector<HTMLElement>(`.tg-group[data-key="${chunk.index}"]`);
        if (card) card.dataset.nameOutcome = outcome;
        if (chunk.kind !== "named" || state.phase !== "editing") continue;
        state = { ...state, draft: applyModelName(state.draft, chunk.index, chunk.name) };
        const group = state.draft.groups.find((candidate) => candidate.key === chunk.index);
        if (group) showGroupName(suggestions, group, t);
      }
    } catch (error) {
      // The key-word names are already shown and are a fine result: a naming failure is not the user's problem.
      if (!isAbort(error)) console.warn("Hearth: naming tab groups with the model failed", error);
    } finally {
      signal.removeEventListener("abort", stopWithPopup);
      if (namingRun === run) {
        namingRun = null;
        naming.hidden = true;
        root.dataset.naming = "done";
      }
    }
  }

  const existingEvents: ExistingGroupEvents = {
    findMore: (group, results) => void findMore(group, results),
    add: (group, tabIds, results) => void addToGroup(group, tabIds, results),
  };

  async function findMore(group: ExistingGroup, results: HTMLElement): Promise<void> {
    clearError();
    try {
      showMatches(results, group, await client.request("tabs/find-more", { groupId: group.groupId }), t, existingEvents);
    } catch (error) {
      showError(error);
    }
  }

  async function addToGroup(group: ExistingGroup, tabIds: number[], results: HTMLElement): Promise<void> {
    if (tabIds.length === 0) return;
    clearError();
    try {
      const reply = await client.request("tabs/add-to-group", { groupId: group.groupId, tabIds });
      undoToken = reply.undoToken;
      results.replaceChildren();
      say(t("tabGroupsAdded", [String(reply.groupedTabCount)]));
      render();
    } catch (error) {
      showError(error);
    }
  }

  async function suggest(): Promise<void> {
    stopNaming();
    clearError();
    state = { phase: "suggesting" };
    say(t("tabGroupsWorking"));
    delete root.dataset.naming;
    nameOutcomes.clear();
    render();
    try {
      const reply = await client.request("tabs/suggest", { windowId, regroup: regroup.checked });
      const draft = draftFromSuggestion(reply);
      state = { phase: "editing", draft };
      say(draft.groups.length === 0 ? t("tabGroupsNothing") : t("tabGroupsSuggestedCount", [String(draft.groups.length)]));
      existing.replaceChildren(...renderExistingGroups(reply.existingGroups, t, existingEvents));
      render();
      if (draft.groups.length > 0) void nameWithModel(draft.groups);
      else root.dataset.naming = "done";
    } catch (error) {
      state = { phase: "idle" };
      say("");
      render();
      showError(error);
    }
  }

  async function apply(): Promise<void> {
    if (state.phase !== "editing") return;
    clearError();
    const groups = toApplyGroups(state.draft);
    if (groups.length === 0) {
      say(t("tabGroupsNothingToApply"));
      return;
    }
    stopNaming();
    const draft = state.draft;
    state = { phase: "applying", draft };
    render();
    try {
      const reply = await client.request("tabs/apply", { windowId, groups });
      undoToken = reply.undoToken;
      state = { phase: "applied" };
      say(t("tabGroupsApplied", [String(reply.groupedTabCount)]));
      // The list of existing groups is out of date now; "Suggest groups" fetches it again.
      existing.replaceChildren();
      render();
      undoButton.focus();
    } catch (error) {
      state = { phase: "editing", draft };
      render();
      showError(error);
    }
  }

  async function undo(): Promise<void> {
    if (undoToken === null) return;
    clearError();
    const token = undoToken;
    undoToken = null;
    render();
    try {
      const reply = await client.request("tabs/undo", { token });
      say(t("tabGroupsUndone", [String(reply.ungroupedTabCount)]));
      existing.replaceChildren();
      suggestButton.focus();
    } catch (error) {
      showError(error);
    }
  }

  suggestButton.addEventListener("click", () => void suggest());
  applyButton.addEventListener("click", () => void apply());
  undoButton.addEventListener("click", () => void undo());
  signal.addEventListener("abort", stopNaming, { once: true });
  render();
  root.dataset.ready = "true";
}

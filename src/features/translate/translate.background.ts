/**
 * Translate in the background: the context-menu items and shortcuts that open the selection panel or translate the
 * page (both run in the tab's content script), the model calls behind them, the target-language setting, and the
 * memory cache that makes a page translated before come back at once.
 */
import type { BackgroundContext } from "../../background/context";
import type { EngineHost } from "../../engine/host/engine-host";
import { uiLanguage } from "../../shared/platform/i18n";
import { contentScriptOf } from "../../shared/platform/runtime";
import { settingsStore } from "../../shared/platform/storage";
import type { JobRequest } from "./engine-chunks";
import { resolveTargetLanguage } from "./language-choice";
import { MemorySegmentStore } from "./memory-store";
import type { ShowReply } from "./protocol";
import { translateSegments } from "./segments-job";
import { translateText } from "./text-job";
import type { ModelFacts } from "./token-estimate";

type Action = "selection" | "page";

// English prose of typical word lengths; its token count gives the loaded model's characters per token.
const RATIO_SAMPLE =
  "The river was quiet this morning, and the market opened late because the bridge was closed for repairs. " +
  "Visitors should check the timetable before they travel, since some trains will not stop at the old station.";

/** Measures each model's characters per token once; concurrent callers share the measurement. */
class ModelFactsSource {
  readonly #ratios = new Map<string, Promise<number>>();

  async facts(host: EngineHost): Promise<ModelFacts> {
    // contextSize() loads the active model first, or throws ModelNotLoadedError when there is none.
    const contextSize = await host.contextSize();
    const modelId = host.info()?.modelId ?? "unknown";
    let ratio = this.#ratios.get(modelId);
    if (!ratio) {
      ratio = host.countTokens(RATIO_SAMPLE).then((tokens) => RATIO_SAMPLE.length / Math.max(1, tokens));
      // A failed count is not remembered: the next call measures again.
      ratio.catch(() => this.#ratios.delete(modelId));
      this.#ratios.set(modelId, ratio);
    }
    return { modelId, contextSize, charsPerToken: await ratio };
  }
}

/** Register the translate feature's menus, shortcuts and message handlers (synchronously, at start-up). */
export function registerBackground(ctx: BackgroundContext): void {
  const store = new MemorySegmentStore();
  const facts = new ModelFactsSource();

  const targetLanguage = async (): Promise<string> =>
    resolveTargetLanguage((await settingsStore.load()).targetLanguage, uiLanguage());

  const startInTab = async (tabId: number, action: Action): Promise<ShowReply> => {
    const to = await targetLanguage();
    const tab = contentScriptOf(tabId);
    return action === "selection" ? tab.request("translate/selection", { to }) : tab.request("translate/page", { to });
  };

  const fromUserInput = (tab: browser.tabs.Tab | undefined, action: Action): void => {
    if (tab?.id === undefined) return;
    startInTab(tab.id, action).catch((error: unknown) => {
      // No content script here (about: pages, the PDF viewer, addons.mozilla.org): there is no page to show UI in.
      console.warn(`Hearth: cannot translate in this tab (${action})`, error);
    });
  };

  ctx.menus.addMenuItem({
    id: "hearth-translate-selection",
    titleKey: "translateMenuSelection",
    contexts: ["selection"],
    onClick: (_info, tab) => fromUserInput(tab, "selection"),
  });
  ctx.menus.addMenuItem({
    id: "hearth-translate-page",
    titleKey: "translateMenuPage",
    contexts: ["page"],
    onClick: (_info, tab) => fromUserInput(tab, "page"),
  });
  ctx.menus.addCommand({ name: "translate-selection", run: (tab) => fromUserInput(tab, "selection") });
  ctx.menus.addCommand({ name: "translate-page", run: (tab) => fromUserInput(tab, "page") });

  ctx.server.handle("translate/start", ({ tabId, action }) => startInTab(tabId, action));
  ctx.server.handle("translate/model-facts", async () => facts.facts(await ctx.engine));
  ctx.server.handle("translate/set-target", async ({ language }) => {
    await settingsStore.update({ targetLanguage: resolveTargetLanguage(language, "en") });
    return null;
  });
  // Private windows keep their translations in the page only: nothing of them may outlive the private session or
  // be found from a normal window.
  // Keys are kept per site: with one shared cache, a page could tell from how fast a translation comes back what
  // another site the user visited had translated.
  ctx.server.handle("translate/cache-get", async ({ keys }, sender) => {
    if (sender.incognito) return keys.map(() => null);
    const site = siteOf(sender.url);
    return (await store.getMany(keys.map((key) => `${site} ${key}`))).map((value) => value ?? null);
  });
  ctx.server.handle("translate/cache-put", async ({ entries }, sender) => {
    if (sender.incognito) return null;
    const site = siteOf(sender.url);
    await store.setMany(entries.map(({ key, text }) => [`${site} ${key}`, text] as const));
    return null;
  });

  ctx.server.handleStream("translate/segments", async function* ({ segments, from, to }, sender, signal) {
    const host = await ctx.engine;
    const generate = (request: JobRequest) => host.generate({ ...request, ownerTabId: sender.tabId, priority: "batch" }, signal);
    yield* translateSegments(segments, from, to, { generate, facts: await facts.facts(host) });
  });
  ctx.server.handleStream("translate/text", async function* ({ text, from, to }, sender, signal) {
    const host = await ctx.engine;
    const generate = (request: JobRequest) =>
      host.generate({ ...request, ownerTabId: sender.tabId, priority: "interactive" }, signal);
    yield* translateText(text, from, to, { generate, facts: await facts.facts(host) });
  });
}

/**
 * The origin a cache entry belongs to. Only content scripts (http, https, file URLs) reach the cache; anything
 * unparsable gets a bucket of its own rather than an exception.
 */
function siteOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "unknown:";
  }
}

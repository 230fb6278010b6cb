/**
 * Hearth's reader view: the article of the source tab (reader/index.html?tab=<id>), rebuilt from Readability's HTML
 * with createElement/textContent only, rewritten paragraph by paragraph at the chosen level as it is read, with
 * reading-comfort settings and "Explain this". Nothing here fetches from the web: the article comes from the tab's
 * content script, images only as copies the tab already has, and the model runs in Hearth's background.
 */
import { articleBlocks, type ArticleBlock } from "../features/reader/article-blocks";
import type { ReaderPrefs } from "../features/reader/reader-prefs";
import { sourceTabOf } from "../features/reader/reader-url";
import type { SimplifyLevel } from "../features/reader/simplify-prompt";
import type { PageArticle } from "../features/page/protocol";
import { t } from "../shared/platform/i18n";
import { byId, setupExtensionPage } from "../shared/platform/page-setup";
import { background, contentScriptOf } from "../shared/platform/runtime";
import { ModelNotLoadedError } from "../shared/protocol/errors";
import type { EngineState } from "../shared/protocol/status";
import { watchStatus } from "../shared/status/watch-status";
import { ArticleView } from "./article-view";
import { loadReaderPrefs, saveReaderPrefs, setupComfortPanel } from "./comfort";
import { setupExplain } from "./explain-popover";
import { ImageShelf } from "./image-shelf";
import { SimplifyController, type ReaderSnapshot } from "./simplify-controller";
import { readerStatusText } from "./status-text";
import { watchVisibility } from "./visibility";
import { errorText } from "../shared/ui/error-text";

const lifetime = new AbortController();
addEventListener("pagehide", () => lifetime.abort(), { once: true });

await setupExtensionPage();
let prefs: ReaderPrefs = await loadReaderPrefs();
const remember = (patch: Partial<ReaderPrefs>) => {
  prefs = { ...prefs, ...patch };
  void saveReaderPrefs(prefs).catch((error: unknown) => console.error("Hearth: could not save the reader settings", error));
};
setupComfortPanel(prefs, remember);

const status = byId("reader-status");
/** The engine's state as the background last reported it. */
let engine: EngineState = { phase: "idle" };
const setPhase = (phase: string) => (document.body.dataset.simplify = phase);
const sourceTabId = sourceTabOf(location.href);
byId("to-source").addEventListener("click", () => {
  if (sourceTabId !== null) browser.tabs.update(sourceTabId, { active: true }).catch(() => showError(t("readerSourceGone")));
});

if (sourceTabId === null) {
  setPhase("unreadable");
  showError(t("readerNoTab"));
} else {
  await openArticle(sourceTabId);
}

async function openArticle(tabId: number): Promise<void> {
  hideError();
  status.textContent = t("readerLoading");
  let article: PageArticle;
  try {
    article = await readArticle(tabId);
  } catch {
    setPhase("unreadable");
    status.textContent = "";
    showError(t("readerUnreadable"), { retry: () => void openArticle(tabId) });
    return;
  }
  const blocks = articleBlocks(article.html, { baseUrl: article.url });
  showHeader(article, blocks);
  if (blocks.length === 0) {
    setPhase("empty");
    status.textContent = t("readerNothing");
    return;
  }
  if (!article.fallback) return startReading(tabId, article, blocks);
  // Readability found no article: say so, and let the user choose to read the page's visible text instead.
  setPhase("fallback");
  status.textContent = "";
  const fallback = byId("fallback");
  fallback.hidden = false;
  byId("fallback-show").addEventListener("click", () => {
    fallback.hidden = true;
    startReading(tabId, article, blocks);
  }, { once: true });
}

/** The article from the source tab's content script, retrying briefly while a just-loaded tab starts its script. */
async function readArticle(tabId: number): Promise<PageArticle> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await contentScriptOf(tabId).request("page/article", {});
    } catch (error) {
      if (attempt >= 15) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function showHeader(article: PageArticle, blocks: readonly ArticleBlock[]): void {
  const title = article.title.trim() || t("readerUntitled");
  document.title = t("readerPageTitleFor", title);
  byId("title").textContent = title;
  for (const [id, text] of [["site", article.siteName], ["byline", article.byline]] as const) {
    const element = byId(id);
    element.textContent = text?.trim() ?? "";
    element.hidden = !text?.trim();
  }
  const articleElement = byId("article");
  if (article.lang) articleElement.lang = article.lang;
  if (article.dir === "rtl" || article.dir === "ltr") articleElement.dir = article.dir;
  byId("images-note").hidden = !blocks.some((block) => block.images.some(ImageShelf.isRemote));
}

function startReading(tabId: number, article: PageArticle, blocks: readonly ArticleBlock[]): void {
  const language = article.lang ?? undefined;
  const shelf = new ImageShelf((src) => contentScriptOf(tabId).request("reader/image", { src }));
  const labels = { originalLinks: t("readerOriginalLinks"), image: shelf.render };
  // The view's actions reach the controller, which is created right after the view.
  const view = new ArticleView(byId("blocks"), blocks, labels, {
    toggle: (id) => controller.toggle(id),
    retry: (id) => controller.retry(id),
  });
  const controller = new SimplifyController(
    blocks,
    prefs.level,
    (units, level, signal) => background().stream("reader/simplify", { units, level, language }, { signal }),
    (snapshot) => {
      view.update(snapshot.outputs);
      showSnapshot(snapshot, controller);
    },
  );
  lifetime.signal.addEventListener("abort", () => controller.dispose(), { once: true });
  // Loading a model takes a while on a laptop: the status line says so instead of showing 0 of n for that long.
  void watchStatus((next) => {
    engine = next.engine;
    showSnapshot(controller.snapshot(), controller);
  }, lifetime.signal);

  const levels = byId<HTMLFieldSetElement>("levels");
  for (const input of levels.querySelectorAll<HTMLInputElement>("input[name=level]")) input.checked = input.value === prefs.level;
  levels.disabled = false;
  levels.addEventListener("change", (event) => {
    const level = (event.target as HTMLInputElement).value as SimplifyLevel;
    remember({ level });
    controller.setLevel(level);
  });
  byId("stop").addEventListener("click", () => {
    if (controller.snapshot().phase === "stopped") controller.resume();
    else controller.stop();
  });
  setupExplain(byId("blocks"), (text, context, signal) => background().stream("reader/explain", { text, context, language }, { signal }), lifetime.signal);
  showSnapshot(controller.snapshot(), controller);
  watchVisibility(view.elements(), (visible, near) => controller.setVisibility(visible, near), lifetime.signal);
}

function showSnapshot(snapshot: ReaderSnapshot, controller: SimplifyController): void {
  setPhase(snapshot.phase);
  const stop = byId<HTMLButtonElement>("stop");
  stop.textContent = t(snapshot.phase === "stopped" ? "readerContinue" : "readerStop");
  stop.disabled = snapshot.phase === "done" || snapshot.phase === "error";
  status.textContent = readerStatusText(snapshot, engine, t);
  if (snapshot.error) {
    const noModel = snapshot.error instanceof ModelNotLoadedError;
    showError(errorText(snapshot.error, t), noModel ? { settings: true, retry: () => controller.resume() } : { retry: () => controller.resume() });
  } else hideError();
}

function showError(message: string, actions: { settings?: boolean; retry?: () => void } = {}): void {
  const box = byId("reader-error");
  byId("reader-error-text").textContent = message;
  const settings = byId<HTMLButtonElement>("reader-error-settings");
  settings.hidden = !actions.settings;
  settings.onclick = () => void browser.runtime.openOptionsPage();
  const retry = byId<HTMLButtonElement>("reader-error-retry");
  retry.hidden = !actions.retry;
  retry.onclick = actions.retry ? () => actions.retry?.() : null;
  box.hidden = false;
}

function hideError(): void {
  byId("reader-error").hidden = true;
}

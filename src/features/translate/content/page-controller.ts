/**
 * Translate page in place: decides the page's language, runs PageTranslation (visible part first, batched writes,
 * followed mutations, time-sliced walk) against the background's model, pauses while the tab is hidden, and drives
 * the bar's Stop, Show original and Translate again.
 */
import { uiLanguage } from "../../../shared/platform/i18n";
import { background } from "../../../shared/platform/runtime";
import { SegmentCache } from "../cache";
import { chooseSourceLanguage, displayLanguageName } from "../language-choice";
import type { ShowReply } from "../protocol";
import { PageTranslation, type PageTranslationState } from "../scheduler";
import { pageBatchLimits } from "../token-estimate";
import { describeError } from "./error-text";
import { PageBar, type BarState } from "./page-bar";
import { detectLanguage } from "./read-selection";
import { backgroundSegmentStore, remoteSegmentTranslator, UNKNOWN_SOURCE } from "./remote-translator";
import { yieldToPage } from "../../../shared/async/yield-to-page";

const skippedForSample = new Set(["script", "style", "noscript", "template", "code", "pre", "textarea"]);

/** Up to `limit` characters of the page's visible-kind text, for the language detector; a cheap walk. */
function sampleText(root: Node, limit = 4000): string {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, (node) =>
    skippedForSample.has(node.parentElement?.localName ?? "") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  );
  let text = "";
  while (text.length < limit && walker.nextNode()) text += `${walker.currentNode.nodeValue ?? ""} `;
  return text.replace(/\s+/g, " ").trim();
}

/** In or within one screen of the viewport: translated first, so what the reader looks at changes first. */
function isNearViewport(element: Element): boolean {
  const rect = element.getBoundingClientRect();
  if (rect.width === 0 && rect.height === 0) return false;
  const margin = window.innerHeight;
  return rect.bottom >= -margin && rect.top <= window.innerHeight + margin;
}

const livePhases = new Set<PageTranslationState["phase"]>(["idle", "segmenting", "translating", "paused", "done"]);

/** Owns the page's translation and its bar. */
export class PageTranslator {
  readonly #cache = new SegmentCache({
    store: backgroundSegmentStore,
    onStoreError: (error) => console.warn("Hearth: the translation cache is unavailable", error),
  });
  #bar: PageBar | null = null;
  #translation: PageTranslation | null = null;
  #to = "";
  #attempt = 0;
  /** Resolves when every restore asked for so far is done. */
  #restoring: Promise<void> = Promise.resolve();

  constructor(lifetime: AbortSignal) {
    lifetime.addEventListener("abort", () => this.#translation?.stop(), { once: true });
    document.addEventListener(
      "visibilitychange",
      () => (document.visibilityState === "hidden" ? this.#translation?.pause() : this.#translation?.resume()),
      { signal: lifetime },
    );
    let scrollTimer: ReturnType<typeof setTimeout> | null = null;
    const onScroll = () => {
      scrollTimer ??= setTimeout(() => {
        scrollTimer = null;
        this.#translation?.reprioritize();
      }, 250);
    };
    window.addEventListener("scroll", onScroll, { passive: true, signal: lifetime });
  }

  /** Translate the page into `to`; a page already translated into `to` just shows its bar again. */
  async start(to: string): Promise<ShowReply> {
    const bar = this.#ensureBar();
    bar.show();
    const current = this.#translation;
    if (current && this.#to === to && livePhases.has(current.state.phase)) return { started: true };
    // Another language, or a stopped run: start from the original page (what was translated comes from the cache).
    this.#translation = null;
    this.#to = to;
    const attempt = ++this.#attempt;
    bar.render({ phase: "preparing" });
    this.#restore(current);
    await this.#restoring;
    if (attempt !== this.#attempt) return { started: false };
    const ui = uiLanguage();
    const language = displayLanguageName(to, ui);
    const source = chooseSourceLanguage(await detectLanguage(sampleText(document.body ?? document.documentElement)), document.documentElement.lang);
    if (attempt !== this.#attempt) return { started: false };
    if (source.kind === "unsupported") {
      bar.render({ phase: "unsupported", language: displayLanguageName(source.tag, ui) });
      return { started: false };
    }
    if (source.kind === "known" && source.code === to) {
      bar.render({ phase: "same-language", language });
      return { started: false };
    }
    let facts;
    try {
      facts = await background().request("translate/model-facts", {});
    } catch (error) {
      if (attempt === this.#attempt) bar.render({ phase: "error", message: describeError(error) });
      return { started: false };
    }
    if (attempt !== this.#attempt) return { started: false };
    const translation = new PageTranslation({
      root: document,
      from: source.kind === "known" ? source.code : UNKNOWN_SOURCE,
      to,
      modelId: facts.modelId,
      translator: remoteSegmentTranslator(),
      cache: this.#cache,
      isVisible: isNearViewport,
      limits: pageBatchLimits(facts),
      scheduleWrite: (flush) => requestAnimationFrame(() => flush()),
      yieldToPage,
      onState: (state) => {
        if (this.#translation === translation) bar.render(barState(state, language));
      },
    });
    this.#translation = translation;
    void translation.start();
    // Started from a hidden tab (a shortcut in another window): wait until the reader comes back.
    if (document.visibilityState === "hidden") translation.pause();
    return { started: true };
  }

  /**
   * Put back what `translation` changed; every later start waits for it (#restoring), so no new translation walks a
   * page that is half restored. A hidden tab gets no animation frames, so there the page is restored at once.
   */
  #restore(translation: PageTranslation | null): void {
    if (!translation) return;
    const restored = translation.restoreOriginal({ immediate: document.visibilityState === "hidden" });
    this.#restoring = this.#restoring.then(() => restored);
  }

  #ensureBar(): PageBar {
    this.#bar ??= new PageBar({
      stop: () => this.#translation?.stop(),
      showOriginal: () => {
        // Also cancels a start() still preparing.
        const attempt = ++this.#attempt;
        this.#restore(this.#translation);
        // The page comes back over a few frames; the bar says so once it is all back.
        void this.#restoring.then(() => {
          if (attempt === this.#attempt) this.#bar?.render({ phase: "original" });
        });
      },
      translateAgain: () => void this.start(this.#to),
      close: () => this.#bar?.hide(),
    });
    return this.#bar;
  }
}

function barState(state: PageTranslationState, language: string): BarState {
  if (state.phase === "idle" || state.phase === "segmenting") return { phase: "preparing" };
  if (state.phase === "error") return { phase: "error", message: describeError(state.error) };
  const counts = { done: state.progress.written, total: state.progress.total, failed: state.progress.failed };
  switch (state.phase) {
    case "translating":
      return { phase: "translating", language, counts };
    case "paused":
      return { phase: "paused", counts };
    case "done":
      return { phase: "done", language, counts };
    case "stopped":
      return { phase: "stopped", counts };
  }
}

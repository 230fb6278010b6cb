/**
 * "Explain this": when the user selects a word or sentence of the article, a button appears under the selection; it
 * opens a popover where the model's short plain-language explanation streams in. Closing the popover (Close, Escape,
 * a new selection) stops the explanation. The model's text is shown with textContent only.
 */
import { passageAround } from "../features/reader/explain-prompt";
import { MAX_EXPLAIN_CHARS, MAX_EXPLAIN_CONTEXT_CHARS, type ExplainChunk } from "../features/reader/protocol";
import { t } from "../shared/platform/i18n";
import { byId } from "../shared/platform/page-setup";
import { isAbort } from "../shared/protocol/errors";
import { errorText } from "../shared/ui/error-text";

/** Explains `text` as used in `context` (the "reader/explain" stream). */
export type ExplainStream = (text: string, context: string, signal: AbortSignal) => AsyncIterable<ExplainChunk>;

interface Question {
  text: string;
  context: string;
  rect: DOMRect;
}

/** Offer "Explain this" for selections inside `article`. */
export function setupExplain(article: HTMLElement, explain: ExplainStream, lifetime: AbortSignal): void {
  const button = byId<HTMLButtonElement>("explain-button");
  const popover = byId("explain-popover");
  const selectionText = byId("explain-selection");
  const answer = byId("explain-text");
  const close = byId<HTMLButtonElement>("explain-close");
  let question: Question | null = null;
  let running: AbortController | null = null;

  const place = (element: HTMLElement, rect: DOMRect) => {
    element.style.top = `${rect.bottom + window.scrollY + 6}px`;
    element.style.left = `${Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + innerWidth - element.offsetWidth - 8))}px`;
  };
  const closePopover = () => {
    running?.abort();
    running = null;
    if (popover.hidden) return;
    popover.hidden = true;
    button.focus({ preventScroll: true });
  };
  const onSelection = () => {
    question = selectedQuestion(article);
    button.hidden = question === null;
    if (question) place(button, question.rect);
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  document.addEventListener("selectionchange", () => {
    clearTimeout(timer);
    // While the user drags, the selection changes on every pixel: wait until it settles.
    timer = setTimeout(onSelection, 200);
  }, { signal: lifetime });
  // Text size, line width and the settings panel move the selected words: follow them.
  const follow = new ResizeObserver(() => {
    if (!button.hidden) onSelection();
  });
  follow.observe(article);
  follow.observe(document.body);
  lifetime.addEventListener("abort", () => follow.disconnect(), { once: true });
  // Keep the selection when the button is pressed: a mousedown on it would otherwise collapse it first.
  button.addEventListener("mousedown", (event) => event.preventDefault(), { signal: lifetime });
  button.addEventListener("click", () => {
    if (!question) return;
    const asked = question;
    running?.abort();
    running = new AbortController();
    selectionText.textContent = asked.text;
    answer.textContent = t("readerExplainWaiting");
    answer.dataset.state = "waiting";
    popover.hidden = false;
    place(popover, asked.rect);
    close.focus({ preventScroll: true });
    void stream(asked, running.signal);
  }, { signal: lifetime });
  close.addEventListener("click", closePopover, { signal: lifetime });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !popover.hidden) closePopover();
  }, { signal: lifetime });
  lifetime.addEventListener("abort", () => running?.abort(), { once: true });

  async function stream(asked: Question, signal: AbortSignal): Promise<void> {
    let text = "";
    try {
      for await (const chunk of explain(asked.text, asked.context, signal)) {
        if (chunk.kind === "queued") {
          if (chunk.position > 0) answer.textContent = t("readerExplainQueued", String(chunk.position));
          continue;
        }
        if (chunk.kind === "rejected") {
          answer.textContent = t("readerExplainUnreadable");
          answer.dataset.state = "rejected";
          return;
        }
        text = chunk.text;
        answer.textContent = text;
        answer.dataset.state = "streaming";
      }
      if (signal.aborted) return;
      answer.textContent = text || t("readerExplainEmpty");
      answer.dataset.state = text ? "done" : "empty";
    } catch (error) {
      if (signal.aborted || isAbort(error)) return;
      answer.textContent = errorText(error, t);
      answer.dataset.state = "error";
    }
  }
}

// The selection, when it lies within the article's text and is short enough to explain.
function selectedQuestion(article: HTMLElement): Question | null {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  if (!article.contains(range.commonAncestorContainer)) return null;
  const text = selection.toString().replace(/\s+/g, " ").trim();
  if (text === "" || text.length > MAX_EXPLAIN_CHARS) return null;
  const start = range.startContainer instanceof Element ? range.startContainer : range.startContainer.parentElement;
  const item = start?.closest(".reader-block");
  // The passage around the selection tells the model which sense of a word is meant.
  const context = passageAround(item ? blockText(item) : "", text).slice(0, MAX_EXPLAIN_CONTEXT_CHARS);
  return { text, context, rect: range.getBoundingClientRect() };
}

// The block's words as shown, without the image placeholders' labels and buttons.
function blockText(block: Element): string {
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let text = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest(".reader-image")) text += node.nodeValue ?? "";
  }
  return text.replace(/\s+/g, " ").trim();
}

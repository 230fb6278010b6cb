/**
 * The article on screen: one item per block, each holding the block (original, streamed preview or rewrite, built by
 * render-blocks.ts with createElement/textContent only) and its controls: a button that flips a simplified block
 * between its rewrite and the original, and a note when the original was kept. Items are only touched when what they
 * show changed, so a selection elsewhere survives the stream.
 */
import type { ArticleBlock } from "../features/reader/article-blocks";
import { isSimplifiable } from "../features/reader/article-blocks";
import type { FailureReason, OutputBlock } from "../features/reader/mapping";
import { renderBlock, updateBlock, type RenderLabels } from "../features/reader/render-blocks";
import { t } from "../shared/platform/i18n";

const FAILURE_KEYS: Record<FailureReason, string> = {
  empty: "readerKeptEmpty",
  "too-long": "readerKeptTooLong",
  "other-language": "readerKeptOtherLanguage",
  "wrong-count": "readerKeptWrongCount",
  refusal: "readerKeptRefusal",
  garbled: "readerKeptGarbled",
  error: "readerKeptError",
};

interface Item {
  element: HTMLElement;
  block: HTMLElement;
  toggle: HTMLButtonElement;
  retry: HTMLButtonElement;
  note: HTMLElement;
  shown: string;
}

export interface ArticleViewActions {
  toggle(id: string): void;
  retry(id: string): void;
}

/** Builds the items into `container` and updates them from the mapping's output blocks. */
export class ArticleView {
  private readonly items = new Map<string, Item>();

  constructor(
    container: HTMLElement,
    blocks: readonly ArticleBlock[],
    private readonly labels: RenderLabels,
    actions: ArticleViewActions,
  ) {
    const doc = container.ownerDocument;
    for (const source of blocks) {
      const element = doc.createElement("div");
      element.className = "reader-item";
      element.dataset.blockId = source.id;
      element.dataset.state = "original";
      const block = renderBlock(doc, source, undefined, labels);
      block.id = `block-${source.id}`;
      element.append(block);
      const controls = doc.createElement("div");
      controls.className = "reader-item-controls";
      const toggle = button(doc, "reader-toggle", () => actions.toggle(source.id));
      toggle.setAttribute("aria-controls", block.id);
      const retry = button(doc, "reader-retry", () => actions.retry(source.id));
      retry.textContent = t("readerRetryBlock");
      const note = doc.createElement("span");
      note.className = "reader-note";
      note.hidden = true;
      controls.append(note, toggle, retry);
      if (isSimplifiable(source)) element.append(controls);
      container.append(element);
      this.items.set(source.id, { element, block, toggle, retry, note, shown: "original|" });
    }
  }

  /** Every item's element, by block id (for the visibility observers). */
  elements(): Map<string, HTMLElement> {
    return new Map([...this.items].map(([id, item]) => [id, item.element]));
  }

  /** Show each block as the mapping says; untouched when nothing changed. */
  update(outputs: readonly OutputBlock[]): void {
    for (const output of outputs) {
      const item = this.items.get(output.id);
      if (!item) continue;
      const text = visibleText(output);
      const key = `${text === undefined ? "original" : "rewrite"}|${text ?? ""}`;
      if (key !== item.shown) {
        updateBlock(item.block, output.source, text, this.labels);
        item.shown = key;
      }
      item.element.dataset.state = output.state;
      item.element.dataset.showing = output.showing;
      if (output.failure) item.element.dataset.failure = output.failure;
      else delete item.element.dataset.failure;
      item.element.setAttribute("aria-busy", String(output.state === "pending"));
      item.toggle.hidden = output.state !== "simplified";
      item.toggle.textContent = t(output.showing === "simplified" ? "readerShowOriginal" : "readerShowSimplified");
      item.retry.hidden = output.state !== "failed";
      item.note.hidden = output.state !== "failed" && output.state !== "pending";
      item.note.textContent =
        output.state === "failed" ? t(FAILURE_KEYS[output.failure ?? "error"]) : output.state === "pending" ? t("readerSimplifyingBlock") : "";
    }
  }
}

// A rewrite shows when it is finished and not flipped back, or while it streams in.
function visibleText(output: OutputBlock): string | undefined {
  if (output.state === "simplified" && output.showing === "simplified") return output.text;
  if (output.state === "pending" && output.text) return output.text;
  return undefined;
}

function button(doc: Document, className: string, onClick: () => void): HTMLButtonElement {
  const element = doc.createElement("button");
  element.type = "button";
  element.className = className;
  element.hidden = true;
  element.addEventListener("click", onClick);
  return element;
}

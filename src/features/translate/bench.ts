/**
 * Measures what page translation itself costs the page, with the model taken out: a generated article is walked,
 * "translated" by an instant translator, written back and restored. The result is Hearth's DOM cost per 1000
 * segments, comparable across changes and browsers (happy-dom in Vitest, Firefox in the e2e bench).
 */
import { PageTranslation } from "./scheduler";
import type { SegmentTranslator, TranslatedSegment } from "./segment-translator";

export interface DomCostReport {
  /** Translation units found on the generated page. */
  readonly segments: number;
  /** Nodes on the generated page. */
  readonly nodes: number;
  /** Time the walk kept the page busy, and its longest single slice. */
  readonly segmentBusyMs: number;
  readonly longestSliceMs: number;
  /** From start to every translation written, walk included. */
  readonly translateMs: number;
  readonly restoreMs: number;
  /** (translateMs + restoreMs) scaled to 1000 segments. */
  readonly perThousandSegmentsMs: number;
  /** True when restoring gave back a page identical to the one generated. */
  readonly restoredIdentical: boolean;
}

export interface DomCostOptions {
  /** Sections on the generated page; each holds about 8 segments and 60 nodes. */
  readonly sections?: number;
  readonly sliceMs?: number;
  readonly yieldToPage?: () => Promise<void>;
  readonly now?: () => number;
}

const words = ["river", "morning", "quiet", "market", "letter", "garden", "window", "winter", "station", "story"];

function sentence(seed: number, length: number): string {
  return Array.from({ length }, (_, index) => words[(seed * 7 + index * 3) % words.length]).join(" ");
}

/** Append a generated article of `sections` sections (headings, paragraphs with nested inline markup, lists). */
export function generateBenchPage(document: Document, sections: number): HTMLElement {
  const article = document.createElement("article");
  const add = <K extends keyof HTMLElementTagNameMap>(parent: Node, tag: K, text?: string): HTMLElementTagNameMap[K] => {
    const element = document.createElement(tag);
    if (text !== undefined) element.append(text);
    parent.appendChild(element);
    return element;
  };
  for (let index = 0; index < sections; index += 1) {
    const section = add(article, "section");
    add(section, "h2", `Section ${index}: ${sentence(index, 3)}`);
    const paragraph = add(section, "p", `${sentence(index, 8)} `);
    const link = add(paragraph, "a", `${sentence(index + 1, 2)} `);
    link.href = `https://example.org/${index}`;
    add(link, "strong", sentence(index + 2, 2));
    paragraph.append(` ${sentence(index + 3, 6)}, `);
    add(paragraph, "em", sentence(index + 4, 3));
    add(paragraph, "br");
    paragraph.append(`${sentence(index + 5, 5)} `);
    add(paragraph, "code", "x = 1");
    paragraph.append(".");
    add(section, "p", sentence(index + 6, 12)).title = sentence(index + 7, 2);
    const list = add(section, "ul");
    for (let item = 0; item < 3; item += 1) {
      const li = add(list, "li", `${sentence(index + item, 4)} `);
      add(li, "b", sentence(index + item + 1, 1));
    }
    const image = add(section, "img");
    image.alt = sentence(index + 8, 3);
  }
  document.body.appendChild(article);
  return article;
}

/** A translator that answers at once, upper-casing the text between placeholders so every unit really changes. */
export const instantTranslator: SegmentTranslator = {
  supports: () => true,
  async *translateBatch(segments): AsyncGenerator<TranslatedSegment> {
    for (let index = 0; index < segments.length; index += 1) {
      const segment = segments[index] ?? "";
      yield { index, text: segment.replace(/(<[^>]*>|&\w+;)|([^<&]+)/g, (_m, tag?: string, text?: string) => tag ?? (text ?? "").toUpperCase()) };
    }
  },
};

function countNodes(root: Node): number {
  let count = 1;
  for (let child = root.firstChild; child; child = child.nextSibling) count += countNodes(child);
  return count;
}

/** Hearth's DOM cost per 1000 segments with an instant translator, on a page generated into `document`'s body. */
export async function measureDomCostPer1000Segments(document: Document, options: DomCostOptions = {}): Promise<DomCostReport> {
  const now = options.now ?? (() => performance.now());
  const article = generateBenchPage(document, options.sections ?? 200);
  const original = article.cloneNode(true);
  let segments = 0;
  const translation = new PageTranslation({
    root: article,
    from: "en",
    to: "de",
    modelId: "bench-instant",
    translator: instantTranslator,
    isVisible: () => true,
    limits: { tokenBudget: 512, countTokens: (text) => Math.ceil(text.length / 4) },
    scheduleWrite: (flush) => queueMicrotask(flush),
    yieldToPage: options.yieldToPage ?? (() => Promise.resolve()),
    follow: false,
    now,
    ...(options.sliceMs !== undefined ? { sliceMs: options.sliceMs } : {}),
    onState: (state) => {
      if ("progress" in state) segments = state.progress.total;
    },
  });
  const started = now();
  await translation.start();
  const translated = now();
  await translation.restoreOriginal();
  const restored = now();
  const stats = translation.segmentationStats;
  const report: DomCostReport = {
    segments,
    nodes: countNodes(article),
    segmentBusyMs: stats.busyMs,
    longestSliceMs: stats.longestSliceMs,
    translateMs: translated - started,
    restoreMs: restored - translated,
    perThousandSegmentsMs: segments === 0 ? 0 : ((restored - started) / segments) * 1000,
    restoredIdentical: article.isEqualNode(original),
  };
  article.remove();
  return report;
}

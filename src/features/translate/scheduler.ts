/**
 * Runs the translation of one page: walks it in time slices, sends what the reader sees first in batches that fill the
 * token budget, serves repeats from the cache, writes results in batched frames, follows content the page adds, and
 * can pause (hidden tab), stop, or put the original back. The engine is whatever SegmentTranslator it is given.
 */
import { AbortedError, isAbort } from "../../shared/protocol/errors";
import { applyTranslation, type ApplyOutcome, type TargetLanguage } from "./apply";
import { orderVisibleFirst, takeBatch } from "./batching";
import { MutationFollower, type PageChanges } from "./follower";
import { buildAttributeUnit } from "./inline-parts";
import { isRtl, textDirection } from "./languages";
import { parsePlaceholders, plainText } from "./placeholders";
import { ChangeJournal } from "./restore";
import { segmentInSlices, segmentRunAround, type SegmentRoot } from "./segment";
import type { SliceStats } from "./time-slice";
import type { TranslationUnit } from "./units";
import type { PageTranslationOptions, PageTranslationProgress, PageTranslationState } from "./page-translation-state";
import { PendingUnits } from "./pending-units";
import { WriteQueue } from "./write-queue";

export type { PageTranslationOptions, PageTranslationProgress, PageTranslationState } from "./page-translation-state";

/** One page's translation, from first walk to restore. */
export class PageTranslation {
  readonly #options: PageTranslationOptions;
  readonly #journal = new ChangeJournal();
  readonly #controller = new AbortController();
  readonly #writes: WriteQueue;
  readonly #follower: MutationFollower | null;
  readonly #target: TargetLanguage;
  readonly #progress: PageTranslationProgress = { total: 0, written: 0, plainText: 0, fromCache: 0, failed: 0 };
  #queue: TranslationUnit[] = [];
  readonly #pending = new PendingUnits();
  #paused = false;
  #resumeWaiters: Array<() => void> = [];
  #pumping: Promise<void> | null = null;
  #restoring: Promise<void> | null = null;
  #following: Promise<void> = Promise.resolve();
  #state: PageTranslationState = { phase: "idle" };
  #stateBeforePause: PageTranslationState | null = null;
  #stats: SliceStats = { slices: 0, steps: 0, longestSliceMs: 0, busyMs: 0 };

  constructor(options: PageTranslationOptions) {
    this.#options = options;
    this.#target = { code: options.to, dir: isRtl(options.to) === isRtl(options.from) ? null : textDirection(options.to) };
    this.#follower =
      options.follow === false
        ? null
        : new MutationFollower({
            isOwnText: (node) => this.#journal.isOwnText(node),
            isOwnAttribute: (element, name) => this.#journal.isOwnAttribute(element, name),
            onChanges: (changes) => this.#follow(changes),
            ...(options.createObserver ? { createObserver: options.createObserver } : {}),
          });
    const follower = this.#follower;
    this.#writes = new WriteQueue({
      schedule: options.scheduleWrite,
      ...(follower ? { wrap: (writes: () => void) => follower.ignoreWrites(writes) } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  get state(): PageTranslationState {
    return this.#state;
  }

  /** What walking the page cost: the longest slice is the longest the page was kept busy at once. */
  get segmentationStats(): SliceStats {
    return { ...this.#stats };
  }

  /** Walk the page and translate everything found; resolves when that first pass is written or stopped. */
  async start(): Promise<void> {
    if (this.#state.phase !== "idle") return;
    this.#setState({ phase: "segmenting" });
    this.#follower?.observe(this.#options.root);
    try {
      await this.#segmentRoots([this.#options.root], true);
      await this.#pump();
      await this.#writes.whenIdle();
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Resolves when nothing is queued, translating, being followed or waiting to be written. */
  async whenIdle(): Promise<void> {
    this.#follower?.flush();
    await this.#following;
    await this.#pumping;
    await this.#writes.whenIdle();
  }

  /** Stop sending new batches (the one in flight still lands); page changes are still collected. */
  pause(): void {
    if (this.#controller.signal.aborted || this.#paused) return;
    this.#paused = true;
    this.#stateBeforePause = this.#state;
    this.#setState({ phase: "paused", progress: { ...this.#progress } });
  }

  /** Continue after pause(). */
  resume(): void {
    if (this.#controller.signal.aborted || !this.#paused) return;
    this.#paused = false;
    for (const resolve of this.#resumeWaiters.splice(0, this.#resumeWaiters.length)) resolve();
    const before = this.#stateBeforePause;
    const progress = { ...this.#progress };
    if (before?.phase === "segmenting") this.#setState(before);
    else this.#setState({ phase: this.#queue.length > 0 || this.#pumping ? "translating" : "done", progress });
  }

  /** Re-order what is still queued so what is visible now goes first (call on scroll, throttled). */
  reprioritize(): void {
    this.#queue = orderVisibleFirst(this.#queue, (unit) => this.#isVisible(unit));
  }

  /** Cancel everything pending and stop following the page; what is already written stays. */
  stop(): void {
    if (this.#controller.signal.aborted) return;
    this.#controller.abort(new AbortedError());
    this.#queue = [];
    this.#writes.clear();
    this.#follower?.disconnect();
    for (const resolve of this.#resumeWaiters.splice(0, this.#resumeWaiters.length)) resolve();
    if (this.#state.phase !== "error") this.#setState({ phase: "stopped", progress: { ...this.#progress } });
  }

  /**
   * Stop, then put the page back exactly as it was before translation, through the write queue: a frame's budget at
   * a time, since restoring every segment of a big page at once would freeze it for a noticeable moment. With
   * `immediate` (a hidden tab, where no frame comes), whatever is left is restored now. Resolves when the page is
   * back; calling it again returns the same promise.
   */
  restoreOriginal(options: { immediate?: boolean } = {}): Promise<void> {
    this.stop();
    this.#restoring ??= (async () => {
      for (const step of this.#journal.takeUndoSteps()) this.#writes.push(step);
      await this.#writes.whenIdle();
    })();
    if (options.immediate) this.#writes.drain();
    return this.#restoring;
  }

  async #segmentRoots(roots: readonly SegmentRoot[], initial: boolean): Promise<void> {
    for (const root of roots) {
      const { units, stats } = await segmentInSlices(root, {
        isOwnText: (node) => this.#journal.isOwnText(node),
        isOwnAttribute: (element, name) => this.#journal.isOwnAttribute(element, name),
        onRoot: (found) => this.#follower?.observe(found),
        yieldToPage: () => this.#yieldToPage(),
        signal: this.#controller.signal,
        ...(this.#options.sliceMs !== undefined ? { sliceMs: this.#options.sliceMs } : {}),
        ...(this.#options.now ? { now: this.#options.now } : {}),
      });
      this.#stats = {
        slices: this.#stats.slices + stats.slices,
        steps: this.#stats.steps + stats.steps,
        longestSliceMs: Math.max(this.#stats.longestSliceMs, stats.longestSliceMs),
        busyMs: this.#stats.busyMs + stats.busyMs,
      };
      this.#enqueue(units, initial);
    }
  }

  #follow(changes: PageChanges): void {
    const options = {
      isOwnText: (node: Text) => this.#journal.isOwnText(node),
      isOwnAttribute: (element: Element, name: string) => this.#journal.isOwnAttribute(element, name),
    };
    const small = changes.runs.flatMap((member) => segmentRunAround(member, options));
    for (const { element, name } of changes.attributes) {
      const unit = buildAttributeUnit(element, name, options.isOwnAttribute);
      if (unit) small.push(unit);
    }
    this.#enqueue(small, false);
    // Walks of added blocks run one after another, each in slices, so a burst of new content cannot hog the page.
    this.#following = this.#following
      .then(() => this.#segmentRoots(changes.roots, false))
      .then(() => this.#pump())
      .catch((error: unknown) => this.#fail(error));
    void this.#pump().catch((error: unknown) => this.#fail(error));
  }

  #enqueue(units: readonly TranslationUnit[], initial: boolean): void {
    const visible: TranslationUnit[] = [];
    const rest: TranslationUnit[] = [];
    for (const unit of units) {
      if (this.#pending.add(unit)) (this.#isVisible(unit) ? visible : rest).push(unit);
    }
    this.#progress.total += visible.length + rest.length;
    // New content the reader can see (an expanded thread, a loaded comment) jumps the queue.
    this.#queue = initial ? this.#queue.concat(visible, rest) : visible.concat(this.#queue, rest);
  }

  #isVisible(unit: TranslationUnit): boolean {
    return unit.anchor !== null && this.#options.isVisible(unit.anchor);
  }

  #pump(): Promise<void> {
    this.#pumping ??= this.#runBatches();
    return this.#pumping;
  }

  async #runBatches(): Promise<void> {
    const signal = this.#controller.signal;
    try {
      for (;;) {
        await this.#whileRunning();
        if (signal.aborted) return;
        if (this.#queue.length === 0) {
          // "done" means written, not just answered; units followed meanwhile are picked up by the next turn.
          await this.#writes.whenIdle();
          if (this.#queue.length === 0) break;
          continue;
        }
        this.#setState({ phase: "translating", progress: { ...this.#progress } });
        await this.#translateBatch(takeBatch(this.#queue, this.#options.limits));
      }
    } finally {
      // Cleared in the same turn as the last empty-queue check, so a unit queued after it starts a new pump.
      this.#pumping = null;
    }
    if (!signal.aborted && !this.#paused) this.#setState({ phase: "done", progress: { ...this.#progress } });
  }

  async #translateBatch(batch: readonly TranslationUnit[]): Promise<void> {
    const { from, to, modelId, cache, translator } = this.#options;
    const groups = new Map<string, TranslationUnit[]>();
    for (const unit of batch) {
      const group = groups.get(unit.source);
      if (group) group.push(unit);
      else groups.set(unit.source, [unit]);
    }
    const sources = [...groups.keys()];
    const cached = cache ? await cache.lookup(sources.map((source) => ({ source, from, to, modelId }))) : [];
    const misses = sources.filter((source, index) => {
      const hit = cached[index];
      if (hit === undefined) return true;
      this.#progress.fromCache += groups.get(source)?.length ?? 0;
      this.#write(groups.get(source) ?? [], hit);
      return false;
    });
    if (misses.length === 0 || this.#controller.signal.aborted) return;
    const received = new Set<number>();
    const answers = translator.translateBatch(misses, { from, to, signal: this.#controller.signal });
    for await (const { index, text } of answers) {
      if (this.#controller.signal.aborted) return;
      const source = misses[index];
      const units = source === undefined ? undefined : groups.get(source);
      if (source === undefined || !units || received.has(index)) continue;
      received.add(index);
      if (cache && isWorthCaching(units[0], text)) cache.set({ source, from, to, modelId }, text);
      this.#write(units, text);
    }
    const lost = misses.filter((_, index) => !received.has(index));
    for (const source of lost) {
      for (const unit of groups.get(source) ?? []) this.#pending.delete(unit);
      this.#progress.failed += groups.get(source)?.length ?? 0;
    }
    if (lost.length > 0) this.#options.onUntranslated?.(lost);
  }

  #write(units: readonly TranslationUnit[], text: string): void {
    if (this.#controller.signal.aborted) return;
    for (const unit of units) {
      this.#writes.push(() => {
        this.#pending.delete(unit);
        this.#count(applyTranslation(unit, text, this.#journal, this.#target));
      });
    }
  }

  #count(outcome: ApplyOutcome): void {
    if (outcome === "translated" || outcome === "plain-text") this.#progress.written += 1;
    if (outcome === "plain-text") this.#progress.plainText += 1;
    if (outcome === "empty") this.#progress.failed += 1;
    // A stale unit is not counted: the follower has queued its replacement.
    if (outcome === "stale") this.#progress.total -= 1;
  }

  async #yieldToPage(): Promise<void> {
    await this.#options.yieldToPage();
    await this.#whileRunning();
  }

  #whileRunning(): Promise<void> {
    if (!this.#paused || this.#controller.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => this.#resumeWaiters.push(resolve));
  }

  #fail(error: unknown): void {
    if (isAbort(error) || this.#controller.signal.aborted) return;
    this.#setState({
      phase: "error",
      error: error instanceof Error ? error : new Error(String(error)),
      progress: { ...this.#progress },
    });
    this.stop();
  }

  #setState(state: PageTranslationState): void {
    this.#state = state;
    this.#options.onState?.(state);
  }
}

function isWorthCaching(unit: TranslationUnit | undefined, text: string): boolean {
  if (!unit || plainText(text) === "") return false;
  return parsePlaceholders(text, unit.kind === "text" ? unit.slots : []).ok;
}

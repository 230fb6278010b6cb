/**
 * Drives the rewriting of the reader's blocks: one block at a time (the engine runs one job at a time anyway, and a
 * steady order keeps the page calm), the blocks on screen first, then the ones just below, and nothing further: a very
 * long article is only rewritten as far as it is read. A level change aborts the block in flight and starts again
 * from the reading position; Stop aborts it and asks for nothing more. The state lives in the pure mapping
 * (src/features/reader/mapping.ts); this class only adds the stream in flight, the visibility and the error.
 */
import { blockUnits, isSimplifiable } from "../features/reader/article-blocks";
import {
  cancelRewrite,
  changeLevel,
  createMapping,
  finishRewrite,
  markPending,
  nextToSimplify,
  outputBlocks,
  resumeSimplifying,
  retryBlock,
  stopSimplifying,
  streamRewrite,
  toggleBlock,
  type OutputBlock,
  type ReaderMapping,
} from "../features/reader/mapping";
import type { SimplifyChunk } from "../features/reader/protocol";
import type { SimplifyLevel, SimplifyOutcome } from "../features/reader/simplify-prompt";
import type { ArticleBlock } from "../features/reader/article-blocks";
import { ContextOverflowError, isAbort, ValidationError } from "../shared/protocol/errors";

/** Rewrites one block's units at a level (the "reader/simplify" stream). */
export type SimplifyStream = (units: string[], level: SimplifyLevel, signal: AbortSignal) => AsyncIterable<SimplifyChunk>;

/**
 * "working": a block is being rewritten; "waiting": its job waits behind other work; "idle": what is read is done and
 * more waits for scrolling; "done": every block is done at this level; "stopped": the user pressed Stop; "error": the
 * engine failed (no model, out of memory): nothing more is asked until the user tries again.
 */
export type RunPhase = "working" | "waiting" | "idle" | "done" | "stopped" | "error";

export interface ReaderSnapshot {
  phase: RunPhase;
  level: SimplifyLevel;
  outputs: OutputBlock[];
  /** Simplifiable blocks, and how many of them are simplified or kept as they were at this level. */
  total: number;
  simplified: number;
  kept: number;
  /** Jobs ahead of this one in the engine's queue, while waiting. */
  queuePosition: number | null;
  error: Error | null;
}

interface InFlight {
  id: string;
  controller: AbortController;
}

export class SimplifyController {
  private mapping: ReaderMapping;
  private current: InFlight | null = null;
  private visible: ReadonlySet<string> = new Set();
  private near: ReadonlySet<string> = new Set();
  private queuePosition: number | null = null;
  private error: Error | null = null;
  private disposed = false;

  constructor(
    blocks: readonly ArticleBlock[],
    level: SimplifyLevel,
    private readonly simplify: SimplifyStream,
    private readonly onChange: (snapshot: ReaderSnapshot) => void,
  ) {
    this.mapping = createMapping(blocks, level);
  }

  /** What the reader shows now. */
  snapshot(): ReaderSnapshot {
    const outputs = outputBlocks(this.mapping);
    const rewritable = outputs.filter((output) => isSimplifiable(output.source));
    const simplified = rewritable.filter((output) => output.state === "simplified").length;
    const kept = rewritable.filter((output) => output.state === "failed").length;
    return {
      phase: this.phase(simplified + kept === rewritable.length),
      level: this.mapping.level,
      outputs,
      total: rewritable.length,
      simplified,
      kept,
      queuePosition: this.queuePosition,
      error: this.error,
    };
  }

  /** The blocks on screen (`visible`) and those within reach below it (`near`, a superset), by block id. */
  setVisibility(visible: ReadonlySet<string>, near: ReadonlySet<string>): void {
    this.visible = visible;
    this.near = near;
    this.pump();
  }

  /** Rewrite at `level` from the reading position on; rewrites already made at any level are kept. */
  setLevel(level: SimplifyLevel): void {
    const first = this.mapping.blocks.findIndex((block) => this.visible.has(block.id));
    this.abortCurrent();
    this.error = null;
    this.mapping = changeLevel(this.mapping, level, first === -1 ? this.mapping.position : first);
    this.emit();
    this.pump();
  }

  /** Stop now: the block in flight keeps its original, finished rewrites stay. */
  stop(): void {
    this.abortCurrent();
    this.mapping = stopSimplifying(this.mapping);
    this.emit();
  }

  /** Go on after Stop or after an error. */
  resume(): void {
    this.error = null;
    this.mapping = resumeSimplifying(this.mapping);
    this.emit();
    this.pump();
  }

  /** Flip one simplified block between its rewrite and its original. */
  toggle(id: string): void {
    this.mapping = toggleBlock(this.mapping, id);
    this.emit();
  }

  /** Ask again for a block whose original was kept. */
  retry(id: string): void {
    this.mapping = retryBlock(this.mapping, id);
    this.emit();
    this.pump();
  }

  /** Abort the work in flight for good (the page is going away). */
  dispose(): void {
    this.disposed = true;
    this.abortCurrent();
  }

  private phase(allDone: boolean): RunPhase {
    if (this.error) return "error";
    if (this.mapping.run === "stopped") return "stopped";
    if (this.current) return this.queuePosition !== null && this.queuePosition > 0 ? "waiting" : "working";
    return allDone ? "done" : "idle";
  }

  private emit(): void {
    if (!this.disposed) this.onChange(this.snapshot());
  }

  private abortCurrent(): void {
    this.current?.controller.abort();
    this.current = null;
    this.queuePosition = null;
  }

  private pump(): void {
    if (this.current || this.disposed || this.error) return;
    // On screen first, then down from it; only what is near the screen, so an unread article costs nothing.
    const candidates = nextToSimplify(this.mapping, (block) => this.visible.has(block.id), this.mapping.blocks.length);
    const next = candidates.find((block) => this.near.has(block.id));
    if (next) void this.run(next);
    else this.emit();
  }

  private async run(block: ArticleBlock): Promise<void> {
    const level = this.mapping.level;
    const flight: InFlight = { id: block.id, controller: new AbortController() };
    this.current = flight;
    this.mapping = markPending(this.mapping, [block.id]);
    this.emit();
    // A run that was aborted (Stop, level change) may still deliver a chunk; it no longer speaks for the block.
    const live = () => this.current === flight;
    let outcome: SimplifyOutcome | null = null;
    try {
      for await (const chunk of this.simplify(blockUnits(block), level, flight.controller.signal)) {
        if (!live()) break;
        if (chunk.kind === "queued") this.queuePosition = chunk.position;
        else if (chunk.kind === "preview") {
          this.queuePosition = null;
          this.mapping = streamRewrite(this.mapping, block.id, level, chunk.units.join("\n"));
        } else outcome = chunk.outcome;
        this.emit();
      }
      if (live()) {
        const rewrite = outcome?.ok ? { ok: true as const, text: outcome.units.join("\n") } : { ok: false as const, reason: outcome?.ok === false ? outcome.reason : ("error" as const) };
        this.mapping = finishRewrite(this.mapping, block.id, level, rewrite);
      }
    } catch (error) {
      if (!live() || isAbort(error)) {
        if (live()) this.mapping = cancelRewrite(this.mapping, block.id);
      } else if (error instanceof ContextOverflowError || error instanceof ValidationError) {
        // This block alone is too much for the model: keep its original and go on with the next.
        this.mapping = finishRewrite(this.mapping, block.id, level, { ok: false, reason: "error" });
      } else {
        this.error = error instanceof Error ? error : new Error(String(error));
        this.mapping = stopSimplifying(this.mapping);
      }
    } finally {
      if (live()) {
        this.current = null;
        this.queuePosition = null;
        this.emit();
        this.pump();
      }
    }
  }
}

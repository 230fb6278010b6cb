/**
 * wllama reports through its logger what its API does not return: llama.cpp's error lines (a failed load resolves
 * without an error in wllama 3.13), which device the model went to, and a worker that died while starting. Two such
 * deaths never settle wllama's load promise: a worker that cannot start (wllama hands its ErrorEvent to logger.error)
 * and a wasm that cannot be fetched or compiled (emscripten prints "Aborted(CompileError...)" but wllama's abort signal
 * fails to carry the Error object across postMessage). This logger keeps those facts and forwards everything.
 */

/** The logger shape wllama accepts (WllamaConfig.logger). */
export interface WllamaLoggerLike {
  debug: (...args: unknown[]) => void;
  log: (...args: unknown[]) => void;
  warn: (...args: unknown[]) => void;
  error: (...args: unknown[]) => void;
}

/** What the load log says about GPU use. */
export interface GpuLogFacts {
  /** Device llama.cpp put the model on, e.g. "WebGPU", when it used one. */
  deviceName?: string;
  offloadedLayers?: number;
  totalLayers?: number;
}

const MAX_KEPT_ERRORS = 20;
// llama.cpp: "llama_model_load_from_file_impl: using device WebGPU (...) - 8000 MiB free"
const USING_DEVICE = /using device (\S+)/;
// emscripten's abort(), e.g. "Aborted(CompileError: wasm validation error: ...)".
const EMSCRIPTEN_ABORT = /^Aborted\(/;
// llama.cpp: "load_tensors: offloaded 31/31 layers to GPU"
const OFFLOADED = /offloaded (\d+)\/(\d+) layers to GPU/;

function isErrorEvent(value: unknown): boolean {
  return typeof value === "object" && value !== null && "type" in value && value.type === "error";
}

function eventMessage(value: unknown): string {
  return typeof value === "object" && value !== null && "message" in value && typeof value.message === "string" ? value.message : "";
}

function describe(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === "object" && value !== null && "message" in value && typeof value.message === "string") {
    return value.message;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Collects error lines and GPU facts from wllama's log, and notices a worker that failed to start. */
export class WllamaLogCapture {
  private readonly errorLines: string[] = [];
  private readonly facts: GpuLogFacts = {};
  private onFatal: ((message: string) => void) | null = null;
  private fatalMessage: string | null = null;
  readonly logger: WllamaLoggerLike;

  /** `forward` receives every call unchanged (e.g. console, or nothing in tests). */
  constructor(forward?: Partial<WllamaLoggerLike>) {
    const line = (args: unknown[]) => args.map(describe).join(" ");
    this.logger = {
      debug: (...args) => {
        this.scan(line(args));
        forward?.debug?.(...args);
      },
      log: (...args) => {
        this.scan(line(args));
        forward?.log?.(...args);
      },
      warn: (...args) => {
        this.scan(line(args));
        forward?.warn?.(...args);
      },
      error: (...args) => {
        if (args.length === 1 && isErrorEvent(args[0])) {
          this.fatal(eventMessage(args[0]) || "its script was blocked (CSP) or not found");
        } else {
          this.scan(line(args));
          this.keepError(line(args));
        }
        forward?.error?.(...args);
      },
    };
  }

  private fatal(message: string): void {
    this.fatalMessage ??= message;
    this.onFatal?.(this.fatalMessage);
  }

  private scan(text: string): void {
    if (EMSCRIPTEN_ABORT.test(text)) this.fatal(text.trim());
    const device = USING_DEVICE.exec(text);
    if (device?.[1]) this.facts.deviceName = device[1];
    const offloaded = OFFLOADED.exec(text);
    if (offloaded?.[1] && offloaded[2]) {
      this.facts.offloadedLayers = Number(offloaded[1]);
      this.facts.totalLayers = Number(offloaded[2]);
    }
  }

  private keepError(text: string): void {
    this.errorLines.push(text.trim());
    if (this.errorLines.length > MAX_KEPT_ERRORS) this.errorLines.shift();
  }

  /** Error lines logged since the last clear, oldest first. */
  errors(): string[] {
    return [...this.errorLines];
  }

  /** Forget error lines, e.g. before a new request, so a failure is explained by its own lines. */
  clearErrors(): void {
    this.errorLines.length = 0;
  }

  gpuFacts(): GpuLogFacts {
    return { ...this.facts };
  }

  /** A promise that rejects with `makeError(message)` once the worker dies (or already has). */
  workerFailure(makeError: (message: string) => Error): Promise<never> {
    return new Promise<never>((_, reject) => {
      this.onFatal = (message) => reject(makeError(message));
      if (this.fatalMessage !== null) this.onFatal(this.fatalMessage);
    });
  }
}

/**
 * web-llm and WebGPU failures as Hearth's named errors. GPU trouble (no WebGPU, device lost, out of GPU memory) is
 * marked so the engine host can retry the job on the CPU engine instead of showing a dead end.
 */
import {
  AbortedError,
  ContextOverflowError,
  EngineError,
  HearthError,
  isAbort,
  ModelFileError,
  NoWebGpuError,
  OutOfMemoryError,
} from "../../shared/protocol/errors";

/** What the user reads after a GPU failure; the host does the switching. */
export const CPU_FALLBACK_HINT = "Hearth will use the CPU engine.";

type CpuFallback = { readonly cpuFallback: true };

/** Mark `error` as one the CPU engine can recover from. The mark lives on the object, not in the wire form. */
export function withCpuFallback<E extends HearthError>(error: E): E & CpuFallback {
  return Object.assign(error, { cpuFallback: true as const });
}

/** True when retrying on the CPU engine makes sense: no usable WebGPU, or the GPU failed or ran out of memory. */
export function suggestsCpuFallback(error: unknown): boolean {
  if (error instanceof NoWebGpuError) return true;
  return error instanceof HearthError && "cpuFallback" in error && error.cpuFallback === true;
}

/** web-llm's messages and error names (0.2.86) that mean the GPU ran out of memory. */
const OUT_OF_MEMORY = /out of memory|\bOOM\b|GPUOutOfMemoryError|allocation failed|failed to allocate/i;
/** The browser or driver took the GPU device away: often memory pressure, sometimes a driver reset. */
const DEVICE_LOST = /device (was |is )?lost|DeviceLostError|GPU (process|device) (crashed|was reset)/i;
/** web-llm found no usable WebGPU after all (e.g. the adapter vanished between our check and its own). */
const NO_WEBGPU = /WebGPUNotAvailableError|WebGPUNotFoundError|Unable to find a compatible GPU|ShaderF16SupportError|FeatureSupportError|requires feature/i;
const TOO_SMALL_LIMITS = /Cannot initialize runtime because of requested max\w+ exceeds limit/i;

/**
 * The named error for something web-llm threw while loading (`phase: "load"`) or generating with `modelId`.
 * Example: a DeviceLostError during load becomes an OutOfMemoryError that suggestsCpuFallback().
 */
export function mapWebLlmError(error: unknown, phase: "load" | "generate", modelId: string): HearthError {
  if (error instanceof HearthError) return error;
  if (isAbort(error)) return new AbortedError();
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  const said = `${name}: ${message}`;

  if (name === "ContextWindowSizeExceededError") {
    return new ContextOverflowError(`The prompt is longer than ${modelId}'s context window. ${message.split("\n")[0] ?? ""}`);
  }
  if (OUT_OF_MEMORY.test(said) || (phase === "load" && DEVICE_LOST.test(said))) {
    return withCpuFallback(
      new OutOfMemoryError(
        `${modelId} does not fit in this GPU's memory (${firstLine(message)}). A smaller model or a shorter context may ` +
          `fit on the GPU; meanwhile ${CPU_FALLBACK_HINT}`,
      ),
    );
  }
  if (DEVICE_LOST.test(said)) {
    return withCpuFallback(new EngineError(`The GPU stopped responding while ${modelId} was running. ${CPU_FALLBACK_HINT}`));
  }
  if (TOO_SMALL_LIMITS.test(said)) {
    return withCpuFallback(new OutOfMemoryError(`This GPU's WebGPU buffer limits are too small for ${modelId}. ${CPU_FALLBACK_HINT}`));
  }
  if (NO_WEBGPU.test(said)) {
    return new NoWebGpuError(`WebGPU cannot run ${modelId} here (${firstLine(message)}). ${CPU_FALLBACK_HINT}`);
  }
  if (name === "IntegrityError") {
    return new ModelFileError(`A file of ${modelId} failed its checksum, so it was not used: ${firstLine(message)}`);
  }
  if (phase === "load" && (name === "TypeError" || /Cannot fetch|NetworkError|Failed to fetch/i.test(message))) {
    return new ModelFileError(`Could not download ${modelId}'s files: ${firstLine(message)}`);
  }
  return withCpuFallback(new EngineError(`web-llm failed ${phase === "load" ? "to load" : "while running"} ${modelId}: ${firstLine(message)}`));
}

function firstLine(text: string): string {
  return (text.split("\n")[0] ?? "").trim();
}

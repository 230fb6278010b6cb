/**
 * Native llama.cpp on the CPU, one thread, through node-llama-cpp (bench/package.json): the reference the wasm engine
 * is compared with. Same GGUF, same prompt, same number of decode steps, temperature 0.
 */
import { ownCpuSeconds } from "./cpu-time";

// The slice of node-llama-cpp 3.21 used here. It is typed by hand because node-llama-cpp lives in bench/node_modules,
// which the root typecheck does not install.
interface NativeSequence {
  clearHistory(): Promise<void>;
  evaluateWithoutGeneratingNewTokens(tokens: number[]): Promise<void>;
  evaluate(tokens: number[], options: { temperature: number }): AsyncGenerator<number, void, void | number | number[]>;
}
interface NativeContext {
  getSequence(): NativeSequence;
  dispose(): Promise<void>;
}
interface NativeModel {
  tokenize(text: string): number[];
  createContext(options: { contextSize: number; threads: number; batchSize: number }): Promise<NativeContext>;
  dispose(): Promise<void>;
}
interface NativeLlama {
  loadModel(options: { modelPath: string; gpuLayers: number }): Promise<NativeModel>;
  dispose(): Promise<void>;
}
interface NodeLlamaCpp {
  getLlama(options: { gpu: false; build: "never"; logLevel: "error" }): Promise<NativeLlama>;
}

/** Wall and CPU seconds of one prefill and of the decode steps after it. */
export interface NativeRun {
  promptTokens: number;
  prefillSeconds: number;
  prefillCpuSeconds: number;
  decodeSteps: number;
  decodeSeconds: number;
  decodeCpuSeconds: number;
}

export interface NativeEngine {
  /** Prefill `prompt` into an empty context; then, from empty again, time `decodeSteps` decode steps after it. */
  run(prompt: string, decodeSteps: number): Promise<NativeRun>;
  close(): Promise<void>;
}

/** Load `modelPath` on the CPU with one thread. Batch size 512 and this context size match what wllama is given. */
export async function openNativeEngine(modelPath: string, contextSize: number): Promise<NativeEngine> {
  // A variable specifier keeps TypeScript from resolving the package; Node resolves it from bench/node_modules.
  const specifier = "node-llama-cpp";
  const { getLlama } = (await import(specifier)) as NodeLlamaCpp;
  const llama = await getLlama({ gpu: false, build: "never", logLevel: "error" });
  const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
  const context = await model.createContext({ contextSize, threads: 1, batchSize: 512 });
  const sequence = context.getSequence();

  return {
    async run(prompt, decodeSteps) {
      const tokens = model.tokenize(prompt);
      await sequence.clearHistory();
      const prefillStarted = performance.now();
      const prefillCpu = ownCpuSeconds();
      await sequence.evaluateWithoutGeneratingNewTokens(tokens);
      const prefillCpuSeconds = ownCpuSeconds() - prefillCpu;
      const prefillSeconds = (performance.now() - prefillStarted) / 1000;

      // The first token comes from the prompt's logits; each one after it costs one decode step, as in llama.cpp's
      // own "predicted" timing that the wasm figures use.
      await sequence.clearHistory();
      let generated = 0;
      let firstAt = 0;
      let firstCpu = 0;
      for await (const _token of sequence.evaluate(tokens, { temperature: 0 })) {
        if (generated === 0) {
          firstAt = performance.now();
          firstCpu = ownCpuSeconds();
        }
        generated += 1;
        if (generated > decodeSteps) break;
      }
      return {
        promptTokens: tokens.length,
        prefillSeconds,
        prefillCpuSeconds,
        decodeSteps,
        decodeSeconds: (performance.now() - firstAt) / 1000,
        decodeCpuSeconds: ownCpuSeconds() - firstCpu,
      };
    },
    async close() {
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}

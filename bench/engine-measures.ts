/**
 * The measures that need the real engine or a real Firefox page: host vs raw wllama, wasm vs native llama.cpp,
 * chat follow-up time to first token, and page translation's DOM cost on a 50,000-node page.
 *
 * The machine is shared, and other processes stretch any wall-clock time at random. So the two sides of a ratio run
 * in alternating pairs and the ratio is the median over pairs; wasm vs native compares tokens per CPU-second of each
 * engine's thread, which other processes do not change; the host's time-to-first-token overhead is taken within each
 * request, against what wllama underneath the host saw of the same request.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StreamPath, StreamRun } from "../src/bench/bench-api";
import { median } from "../src/bench/stats";
import { startFixtureServer } from "../tests/e2e/fixture-server";
import { serveTinyModel } from "../tests/e2e/tiny-model";
import { parameterCount, SMOLLM2_LIKE_SHAPE } from "../tests/fixtures/models/tiny-shape";
import { openBenchPage, type BenchPage } from "./bench-page";
import { openNativeEngine, type NativeEngine, type NativeRun } from "./native-engine";
import type { BenchReport } from "./report";
import {
  CHAT_ANSWER_TOKENS,
  CHAT_PAGE_TOKENS,
  CHAT_QUESTIONS,
  chatPageText,
  chatQuestion,
  CONTEXT_SIZE,
  DECODE_TOKENS,
  HOST_RAW_TOKENS,
  prefillPrompt,
  PREFILL_TOKENS,
} from "./workloads";

const WASM_NATIVE_PAIRS = 3;
const HOST_RAW_PAIRS = 6;
const TRANSLATE_NODES = 50_000;

const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** Run every Firefox and engine measure into `report`. */
export async function measureEngineAndPage(report: BenchReport): Promise<void> {
  const fixtures = await startFixtureServer();
  const temp = mkdtempSync(join(tmpdir(), "hearth-bench-"));
  let page: BenchPage | null = null;
  let native: NativeEngine | null = null;
  try {
    const { url, bytes } = serveTinyModel(fixtures, "/models/smollm2-like-q8_0.gguf", { shape: SMOLLM2_LIKE_SHAPE, type: "q8_0" });
    report.note(`model: generated SmolLM2-like GGUF, ${fmt(parameterCount(SMOLLM2_LIKE_SHAPE) / 1e6)}M parameters, Q8_0, ${fmt(bytes.length / 1048576)} MB`);
    const modelPath = join(temp, "smollm2-like-q8_0.gguf");
    writeFileSync(modelPath, bytes);
    try {
      native = await openNativeEngine(modelPath, CONTEXT_SIZE);
    } catch (error) {
      report.note(`native llama.cpp unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }

    const bench = await openBenchPage();
    page = bench;
    // Before the model is loaded, so the page has the machine to itself.
    await report.step("page translation", () => measureTranslation(report, bench));

    const loaded = await bench.call("load", url, CONTEXT_SIZE);
    report.note(`wllama loaded the model in ${fmt(loaded.loadMs / 1000)} s: ${loaded.info.device}, ${loaded.info.threads} thread, context ${loaded.info.contextSize}`);
    // Warm-up on both engines: the first pass reads the weights in (wllama from its Blob, llama.cpp from its mmap).
    await bench.call("complete", prefillPrompt(25).slice(0, 32), 4);
    await native?.run(prefillPrompt(25), 4);

    const nativeEngine = native;
    await report.step("wasm vs native", () => measureWasmOverNative(report, bench, nativeEngine));
    await report.step("host vs raw", () => measureHostOverRaw(report, bench));
    await report.step("chat follow-up", () => measureChatFollowup(report, bench));
  } finally {
    try {
      await page?.close();
    } finally {
      await native?.close();
      await fixtures.close();
      rmSync(temp, { recursive: true, force: true });
    }
  }
}

async function measureTranslation(report: BenchReport, page: BenchPage): Promise<void> {
  const run = await page.call("translateDom", TRANSLATE_NODES);
  if (!run.restoredIdentical) throw new Error("page translation did not restore the page exactly");
  const where = `Firefox extension page, ${run.nodes} nodes, ${run.segments} segments, instant translator`;
  report.measure(
    "translate.dom_ms_per_1000_segments",
    run.perThousandSegmentsMs,
    `translate + restore per 1000 segments (${fmt(run.translateMs, 0)} + ${fmt(run.restoreMs, 0)} ms; ${where})`,
  );
  report.measure(
    "translate.longest_task_ms",
    run.longestTaskMs,
    `longest task the page saw while the same page was translated (answers in tasks of their own, writes in animation ` +
      `frames, as in the content script) and restored; median of ${run.pacedRuns.length} runs (heartbeat; ` +
      `idle before / translating / restoring: ` +
      `${run.pacedRuns.map((r) => [r.longestIdleTaskMs, r.longestTranslateTaskMs, r.longestRestoreTaskMs].map((ms) => fmt(ms, 0)).join(" / ")).join(", ")} ms; ` +
      `longest walk slice ${fmt(run.longestSliceMs)} ms)`,
  );
}

/** Tokens per second of one engine's prefill and decode, by the wall clock and per CPU-second of its thread. */
interface EngineSpeeds {
  prefill: { wall: number; cpu: number | null };
  decode: { wall: number; cpu: number | null };
}

/**
 * One wasm run: the prompt alone (one token generated), then the same prompt again with DECODE_TOKENS + 1 tokens,
 * where llama.cpp takes all but the prompt's last token from its KV cache, so that run is decode steps only.
 */
async function wasmSpeeds(page: BenchPage, prompt: string): Promise<EngineSpeeds> {
  const cpuOf = async <T>(run: () => Promise<T>): Promise<[T, number | null]> => {
    const before = page.workerCpuSeconds();
    const result = await run();
    const after = page.workerCpuSeconds();
    return [result, before === null || after === null ? null : after - before];
  };
  const [prefill, prefillCpu] = await cpuOf(() => page.call("complete", prompt, 1));
  if (prefill.cachedTokens > 1) throw new Error(`llama.cpp reused ${prefill.cachedTokens} cached tokens of a prompt meant to be new`);
  const [decode, decodeCpu] = await cpuOf(() => page.call("complete", prompt, DECODE_TOKENS + 1));
  if (decode.promptTokens > 4) throw new Error(`llama.cpp processed ${decode.promptTokens} prompt tokens again instead of reusing its cache`);
  const steps = decode.predictedTokens - 1;
  return {
    prefill: { wall: prefill.promptTokens / (prefill.promptMs / 1000), cpu: prefillCpu && prefill.promptTokens / prefillCpu },
    // The re-read prompt tokens cost what decode steps cost: one token each.
    decode: { wall: steps / (decode.predictedMs / 1000), cpu: decodeCpu && (steps + decode.promptTokens) / decodeCpu },
  };
}

function nativeSpeeds(run: NativeRun): EngineSpeeds {
  return {
    prefill: { wall: run.promptTokens / run.prefillSeconds, cpu: run.promptTokens / run.prefillCpuSeconds },
    decode: { wall: run.decodeSteps / run.decodeSeconds, cpu: run.decodeSteps / run.decodeCpuSeconds },
  };
}

async function measureWasmOverNative(report: BenchReport, page: BenchPage, native: NativeEngine | null): Promise<void> {
  if (!native) {
    report.notMeasured("engine.wasm_over_native_decode", "node-llama-cpp could not start (see above)");
    report.notMeasured("engine.wasm_over_native_prefill", "node-llama-cpp could not start (see above)");
    return;
  }
  const pairs: { wasm: EngineSpeeds; native: EngineSpeeds }[] = [];
  for (let run = 0; run < WASM_NATIVE_PAIRS; run += 1) {
    const prompt = prefillPrompt(run);
    const nativeRun = await native.run(prompt, DECODE_TOKENS);
    if (nativeRun.promptTokens !== PREFILL_TOKENS) throw new Error(`native llama.cpp read ${nativeRun.promptTokens} prompt tokens, not ${PREFILL_TOKENS}`);
    pairs.push({ native: nativeSpeeds(nativeRun), wasm: await wasmSpeeds(page, prompt) });
  }
  const inCpuTime = pairs.every((pair) => pair.wasm.prefill.cpu !== null && pair.wasm.decode.cpu !== null);
  const basis = inCpuTime ? "cpu" : "wall";
  for (const phase of ["prefill", "decode"] as const) {
    const show = (side: "wasm" | "native") =>
      pairs.map((pair) => `${fmt(pair[side][phase].wall)}${pair[side][phase].cpu === null ? "" : ` (${fmt(pair[side][phase].cpu ?? 0)})`}`).join(", ");
    report.note(`${phase} tok/s wall (per CPU-second): wasm ${show("wasm")}; native ${show("native")}`);
  }
  const ratio = (phase: "prefill" | "decode") =>
    median(pairs.map((pair) => (pair.wasm[phase][basis] ?? 0) / (pair.native[phase][basis] ?? 1)));
  const how =
    `median of ${WASM_NATIVE_PAIRS} alternating pairs, ${inCpuTime ? "tokens per CPU-second of the engine's thread" : "wall clock (no CPU times: not Linux?)"}; ` +
    `wllama in Firefox vs node-llama-cpp 3.21.1, CPU, 1 thread`;
  report.measure("engine.wasm_over_native_decode", ratio("decode"), `decode speed, ${DECODE_TOKENS} steps at temperature 0 (${how})`);
  report.measure("engine.wasm_over_native_prefill", ratio("prefill"), `prefill speed, ${PREFILL_TOKENS}-token prompt (${how})`);
}

async function measureHostOverRaw(report: BenchReport, page: BenchPage): Promise<void> {
  // Raw first in even pairs, host first in odd ones, so neither side always runs right after the other.
  const order: StreamPath[] = [];
  for (let pair = 0; pair < HOST_RAW_PAIRS; pair += 1) order.push(...((pair % 2 === 0 ? ["raw", "host"] : ["host", "raw"]) as StreamPath[]));
  const runs: Record<StreamPath, StreamRun[]> = { raw: [], host: [] };
  for (const [index, path] of order.entries()) {
    runs[path].push(await page.call("stream", path, chatQuestion(index), HOST_RAW_TOKENS));
  }
  for (const path of ["raw", "host"] as const) {
    const list = runs[path];
    report.note(`${path}: decode tok/s ${list.map((r) => fmt(r.decodeTokensPerSecond)).join(", ")}; first token ms ${list.map((r) => fmt(r.ttftMs, 0)).join(", ")}`);
  }
  const under = runs.host.map((run) => {
    if (!run.underHost) throw new Error("a host run came back without the probe's view");
    return { run, under: run.underHost };
  });
  // Pair i is the i-th raw and the i-th host reply, which ran next to each other.
  const decodeRatios = runs.host.map((host, i) => host.decodeTokensPerSecond / (runs.raw[i]?.decodeTokensPerSecond ?? Number.NaN));
  const tokens = [...runs.raw, ...runs.host].map((run) => run.tokens);
  const shortest = Math.min(...tokens);
  const longest = Math.max(...tokens);
  const replies = `${shortest === longest ? shortest : `${shortest}-${longest}`}-token chat replies`;
  report.measure(
    "engine.host_over_raw_decode",
    median(decodeRatios),
    `decode tok/s through EngineHost / straight from wllama, same page, model and worker ` +
      `(median of ${HOST_RAW_PAIRS} alternating pairs of ${replies}; goal >= 0.95)`,
  );
  const within = median(under.map(({ run, under: u }) => run.decodeTokensPerSecond / u.decodeTokensPerSecond));
  report.note(`within each host reply, the reader's decode tok/s / wllama's underneath: ${fmt(within, 3)} (median)`);
  const firstToken = (path: StreamPath) => median(runs[path].map((run) => run.ttftMs));
  report.measure(
    "engine.ttft_overhead_ms",
    median(under.map(({ run, under: u }) => run.ttftMs - u.ttftMs)),
    `time to first token through EngineHost minus wllama's own for the same request, median of ${HOST_RAW_PAIRS} ${replies}, µs timers ` +
      `(side by side, medians: ${fmt(firstToken("host"), 0)} vs ${fmt(firstToken("raw"), 0)} ms)`,
  );
}

async function measureChatFollowup(report: BenchReport, page: BenchPage): Promise<void> {
  const run = await page.call("chatFollowup", chatPageText(), CHAT_QUESTIONS, CHAT_ANSWER_TOKENS);
  report.measure(
    "chat.followup_ttft_ratio",
    run.followupTtftMs / run.firstTtftMs,
    `follow-up / first question time to first token, through EngineHost with a ${CHAT_PAGE_TOKENS}-token page in the system message ` +
      `(${fmt(run.followupTtftMs, 0)} / ${fmt(run.firstTtftMs, 0)} ms; prompts of ${run.followupPromptTokens} / ${run.firstPromptTokens} tokens)`,
  );
}

/**
 * The engine measurements the bench page runs: one model loaded once, read either straight from wllama (the raw
 * client WllamaEngine wraps) or through Hearth's EngineHost, so the two are compared on the same worker and weights.
 */
import type { ChatMessage } from "../engine/engine";
import type { EngineHost } from "../engine/host/engine-host";
import type { WllamaClient } from "../engine/wllama/wllama-client";
import type { ChatFollowupRun, CompletionTimings, StreamPath, StreamRun } from "./bench-api";
import { timeTextStream } from "./stats";
import type { StreamProbe } from "./stream-probe";

const now = () => performance.now();

/**
 * A raw completion (no chat template) with llama.cpp's own timings, which the last chunk carries: they leave out the
 * page and worker messaging, as the native figures they are compared with do.
 */
export async function completeWithTimings(client: WllamaClient, prompt: string, maxTokens: number): Promise<CompletionTimings> {
  const last = await client.completeRaw({ prompt, max_tokens: maxTokens, temperature: 0 });
  const timings = last?.timings;
  if (!timings) throw new Error("wllama reported no timings for the raw completion");
  return {
    promptTokens: timings.prompt_n,
    cachedTokens: timings.cache_n,
    promptMs: timings.prompt_ms,
    predictedTokens: timings.predicted_n,
    predictedMs: timings.predicted_ms,
  };
}

function chatMessages(question: string): ChatMessage[] {
  return [{ role: "user", content: question }];
}

/** Stream one chat reply straight from wllama. */
async function* rawText(client: WllamaClient, messages: ChatMessage[], maxTokens: number): AsyncGenerator<string> {
  const stream = await client.createChatCompletion({ messages, stream: true, max_tokens: maxTokens, temperature: 0 });
  for await (const chunk of stream) yield chunk.choices[0]?.delta?.content ?? "";
}

/** Stream one chat reply through the engine host, as a feature would (an interactive job, no tab). */
async function* hostText(host: EngineHost, messages: ChatMessage[], maxTokens: number, promptTokens?: (n: number) => void): AsyncGenerator<string> {
  const request = { messages, maxTokens, temperature: 0, ownerTabId: null, priority: "interactive" as const };
  for await (const chunk of host.generate(request, new AbortController().signal)) {
    if (chunk.kind === "text") yield chunk.text;
    else if (chunk.kind === "done") promptTokens?.(chunk.stats.promptTokens);
  }
}

/**
 * Time one chat reply of `maxTokens` tokens at temperature 0 on the chosen path. A host run also reports the same
 * request as the probe under the host saw it, so the host's own share of the time can be told apart.
 */
export async function measureStream(
  path: StreamPath,
  deps: { client: WllamaClient; host: EngineHost; probe: StreamProbe },
  question: string,
  maxTokens: number,
): Promise<StreamRun> {
  const messages = chatMessages(question);
  deps.probe.take();
  const started = now();
  if (path === "raw") return timeTextStream(rawText(deps.client, messages, maxTokens), started, now);
  const timing = await timeTextStream(hostText(deps.host, messages, maxTokens), started, now);
  const under = deps.probe.take();
  if (!under) throw new Error("the probe under the host saw no text");
  const span = under.lastTextAt - under.firstTextAt;
  return {
    ...timing,
    underHost: {
      ttftMs: under.firstTextAt - under.requestedAt,
      decodeTokensPerSecond: span > 0 ? ((under.texts - 1) * 1000) / span : 0,
    },
  };
}

/**
 * Time to first token of a question about a page, then of a follow-up in the same conversation. llama.cpp keeps the
 * previous request's tokens in its KV cache and only processes what follows the longest matching prefix, so the
 * follow-up skips the page text. Both go through the engine host, as the sidebar chat does.
 */
export async function measureChatFollowup(host: EngineHost, pageText: string, questions: [string, string], answerTokens: number): Promise<ChatFollowupRun> {
  const system: ChatMessage = { role: "system", content: `Answer questions about this page.\n\n${pageText}` };
  const first: ChatMessage[] = [system, { role: "user", content: questions[0] }];
  let firstPromptTokens = 0;
  let answer = "";
  const firstStarted = now();
  const firstTiming = await timeTextStream(
    (async function* () {
      for await (const text of hostText(host, first, answerTokens, (n) => (firstPromptTokens = n))) {
        answer += text;
        yield text;
      }
    })(),
    firstStarted,
    now,
  );
  const followup: ChatMessage[] = [...first, { role: "assistant", content: answer }, { role: "user", content: questions[1] }];
  let followupPromptTokens = 0;
  const followupStarted = now();
  const followupTiming = await timeTextStream(hostText(host, followup, answerTokens, (n) => (followupPromptTokens = n)), followupStarted, now);
  return { firstTtftMs: firstTiming.ttftMs, followupTtftMs: followupTiming.ttftMs, firstPromptTokens, followupPromptTokens };
}

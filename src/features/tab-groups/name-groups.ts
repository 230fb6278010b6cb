/**
 * Names groups with the loaded model, one group at a time, and says for each whether the model's answer is used or
 * the key-word name stays. Takes the engine host as an argument so it runs in unit tests with a scripted engine.
 */
import type { EngineInfo } from "../../engine/engine";
import type { GenerateRequest, HostChunk } from "../../engine/host/engine-host";
import { AbortedError, isAbort } from "../../shared/protocol/errors";
import { buildGroupNamePrompt, parseGroupName, type GroupNameRequest } from "./group-name-prompt";
import type { NameGroupsChunk } from "./protocol";

/** The part of EngineHost naming uses. */
export interface NamingHost {
  info(): EngineInfo | null;
  generate(request: GenerateRequest, signal: AbortSignal): AsyncIterable<HostChunk>;
}

export interface GroupToName {
  titles: readonly string[];
  keywords: readonly string[];
}

// Room for the chat template's role markers around the two messages and the assistant turn.
const TEMPLATE_TOKENS = 32;
const utf8 = new TextEncoder();

/**
 * The naming prompt with as many of the group's titles as surely fit the model's context, or null when not even one
 * does. UTF-8 bytes bound the token count from above (byte-level tokenizers never spend more than one token per
 * byte), so no tokenizer round trip is needed; the bound only bites for models with tiny contexts.
 */
export function fitGroupNamePrompt(group: GroupToName, language: string, contextSize: number): GroupNameRequest | null {
  for (let count = group.titles.length; count >= Math.min(1, group.titles.length); count--) {
    const prompt = buildGroupNamePrompt({ titles: group.titles.slice(0, count), keywords: group.keywords, language });
    const bytes = prompt.messages.reduce((sum, message) => sum + utf8.encode(message.content).length, 0);
    if (bytes + TEMPLATE_TOKENS + prompt.maxTokens <= contextSize) return prompt;
  }
  return null;
}

async function generateText(host: NamingHost, prompt: GroupNameRequest, signal: AbortSignal): Promise<string> {
  let text = "";
  // ownerTabId null: the popup is no tab, and a group name is not any one tab's work.
  for await (const chunk of host.generate({ ...prompt, ownerTabId: null, priority: "interactive" }, signal)) {
    if (chunk.kind === "text") text += chunk.text;
  }
  return text;
}

/**
 * "started", then one chunk per group, in order, as each answer arrives; a single "no-model" chunk when no model is
 * loaded (naming never triggers a model load: the key-word names are good enough to show). An engine failure keeps
 * the key-word names of that group and the rest; stopping (the popup closed) ends the stream with AbortedError.
 */
export async function* nameGroups(
  host: NamingHost,
  groups: readonly GroupToName[],
  language: string,
  signal: AbortSignal,
): AsyncGenerator<NameGroupsChunk> {
  if (host.info() === null) {
    yield { kind: "no-model" };
    return;
  }
  yield { kind: "started" };
  for (const [index, group] of groups.entries()) {
    if (signal.aborted) throw new AbortedError();
    const prompt = fitGroupNamePrompt(group, language, host.info()?.contextSize ?? 0);
    if (prompt === null) {
      yield { kind: "kept", index, reason: "no-room" };
      continue;
    }
    let text: string;
    try {
      text = await generateText(host, prompt, signal);
    } catch (error) {
      if (isAbort(error) || signal.aborted) throw new AbortedError();
      for (let rest = index; rest < groups.length; rest++) yield { kind: "kept", index: rest, reason: "failed" };
      return;
    }
    const parsed = parseGroupName(text);
    yield parsed.ok ? { kind: "named", index, name: parsed.name } : { kind: "kept", index, reason: parsed.reason };
  }
}

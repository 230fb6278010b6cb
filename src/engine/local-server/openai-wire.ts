/**
 * The parts of the OpenAI chat-completions wire format Hearth reads from llamafile/llama.cpp and Ollama, checked
 * field by field: a loopback server is still input from outside the add-on.
 */
import * as v from "valibot";
import { LocalServerError } from "../../shared/protocol/errors";
import { errorMessageOf } from "./server-errors";

const UsageSchema = v.looseObject({ prompt_tokens: v.number(), completion_tokens: v.number() });

const ChunkSchema = v.looseObject({
  choices: v.optional(
    v.array(
      v.looseObject({
        delta: v.nullish(v.looseObject({ content: v.nullish(v.string()) })),
        finish_reason: v.nullish(v.string()),
      }),
    ),
  ),
  usage: v.nullish(UsageSchema),
});

const ModelListSchema = v.looseObject({ data: v.array(v.looseObject({ id: v.string() })) });

export interface StreamDelta {
  text: string;
  finishReason: string | null;
  usage: { promptTokens: number; completionTokens: number } | null;
}

/** One `data:` payload of a streamed chat completion; throws LocalServerError for an error event or bad JSON. */
export function parseStreamDelta(data: string): StreamDelta {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    throw new LocalServerError(`The local server sent something that is not JSON: ${data.slice(0, 120)}`);
  }
  const serverError = errorMessageOf(value);
  if (serverError !== null) throw new LocalServerError(`The local server stopped with an error: ${serverError}`);
  const parsed = v.safeParse(ChunkSchema, value);
  if (!parsed.success) throw new LocalServerError("The local server sent a chunk that is not an OpenAI chat completion.");
  const choice = parsed.output.choices?.[0];
  const usage = parsed.output.usage;
  return {
    text: choice?.delta?.content ?? "",
    finishReason: choice?.finish_reason ?? null,
    usage: usage ? { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens } : null,
  };
}

/** The model ids in a /v1/models answer. */
export function parseModelList(value: unknown): string[] {
  const parsed = v.safeParse(ModelListSchema, value);
  if (!parsed.success) throw new LocalServerError("The local server's /v1/models answer is not an OpenAI model list.");
  return parsed.output.data.map((model) => model.id);
}

const PropsSchema = v.looseObject({
  n_ctx: v.optional(v.number()),
  default_generation_settings: v.optional(v.looseObject({ n_ctx: v.optional(v.number()) })),
});

/** The context size in a llama.cpp/llamafile /props answer, or null when it does not say. */
export function contextSizeFromProps(value: unknown): number | null {
  const parsed = v.safeParse(PropsSchema, value);
  if (!parsed.success) return null;
  const size = parsed.output.default_generation_settings?.n_ctx ?? parsed.output.n_ctx;
  return size !== undefined && size > 0 ? size : null;
}

const TokenizeSchema = v.looseObject({ tokens: v.array(v.unknown()) });
const TemplateSchema = v.looseObject({ prompt: v.string() });

/** The token count in a llama.cpp /tokenize answer (plain ids or {id, piece} objects), or null. */
export function tokenCountFromTokenize(value: unknown): number | null {
  const parsed = v.safeParse(TokenizeSchema, value);
  return parsed.success ? parsed.output.tokens.length : null;
}

/** The rendered prompt in a llama.cpp /apply-template answer, or null. */
export function promptFromTemplate(value: unknown): string | null {
  const parsed = v.safeParse(TemplateSchema, value);
  return parsed.success ? parsed.output.prompt : null;
}

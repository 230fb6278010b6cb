/** How much a summary may send the model in one prompt, shared by the orchestration and its time estimate. */

export type SummaryMode = "extractive" | "full";

/** Tokens a summary prompt may hold by default: ~80 s of prefill on one WebAssembly core for a 100M model. */
export const DEFAULT_INPUT_BUDGET = 2000;

/** Tokens kept free for the chat template, which wraps messages in tokens the plain counter does not see. */
export const TEMPLATE_MARGIN = 24;

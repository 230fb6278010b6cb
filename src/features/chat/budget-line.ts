/**
 * The budget chunk as the line under the conversation, in the user's language: "using 3,200 of 4,096 tokens; page cut
 * after Results · first words in about 2 minutes". The same facts as describeBudget, localized through `t`.
 */
import type { BudgetChunk } from "./protocol";

export type Translate = (key: string, substitutions?: string[]) => string;

/** "about 40 seconds", "about 2 minutes", or "in under a second", in `locale`. */
export function formatWait(seconds: number, t: Translate, locale: string): string {
  if (seconds < 1) return t("chatWaitUnderSecond");
  const [value, unit] = seconds < 90 ? [Math.round(seconds), "second"] : [Math.round(seconds / 60), "minute"];
  const amount = new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "long" }).format(value);
  return t("chatWaitAbout", [amount]);
}

/** The budget and the wait for the first words, in one line. */
export function formatBudget(chunk: Pick<BudgetChunk, "report" | "estimate">, t: Translate, locale: string): string {
  const { report } = chunk;
  const n = (value: number) => value.toLocaleString(locale);
  const parts = [t("chatBudgetUsing", [n(report.promptTokens), n(report.contextSize)])];
  const page = report.page;
  if (page) {
    if (page.passagesKept === 0) parts.push(t("chatBudgetPageNoRoom"));
    else if (page.passagesKept === page.passagesTotal) parts.push(t("chatBudgetWholePage"));
    else if (page.cutAfter !== null) parts.push(t("chatBudgetPageCut", [page.cutAfter]));
    else parts.push(t("chatBudgetPagePart", [n(page.passagesKept), n(page.passagesTotal)]));
  }
  if (report.turnsDropped === 1) parts.push(t("chatBudgetTurnDropped"));
  else if (report.turnsDropped > 1) parts.push(t("chatBudgetTurnsDropped", [n(report.turnsDropped)]));
  return t("chatBudgetLine", [parts.join("; "), formatWait(chunk.estimate.seconds, t, locale)]);
}

import { describe, expect, it } from "vitest";
import { describeBudget } from "./budget";
import { formatBudget, formatWait } from "./budget-line";
import { translator } from "./locale-fixture";
import type { BudgetChunk } from "./protocol";

const chunk = (report: Partial<BudgetChunk["report"]>, seconds: number): Pick<BudgetChunk, "report" | "estimate"> => ({
  report: { contextSize: 4096, answerTokens: 1024, promptTokens: 3200, turnsKept: 0, turnsDropped: 0, page: null, ...report },
  estimate: { seconds, tokensToRead: 3200, tokensPerSecond: 25, measured: false },
});

describe("formatBudget", () => {
  const en = translator("en");

  it("says the same as describeBudget, in English, plus the wait", () => {
    const cases = [
      chunk({ page: { passagesKept: 5, passagesTotal: 7, cutAfter: "section 5" } }, 128),
      chunk({ page: { passagesKept: 7, passagesTotal: 7, cutAfter: null }, turnsDropped: 1 }, 40),
      chunk({ page: { passagesKept: 2, passagesTotal: 7, cutAfter: null }, turnsDropped: 3 }, 0.2),
      chunk({ page: { passagesKept: 0, passagesTotal: 7, cutAfter: null } }, 5),
      chunk({ page: { passagesKept: 0, passagesTotal: 0, cutAfter: null } }, 5),
    ];
    for (const c of cases) expect(formatBudget(c, en, "en-US").startsWith(`${describeBudget(c.report)} · first words `)).toBe(true);
    expect(formatBudget(cases[0] ?? chunk({}, 0), en, "en-US")).toBe("using 3,200 of 4,096 tokens; page cut after section 5 · first words in about 2 minutes");
    expect(formatBudget(cases[1] ?? chunk({}, 0), en, "en-US")).toMatch(/ · first words in about 40 seconds$/);
    expect(formatBudget(cases[2] ?? chunk({}, 0), en, "en-US")).toMatch(/ · first words in under a second$/);
  });

  it("speaks German with German numbers", () => {
    const de = translator("de");
    expect(formatBudget(chunk({ turnsDropped: 2 }, 40), de, "de-DE")).toBe(
      "3.200 von 4.096 Tokens genutzt; 2 frühere Wortwechsel weggelassen · erste Wörter in etwa 40 Sekunden",
    );
  });
});

describe("formatWait", () => {
  it("rounds to seconds below a minute and a half, to minutes above", () => {
    const en = translator("en");
    expect(formatWait(89.4, en, "en-US")).toBe("in about 89 seconds");
    expect(formatWait(95, en, "en-US")).toBe("in about 2 minutes");
    expect(formatWait(1, en, "en-US")).toBe("in about 1 second");
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../engine/engine";
import { ContextOverflowError, ValidationError } from "../../shared/protocol/errors";
import { describeBudget, fitConversation, type BudgetInput, type FittedConversation, type TokenCounter } from "./budget";
import { assemblePrompt, formatPassage, type PagePassage } from "./chat-prompt";

/** One token per word, plus a chat template that costs 4 per message and 3 for the whole prompt, like a real one. */
const wordCounter: TokenCounter = {
  countTokens: async (text) => text.split(/\s+/).filter(Boolean).length,
  countChatTokens: async (messages) =>
    3 + messages.reduce((total, m) => total + 4 + m.content.split(/\s+/).filter(Boolean).length, 0),
};

const words = (n: number, word = "w") => Array.from({ length: n }, () => word).join(" ");

function exchange(i: number, size = 10): ChatMessage[] {
  return [
    { role: "user", content: `question${i} ${words(size - 1)}`.trim() },
    { role: "assistant", content: `answer${i} ${words(size - 1)}`.trim() },
  ];
}

function passage(number: number, score: number, size = 20, section?: string): PagePassage {
  return { number, score, text: `p${number} ${words(size - 1)}`.trim(), ...(section && { section }) };
}

const base: BudgetInput = { contextSize: 4096, answerTokens: 512, systemPrompt: "You are Hearth.", history: [], message: "Hi" };

describe("fitConversation", () => {
  it("keeps everything when it fits and reports the exact prompt size", async () => {
    const history = [...exchange(1), ...exchange(2)];
    const page = { title: "Page", passages: [passage(1, 0.5), passage(2, 0.9)] };
    const { messages, report } = await fitConversation({ ...base, history, page }, wordCounter);
    expect(messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user", "assistant", "user"]);
    expect(messages.at(-1)?.content).toBe("Hi");
    // The page leads the first user message, so follow-ups share the prompt's prefix with the turn before.
    const first = messages[1]?.content ?? "";
    expect(first.startsWith("<page>")).toBe(true);
    expect(first.endsWith("question1 w w w w w w w w w")).toBe(true);
    expect(first.indexOf("[1] p1")).toBeLessThan(first.indexOf("[2] p2"));
    expect(report.promptTokens).toBe(await wordCounter.countChatTokens(messages));
    expect(report).toMatchObject({ turnsKept: 2, turnsDropped: 0, page: { passagesKept: 2, passagesTotal: 2 } });
    expect(describeBudget(report)).toBe(`using ${report.promptTokens} of 4,096 tokens; whole page included`);
  });

  it("drops the oldest exchanges first and never the new message", async () => {
    const history = [1, 2, 3, 4, 5, 6].flatMap((i) => exchange(i, 30));
    const { messages, report } = await fitConversation({ ...base, contextSize: 300, answerTokens: 100, history }, wordCounter);
    const kept = messages.filter((m) => m.role !== "system").map((m) => m.content.split(" ")[0]);
    expect(kept.at(-1)).toBe("Hi");
    expect(report.turnsDropped).toBeGreaterThan(0);
    // What survives is the newest exchanges, whole and in order.
    const expected = [6, 5, 4, 3, 2, 1].slice(0, report.turnsKept).reverse().flatMap((i) => [`question${i}`, `answer${i}`]);
    expect(kept.slice(0, -1)).toEqual(expected);
    expect(report.promptTokens + 100).toBeLessThanOrEqual(300);
  });

  it("cuts the page at passage boundaries, lowest score first, and says where", async () => {
    const passages = [passage(1, 0.9, 40, "Intro"), passage(2, 0.8, 40, "Methods"), passage(3, 0.2, 40), passage(4, 0.1, 40)];
    const page = { title: "Paper", passages };
    const { messages, report } = await fitConversation({ ...base, contextSize: 280, answerTokens: 100, page }, wordCounter);
    const user = messages.at(-1)?.content ?? "";
    expect(user).toContain(passages[0]?.text);
    expect(user).toContain(passages[1]?.text);
    expect(user).not.toContain("p3");
    expect(report.page).toEqual({ passagesKept: 2, passagesTotal: 4, cutAfter: "Methods" });
    expect(describeBudget(report)).toMatch(/; page cut after Methods$/);
  });

  it("skips a passage too large for what is left and still takes smaller, lower-scored ones", async () => {
    const passages = [passage(1, 0.9, 20), passage(2, 0.8, 500), passage(3, 0.1, 20)];
    const input = { ...base, contextSize: 300, answerTokens: 100, page: { title: "T", passages } };
    const { report } = await fitConversation(input, wordCounter);
    expect(report.page).toEqual({ passagesKept: 2, passagesTotal: 3, cutAfter: null });
    expect(describeBudget(report)).toContain("2 of 3 page passages");
  });

  it("shares the room between a long page and a long conversation", async () => {
    const history = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((i) => exchange(i, 25));
    const passages = Array.from({ length: 10 }, (_, i) => passage(i + 1, 1 - i / 10, 50));
    const input = { ...base, contextSize: 800, answerTokens: 200, history, page: { title: "T", passages } };
    const { report } = await fitConversation(input, wordCounter);
    expect(report.turnsKept).toBeGreaterThan(0);
    expect(report.page?.passagesKept).toBeGreaterThan(0);
    expect(report.turnsDropped).toBeGreaterThan(0);
    expect(describeBudget(report)).toMatch(/earlier exchanges left out$/);
  });

  it("trims further when the exact count of the whole prompt is larger than the pieces suggested", async () => {
    // A template whose cost grows with the number of messages beyond what per-piece counts show.
    const greedy: TokenCounter = {
      countTokens: wordCounter.countTokens,
      countChatTokens: async (messages) => (await wordCounter.countChatTokens(messages)) + 6 * messages.length ** 2,
    };
    const history = [1, 2, 3, 4, 5].flatMap((i) => exchange(i, 10));
    const { report } = await fitConversation({ ...base, contextSize: 250, answerTokens: 50, history }, greedy);
    expect(report.promptTokens + 50).toBeLessThanOrEqual(250);
    expect(report.turnsKept).toBeLessThan(5);
  });

  it("rejects an empty message", async () => {
    await expect(fitConversation({ ...base, message: "  \n " }, wordCounter)).rejects.toBeInstanceOf(ValidationError);
  });

  it("rejects history with system messages and a nonsensical answer reserve", async () => {
    const history: ChatMessage[] = [{ role: "system", content: "be evil" }];
    await expect(fitConversation({ ...base, history }, wordCounter)).rejects.toBeInstanceOf(ValidationError);
    await expect(fitConversation({ ...base, answerTokens: 4096 }, wordCounter)).rejects.toBeInstanceOf(ValidationError);
  });

  it("refuses a message larger than the context and offers to summarize it", async () => {
    const fitting = fitConversation({ ...base, contextSize: 1000, answerTokens: 200, message: words(5000) }, wordCounter);
    await expect(fitting).rejects.toBeInstanceOf(ContextOverflowError);
    await expect(fitting).rejects.toThrow(/about 5,000 tokens, but this model can read at most 7\d\d tokens/);
    await expect(fitting).rejects.toThrow(/Summarize it first/);
  });

  it("always fits, keeps the new message last and whole, keeps whole passages and a suffix of the history", async () => {
    const arbitraryInput = fc.record({
      contextSize: fc.integer({ min: 60, max: 2000 }),
      answerTokens: fc.integer({ min: 0, max: 50 }),
      turns: fc.array(fc.integer({ min: 1, max: 80 }), { maxLength: 12 }),
      passages: fc.array(
        fc.record({ size: fc.integer({ min: 1, max: 200 }), score: fc.double({ min: 0, max: 1, noNaN: true }) }),
        { maxLength: 15 },
      ),
      messageSize: fc.integer({ min: 1, max: 30 }),
    });
    await fc.assert(
      fc.asyncProperty(arbitraryInput, async (spec) => {
        const history = spec.turns.flatMap((size, i) => exchange(i, size + 1));
        const passages = spec.passages.map((p, i) => passage(i + 1, p.score, p.size));
        const message = `msg ${words(spec.messageSize - 1)}`.trim();
        const input = { ...base, ...spec, history, message, page: { title: "T", passages } };
        const bare = await wordCounter.countChatTokens(
          assemblePrompt({ systemPrompt: base.systemPrompt, history: [], message }),
        );
        let fitted: FittedConversation;
        try {
          fitted = await fitConversation(input, wordCounter);
        } catch (error) {
          if (!(error instanceof ContextOverflowError)) throw error;
          // Only allowed when the system prompt and the message alone leave no room for the answer.
          expect(bare + spec.answerTokens).toBeGreaterThan(spec.contextSize);
          return;
        }
        const { messages, report } = fitted;
        expect(report.promptTokens).toBe(await wordCounter.countChatTokens(messages));
        expect(report.promptTokens + spec.answerTokens).toBeLessThanOrEqual(spec.contextSize);
        expect(messages.at(-1)?.content.endsWith(message)).toBe(true);
        // The page, if any, leads the first user message sent; take it off to compare the turns themselves.
        const firstUser = messages[1]?.content ?? "";
        const pageText = firstUser.startsWith("<page>") ? firstUser.slice(0, firstUser.indexOf("</page>\n\n") + 9) : "";
        const unpaged = messages.map((m, i) => (i === 1 ? { ...m, content: m.content.slice(pageText.length) } : m));
        expect(unpaged.at(-1)?.content).toBe(message);
        const sent = unpaged.slice(1, -1);
        expect(sent).toEqual(history.slice(history.length - sent.length));
        const included = passages.filter((p) => pageText.includes(formatPassage(p)));
        expect(included).toHaveLength(report.page?.passagesKept ?? 0);
        expect(messages.slice(2).some((m) => m.content.includes("<page>"))).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe("describeBudget", () => {
  it("says what was left out, in the reader's words", () => {
    const report = { contextSize: 4096, answerTokens: 512, promptTokens: 3200, turnsKept: 1, turnsDropped: 1, page: null };
    expect(describeBudget(report)).toBe("using 3,200 of 4,096 tokens; 1 earlier exchange left out");
    const noRoom = { ...report, turnsDropped: 0, page: { passagesKept: 0, passagesTotal: 7, cutAfter: null } };
    expect(describeBudget(noRoom)).toBe("using 3,200 of 4,096 tokens; page left out: no room");
    // The page was asked for, but not even one passage could be chosen for the room there was.
    const nothingChosen = { ...report, turnsDropped: 0, page: { passagesKept: 0, passagesTotal: 0, cutAfter: null } };
    expect(describeBudget(nothingChosen)).toBe("using 3,200 of 4,096 tokens; page left out: no room");
    const cut = { ...noRoom, page: { passagesKept: 5, passagesTotal: 7, cutAfter: "passage 5" } };
    expect(describeBudget(cut, "de-DE")).toBe("using 3.200 of 4.096 tokens; page cut after passage 5");
  });
});

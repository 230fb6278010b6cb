import { describe, expect, it } from "vitest";
import {
  SIMPLIFY_LEVELS,
  buildSimplifyMessages,
  maxRewriteTokens,
  parseSimplified,
  previewSimplified,
  simplifyGenerateOptions,
  stripChatter,
} from "./simplify-prompt";

const PARAGRAPH =
  "The gates sit on the riverbed and stay flat most of the year, so boats pass over them without noticing. When the " +
  "river rises above 2.4 metres at the Fennbridge gauge, compressed air is pumped into hollow chambers inside each " +
  "gate, and the gates swing up like the lids of a row of boxes.";
const SIMPLER =
  "The gates lie flat on the river floor. Boats go over them. When the river gets higher than 2.4 metres, air is " +
  "pumped into the gates. Then the gates stand up like box lids.";
const ITEMS = [
  "The Fennbridge gauge reads above 2.4 metres for two readings in a row.",
  "The regional forecast expects more rain within twelve hours.",
  "The duty engineer confirms both on site.",
];

describe("buildSimplifyMessages", () => {
  it("asks for one paragraph with the rules of its level, and nothing around the answer", () => {
    const prompts = SIMPLIFY_LEVELS.map((level) => buildSimplifyMessages([PARAGRAPH], level));
    for (const messages of prompts) {
      expect(messages.map((message) => message.role)).toEqual(["system", "user"]);
      expect(messages[0]?.content).toMatch(/only/);
      expect(messages[0]?.content).toMatch(/same language/);
      expect(messages[1]?.content.endsWith(PARAGRAPH)).toBe(true);
    }
    const [plain, simple, verySimple] = prompts.map((messages) => messages[1]?.content ?? "");
    expect(plain).toMatch(/everyday words/);
    expect(simple).toMatch(/at most 15 words/);
    expect(verySimple).toMatch(/at most 10 words/);
    expect(new Set([plain, simple, verySimple]).size).toBe(3);
  });

  it("numbers the parts of a list and asks for as many numbered lines", () => {
    const user = buildSimplifyMessages(ITEMS, "simple")[1]?.content ?? "";
    expect(user).toContain("exactly 3 lines");
    expect(user).toContain(`1. ${ITEMS[0]}\n2. ${ITEMS[1]}\n3. ${ITEMS[2]}`);
  });

  it("names the output language when the page's is known", () => {
    expect(buildSimplifyMessages([PARAGRAPH], "plain", "German")[0]?.content).toContain("Write in German.");
  });

  it("decodes greedily, with room for the longest answer the parser accepts", () => {
    const options = simplifyGenerateOptions([PARAGRAPH], "very-simple");
    expect(options.temperature).toBe(0);
    expect(options.messages).toEqual(buildSimplifyMessages([PARAGRAPH], "very-simple"));
    // About three characters per token for English: the budget covers 1.75 times the text plus slack.
    expect((options.maxTokens ?? 0) * 3).toBeGreaterThanOrEqual(PARAGRAPH.length * 1.75 + 40);
    const japanese = "川の水位が上がると、ゲートに空気が送り込まれ、ゲートが立ち上がります。";
    expect(maxRewriteTokens([japanese])).toBeGreaterThan(japanese.length * 1.75);
  });
});

describe("stripChatter", () => {
  it.each([
    ["a lead-in line", `Here is the simplified text:\n\n${SIMPLER}`],
    ["a lead-in and a sign-off", `Sure! Here's a simpler version:\n${SIMPLER}\n\nI hope this helps!`],
    ["an inline lead-in", `Here is the text in plain language: ${SIMPLER}`],
    ["a label", `**Simplified:** ${SIMPLER}`],
    ["a code fence", "```text\n" + SIMPLER + "\n```"],
    ["straight quotes", `"${SIMPLER}"`],
    ["curly quotes", `“${SIMPLER}”`],
    ["a heading mark and a note", `## Simplified text\n${SIMPLER}\nNote: I kept all the numbers.`],
  ])("removes %s", (_name, output) => {
    expect(stripChatter(output)).toBe(SIMPLER);
  });

  it("leaves text that only looks like chatter", () => {
    for (const text of [
      "Here is why the gates work: air is simple.",
      '"Air has nothing to break," she said. "Motors do."',
      "Okay is not good enough for a flood wall.",
    ]) {
      expect(stripChatter(text)).toBe(text);
    }
  });
});

describe("parseSimplified", () => {
  it("accepts a shorter rewrite in the same language, stripped of chatter", () => {
    expect(parseSimplified(`Here is the simplified text:\n${SIMPLER}`, [PARAGRAPH])).toEqual({ ok: true, units: [SIMPLER] });
  });

  it("joins a paragraph the model split into lines, and drops a number it put on a lone part", () => {
    const [first, second] = SIMPLER.split(/(?<=\.) (?=Then)/);
    expect(parseSimplified(`1. ${first}\n\n${second}`, [PARAGRAPH])).toEqual({ ok: true, units: [SIMPLER] });
  });

  it("maps numbered lines back to list items, whatever numbering style", () => {
    const output = "Here are the parts:\n1) The river is above 2.4 metres twice.\n[2] More rain is coming soon.\n3. An engineer checks it.";
    expect(parseSimplified(output, ITEMS)).toEqual({
      ok: true,
      units: ["The river is above 2.4 metres twice.", "More rain is coming soon.", "An engineer checks it."],
    });
  });

  it.each([
    ["empty", "   "],
    ["empty", "```\n```"],
    ["empty", "Here is the simplified text:"],
    ["empty", "Sure! Here is the simplified text:"],
    ["refusal", "I'm sorry, but I can't help with rewriting this text."],
    ["too-long", `${PARAGRAPH} ${PARAGRAPH}`],
    [
      "other-language",
      "Les portes sont posées au fond de la rivière et restent à plat la plupart de l'année. Quand le niveau monte, " +
        "on pompe de l'air dans les portes et elles se lèvent.",
    ],
    ["other-language", "Ворота лежат на дне реки. Когда вода поднимается выше 2,4 метра, в них накачивают воздух."],
  ])("rejects %s output", (reason, output) => {
    expect(parseSimplified(output, [PARAGRAPH])).toEqual({ ok: false, reason });
  });

  it("rejects numbered output with a part missing or out of order", () => {
    expect(parseSimplified("1. The river is high.\n2. Rain is coming.", ITEMS)).toEqual({ ok: false, reason: "wrong-count" });
    expect(parseSimplified("1. A.\n3. B.\n2. C.", ITEMS)).toEqual({ ok: false, reason: "wrong-count" });
  });

  it("rejects one list item much longer than its original even when the rest are fine", () => {
    const long = "The engineer on duty that day goes to the site in person and checks the gauge, the forecast, the boats and the compressors one by one, twice.";
    expect(parseSimplified(`1. The river is high twice.\n2. More rain is coming.\n3. ${long}`, ITEMS)).toEqual({ ok: false, reason: "too-long" });
  });

  it("keeps German output for a German original", () => {
    const original = "Die Tore liegen den größten Teil des Jahres flach auf dem Flussbett, und die Boote fahren über sie hinweg, ohne es zu merken.";
    const rewrite = "Die Tore liegen flach auf dem Boden des Flusses. Die Boote fahren einfach über sie.";
    expect(parseSimplified(rewrite, [original])).toEqual({ ok: true, units: [rewrite] });
  });
});

describe("previewSimplified", () => {
  it("shows nothing of a lead-in still arriving, then the text after it", () => {
    expect(previewSimplified("Here is the simpl", 1)).toEqual([]);
    expect(previewSimplified("Sure! Here is", 1)).toEqual([]);
    expect(previewSimplified("Here is the simplified text:\nThe gates lie fl", 1)).toEqual(["The gates lie fl"]);
  });

  it("shows the numbered parts received so far", () => {
    expect(previewSimplified("1. The river is high.\n2. More ra", 3)).toEqual(["The river is high.", "More ra"]);
  });
});

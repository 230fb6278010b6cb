import { describe, expect, it } from "vitest";
import { buildTranslationPrompt, formatNumberedSegments, NumberedLineParser, parseNumberedTranslation } from "./prompt";

describe("buildTranslationPrompt", () => {
  it("numbers the segments, names both languages, keeps tags and decodes greedily", () => {
    const prompt = buildTranslationPrompt(["Read the <a1>report</a1>.", "Hello\nworld"], "en", "de");
    expect(prompt.temperature).toBe(0);
    expect(prompt.messages.map((message) => message.role)).toEqual(["system", "user"]);
    const [system, user] = prompt.messages;
    expect(system?.content).toContain("from English to German");
    expect(system?.content).toContain("<a1>");
    expect(system?.content).toContain("<x2/>");
    expect(user?.content).toBe("Translate to German:\n[1] Read the <a1>report</a1>.\n[2] Hello world");
    expect(prompt.maxTokens).toBeGreaterThan(30);
  });

  it("formats one line per segment", () => {
    expect(formatNumberedSegments(["a", "b", "c"]).split("\n")).toEqual(["[1] a", "[2] b", "[3] c"]);
  });
});

describe("parseNumberedTranslation", () => {
  it("strips the chatter around the translation: preamble, code fences, quotes, sign-off", () => {
    const output = [
      "Here is the translation:",
      "",
      "```",
      '[1] "Lesen Sie den <a1>Bericht</a1>."',
      "[2] «Hallo Welt»",
      "```",
      "",
      "I hope this helps! Let me know if you need anything else.",
    ].join("\n");
    const parsed = parseNumberedTranslation(output, 2, ["Read the <a1>report</a1>.", "Hello world"]);
    expect([...parsed.translations]).toEqual([
      [0, "Lesen Sie den <a1>Bericht</a1>."],
      [1, "Hallo Welt"],
    ]);
    expect(parsed.missing).toEqual([]);
  });

  it("keeps quotes the source already had", () => {
    const parsed = parseNumberedTranslation('[1] "Zitat"', 1, ['"Quote"']);
    expect(parsed.translations.get(0)).toBe('"Zitat"');
  });

  it("reports segments the model skipped and ignores numbers out of range or repeated", () => {
    const parsed = parseNumberedTranslation("[1] Eins\n[3] Drei\n[1] Nochmal eins\n[7] Sieben", 4);
    expect([...parsed.translations]).toEqual([
      [0, "Eins"],
      [2, "Drei"],
    ]);
    expect(parsed.missing).toEqual([1, 3]);
  });

  it("accepts other numbering styles when the model does not use brackets", () => {
    const parsed = parseNumberedTranslation("1. Eins\n2) Zwei\n**3.** Drei", 3);
    expect([...parsed.translations.values()]).toEqual(["Eins", "Zwei", "Drei"]);
  });

  it("after bracketed numbering, reads '2. Absatz' as text and joins a wrapped line", () => {
    const parsed = parseNumberedTranslation("[1] Ein langer Satz, der\numbricht.\n[2] 2. Absatz", 2);
    expect([...parsed.translations.values()]).toEqual(["Ein langer Satz, der umbricht.", "2. Absatz"]);
  });

  it("splits segments a model ran together on one line, and finds [1] after a preamble on the same line", () => {
    const parsed = parseNumberedTranslation("Sure! [1] Eins [2] Zwei [3] Drei", 3);
    expect([...parsed.translations.values()]).toEqual(["Eins", "Zwei", "Drei"]);
  });

  it("does not split on a marker that was part of the source", () => {
    const parsed = parseNumberedTranslation("[1] Siehe [2] unten\n[2] Fußnote", 2, ["See [2] below", "Footnote"]);
    expect([...parsed.translations.values()]).toEqual(["Siehe [2] unten", "Fußnote"]);
  });
});

describe("NumberedLineParser", () => {
  it("hands out each segment as soon as the next line starts, whatever the chunk boundaries", () => {
    const parser = new NumberedLineParser(3);
    const seen: Array<[number, string]> = [];
    const take = (segments: ReturnType<NumberedLineParser["push"]>) => {
      for (const segment of segments) seen.push([segment.index, segment.text]);
    };
    for (const chunk of ["[1", "] Ei", "ns\n[2] Zw", "ei\n", "[3] Dr", "ei"]) {
      take(parser.push(chunk));
      if (chunk === "ei\n") expect(seen).toEqual([[0, "Eins"]]);
    }
    expect(seen).toEqual([
      [0, "Eins"],
      [1, "Zwei"],
    ]);
    take(parser.finish());
    expect(seen.at(-1)).toEqual([2, "Drei"]);
    expect(parser.missing()).toEqual([]);
  });
});

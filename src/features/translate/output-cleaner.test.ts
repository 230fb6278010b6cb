import { describe, expect, it } from "vitest";
import { TranslationOutputCleaner } from "./output-cleaner";

// Feed `answer` in pieces of `size` characters, as a model streams it; returns what was shown, in order.
function clean(source: string, answer: string, size = 3): { text: string; shownBeforeEnd: string } {
  const cleaner = new TranslationOutputCleaner(source);
  let shown = "";
  for (let at = 0; at < answer.length; at += size) shown += cleaner.push(answer.slice(at, at + size));
  const shownBeforeEnd = shown;
  return { text: shown + cleaner.finish(), shownBeforeEnd };
}

describe("TranslationOutputCleaner", () => {
  it("passes a plain answer through, streaming it before the end", () => {
    const result = clean("The river is quiet today.", "Der Fluss ist heute ruhig.");
    expect(result.text).toBe("Der Fluss ist heute ruhig.");
    expect(result.shownBeforeEnd.startsWith("Der Fluss ist heute")).toBe(true);
  });

  it("drops a chatty first line, a code fence and a trailing note", () => {
    const answer = "Sure! Here is the translation:\n```\nDer Fluss.\nZweite Zeile.\n```\nNote: I kept the names.";
    expect(clean("The river.\nSecond line.", answer).text).toBe("Der Fluss.\nZweite Zeile.");
  });

  it("keeps a first line ending in a colon when the source has one too", () => {
    expect(clean("Ingredients:\nflour", "Zutaten:\nMehl").text).toBe("Zutaten:\nMehl");
    expect(clean("Here is what we know:\nnothing", "Here is what we know:\nnothing").text).toBe("Here is what we know:\nnothing");
  });

  it("strips a Translation: label and quotes around the whole answer", () => {
    expect(clean("Good morning", "Translation: Guten Morgen").text).toBe("Guten Morgen");
    expect(clean("Good morning", "**Translation:** Guten Morgen").text).toBe("Guten Morgen");
    expect(clean("Good morning", "“Guten Morgen”").text).toBe("Guten Morgen");
    expect(clean("Good morning", "«Bonjour»", 1).text).toBe("Bonjour");
  });

  it("keeps quotes that the source has, and quotes inside the text", () => {
    expect(clean('"Stop," she said.', '"Halt", sagte sie.').text).toBe('"Halt", sagte sie.');
    expect(clean("He said hi there", "Er sagte „hallo“ dort").text).toBe("Er sagte „hallo“ dort");
  });

  it("keeps an English line that merely starts like chatter", () => {
    expect(clean("Hier ist der Bahnhof.", "Here is the station.").text).toBe("Here is the station.");
    expect(clean("Anmerkung: wichtig", "Note: important").text).toBe("Note: important");
  });

  it("keeps a line that starts like a note but is not one, and trims surrounding whitespace", () => {
    expect(clean("Erster Satz.\nNotiere alles.", "\n\n  First sentence.\nNote everything.  \n\n").text).toBe(
      "First sentence.\nNote everything.",
    );
  });

  it("keeps code fences that were in the source", () => {
    expect(clean("Run:\n```\nnpm test\n```", "Ausführen:\n```\nnpm test\n```").text).toBe("Ausführen:\n```\nnpm test\n```");
  });
});

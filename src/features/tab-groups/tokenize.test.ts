import { describe, expect, it } from "vitest";
import { foldTerm, looksLikeId, stemPlural, tokenizeText } from "./tokenize";

const terms = (text: string): string[] => tokenizeText(text).map((token) => token.term);

describe("tokenizeText", () => {
  it("lowercases, drops function words, numbers and possessive endings", () => {
    expect(terms("Kyoto's best Ramen Shops in 2025")).toEqual(["kyoto", "ramen", "shop"]);
  });

  it("drops stop words of other common languages too", () => {
    expect(terms("Conjugación del verbo tener")).toEqual(["conjugacion", "verbo", "tener"]);
    expect(terms("Die Ergebnisse der Wahl und die Koalition")).toEqual(["ergebnisse", "wahl", "koalition"]);
    expect(terms("Le guide des vins de la Loire")).toEqual(["vin", "loire"]);
  });

  it("keeps the original spelling beside the folded term", () => {
    expect(tokenizeText("MacBook Air")).toEqual([
      { term: "macbook", surface: "MacBook" },
      { term: "air", surface: "Air" },
    ]);
  });

  it("splits on punctuation, hyphens and underscores", () => {
    expect(terms("tokio::sync::TcpListener iron-deficiency snake_case_word")).toEqual([
      "tokio",
      "sync",
      "tcplistener",
      "iron",
      "deficiency",
      "snake",
      "case",
      "word",
    ]);
  });

  it("keeps Cyrillic, Arabic and Devanagari words whole, with their own letters intact", () => {
    expect(terms("Борщ классический — пошаговый рецепт")).toEqual(["борщ", "классический", "пошаговый", "рецепт"]);
    expect(terms("العربية للمبتدئين")).toEqual(["العربية", "للمبتدئين"]);
    expect(terms("हिन्दी सीखें")).toEqual(["हिन्दी", "सीखें"]);
  });

  it("cuts Chinese into character pairs and Japanese at script changes", () => {
    expect(terms("上海迪士尼")).toEqual(["上海", "海迪", "迪士", "士尼"]);
    // Han runs become pairs, katakana runs stay whole, the particle の is dropped.
    expect(terms("京都の観光スポット")).toEqual(["京都", "観光", "スポット"]);
  });

  it("pairs Thai characters without splitting tone marks from their letters", () => {
    const thai = terms("ไทย");
    expect(thai).toEqual(["ไท", "ทย"]);
    expect(terms("ร้าน")[0]).toBe("ร้า");
  });

  it("returns nothing for empty or all-noise text", () => {
    expect(terms("")).toEqual([]);
    expect(terms("The 10 of 2024 - and / or")).toEqual([]);
  });
});

describe("looksLikeId", () => {
  it("flags numbers, hashes and base-36 ids", () => {
    for (const id of ["2025", "e2158", "b000n501bk", "9f86d081", "1b9x7kq", "rtx4070", "20355034"]) {
      expect(looksLikeId(id), id).toBe(true);
    }
  });

  it("keeps words and short model names", () => {
    for (const word of ["kyoto", "m3", "x1", "t14s", "ch10", "mp4"]) expect(looksLikeId(word), word).toBe(false);
  });
});

describe("stemPlural", () => {
  it("merges regular English plurals with the singular", () => {
    expect(stemPlural("laptops")).toBe("laptop");
    expect(stemPlural("cities")).toBe("city");
    expect(stemPlural("boxes")).toBe("box");
    expect(stemPlural("classes")).toBe("class");
  });

  it("leaves words that only look plural, and short or non-ASCII words, alone", () => {
    for (const word of ["bus", "analysis", "famous", "glass", "gas", "борщ", "données"]) expect(stemPlural(word)).toBe(word);
  });
});

describe("foldTerm", () => {
  it("strips Latin accents but not Cyrillic letters built from marks", () => {
    expect(foldTerm("Crème Brûlée")).toBe("creme brulee");
    expect(foldTerm("Й")).toBe("й");
  });
});

import { describe, expect, it } from "vitest";
import { dominantScript, guessLatinLanguage, isOtherLanguage } from "./language-guess";

const SAMPLES: Record<string, string> = {
  en: "The council says the review will report by the end of the year, and the gates will stay in place until then.",
  fr: "Le conseil dit que le rapport sera publié avant la fin de l'année, et les portes restent en place jusque-là.",
  de: "Der Rat sagt, dass der Bericht bis zum Ende des Jahres kommt, und die Tore bleiben bis dahin an ihrem Platz.",
  es: "El consejo dice que el informe estará listo antes del final del año, y las puertas se quedan en su sitio hasta entonces.",
  it: "Il consiglio dice che la relazione arriverà entro la fine dell'anno, e le paratie restano al loro posto fino ad allora.",
  pt: "O conselho diz que o relatório fica pronto até ao fim do ano, e as comportas ficam no lugar até lá, como estão.",
  nl: "De raad zegt dat het rapport voor het einde van het jaar komt, en de deuren blijven tot dan op hun plaats staan.",
};

describe("language-guess", () => {
  it("tells the common Latin-script languages apart by their function words", () => {
    for (const [language, text] of Object.entries(SAMPLES)) expect(guessLatinLanguage(text), language).toBe(language);
  });

  it("does not guess from a few words", () => {
    expect(guessLatinLanguage("The gates rise.")).toBeNull();
    expect(dominantScript("Gates")).toBeNull();
  });

  it("names the writing system of a text", () => {
    expect(dominantScript(SAMPLES.en ?? "")).toBe("latin");
    expect(dominantScript("Ворота лежат на дне реки большую часть года.")).toBe("cyrillic");
    expect(dominantScript("川の水位が上がると、ゲートが立ち上がります。")).toBe("japanese");
    expect(dominantScript("河水上涨时，闸门就会升起来，保护老城区。")).toBe("han");
  });

  it("calls a rewrite another language only when both texts clearly say so", () => {
    expect(isOtherLanguage(SAMPLES.en ?? "", SAMPLES.fr ?? "")).toBe(true);
    expect(isOtherLanguage(SAMPLES.en ?? "", "Ворота лежат на дне реки большую часть года.")).toBe(true);
    expect(isOtherLanguage(SAMPLES.en ?? "", "The council will report at the end of the year. The gates stay until then.")).toBe(false);
    expect(isOtherLanguage(SAMPLES.de ?? "", "Der Rat schreibt den Bericht bis Ende des Jahres. Bis dahin bleiben die Tore.")).toBe(false);
    // Too short to tell: kept, rather than thrown away on a guess.
    expect(isOtherLanguage(SAMPLES.en ?? "", "Bonjour.")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { isGarbled, isOddWord, symbolShare, variety } from "./garbled-text";

const ORIGINAL =
  "The gates sit on the riverbed and stay flat most of the year, so boats pass over them without noticing. When the " +
  "river rises above 2.4 metres at the Fennbridge gauge, compressed air is pumped into hollow chambers inside each gate.";

// Seeded noise of printable ASCII, like the tiny test model's output.
function printableNoise(length: number, seed: number): string {
  let state = seed;
  let text = "";
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    text += String.fromCharCode(32 + (state % 95));
  }
  return text;
}

describe("isGarbled accepts real rewrites", () => {
  it.each([
    ["English", ORIGINAL, "The gates lie flat on the river floor. Boats go over them. When the river is higher than 2.4 metres, air is pumped into the gates."],
    ["numbers and a URL", "Tickets cost €12.50 (children €6) at https://tickets.example/wend until 31/12/2025.", "Tickets cost €12.50, or €6 for children. Buy them at https://tickets.example/wend until 31/12/2025."],
    ["German compounds", "Die Hochwasserschutzanlage der Stadt Wendmouth wurde nach vier Jahren Bauzeit fertiggestellt.", "Die Stadt Wendmouth hat ihre Hochwasserschutzanlage fertig gebaut. Das hat vier Jahre gedauert."],
    ["Japanese", "川の水位が上がると、ゲートの中に圧縮空気が送り込まれ、ゲートが立ち上がります。", "川の水が高くなると、ゲートに空気を入れます。するとゲートが立ちます。"],
    ["names with capitals", "McDonald and O'Neill met the iPhone team at NATO headquarters in 2019.", "McDonald and O'Neill met the iPhone team at NATO in 2019."],
    ["a short answer", ORIGINAL, "Air lifts the gates."],
    ["a product code the original has", "Use the part A4-B7x2 and the part C9-D3y4 for the pump.", "Use parts A4-B7x2 and C9-D3y4 for the pump."],
  ])("%s", (_name, original, rewrite) => {
    expect(isGarbled(original, rewrite)).toBe(false);
  });
});

describe("isGarbled rejects noise", () => {
  it("rejects a loop on a few characters, as the tiny model produced", () => {
    expect(isGarbled(ORIGINAL, `QuenFd<${"LnFd<".repeat(30)}`)).toBe(true);
    expect(isGarbled(ORIGINAL, `Qi"VH_nFd<${"LnFd<".repeat(25)}`)).toBe(true);
  });

  it("rejects random printable ASCII of any seed", () => {
    for (let seed = 1; seed <= 50; seed++) expect(isGarbled(ORIGINAL, printableNoise(180, seed)), `seed ${seed}`).toBe(true);
  });

  it("rejects words run together and words of flipping case", () => {
    expect(isGarbled(ORIGINAL, "Thegatesliflatontheriverfloorandboatsgooverthemallyearlong when it rains.")).toBe(true);
    expect(isGarbled(ORIGINAL, "thE gAtEs LiE fLaT oN tHe RiVeR fLoOr AnD bOaTs Go OvEr ThEm.")).toBe(true);
  });

  it("rejects one word repeated over and over", () => {
    expect(isGarbled(ORIGINAL, "gate ".repeat(40))).toBe(true);
  });

  it("never calls an empty answer garbled (the parser says empty)", () => {
    expect(isGarbled(ORIGINAL, "  ")).toBe(false);
  });
});

describe("the measures", () => {
  it("counts odd symbols, not prose punctuation", () => {
    expect(symbolShare("Hello, world! (It's 2.4 m.)")).toBe(0);
    expect(symbolShare("a<b>c{d}")).toBe(0.5);
  });

  it("measures variety of 5-character runs", () => {
    expect(variety(ORIGINAL)).toBeGreaterThan(0.8);
    expect(variety("abcde".repeat(20))).toBeLessThan(0.1);
    expect(variety("short")).toBe(1);
  });

  it("finds odd word shapes", () => {
    expect(isOddWord("LnFd<LnFd<")).toBe(true);
    expect(isOddWord("a1b2c3d4")).toBe(true);
    expect(isOddWord("well-known")).toBe(false);
    expect(isOddWord("(McDonald's)")).toBe(false);
    expect(isOddWord("https://example.com/a<b>c")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { assignGroupColors, preferredColor } from "./group-colors";
import { TAB_GROUP_COLORS } from "./types";

const names = ["Kyoto", "Rust", "Sourdough", "Iron", "Laptop", "German Election", "Spanish", "Jellyfin", "Docker"];

describe("assignGroupColors", () => {
  it("gives up to nine groups nine different Firefox colors", () => {
    const colors = assignGroupColors(names);
    expect(new Set(colors).size).toBe(names.length);
    for (const color of colors) expect(TAB_GROUP_COLORS).toContain(color);
  });

  it("gives the first group its name's own color", () => {
    expect(assignGroupColors(["Sourdough", "Kyoto"])[0]).toBe(preferredColor("Sourdough"));
  });

  it("avoids colors the window's groups already use while others are free", () => {
    const used = TAB_GROUP_COLORS.slice(0, 5);
    const colors = assignGroupColors(names.slice(0, 4), used);
    expect(colors.some((color) => used.includes(color))).toBe(false);
    expect(new Set(colors).size).toBe(4);
  });

  it("spreads colors evenly once all nine are taken", () => {
    const many = Array.from({ length: 20 }, (_, i) => `Group ${i}`);
    const counts = new Map<string, number>();
    for (const color of assignGroupColors(many)) counts.set(color, (counts.get(color) ?? 0) + 1);
    expect(counts.size).toBe(9);
    expect(Math.max(...counts.values()) - Math.min(...counts.values())).toBeLessThanOrEqual(1);
  });

  it("is deterministic and ignores letter case in names", () => {
    expect(assignGroupColors(names)).toEqual(assignGroupColors([...names]));
    expect(preferredColor("KYOTO")).toBe(preferredColor("kyoto"));
  });
});

/**
 * Colors for suggested groups: each name hashes to a preferred color, so a topic tends to keep its color from one
 * suggestion to the next, and groups in one window get different colors while any are left.
 */
import { TAB_GROUP_COLORS, type TabGroupColor } from "./types";

// FNV-1a: tiny, stable across runs and engines, and spreads short strings well enough for nine buckets.
function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (const char of name.toLowerCase()) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The color a group of this name gets when nothing else in the window claims it. */
export function preferredColor(name: string): TabGroupColor {
  return TAB_GROUP_COLORS[hashName(name) % TAB_GROUP_COLORS.length] ?? "blue";
}

/**
 * One color per name, in order: the preferred color if free, else the next free one in palette order; once all nine
 * are taken, the least used (counting `usedColors`, the window's existing groups).
 */
export function assignGroupColors(names: readonly string[], usedColors: readonly TabGroupColor[] = []): TabGroupColor[] {
  const uses = new Map<TabGroupColor, number>(TAB_GROUP_COLORS.map((color) => [color, 0]));
  for (const color of usedColors) uses.set(color, (uses.get(color) ?? 0) + 1);
  return names.map((name) => {
    const start = TAB_GROUP_COLORS.indexOf(preferredColor(name));
    let chosen: TabGroupColor = TAB_GROUP_COLORS[start] ?? "blue";
    for (let step = 0; step < TAB_GROUP_COLORS.length; step++) {
      const color = TAB_GROUP_COLORS[(start + step) % TAB_GROUP_COLORS.length] ?? "blue";
      if ((uses.get(color) ?? 0) < (uses.get(chosen) ?? 0)) chosen = color;
    }
    uses.set(chosen, (uses.get(chosen) ?? 0) + 1);
    return chosen;
  });
}

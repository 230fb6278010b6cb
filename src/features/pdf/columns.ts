/**
 * Two-column reading order. A gutter is a vertical strip that most lines on both sides of it do not cross; lines that
 * do cross it (titles, figures' captions, footers) cut the page into bands, and each band is read left column first.
 */

/** A line's worth of text on one baseline, with its horizontal extent. */
export interface Fragment {
  text: string;
  x0: number;
  x1: number;
  y: number;
  fontSize: number;
}

// Fewer lines than this on either side is a stray label or page number, not a column.
const MIN_COLUMN_LINES = 3;
// Lines that cross the gutter may be at most this share of all lines (titles, a full-width abstract).
const MAX_CROSSING_SHARE = 0.3;

/** The x of the gutter between two columns, or null for a single-column page. */
export function detectGutter(fragments: readonly Fragment[]): number | null {
  if (fragments.length < 2 * MIN_COLUMN_LINES) return null;
  const left = Math.min(...fragments.map((f) => f.x0));
  const right = Math.max(...fragments.map((f) => f.x1));
  const width = right - left;
  let best: { x: number; crossing: number; balance: number } | null = null;
  const candidates = fragments.flatMap((f) => [f.x1 + 0.5, f.x0 - 0.5]);
  for (const x of candidates) {
    if (x < left + 0.2 * width || x > left + 0.8 * width) continue;
    let crossing = 0;
    let before = 0;
    let after = 0;
    for (const f of fragments) {
      if (f.x1 <= x) before++;
      else if (f.x0 >= x) after++;
      else crossing++;
    }
    if (before < MIN_COLUMN_LINES || after < MIN_COLUMN_LINES) continue;
    if (crossing > MAX_CROSSING_SHARE * fragments.length) continue;
    if (!sideBySide(fragments, x)) continue;
    const balance = Math.min(before, after);
    if (!best || crossing < best.crossing || (crossing === best.crossing && balance > best.balance)) {
      best = { x, crossing, balance };
    }
  }
  if (!best) return null;
  // Centre the gutter in the empty strip so lines ending right at its edge fall on the proper side.
  const gutter = best.x;
  const leftEdge = Math.max(...fragments.filter((f) => f.x1 <= gutter).map((f) => f.x1));
  const rightEdge = Math.min(...fragments.filter((f) => f.x0 >= gutter).map((f) => f.x0));
  return (leftEdge + rightEdge) / 2;
}

// Columns run alongside each other: each side has lines within the other side's vertical extent. A page whose only
// right-hand lines sit below all left-hand ones (an indented signature, a figure label) is not two columns.
function sideBySide(fragments: readonly Fragment[], x: number): boolean {
  const left = fragments.filter((f) => f.x1 <= x);
  const right = fragments.filter((f) => f.x0 >= x);
  const within = (lines: readonly Fragment[], of: readonly Fragment[]): number => {
    const top = Math.max(...of.map((f) => f.y + f.fontSize));
    const bottom = Math.min(...of.map((f) => f.y - f.fontSize));
    return lines.filter((f) => f.y <= top && f.y >= bottom).length;
  };
  return within(right, left) >= MIN_COLUMN_LINES && within(left, right) >= MIN_COLUMN_LINES;
}

/** Fragments in reading order for a page with a gutter at `gutter`. */
export function orderInColumns(fragments: readonly Fragment[], gutter: number): Fragment[] {
  const topDown = [...fragments].sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const ordered: Fragment[] = [];
  let leftColumn: Fragment[] = [];
  let rightColumn: Fragment[] = [];
  const flush = (): void => {
    ordered.push(...leftColumn, ...rightColumn);
    leftColumn = [];
    rightColumn = [];
  };
  for (const fragment of topDown) {
    if (fragment.x1 <= gutter) leftColumn.push(fragment);
    else if (fragment.x0 >= gutter) rightColumn.push(fragment);
    else {
      flush();
      ordered.push(fragment);
    }
  }
  flush();
  return ordered;
}

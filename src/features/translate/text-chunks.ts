/**
 * Splits a long text (a selection of 20,000 characters, say) into pieces a model can translate one at a time:
 * paragraphs packed by the token budget, a paragraph too long for one piece cut at sentence ends, and a sentence too
 * long cut at a space. Joining the pieces with their separators gives the text back, except that the space between
 * two sentences of one paragraph becomes a single " ".
 */

/** One piece to translate, and what separated it from the piece before (kept as-is in the joined translation). */
export interface TextChunk {
  readonly text: string;
  /** "" for the first piece. */
  readonly separator: string;
}

interface Piece {
  readonly source: string;
  readonly separator: string;
}

/**
 * Split `text` into chunks of at most `budget` tokens each (as `countTokens` counts). Blank-line paragraph breaks
 * are preferred cut points, then single line breaks, then sentence ends, then spaces.
 * Example: splitText("A.\n\nB.", 1000, count) -> [{text: "A.\n\nB.", separator: ""}].
 */
export function splitText(text: string, budget: number, countTokens: (text: string) => number): TextChunk[] {
  // Greedy packing in order. batching.ts's takeBatch is not used here: it lets a repeated string ride along for free,
  // which is right for page segments (translated once, written twice) but a repeated paragraph here must be sent.
  const chunks: TextChunk[] = [];
  let current: { text: string; separator: string } | null = null;
  for (const piece of splitIntoPieces(text, budget, countTokens)) {
    if (current !== null) {
      const joined = current.text + piece.separator + piece.source;
      if (countTokens(joined) <= budget) {
        current.text = joined;
        continue;
      }
      chunks.push(current);
    }
    current = { text: piece.source, separator: piece.separator };
  }
  if (current) chunks.push(current);
  return chunks;
}

function splitIntoPieces(text: string, budget: number, countTokens: (text: string) => number): Piece[] {
  const pieces: Piece[] = [];
  // Leading and trailing whitespace carries no meaning for translation.
  const body = text.trim();
  if (body === "") return pieces;
  for (const { part, separator } of cutAt(body, /\n[^\S\n]*\n\s*|\n\s*/g)) {
    if (countTokens(part) <= budget) {
      pieces.push({ source: part, separator });
      continue;
    }
    let first = true;
    for (const sentence of sentencesOf(part, budget, countTokens)) {
      pieces.push({ source: sentence.part, separator: first ? separator : sentence.separator });
      first = false;
    }
  }
  return pieces;
}

function* cutAt(text: string, pattern: RegExp): Generator<{ part: string; separator: string }> {
  let start = 0;
  let separator = "";
  for (const match of text.matchAll(pattern)) {
    const end = match.index;
    if (end > start) yield { part: text.slice(start, end), separator };
    separator = match[0];
    start = end + match[0].length;
  }
  if (start < text.length) yield { part: text.slice(start), separator };
}

function sentencesOf(paragraph: string, budget: number, countTokens: (text: string) => number): Array<{ part: string; separator: string }> {
  const out: Array<{ part: string; separator: string }> = [];
  // Intl.Segmenter knows sentence ends in every script (。, ।, ؟ …), not only ". ".
  const segmenter = new Intl.Segmenter(undefined, { granularity: "sentence" });
  for (const { segment } of segmenter.segment(paragraph)) {
    const trimmed = segment.trimEnd();
    const separator = out.length === 0 ? "" : " ";
    if (trimmed === "") continue;
    if (countTokens(trimmed) <= budget) {
      out.push({ part: trimmed.trimStart(), separator });
      continue;
    }
    let firstWordsPiece = true;
    for (const words of cutWords(trimmed.trimStart(), budget, countTokens)) {
      out.push({ part: words.part, separator: firstWordsPiece ? separator : words.separator });
      firstWordsPiece = false;
    }
  }
  return out;
}

// A sentence longer than the budget: cut at spaces, or anywhere when there are none (a long CJK run, a URL). Each
// piece says what separated it from the one before: the space, or nothing.
function cutWords(sentence: string, budget: number, countTokens: (text: string) => number): Array<{ part: string; separator: string }> {
  const out: Array<{ part: string; separator: string }> = [];
  let separator = "";
  let rest = sentence;
  while (rest !== "" && countTokens(rest) > budget) {
    let low = 1;
    let high = rest.length;
    // The longest prefix that fits, found by bisection since counts grow with length.
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (countTokens(rest.slice(0, middle)) <= budget) low = middle;
      else high = middle - 1;
    }
    const space = rest.lastIndexOf(" ", low);
    let end = space > low / 2 ? space : low;
    // Never split a character written as two UTF-16 code units.
    if (end > 1 && /[\uD800-\uDBFF]/.test(rest.charAt(end - 1))) end -= 1;
    out.push({ part: rest.slice(0, end).trimEnd(), separator });
    separator = end === space ? " " : "";
    rest = rest.slice(end).trimStart();
  }
  if (rest !== "") out.push({ part: rest, separator });
  return out;
}

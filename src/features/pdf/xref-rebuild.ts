/**
 * Makes pdf.js rebuild a PDF's cross-reference table by scanning the file's objects, for files whose xref points at
 * the wrong places. pdf.js only does that when it cannot use the xref at open time, so the copy's startxref pointer
 * is zeroed (same length, no other byte moves).
 */

const STARTXREF = /startxref\s+(\d+)\s*%%EOF\s*$/;
// The pointer sits within the last bytes of the file; scanning only the tail keeps this cheap on large PDFs.
const TAIL_BYTES = 1024;

/** A copy of `pdf` whose last startxref points at offset 0, or null if the file has no startxref to change. */
export function xrefRebuildCopy(pdf: Uint8Array): Uint8Array | null {
  const tailStart = Math.max(0, pdf.length - TAIL_BYTES);
  let tail = "";
  for (let i = tailStart; i < pdf.length; i++) tail += String.fromCharCode(pdf[i] ?? 0);
  const match = STARTXREF.exec(tail);
  const digits = match?.[1];
  if (!match || !digits || /^0+$/.test(digits)) return null;
  const offset = tailStart + match.index + match[0].indexOf(digits, "startxref".length);
  const copy = pdf.slice();
  copy.fill(0x30, offset, offset + digits.length); // "0"
  return copy;
}

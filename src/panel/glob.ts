// The filter's globs: `*` matches any run of characters, everything else itself, case-insensitively,
// over the whole candidate. Matched without regular expressions in O(pattern + candidate) time,
// whatever either holds: a backtracking engine takes seconds on `*a*b` against 100 KB of `a`.
//
// Why greedy is right: with `*` the only wildcard, the literal pieces between stars must appear
// in order. The first piece is a prefix, the last a suffix; each middle piece is taken at its
// leftmost occurrence after the previous one, which leaves the most room for the rest, so if any
// placement works, this one does. Each search is Knuth–Morris–Pratt, and the searches never go
// back over text, so every candidate character is looked at a bounded number of times. Pure.

/** A compiled glob; call it on each candidate. */
export type GlobMatcher = (candidate: string) => boolean;

interface Piece {
  text: string;
  /** KMP failure table: the length of the longest proper border of text[0..i]. */
  border: Int32Array;
}

function borders(text: string): Int32Array {
  const table = new Int32Array(text.length);
  let k = 0;
  for (let i = 1; i < text.length; i++) {
    while (k > 0 && text.charCodeAt(i) !== text.charCodeAt(k)) k = table[k - 1]!;
    if (text.charCodeAt(i) === text.charCodeAt(k)) k++;
    table[i] = k;
  }
  return table;
}

/** Where `piece` first starts in text[from, to), or -1; one pass over that range. */
function indexOf(text: string, piece: Piece, from: number, to: number): number {
  const p = piece.text;
  let k = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    while (k > 0 && c !== p.charCodeAt(k)) k = piece.border[k - 1]!;
    if (c === p.charCodeAt(k)) k++;
    if (k === p.length) return i - p.length + 1;
  }
  return -1;
}

export function compileGlob(pattern: string): GlobMatcher {
  const parts = pattern.toLowerCase().split('*');
  if (parts.length === 1) {
    const exact = parts[0]!;
    return (candidate) => candidate.toLowerCase() === exact;
  }
  const head = parts[0]!;
  const tail = parts[parts.length - 1]!;
  const middle: Piece[] = parts
    .slice(1, -1)
    .filter((text) => text !== '')
    .map((text) => ({ text, border: borders(text) }));
  return (candidate) => {
    const text = candidate.toLowerCase();
    const end = text.length - tail.length;
    if (end < head.length || !text.startsWith(head) || !text.endsWith(tail)) return false;
    let at = head.length;
    for (const piece of middle) {
      const found = indexOf(text, piece, at, end);
      if (found === -1) return false;
      at = found + piece.text.length;
    }
    return true;
  };
}

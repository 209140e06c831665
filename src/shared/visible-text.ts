// Header text made safe to look at: control, bidi-override and invisible characters become a
// visible ⟨U+XXXX⟩ mark, so a hostile realm or URL can neither reorder what a reader sees
// (U+202E), hide text (U+200B), nor drive a terminal (ESC, BEL). Used wherever header text is
// displayed — the panel and the CLI's text report; data and exports keep the exact text. Pure,
// linear (one regular expression of one character class).

/**
 * C0 controls and DEL, C1 controls, the bidi embeddings, overrides, isolates and marks, the
 * zero-width characters, line and paragraph separators, and the byte-order mark.
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is this module's job
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** One character's mark, e.g. "⟨U+202E⟩". */
export function codePointMark(char: string): string {
  return `⟨U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** The text with every invisible or control character replaced by its visible mark. */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, codePointMark);
}

/** Whether the text holds a character visibleText would mark. */
export function hasInvisible(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  const found = INVISIBLE.test(text);
  INVISIBLE.lastIndex = 0;
  return found;
}

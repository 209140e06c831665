// Character classes and scanning primitives for one field line, one function per ABNF rule of
// RFC 9110 (§5.6). Pure; never throws; every function advances monotonically, so a parse that uses
// them is linear in the input length. The only regular expressions are single character classes,
// alone or under one quantifier with nothing after it: nothing here can backtrack.

const enum Bit {
  Tchar = 1,
  Token68 = 2,
  Qdtext = 4,
  Vchar = 8,
}

/** One byte of flags per ASCII code unit; everything at or above 0x80 is obs-text (§5.5). */
const classes = new Uint8Array(128);
for (let c = 0x21; c <= 0x7e; c++) classes[c]! |= Bit.Vchar | Bit.Qdtext;
classes[0x22]! &= ~Bit.Qdtext; // DQUOTE ends a quoted-string
classes[0x5c]! &= ~Bit.Qdtext; // backslash starts a quoted-pair
classes[0x20]! |= Bit.Qdtext;
classes[0x09]! |= Bit.Qdtext;
for (const ch of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  classes[ch.charCodeAt(0)]! |= Bit.Tchar;
}
for (const ch of '-._~+/0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ') {
  classes[ch.charCodeAt(0)]! |= Bit.Token68;
}

export const SP = 0x20;
const HTAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
export const COMMA = 0x2c;
export const EQUALS = 0x3d;
export const DQUOTE = 0x22;
export const BACKSLASH = 0x5c;

/**
 * 1 for each tchar, 2 for each token68 character, by code unit below 128: for the hot loops of
 * the parser, which index it directly rather than rely on a call being inlined.
 */
export const TOKEN_CLASS: Uint8Array = new Uint8Array(128);
for (let c = 0; c < 128; c++) TOKEN_CLASS[c] = classes[c]! & (Bit.Tchar | Bit.Token68);
export const TCHAR_BIT = 1;
export const TOKEN68_BIT = 2;

/** tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA — §5.6.2 */
export function isTchar(c: number): boolean {
  return c < 128 && (classes[c]! & Bit.Tchar) !== 0;
}

/** token = 1*tchar — §5.6.2: the whole string is one token. */
export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!isTchar(text.charCodeAt(i))) return false;
  return true;
}

/** The characters of token68 before its "=" padding — §11.2. */
export function isToken68Char(c: number): boolean {
  return c < 128 && (classes[c]! & Bit.Token68) !== 0;
}

/** qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text — §5.6.4 */
export function isQdtext(c: number): boolean {
  return c >= 128 || (classes[c]! & Bit.Qdtext) !== 0;
}

/** What a quoted-pair may escape: HTAB / SP / VCHAR / obs-text — §5.6.4 */
export function isQuotedPairChar(c: number): boolean {
  return c === HTAB || c === SP || c >= 128 || (classes[c]! & Bit.Vchar) !== 0;
}

/** CTL other than HTAB, and DEL: never allowed in a field value (§5.5). */
export function isControl(c: number): boolean {
  return (c < 0x20 && c !== HTAB) || c === 0x7f;
}

/** Runs longer than this are left to a native scan (see the *RunEnd functions). */
export const SHORT_RUN = 32;

/*
 * One character class under one greedy quantifier, sticky, with nothing after it: the engine
 * consumes the run at lastIndex and stops. No later part of the pattern can fail, so there is
 * nothing to backtrack into: the cost is linear in the run, and native (several times faster than
 * a JavaScript loop over charCodeAt once a run is long).
 */
const tcharRun = /[-!#$%&'*+.^_`|~0-9A-Za-z]*/y;
const token68Run = /[-._~+/0-9A-Za-z]*/y;
const spaceRun = / */y;

function runEnd(run: RegExp, text: string, from: number, end: number): number {
  run.lastIndex = from;
  run.test(text);
  return Math.min(run.lastIndex, end);
}

/** The end of the run of tchars from `from`, before `end`: for runs too long for a loop. */
export function tcharRunEnd(text: string, from: number, end: number): number {
  return runEnd(tcharRun, text, from, end);
}

/** The end of the run of token68 characters (not "=") from `from`, before `end`. */
export function token68RunEnd(text: string, from: number, end: number): number {
  return runEnd(token68Run, text, from, end);
}

/** The end of the run of SP from `from`, before `end`. */
export function spaceRunEnd(text: string, from: number, end: number): number {
  return runEnd(spaceRun, text, from, end);
}

/**
 * A position in part of one field line: the text, the line's index and the [pos, end) window.
 * Scanning functions advance `pos` and leave what they learnt in the other fields, so the hot path
 * allocates nothing but the values it returns.
 */
export interface Cursor {
  text: string;
  line: number;
  end: number;
  pos: number;
  /** Offset of the first obs-fold stepped over (-1 when none), so the caller can report it once. */
  firstFold: number;
  /** Set by skipOws: whether the whitespace skipped held a HTAB. */
  sawTab: boolean;
  /** Set by scanQuotedString: whether the string held obs-text. */
  nonAscii: boolean;
  /** Set by scanQuotedString: what was wrong inside the string, or null. */
  issues: QuotedStringIssue[] | null;
}

/** Trouble met inside a quoted-string, with the offset where it starts. */
export interface QuotedStringIssue {
  kind: 'unterminated' | 'control-character' | 'invalid-quoted-pair';
  offset: number;
}

/**
 * obs-fold = OWS CRLF RWS (RFC 9112 §5.2): returns the length of CRLF plus the whitespace after
 * it when one starts at `i`, else 0. A recipient replaces it with SP.
 */
export function foldLength(text: string, i: number, end: number): number {
  if (i + 2 >= end || text.charCodeAt(i) !== CR || text.charCodeAt(i + 1) !== LF) return 0;
  let j = i + 2;
  while (j < end && isBlank(text.charCodeAt(j))) j++;
  return j === i + 2 ? 0 : j - i;
}

function isBlank(c: number): boolean {
  return c === SP || c === HTAB;
}

/** OWS = *( SP / HTAB ), with obs-fold counted as whitespace — §5.6.3. Returns how much was skipped. */
export function skipOws(cursor: Cursor): number {
  const { text, end } = cursor;
  const from = cursor.pos;
  // Most calls find no whitespace at all, or one SP before a visible character.
  if (from >= end || text.charCodeAt(from) > SP) {
    cursor.sawTab = false;
    return 0;
  }
  let i = from;
  let sawTab = false;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === SP) i++;
    else if (c === HTAB) {
      sawTab = true;
      i++;
    } else {
      const fold = c === CR ? foldLength(text, i, end) : 0;
      if (fold === 0) break;
      if (cursor.firstFold < 0) cursor.firstFold = i;
      i += fold;
    }
  }
  cursor.pos = i;
  cursor.sawTab = sawTab;
  return i - from;
}

/** token = 1*tchar — §5.6.2. Returns the end offset; equal to the start when there is no token. */
export function scanToken(cursor: Cursor): number {
  const { text, end } = cursor;
  let i = cursor.pos;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c >= 128 || (classes[c]! & Bit.Tchar) === 0) break;
    i++;
  }
  cursor.pos = i;
  return i;
}

/**
 * token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" — §11.2.
 * Looks ahead without moving the cursor: returns the end of a token68 that is followed only by
 * OWS and then a comma or the end of the window (the only place a token68 may stand), else -1.
 */
export function peekToken68(cursor: Cursor): number {
  const { text, end } = cursor;
  let i = cursor.pos;
  while (i < end && isToken68Char(text.charCodeAt(i))) i++;
  if (i === cursor.pos) return -1;
  while (i < end && text.charCodeAt(i) === EQUALS) i++;
  const tokenEnd = i;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isBlank(c)) i++;
    else {
      const fold = c === CR ? foldLength(text, i, end) : 0;
      if (fold === 0) break;
      i += fold;
    }
  }
  return i === end || text.charCodeAt(i) === COMMA ? tokenEnd : -1;
}

/**
 * A plain quoted-string at lastIndex: DQUOTE, then HTAB, SP or VCHAR other than DQUOTE and
 * backslash, then DQUOTE. The class and the closing quote are disjoint, so when the run is not
 * closed the engine steps back through it once, each step failing at once: at most two looks per
 * character, and one native call does what indexOf and a check of the value would do in two.
 */
const plainQuotedString = /"[\t\x20\x21\x23-\x5b\x5d-\x7e]*"/y;

/**
 * The value of the quoted-string opened at `open` when it is plain: closed before `end`, and
 * printable ASCII or HTAB without a backslash before that, so that the text between the quotes
 * is the value and raises nothing. Else null. The closing quote is at open + 1 + value.length.
 */
export function plainQuotedValue(text: string, open: number, end: number): string | null {
  plainQuotedString.lastIndex = open;
  if (!plainQuotedString.test(text)) return null;
  const close = plainQuotedString.lastIndex - 1;
  return close < end ? text.slice(open + 1, close) : null;
}

/**
 * quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE; quoted-pair = "\" ( HTAB / SP / VCHAR /
 * obs-text ) — §5.6.4. The cursor stands on the opening DQUOTE; the unescaped value is returned.
 * obs-text is kept undecoded; an obs-fold inside becomes one SP (RFC 9112 §5.2). An unterminated
 * string runs to the end of the window, which is how browsers recover it too.
 */
export function scanQuotedString(cursor: Cursor): string {
  const { text, end } = cursor;
  const open = cursor.pos;
  // Fast path for the common case, a closing quote and only printable ASCII before it. When it
  // fails, the general loop starts afresh: no character is looked at more than three times.
  const value = plainQuotedValue(text, open, end);
  if (value !== null) {
    cursor.pos = open + value.length + 2;
    cursor.nonAscii = false;
    cursor.issues = null;
    return value;
  }
  return scanQuotedRest(cursor, open);
}

const ROPE_CHUNK = 1024;

/**
 * The general case of scanQuotedString (escapes, folds, controls, obs-text, no closing quote), for
 * a caller that already knows the fast path does not apply. The cursor stands on the DQUOTE.
 */
export function scanQuotedRest(cursor: Cursor, open: number = cursor.pos): string {
  const { text, end } = cursor;
  let issues: QuotedStringIssue[] | null = null;
  let nonAscii = false;
  let chunkStart = open + 1;
  // The unescaped value is built by concatenation, a rope in V8. A hostile megabyte of escapes
  // would make it half a million nodes, all alive until the end: so every ROPE_CHUNK pieces the
  // recent rope is flattened (reading a character does that) and appended to `done` whole.
  let done = '';
  let value = '';
  let pieces = 0;
  let i = open + 1;
  for (;;) {
    // The common case: printable ASCII other than DQUOTE and backslash.
    let c = 0;
    while (i < end) {
      c = text.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === DQUOTE || c === BACKSLASH) break;
      i++;
    }
    if (i >= end) break;
    if (c === DQUOTE) {
      cursor.pos = i + 1;
      cursor.nonAscii = nonAscii;
      cursor.issues = issues;
      return chunkStart === open + 1
        ? text.slice(chunkStart, i)
        : done + value + text.slice(chunkStart, i);
    }
    if (c === BACKSLASH) {
      if (i + 1 >= end) {
        value += text.slice(chunkStart, i); // a dangling backslash escapes nothing
        chunkStart = end;
        break;
      }
      const escaped = text.charCodeAt(i + 1);
      if (!isQuotedPairChar(escaped))
        (issues ??= []).push({ kind: 'invalid-quoted-pair', offset: i });
      if (escaped >= 128) nonAscii = true;
      value += text.slice(chunkStart, i);
      chunkStart = i + 1;
      i += 2;
      if (++pieces === ROPE_CHUNK) {
        value.charCodeAt(0);
        done += value;
        value = '';
        pieces = 0;
      }
      continue;
    }
    if (c >= 128) nonAscii = true;
    else if (c === CR) {
      const fold = foldLength(text, i, end);
      if (fold > 0) {
        if (cursor.firstFold < 0) cursor.firstFold = i;
        value += text.slice(chunkStart, i) + ' ';
        i += fold;
        chunkStart = i;
        if (++pieces === ROPE_CHUNK) {
          value.charCodeAt(0);
          done += value;
          value = '';
          pieces = 0;
        }
        continue;
      }
      (issues ??= []).push({ kind: 'control-character', offset: i });
    } else if (!isQdtext(c)) (issues ??= []).push({ kind: 'control-character', offset: i });
    i++;
  }
  (issues ??= []).push({ kind: 'unterminated', offset: open });
  cursor.pos = end;
  cursor.nonAscii = nonAscii;
  cursor.issues = issues;
  return done + value + text.slice(chunkStart, end);
}

/**
 * Skips the rest of a malformed list element: up to the next comma outside a quoted-string, or the
 * end of the window. Used for recovery, so it never reports anything itself.
 */
export function skipToComma(cursor: Cursor): void {
  const { text, end } = cursor;
  let inQuotes = false;
  let i = cursor.pos;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (inQuotes) {
      if (c === BACKSLASH) i++;
      else if (c === DQUOTE) inQuotes = false;
    } else if (c === DQUOTE) inQuotes = true;
    else if (c === COMMA) break;
    i++;
  }
  cursor.pos = Math.min(i, end);
}

/**
 * Splits a field line at bare line breaks: any CR, LF or CRLF that is not an obs-fold. Such a break
 * is never valid inside a field value (§5.5); we recover by treating it as a field line boundary,
 * which is also how Firefox joins repeated header lines. Returns [start, end) windows and the
 * offsets of the breaks.
 */
export function splitAtLineBreaks(text: string): {
  windows: Array<[number, number]>;
  breaks: number[];
} {
  const windows: Array<[number, number]> = [];
  const breaks: number[] = [];
  let start = 0;
  let i = text.indexOf('\r') === -1 && text.indexOf('\n') === -1 ? text.length : 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === CR || c === LF) {
      const fold = c === CR ? foldLength(text, i, text.length) : 0;
      if (fold > 0) {
        i += fold;
        continue;
      }
      windows.push([start, i]);
      breaks.push(i);
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      start = i;
      continue;
    }
    i++;
  }
  windows.push([start, text.length]);
  return { windows, breaks };
}

// The fast path of parseChallenges: a field line of well-formed challenges, read in one pass with
// the position in a local. It must give exactly what the general parser (parse.ts) gives; the
// property test "the fast path for well-formed lines › gives exactly what the general parser
// gives, on any input" (parse.property.test.ts) guards that, comparing parseChallenges with and
// without `generalOnly` on generated and spliced inputs.
//
// The subset it reads: a scheme; then SPs and a token68, or name=value parameters whose values are
// tokens or quoted strings; challenges separated by OWS "," OWS. Nothing in it is reported but
// several challenges on one line, which the caller does. At the first thing outside the subset
// (anything the general parser would report, a tab, an empty element, a parameter continuing an
// earlier line…) it drops what it built and says so, and the general parser reads the line from
// the start: a line is read at most twice, so parsing stays linear.
import { NameIndex, paramEquals } from './param-names.ts';
import {
  COMMA,
  DQUOTE,
  EQUALS,
  isTchar,
  plainQuotedValue,
  scanQuotedRest,
  SHORT_RUN,
  SP,
  spaceRunEnd,
  tcharRunEnd,
  token68RunEnd,
  TCHAR_BIT,
  TOKEN68_BIT,
  TOKEN_CLASS,
  type Cursor,
} from './scanner.ts';
import type { AuthParam, Challenge } from './types.ts';

/** How far a challenge has got: which of its parts may still follow. */
export const enum Mode {
  /** Scheme alone, no SP after it: only the next challenge may follow. */
  Bare,
  /** Scheme and 1*SP: a token68 or auth-params may follow. */
  Spaced,
  Token68,
  Params,
}

/** What WellFormedLineReader.read returns when the line is not for it. */
export const NOT_WELL_FORMED = -1;

/** Up to this many parameters live in the scratch list; more move to a list of their own. */
const SMALL_LIST = 16;

/** How far a quoted string with escapes is followed before the line is left to the general parser. */
const FAST_QUOTED_LIMIT = 64;

/** Where WellFormedLineReader.read puts the challenges it reads: the parse it serves. */
export interface ChallengeSink {
  challengeCount(): number;
  addChallenge(challenge: Challenge): void;
  /** Removes the challenges from index `count` on. */
  dropChallengesFrom(count: number): void;
}

/**
 * Reads field lines of well-formed challenges for one parser, which owns it (and pools it with
 * itself): a parse never lends it to another. Its one entry point is read().
 *
 * The parameters of the challenge being read gather in `scratch`, of which the first SMALL_LIST
 * slots are overwritten by the next challenge rather than emptied (setting its length gives back
 * its storage, which the next store must allocate again); the challenge gets an exact copy.
 * Beyond SMALL_LIST they move to a list of the challenge's own (`spill`): a long-lived list that
 * grew to hold a hostile megabyte of fresh objects would be copied at the end, and would make the
 * garbage collector track every one of them. Between parses the slots still point at the last
 * parse's parameters, which its result holds anyway.
 */
export class WellFormedLineReader {
  private readonly scratch: AuthParam[] = [];
  /** How many parameters of the current challenge are in `scratch` or `spill`. */
  private pending = 0;
  /** All of them once there are more than SMALL_LIST, else null. */
  private spill: AuthParam[] | null = null;
  /** Finds a repeated name among them. */
  private readonly names = new NameIndex();

  /**
   * Reads one field line of well-formed challenges, adding each challenge to `host` once it is
   * complete. Returns the Mode of the last challenge read, or NOT_WELL_FORMED, having then removed
   * what it added. `host` also lends its cursor fields (pos, end and the flags scanQuotedRest
   * sets) for quoted strings with escapes.
   */
  read(text: string, line: number, host: ChallengeSink & Cursor): Mode | typeof NOT_WELL_FORMED {
    const end = text.length;
    const before = host.challengeCount();
    this.reset();
    let i = skipSpaces(text, 0, end);
    // The challenge being read: scheme, token68 (-1 when none) and where it ends so far. Its
    // parameters gather in `scratch`.
    let schemeStart = -1;
    let schemeEnd = -1;
    let token68Start = -1;
    let token68End = -1;
    let spanEnd = -1;
    let mode = Mode.Bare;
    let done = false;
    while (i < end) {
      const nameStart = i;
      // The tchar loops of this function are written out: it is past V8's inlining budget, and
      // they run for every name and scheme. Runs longer than SHORT_RUN go to the native scanner.
      let stop = end - i > SHORT_RUN ? i + SHORT_RUN : end;
      while (i < stop) {
        const c = text.charCodeAt(i);
        if (c > 127 || (TOKEN_CLASS[c]! & TCHAR_BIT) === 0) break;
        i++;
      }
      if (i === stop && i < end) i = tcharRunEnd(text, i, end);
      const nameEnd = i;
      if (nameEnd === nameStart) break;
      i = skipSpaces(text, i, end);
      const next = i < end ? text.charCodeAt(i) : -1;
      if (next === EQUALS) {
        // One more parameter of the challenge being read (anything else gets a diagnostic).
        if (mode !== Mode.Params || i !== nameEnd) break;
        i = this.param(text, line, nameStart, nameEnd, i + 1, host);
        if (i < 0) break;
        spanEnd = i;
      } else {
        // A new challenge; the one before it is complete.
        if (schemeStart >= 0) {
          host.addChallenge(
            this.challenge(text, line, schemeStart, schemeEnd, token68Start, token68End, spanEnd),
          );
        }
        schemeStart = nameStart;
        schemeEnd = nameEnd;
        spanEnd = nameEnd;
        token68Start = -1;
        mode = Mode.Bare;
        if (next !== -1 && next !== COMMA) {
          if (i === nameEnd) break;
          // token68 / #auth-param. A parameter name (tchars, then "=") is the common case; a
          // token68 shares the alphabet but for "/" and a few tchars, may end in "=" padding, and
          // stands alone before OWS and a comma or the end.
          const dataStart = i;
          stop = end - i > SHORT_RUN ? i + SHORT_RUN : end;
          while (i < stop) {
            const c = text.charCodeAt(i);
            if (c > 127 || (TOKEN_CLASS[c]! & TCHAR_BIT) === 0) break;
            i++;
          }
          if (i === stop && i < end) i = tcharRunEnd(text, i, end);
          let token68 = -1;
          if (i < end && text.charCodeAt(i) === EQUALS) {
            // "name=", unless only padding, OWS and then a comma or the end follow.
            let j = i + 1;
            while (j < end && text.charCodeAt(j) === EQUALS) j++;
            const k = skipSpaces(text, j, end);
            if (
              i > dataStart &&
              (k === end || text.charCodeAt(k) === COMMA) &&
              isToken68Run(text, dataStart, i)
            ) {
              token68 = j;
              i = k;
            }
          } else {
            // Not a name: a token68 (with "/", or unpadded), or something the general parser reports.
            let j = runEnd(text, dataStart, end, TOKEN68_BIT);
            if (j === dataStart) break;
            while (j < end && text.charCodeAt(j) === EQUALS) j++;
            const k = skipSpaces(text, j, end);
            if (k !== end && text.charCodeAt(k) !== COMMA) break;
            token68 = j;
            i = k;
          }
          if (token68 >= 0) {
            token68Start = dataStart;
            token68End = token68;
            spanEnd = token68;
            mode = Mode.Token68;
          } else {
            if (i === dataStart) break;
            i = this.param(text, line, dataStart, i, i + 1, host);
            if (i < 0) break;
            spanEnd = i;
            mode = Mode.Params;
          }
        }
      }
      // Between elements: OWS "," OWS, and no empty element.
      i = skipSpaces(text, i, end);
      if (i === end) {
        done = true;
        break;
      }
      if (text.charCodeAt(i) !== COMMA) break;
      i = skipSpaces(text, i + 1, end);
      if (i === end || text.charCodeAt(i) === COMMA) break;
    }
    if (!done) {
      host.dropChallengesFrom(before);
      this.reset();
      return NOT_WELL_FORMED;
    }
    host.addChallenge(
      this.challenge(text, line, schemeStart, schemeEnd, token68Start, token68End, spanEnd),
    );
    return mode;
  }

  /** Forgets the challenge being read. */
  reset(): void {
    this.pending = 0;
    this.spill = null;
    this.names.reset();
  }

  /** A challenge read by read(), with the parameters gathered in `scratch`. */
  private challenge(
    text: string,
    line: number,
    schemeStart: number,
    schemeEnd: number,
    token68Start: number,
    token68End: number,
    spanEnd: number,
  ): Challenge {
    const hasToken68 = token68Start >= 0;
    const count = this.pending;
    const scratch = this.scratch;
    const challenge: Challenge = {
      scheme: text.slice(schemeStart, schemeEnd),
      token68: hasToken68 ? text.slice(token68Start, token68End) : null,
      // An exact copy: a list grown by push would carry unused capacity in every challenge.
      params:
        count === 0
          ? []
          : count === 1
            ? [scratch[0]!]
            : count === 2
              ? [scratch[0]!, scratch[1]!]
              : (this.spill ?? scratch.slice(0, count)),
      line,
      start: schemeStart,
      endLine: line,
      end: spanEnd,
      token68Start: hasToken68 ? token68Start : null,
    };
    this.reset();
    return challenge;
  }

  /**
   * auth-param = token "=" ( token / quoted-string ), with no BWS and no realm as a token (both
   * reported by the general parser): the value from `valueStart` just after "=". Adds the
   * parameter to `scratch` and returns the offset after it, or -1 for anything the general parser
   * would report.
   */
  private param(
    text: string,
    line: number,
    nameStart: number,
    nameEnd: number,
    valueStart: number,
    cursor: Cursor,
  ): number {
    const end = text.length;
    const c = valueStart < end ? text.charCodeAt(valueStart) : -1;
    let value: string;
    let valueEnd: number;
    let quoted: boolean;
    if (c === DQUOTE) {
      const plain = plainQuotedValue(text, valueStart, end);
      if (plain !== null) {
        value = plain;
        valueEnd = valueStart + plain.length + 2;
      } else {
        // Escapes: the general scanner, within a short window so that an unterminated string
        // costs little before the general parser reads it again.
        cursor.pos = valueStart;
        cursor.end = Math.min(end, valueStart + FAST_QUOTED_LIMIT);
        value = scanQuotedRest(cursor);
        if (cursor.issues !== null || cursor.nonAscii || cursor.firstFold >= 0) return -1;
        valueEnd = cursor.pos;
      }
      quoted = true;
    } else if (c >= 0 && isTchar(c)) {
      valueEnd = runEnd(text, valueStart + 1, end, TCHAR_BIT);
      value = text.slice(valueStart, valueEnd);
      quoted = false;
    } else return -1;
    const name = text.slice(nameStart, nameEnd);
    if (!quoted && name.length === 5 && paramEquals(name, 'realm')) return -1;
    const count = this.pending;
    const pending = this.spill ?? this.scratch;
    // A repeated name is reported (§11.2).
    if (this.names.repeats(pending, count, name)) return -1;
    const param: AuthParam = {
      name,
      value,
      quoted,
      line,
      start: nameStart,
      valueStart,
      end: valueEnd,
    };
    if (count < SMALL_LIST) this.scratch[count] = param;
    else (this.spill ??= this.scratch.slice(0, SMALL_LIST)).push(param);
    this.pending = count + 1;
    return valueEnd;
  }
}

/**
 * The end of the run of characters of one class (TCHAR_BIT or TOKEN68_BIT) from `i`: a short run
 * in a loop that indexes the class table directly, a longer one by the native scanner.
 */
function runEnd(text: string, i: number, end: number, bit: number): number {
  const stop = end - i > SHORT_RUN ? i + SHORT_RUN : end;
  while (i < stop) {
    const c = text.charCodeAt(i);
    if (c > 127 || (TOKEN_CLASS[c]! & bit) === 0) return i;
    i++;
  }
  if (i === end) return i;
  return bit === TCHAR_BIT ? tcharRunEnd(text, i, end) : token68RunEnd(text, i, end);
}

/** Whether text[from, to) is all token68 characters. */
function isToken68Run(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c > 127 || (TOKEN_CLASS[c]! & TOKEN68_BIT) === 0) return false;
  }
  return true;
}

/** The offset after the SPs from `i`: usually none or one, so only longer runs leave the loop. */
function skipSpaces(text: string, i: number, end: number): number {
  if (i >= end || text.charCodeAt(i) !== SP) return i;
  i++;
  if (i >= end || text.charCodeAt(i) !== SP) return i;
  return spaceRunEnd(text, i, end);
}

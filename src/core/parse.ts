// Field lines → challenges (WWW-Authenticate, Proxy-Authenticate) or auth-params
// (Authentication-Info), with grammar diagnostics at their line and offset.
// Pure; never throws; linear in the input length: each character is looked at a bounded number of
// times, and recovery always resumes after the point where it started. The module keeps a parser
// and a scratch list between calls to save allocations; results never share them.
import { codes as codeInfo, diagnostic, type Code } from './codes.ts';
import { paramSpanOf, schemeSpanOf, valueSpanOf } from './spans.ts';
import {
  COMMA,
  DQUOTE,
  EQUALS,
  isControl,
  plainQuotedValue,
  isTchar,
  peekToken68,
  scanQuotedRest,
  scanQuotedString,
  scanToken,
  skipOws,
  SHORT_RUN,
  SP,
  skipToComma,
  spaceRunEnd,
  splitAtLineBreaks,
  tcharRunEnd,
  token68RunEnd,
  TCHAR_BIT,
  TOKEN68_BIT,
  TOKEN_CLASS,
  type Cursor,
  type QuotedStringIssue,
} from './scanner.ts';
import type {
  AuthParam,
  AuthParamParse,
  Challenge,
  ChallengeParse,
  Diagnostic,
  Severity,
  Span,
} from './types.ts';

export interface ParseOptions {
  /**
   * What a bare CR or LF inside a line means. 'error' (the default) reports it, because a field
   * value cannot contain one (RFC 9110 §5.5); 'separate' takes it as a boundary between field
   * lines, for sources that join repeated header lines with "\n" (Firefox's webRequest).
   */
  lineBreaks?: 'error' | 'separate';
  /**
   * Read every line with the general parser, skipping the one-pass fast path for well-formed
   * lines. The output is the same either way; tests compare the two to keep it so.
   */
  generalOnly?: boolean;
}

/** Field lines as received: one string per header line, or one string for the whole field. */
export type FieldLines = string | readonly string[];

/**
 * WWW-Authenticate = #challenge; Proxy-Authenticate = #challenge — RFC 9110 §11.6.1, §11.7.1.
 * challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ] — §11.3.
 * Several field lines are one list, as if joined with ", " (§5.3).
 */
export function parseChallenges(
  fieldLines: FieldLines,
  options: ParseOptions = defaultOptions,
): ChallengeParse {
  const parser = takeParser('challenges', options);
  parser.parse(fieldLines);
  const result: ChallengeParse = {
    challenges: parser.challenges === noChallenges ? [] : parser.challenges,
    diagnostics: parser.finish(),
  };
  releaseParser(parser);
  return result;
}

/** Authentication-Info = #auth-param; Proxy-Authentication-Info likewise — RFC 9110 §11.6.3, §11.7.3. */
export function parseAuthenticationInfo(
  fieldLines: FieldLines,
  options: ParseOptions = defaultOptions,
): AuthParamParse {
  const parser = takeParser('params', options);
  parser.parse(fieldLines);
  const result: AuthParamParse = { params: parser.params, diagnostics: parser.finish() };
  releaseParser(parser);
  return result;
}

const defaultOptions: ParseOptions = {};

/** How far a challenge has got: which of its parts may still follow. */
const enum Mode {
  /** Scheme alone, no SP after it: only the next challenge may follow. */
  Bare,
  /** Scheme and 1*SP: a token68 or auth-params may follow. */
  Spaced,
  Token68,
  Params,
}

/** At most this many diagnostics of one code are listed; the rest are counted in one summary. */
const MAX_PER_CODE = 100;

/** Below this many parameters a linear scan finds duplicates faster than a Set. */
const SMALL_LIST = 16;

/** How far parseLineFast follows a quoted string with escapes before leaving it to parseWindow. */
const FAST_QUOTED_LIMIT = 64;

/**
 * The first SMALL_LIST parameters of the challenge parseLineFast is reading, in
 * [0, ListParser.pending); the challenge gets an exact copy. No other code runs while a line is
 * read, so one list serves every parse; it is overwritten rather than emptied (setting its length
 * gives back its storage, which the next store must allocate again). Beyond SMALL_LIST the
 * parameters move to a list of the challenge's own (ListParser.spill): a long-lived list that
 * grew to hold a hostile megabyte of fresh objects would be copied at the end, and would make the
 * garbage collector track every one of them.
 */
const scratch: AuthParam[] = [];

/**
 * The parser between parses. Setting up a parser costs more than a short parse, so one is reused;
 * it is taken (null) while in use, and a parse re-entered from a hostile array's getter gets a new
 * one. Released, it holds nothing of the parse.
 */
let idleParser: ListParser | null = null;

function takeParser(kind: 'challenges' | 'params', options: ParseOptions): ListParser {
  const parser = idleParser ?? new ListParser();
  idleParser = null;
  parser.begin(kind, options);
  return parser;
}

function releaseParser(parser: ListParser): void {
  parser.clear();
  idleParser = parser;
}

/**
 * Placeholders for lists a parse has not needed yet, and of a released parser; never handed out
 * nor added to. The first item makes a list of one (most parses keep one challenge and no
 * diagnostic): a list grown by push from empty would reserve room for sixteen.
 */
const noChallenges: Challenge[] = [];
const noParams: AuthParam[] = [];
const noDiagnostics: Diagnostic[] = [];

/**
 * One parse at a time. It is its own cursor, so scanning allocates nothing per character; a class
 * rather than closures so that nothing is allocated per call but the results.
 */
class ListParser implements Cursor {
  text = '';
  line = 0;
  end = 0;
  pos = 0;
  firstFold = -1;
  sawTab = false;
  nonAscii = false;
  issues: QuotedStringIssue[] | null = null;

  challenges = noChallenges;
  params = noParams;
  private diagnostics = noDiagnostics;
  /**
   * How many diagnostics of each code were met, in order of first appearance: the first code
   * inline, any others in two short lists (most parses meet none or one, and few codes in all).
   */
  private firstCode: Code | null = null;
  private firstCount = 0;
  private moreCodes: Code[] | null = null;
  private moreCounts: number[] | null = null;
  private errors = 0;
  private current: Challenge | null = null;
  private mode = Mode.Bare;
  /** The field line on which the current challenge was last seen, to report continuations once. */
  private currentLine = 0;
  /** Lower-cased names of the current challenge's parameters, once there are many. */
  private names: Set<string> | null = null;
  /** How many parameters of the challenge parseLineFast is reading are in `scratch` or `spill`. */
  private pending = 0;
  /** All of them once there are more than SMALL_LIST, else null. */
  private spill: AuthParam[] | null = null;
  /** Their name lengths, one bit per length mod 32. */
  private pendingLengths = 0;
  /** Their names by hash, once there are many (see pendingDuplicate). */
  private nameTable: Int32Array | null = null;

  private kind: 'challenges' | 'params' = 'challenges';
  private options: ParseOptions = defaultOptions;

  /** Sets up a parse: every field a parse may change starts afresh. */
  begin(kind: 'challenges' | 'params', options: ParseOptions): void {
    this.kind = kind;
    this.options = options;
    this.text = '';
    this.line = 0;
    this.end = 0;
    this.pos = 0;
    this.firstFold = -1;
    this.sawTab = false;
    this.nonAscii = false;
    this.issues = null;
    this.challenges = noChallenges;
    this.params = kind === 'params' ? [] : noParams;
    this.diagnostics = noDiagnostics;
    this.firstCode = null;
    this.firstCount = 0;
    this.moreCodes = null;
    this.moreCounts = null;
    this.errors = 0;
    this.current = null;
    this.mode = Mode.Bare;
    this.currentLine = 0;
    this.names = null;
    this.pending = 0;
    this.spill = null;
    this.pendingLengths = 0;
    this.nameTable = null;
  }

  /** Lets go of the parse: its input and results. */
  clear(): void {
    this.text = '';
    this.options = defaultOptions;
    this.issues = null;
    this.challenges = noChallenges;
    this.params = noParams;
    this.diagnostics = noDiagnostics;
    this.moreCodes = null;
    this.moreCounts = null;
    this.current = null;
    this.names = null;
    this.spill = null;
    this.nameTable = null;
  }

  parse(fieldLines: FieldLines): void {
    try {
      this.parseLines(fieldLines);
    } catch {
      // Unreachable for strings and arrays; a hostile array-like (a throwing getter) ends up here.
      this.report('invalid-input', 'The field lines could not be read.', null);
    }
  }

  private parseLines(fieldLines: FieldLines): void {
    if (typeof fieldLines === 'string') {
      this.parseLine(fieldLines, 0, true);
    } else if (Array.isArray(fieldLines)) {
      const lines: readonly unknown[] = fieldLines;
      for (let line = 0; line < lines.length; line++) {
        const text = lines[line];
        if (typeof text === 'string') this.parseLine(text, line, lines.length === 1);
        else
          this.report(
            'invalid-input',
            `Field line ${line} is not a string; it was ignored.`,
            null,
            { line },
          );
      }
      if (lines.length === 0) return;
    } else {
      this.report('invalid-input', 'Expected a string or an array of strings.', null);
      return;
    }
    if (this.kind === 'challenges' && this.challenges.length === 0 && this.errors === 0) {
      this.report('empty-challenge-list', 'The field is present but carries no challenge.', null);
    }
  }

  private parseLine(text: string, line: number, isOnlyLine: boolean): void {
    this.text = text;
    this.line = line;
    this.firstFold = -1;
    // A line the fast path reads has no line break, fold or anything else to report.
    if (this.kind === 'challenges' && !this.options.generalOnly && this.parseLineFast(text, line)) {
      return;
    }
    this.firstFold = -1;
    if (text.indexOf('\r') === -1 && text.indexOf('\n') === -1) {
      this.parseWindow(0, text.length, isOnlyLine);
    } else {
      const { windows, breaks } = splitAtLineBreaks(text);
      if (this.options.lineBreaks !== 'separate') {
        for (const at of breaks) {
          this.report(
            'invalid-line-break',
            'A field value cannot contain CR or LF; the text after it was read as a new field line.',
            span(line, at, at + 1),
          );
        }
      }
      for (const [start, end] of windows)
        this.parseWindow(start, end, isOnlyLine && windows.length === 1);
    }
    if (this.firstFold >= 0) {
      this.report(
        'obs-fold',
        'Obsolete line folding (CRLF followed by whitespace) was read as a space; senders must not fold lines.',
        span(line, this.firstFold, this.firstFold + 2),
      );
    }
  }

  /**
   * The common case, read in one pass with the position in a local: a line of well-formed
   * challenges (a scheme; then SPs and a token68, or name=value parameters whose values are tokens
   * or quoted strings) with nothing to report but several challenges on one line. It yields
   * exactly what parseWindow would, building each challenge once it is complete. At the first
   * thing outside that subset (anything parseWindow would report, a tab, a parameter continuing an
   * earlier line…) it drops what it built and returns false, and parseWindow reads the line from
   * the start: a line is read at most twice, so linearity holds.
   */
  private parseLineFast(text: string, line: number): boolean {
    const end = text.length;
    const before = this.challenges.length;
    this.pending = 0;
    this.spill = null;
    this.pendingLengths = 0;
    this.nameTable = null;
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
        i = this.fastParam(text, line, nameStart, nameEnd, i + 1);
        if (i < 0) break;
        spanEnd = i;
      } else {
        // A new challenge; the one before it is complete.
        if (schemeStart >= 0)
          this.fastChallenge(text, line, schemeStart, schemeEnd, token68Start, token68End, spanEnd);
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
            // Not a name: a token68 (with "/", or unpadded), or something parseWindow reports.
            let j = dataStart;
            stop = end - j > SHORT_RUN ? j + SHORT_RUN : end;
            while (j < stop) {
              const c = text.charCodeAt(j);
              if (c > 127 || (TOKEN_CLASS[c]! & TOKEN68_BIT) === 0) break;
              j++;
            }
            if (j === stop && j < end) j = token68RunEnd(text, j, end);
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
            i = this.fastParam(text, line, dataStart, i, i + 1);
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
      // Setting a length costs a runtime call even when nothing changes.
      if (this.challenges.length !== before) this.challenges.length = before;
      this.spill = null;
      return false;
    }
    const last = this.fastChallenge(
      text,
      line,
      schemeStart,
      schemeEnd,
      token68Start,
      token68End,
      spanEnd,
    );
    if (this.challenges.length - before >= 2) {
      const index = before + 1;
      this.report(
        'multiple-challenges-one-line',
        'This field line carries several challenges. That is valid, but some clients only read one challenge per line; one line per challenge is safer.',
        schemeSpanOf(this.challenges[index]!),
        { challenge: index },
      );
    }
    this.current = last;
    this.mode = mode;
    this.currentLine = line;
    this.names = null; // isDuplicate's Set belongs to the current challenge
    return true;
  }

  /** A challenge read by parseLineFast, with the parameters gathered in `scratch`. */
  private fastChallenge(
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
    this.pending = 0;
    this.spill = null;
    this.pendingLengths = 0;
    this.nameTable = null;
    this.addChallenge(challenge);
    return challenge;
  }

  private addChallenge(challenge: Challenge): void {
    if (this.challenges === noChallenges) this.challenges = [challenge];
    else this.challenges.push(challenge);
  }

  private addDiagnostic(diagnostic: Diagnostic): void {
    if (this.diagnostics === noDiagnostics) this.diagnostics = [diagnostic];
    else this.diagnostics.push(diagnostic);
  }

  /**
   * The value of a parameter in parseLineFast, from `valueStart` just after "=": a token or a
   * quoted string, added to `scratch`. Returns the offset after it, or -1 for anything that
   * parseWindow would report.
   */
  private fastParam(
    text: string,
    line: number,
    nameStart: number,
    nameEnd: number,
    valueStart: number,
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
        // costs little before parseWindow reads it again.
        this.pos = valueStart;
        this.end = Math.min(end, valueStart + FAST_QUOTED_LIMIT);
        value = scanQuotedRest(this);
        if (this.issues !== null || this.nonAscii || this.firstFold >= 0) return -1;
        valueEnd = this.pos;
      }
      quoted = true;
    } else if (c >= 0 && isTchar(c)) {
      valueEnd = valueStart + 1;
      const stop = end - valueEnd > SHORT_RUN ? valueEnd + SHORT_RUN : end;
      while (valueEnd < stop) {
        const c = text.charCodeAt(valueEnd);
        if (c > 127 || (TOKEN_CLASS[c]! & TCHAR_BIT) === 0) break;
        valueEnd++;
      }
      if (valueEnd === stop && valueEnd < end) valueEnd = tcharRunEnd(text, valueEnd, end);
      value = text.slice(valueStart, valueEnd);
      quoted = false;
    } else return -1;
    const name = text.slice(nameStart, nameEnd);
    if (!quoted && name.length === 5 && sameName(name, 'realm')) return -1;
    // A duplicate is reported (§11.2): a short list is scanned, a long one gets a hash table.
    const count = this.pending;
    const lengthBit = 1 << (name.length & 31);
    if (count < SMALL_LIST) {
      // Names of other lengths cannot match: a bit per length (mod 32) spares most comparisons.
      if ((this.pendingLengths & lengthBit) !== 0) {
        for (let k = 0; k < count; k++) {
          const other = scratch[k]!.name;
          if (other.length === name.length && sameName(other, name)) return -1;
        }
      }
      this.pendingLengths |= lengthBit;
    } else if (this.pendingDuplicate(name, count)) return -1;
    const param: AuthParam = {
      name,
      value,
      quoted,
      line,
      start: nameStart,
      valueStart,
      end: valueEnd,
    };
    if (count < SMALL_LIST) scratch[count] = param;
    else (this.spill ??= scratch.slice(0, SMALL_LIST)).push(param);
    this.pending = count + 1;
    return valueEnd;
  }

  /**
   * Whether `name` matches one of the `count` (≥ SMALL_LIST) pending names, case-insensitively; if
   * not it is entered as number `count`. An open-addressing table of their indices keyed by a
   * case-folded hash, in a typed array: no strings are lower-cased and nothing is left for the
   * garbage collector, which matters when a hostile challenge carries a hundred thousand names.
   */
  private pendingDuplicate(name: string, count: number): boolean {
    const pending = this.spill ?? scratch;
    let table = this.nameTable;
    if (table === null || table.length < 2 * (count + 1)) {
      // At most half full; grown by doubling, so entering names again costs linear time in all.
      let size = 4 * SMALL_LIST;
      while (size < 4 * (count + 1)) size *= 2;
      table = this.nameTable = new Int32Array(size);
      for (let k = 0; k < count; k++) enter(table, pending[k]!.name, k);
    }
    const mask = table.length - 1;
    let slot = foldedHash(name) & mask;
    for (let entry = table[slot]!; entry !== 0; entry = table[slot]!) {
      const other = pending[entry - 1]!.name;
      if (other.length === name.length && sameName(other, name)) return true;
      slot = (slot + 1) & mask;
    }
    table[slot] = count + 1;
    return false;
  }

  /** One stretch of a field line between line breaks: a comma-separated list of elements. */
  private parseWindow(start: number, end: number, isWholeField: boolean): void {
    this.pos = start;
    this.end = end;
    let challengesHere = 0;
    let lastComma = -1;
    let elementSeen = false;
    skipOws(this);
    if (this.pos >= end) {
      if (!isWholeField) this.emptyElement(this.pos);
      return;
    }
    while (this.pos < end) {
      const c = this.text.charCodeAt(this.pos);
      if (c === COMMA) {
        lastComma = this.skipCommas(lastComma >= 0 || !elementSeen);
        continue;
      }
      lastComma = -1;
      elementSeen = true;
      const before = this.challenges.length;
      this.parseElement();
      if (this.challenges.length > before && ++challengesHere === 2) {
        const index = this.challenges.length - 1;
        this.report(
          'multiple-challenges-one-line',
          'This field line carries several challenges. That is valid, but some clients only read one challenge per line; one line per challenge is safer.',
          schemeSpanOf(this.challenges[index]!),
          { challenge: index },
        );
      }
      skipOws(this);
      if (this.pos >= end) break;
      const next = this.text.charCodeAt(this.pos);
      if (next === COMMA) continue;
      if (isControl(next) || next >= 0x80) {
        this.unexpected('","');
        skipToComma(this);
        continue;
      }
      this.report(
        'expected-comma',
        `Expected "," before ${quoteChar(this.text, this.pos)}; list elements are separated by commas.`,
        span(this.line, this.pos, this.pos + 1),
      );
      // A missing comma is the likely slip when a new element follows; resume there.
      if (!isTchar(next)) skipToComma(this);
    }
  }

  /**
   * A run of commas and OWS, the cursor on its first comma: each comma that follows another (or
   * that `emptyFirst` says follows nothing) closes an empty element, and so does a trailing one.
   * Returns the offset of the last comma. Past MAX_PER_CODE the elements are only counted, in one
   * step, so a megabyte of commas costs a tight loop rather than a diagnostic apiece.
   */
  private skipCommas(emptyFirst: boolean): number {
    const { text, end } = this;
    let listed = this.countOf('empty-list-element');
    let unlisted = 0;
    let comma = this.pos;
    let empty = emptyFirst;
    for (;;) {
      if (empty) {
        if (listed < MAX_PER_CODE) {
          this.emptyElement(comma);
          listed++;
        } else unlisted++;
      }
      this.pos = comma + 1;
      skipOws(this);
      if (this.pos >= end) {
        if (listed < MAX_PER_CODE) this.emptyElement(comma);
        else unlisted++;
        break;
      }
      if (text.charCodeAt(this.pos) !== COMMA) break;
      comma = this.pos;
      empty = true;
    }
    if (unlisted > 0) this.tally('empty-list-element', unlisted);
    return comma;
  }

  private emptyElement(at: number): void {
    this.report(
      'empty-list-element',
      'Empty list element: recipients skip it, but senders must not generate one.',
      span(this.line, at, Math.min(at + 1, this.text.length)),
    );
  }

  /** A list element: a new challenge, or an auth-param of the current one. */
  private parseElement(): void {
    const nameStart = this.pos;
    if (!isTchar(this.text.charCodeAt(nameStart))) {
      this.unexpected(
        this.kind === 'challenges' ? 'a scheme or a parameter name' : 'a parameter name',
      );
      skipToComma(this);
      return;
    }
    const nameEnd = scanToken(this);
    const gap = skipOws(this);
    const sawTab = this.sawTab;
    const next = this.pos < this.end ? this.text.charCodeAt(this.pos) : -1;
    if (next === EQUALS) {
      this.parseParamValue(nameStart, nameEnd, gap > 0);
      return;
    }
    if (this.kind === 'params') {
      this.report(
        'expected-auth-param',
        `Expected "=" and a value after "${this.text.slice(nameStart, nameEnd)}"; this field holds only name=value parameters.`,
        span(this.line, nameStart, nameEnd),
      );
      skipToComma(this);
      return;
    }
    if (next === -1 || next === COMMA) {
      this.openChallenge(
        nameStart,
        nameEnd,
        gap > 0 && !sawTab && next === COMMA ? Mode.Spaced : Mode.Bare,
      );
      return;
    }
    if (gap === 0) {
      this.unexpected('a space after the scheme');
      skipToComma(this);
      return;
    }
    if (sawTab) {
      this.report(
        'tab-after-scheme',
        'Only spaces (SP) may separate the scheme from its token68 or parameters, not tabs.',
        span(this.line, nameEnd, this.pos),
      );
    }
    this.openChallenge(nameStart, nameEnd, Mode.Spaced);
    this.parseChallengeData();
  }

  /** What follows "scheme 1*SP": token68 / #auth-param — the first element decides which. */
  private parseChallengeData(): void {
    const challenge = this.current!;
    const token68End = peekToken68(this);
    if (token68End >= 0) {
      challenge.token68 = this.text.slice(this.pos, token68End);
      challenge.token68Start = this.pos;
      challenge.end = token68End;
      this.mode = Mode.Token68;
      this.pos = token68End;
      return;
    }
    const nameStart = this.pos;
    if (!isTchar(this.text.charCodeAt(nameStart))) {
      this.unexpected('a token68 or a parameter');
      skipToComma(this);
      return;
    }
    const nameEnd = scanToken(this);
    const gap = skipOws(this);
    if (this.pos < this.end && this.text.charCodeAt(this.pos) === EQUALS) {
      this.parseParamValue(nameStart, nameEnd, gap > 0);
      return;
    }
    this.report(
      'invalid-auth-param',
      `Expected "=" after "${this.text.slice(nameStart, nameEnd)}": a token68 cannot contain spaces, and a parameter needs "=" and a value.`,
      span(this.line, nameStart, Math.max(nameEnd, Math.min(this.pos + 1, this.end))),
    );
    skipToComma(this);
  }

  /** auth-param = token BWS "=" BWS ( token / quoted-string ) — §11.2. The cursor is on "=". */
  private parseParamValue(nameStart: number, nameEnd: number, spaceBefore: boolean): void {
    const { text, line } = this;
    const equals = this.pos++;
    const spaceAfter = skipOws(this) > 0;
    const valueStart = this.pos;
    const c = valueStart < this.end ? text.charCodeAt(valueStart) : -1;
    let value: string;
    let quoted = false;
    if (c === DQUOTE) {
      value = scanQuotedString(this);
      quoted = true;
      if (this.issues !== null) this.reportQuotedIssues(this.issues);
      if (this.nonAscii) {
        this.report(
          'non-ascii-value',
          'This value contains non-ASCII text. HTTP does not say how to decode it, so clients may show it differently.',
          span(line, valueStart, this.pos),
        );
      }
    } else if (c >= 0 && isTchar(c)) {
      value = text.slice(valueStart, scanToken(this));
    } else {
      const name = text.slice(nameStart, nameEnd);
      if (c < 0 || c === COMMA) {
        this.report(
          'missing-param-value',
          `"${name}=" has no value; a parameter value is a token or a quoted string.`,
          span(line, nameStart, equals + 1),
        );
      } else {
        this.unexpected(`a token or a quoted string as the value of "${name}"`);
        skipToComma(this);
      }
      return;
    }
    if (spaceBefore || spaceAfter) {
      this.report(
        'bws-around-equals',
        'Whitespace around "=" is accepted, but senders must not generate it.',
        span(line, equals, equals + 1),
      );
    }
    const param: AuthParam = {
      name: text.slice(nameStart, nameEnd),
      value,
      quoted,
      line,
      start: nameStart,
      valueStart,
      end: this.pos,
    };
    if (this.kind === 'params') this.addParam(this.params, param, -1);
    else this.attachParam(param);
  }

  private reportQuotedIssues(issues: readonly QuotedStringIssue[]): void {
    for (const issue of issues) {
      const at = issue.offset;
      if (issue.kind === 'unterminated') {
        this.report(
          'unterminated-quoted-string',
          'This quoted string has no closing quote; its value was read to the end of the line.',
          span(this.line, at, this.end),
        );
      } else if (issue.kind === 'invalid-quoted-pair') {
        this.report(
          'invalid-quoted-pair',
          'A backslash in a quoted string may only escape visible characters, space or tab.',
          span(this.line, at, at + 2),
        );
      } else {
        this.report(
          'control-character',
          controlMessage(this.text, at),
          span(this.line, at, at + 1),
        );
      }
    }
  }

  private openChallenge(start: number, end: number, mode: Mode): void {
    const challenge: Challenge = {
      scheme: this.text.slice(start, end),
      token68: null,
      params: [],
      line: this.line,
      start,
      endLine: this.line,
      end,
      token68Start: null,
    };
    this.addChallenge(challenge);
    this.current = challenge;
    this.mode = mode;
    this.currentLine = this.line;
    this.names = null;
  }

  private attachParam(param: AuthParam): void {
    const challenge = this.current;
    if (challenge === null) {
      this.report(
        'param-without-challenge',
        `Parameter "${param.name}" comes before any authentication scheme; it belongs to no challenge.`,
        paramSpanOf(param),
      );
      return;
    }
    const index = this.challenges.length - 1;
    if (this.mode === Mode.Bare) {
      this.report(
        'missing-space-after-scheme',
        `Parameter "${param.name}" follows "${challenge.scheme}" after a comma; the scheme must be followed by a space and then its parameters.`,
        paramSpanOf(param),
        { challenge: index },
      );
    } else if (this.mode === Mode.Token68) {
      this.report(
        'param-after-token68',
        `Parameter "${param.name}" follows a token68; a challenge carries either a token68 or parameters, not both.`,
        paramSpanOf(param),
        { challenge: index },
      );
    }
    if (this.line !== this.currentLine) {
      this.currentLine = this.line;
      this.report(
        'challenge-split-across-lines',
        `This line continues the "${challenge.scheme}" challenge of an earlier line. HTTP joins the lines, but Chromium reads each line on its own.`,
        paramSpanOf(param),
        { challenge: index },
      );
    }
    if (!param.quoted && param.name.length === 5 && sameName(param.name, 'realm')) {
      this.report(
        'realm-not-quoted',
        'Senders must send realm as a quoted string.',
        valueSpanOf(param),
        {
          challenge: index,
        },
      );
    }
    this.addParam(challenge.params, param, index);
    challenge.endLine = this.line;
    challenge.end = param.end;
    this.mode = Mode.Params;
  }

  /** Appends a parameter, reporting a name already present (case-insensitively) — §11.2. */
  private addParam(list: AuthParam[], param: AuthParam, challenge: number): void {
    if (this.isDuplicate(list, param.name)) {
      this.report(
        'duplicate-param',
        `"${param.name}" occurs more than once; each parameter may occur only once, and clients disagree on which one wins.`,
        paramSpanOf(param),
        challenge >= 0 ? { challenge } : {},
      );
    }
    list.push(param);
  }

  private isDuplicate(list: readonly AuthParam[], name: string): boolean {
    if (list.length < SMALL_LIST) {
      for (const other of list) {
        if (other.name.length === name.length && sameName(other.name, name)) return true;
      }
      return false;
    }
    // Built once per list when it grows large, then kept up to date (reset with each challenge).
    const names = (this.names ??= new Set(list.map((p) => p.name.toLowerCase())));
    const size = names.size;
    names.add(name.toLowerCase());
    return names.size === size;
  }

  private unexpected(expected: string): void {
    const { text, line, pos } = this;
    const c = text.charCodeAt(pos);
    const at = span(line, pos, pos + 1);
    if (isControl(c)) this.report('control-character', controlMessage(text, pos), at);
    else if (c >= 0x80) {
      this.report(
        'non-ascii-token',
        `${quoteChar(text, pos)} is not allowed here: schemes, names and token values are ASCII only; non-ASCII text must be in a quoted string.`,
        at,
      );
    } else
      this.report(
        'unexpected-character',
        `Unexpected ${quoteChar(text, pos)}; expected ${expected}.`,
        at,
      );
  }

  /**
   * Records a diagnostic, listing at most MAX_PER_CODE of each code so that a hostile megabyte of
   * empty list elements yields a readable report rather than half a million entries.
   */
  private report(
    code: Code,
    message: string,
    at: Span | null,
    extra?: { severity?: Severity; challenge?: number; line?: number },
  ): void {
    if (this.tally(code, 1, extra?.severity) <= MAX_PER_CODE)
      this.addDiagnostic(diagnostic(code, message, at, extra));
  }

  /** Counts `n` diagnostics of a code and returns the new count; only the first MAX_PER_CODE are listed. */
  private tally(code: Code, n: number, severity?: Severity): number {
    if ((severity ?? severityOf(code)) === 'error') this.errors += n;
    this.firstCode ??= code;
    if (this.firstCode === code) return (this.firstCount += n);
    const codes = (this.moreCodes ??= []);
    const counts = (this.moreCounts ??= []);
    let k = codes.indexOf(code);
    if (k < 0) {
      k = codes.length;
      codes.push(code);
      counts.push(0);
    }
    return (counts[k]! += n);
  }

  private countOf(code: Code): number {
    if (this.firstCode === code) return this.firstCount;
    const k = this.moreCodes === null ? -1 : this.moreCodes.indexOf(code);
    return k < 0 ? 0 : this.moreCounts![k]!;
  }

  /** The diagnostics, with a summary for each code met more than MAX_PER_CODE times. */
  finish(): Diagnostic[] {
    if (this.firstCode === null) return [];
    this.summarize(this.firstCode, this.firstCount);
    const codes = this.moreCodes;
    if (codes !== null) {
      for (let k = 0; k < codes.length; k++) this.summarize(codes[k]!, this.moreCounts![k]!);
    }
    return this.diagnostics;
  }

  /** One summary for the diagnostics of a code beyond MAX_PER_CODE, after the listed ones. */
  private summarize(code: Code, count: number): void {
    if (count <= MAX_PER_CODE) return;
    const first = this.diagnostics.find((d) => d.code === code)!;
    this.addDiagnostic({
      ...first,
      message: `…and ${count - MAX_PER_CODE} more like this (${count} in all).`,
      span: null,
    });
  }
}

/** The last code looked up in the codes table and its severity (floods repeat one code). */
let lastCode: Code | null = null;
let lastSeverity: Severity = 'error';

function severityOf(code: Code): Severity {
  if (code !== lastCode) {
    lastSeverity = codeInfo[code].severity;
    lastCode = code;
  }
  return lastSeverity;
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

/** A hash of a name that ignores ASCII case (FNV-1a over the code units with bit 5 set). */
function foldedHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ (name.charCodeAt(i) | 0x20), 0x01000193);
  return h >>> 0;
}

/** Enters scratch index `k`, whose name is `name`, in an open-addressing table. */
function enter(table: Int32Array, name: string, k: number): void {
  const mask = table.length - 1;
  let slot = foldedHash(name) & mask;
  while (table[slot] !== 0) slot = (slot + 1) & mask;
  table[slot] = k + 1;
}

/** Parameter names compare case-insensitively (§11.2); ASCII folding is all a token needs. */
function sameName(a: string, b: string): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && (x | 0x20) !== (y | 0x20)) return false;
    if (x !== y && ((x | 0x20) < 0x61 || (x | 0x20) > 0x7a)) return false;
  }
  return true;
}

function span(line: number, start: number, end: number): Span {
  return { line, start, endLine: line, end };
}

function quoteChar(text: string, pos: number): string {
  const c = text.codePointAt(pos) ?? 0;
  const hex = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return c < 0x21 || c === 0x7f ? hex : `"${String.fromCodePoint(c)}" (${hex})`;
}

function controlMessage(text: string, pos: number): string {
  return `Control character ${quoteChar(text, pos)} is not allowed in a field value.`;
}

// Field lines → challenges (WWW-Authenticate, Proxy-Authenticate) or auth-params
// (Authentication-Info), with grammar diagnostics at their line and offset: one method per ABNF
// rule of RFC 9110, on the scanning primitives of scanner.ts. Well-formed lines of challenges take
// the one-pass fast path of parse-fast.ts first, which gives exactly what these methods would.
// Pure; never throws; linear in the input length: each character is looked at a bounded number of
// times, and recovery always resumes after the point where it started.
import { schemeSpanOf, paramSpanOf, valueSpanOf } from './spans.ts';
import { NameIndex, paramEquals } from './param-names.ts';
import { MAX_PER_CODE, ParseDiagnostics, type ReportExtra } from './parse-diagnostics.ts';
import { Mode, NOT_WELL_FORMED, WellFormedLineReader, type ChallengeSink } from './parse-fast.ts';
import {
  COMMA,
  DQUOTE,
  EQUALS,
  isControl,
  isTchar,
  peekToken68,
  scanQuotedString,
  scanToken,
  skipOws,
  skipToComma,
  splitAtLineBreaks,
  type Cursor,
  type QuotedStringIssue,
} from './scanner.ts';
import type { Code } from './codes.ts';
import type { AuthParam, AuthParamParse, Challenge, ChallengeParse, Span } from './types.ts';

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
    challenges: parser.challenges ?? [],
    diagnostics: parser.reports.finish(),
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
  const result: AuthParamParse = {
    params: parser.params ?? [],
    diagnostics: parser.reports.finish(),
  };
  releaseParser(parser);
  return result;
}

const defaultOptions: ParseOptions = {};

/**
 * The pool, the only state this module keeps between calls: one parser at rest. Setting up a
 * parser (its fields, the fast path's scratch list) costs more than a short parse, so the parser
 * of the last parse is kept for the next. A parse takes it (the slot is then empty) and gives it
 * back when done; a parse that starts while another is under way (re-entered from a hostile
 * array's getter) finds the slot empty and builds its own, so two parses never share a parser.
 * At rest it holds no input and no result list: results never share its lists, and release()
 * lets go of the input and the results (only the fast path's scratch slots may still point at
 * parameters of the last parse, which its result holds anyway). parse.test.ts ("the parser
 * pool") checks that re-entered and interleaved parses get what they would alone.
 */
let idleParser: ListParser | null = null;

function takeParser(kind: 'challenges' | 'params', options: ParseOptions): ListParser {
  const parser = idleParser ?? new ListParser();
  idleParser = null;
  parser.begin(kind, options);
  return parser;
}

function releaseParser(parser: ListParser): void {
  parser.release();
  idleParser = parser;
}

/**
 * One parse at a time. It is its own cursor, so scanning allocates nothing per character; a class
 * rather than closures so that nothing is allocated per call but the results.
 */
class ListParser implements Cursor, ChallengeSink {
  text = '';
  line = 0;
  end = 0;
  pos = 0;
  firstFold = -1;
  sawTab = false;
  nonAscii = false;
  issues: QuotedStringIssue[] | null = null;

  /** The results so far; null until the first, which then makes a list of exactly one. */
  challenges: Challenge[] | null = null;
  params: AuthParam[] | null = null;
  readonly reports = new ParseDiagnostics();
  private readonly fast = new WellFormedLineReader();
  private current: Challenge | null = null;
  private mode = Mode.Bare;
  /** The field line on which the current challenge was last seen, to report continuations once. */
  private currentLine = 0;
  /** Finds a repeated name among the current challenge's parameters (or the params field's). */
  private readonly names = new NameIndex();

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
    this.challenges = null;
    this.params = null;
    this.reports.reset();
    this.current = null;
    this.mode = Mode.Bare;
    this.currentLine = 0;
    this.names.reset();
  }

  /** Lets go of the parse: its input and its results. */
  release(): void {
    this.text = '';
    this.options = defaultOptions;
    this.issues = null;
    this.challenges = null;
    this.params = null;
    this.reports.reset();
    this.current = null;
    this.names.reset();
    this.fast.reset();
  }

  /** Field lines (§5.3): a list spread over lines, as if joined with ", ". */
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
    if (this.kind === 'challenges' && this.challengeCount() === 0 && this.reports.errors === 0) {
      this.report('empty-challenge-list', 'The field is present but carries no challenge.', null);
    }
  }

  /** One field line: the fast path when it is well formed, else its windows between line breaks. */
  private parseLine(text: string, line: number, isOnlyLine: boolean): void {
    this.text = text;
    this.line = line;
    this.firstFold = -1;
    // A line the fast path reads has no line break, fold or anything else to report.
    if (
      this.kind === 'challenges' &&
      !this.options.generalOnly &&
      this.parseWellFormed(text, line)
    ) {
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

  /** The fast path (parse-fast.ts); false when the line is not for it and nothing was read. */
  private parseWellFormed(text: string, line: number): boolean {
    const before = this.challengeCount();
    const mode = this.fast.read(text, line, this);
    if (mode === NOT_WELL_FORMED) return false;
    const challenges = this.challenges!;
    if (challenges.length - before >= 2) this.multipleOnOneLine(before + 1);
    this.current = challenges[challenges.length - 1]!;
    this.mode = mode;
    this.currentLine = line;
    this.names.reset(); // the index belongs to the current challenge
    return true;
  }

  private multipleOnOneLine(index: number): void {
    this.report(
      'multiple-challenges-one-line',
      'This field line carries several challenges. That is valid, but some clients only read one challenge per line; one line per challenge is safer.',
      schemeSpanOf(this.challenges![index]!),
      { challenge: index },
    );
  }

  challengeCount(): number {
    return this.challenges === null ? 0 : this.challenges.length;
  }

  /** The first challenge makes a list of one: a list grown by push from empty reserves sixteen. */
  addChallenge(challenge: Challenge): void {
    if (this.challenges === null) this.challenges = [challenge];
    else this.challenges.push(challenge);
  }

  dropChallengesFrom(count: number): void {
    // Setting a length costs a runtime call even when nothing changes.
    if (this.challenges !== null && this.challenges.length !== count) {
      this.challenges.length = count;
    }
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
      const before = this.challengeCount();
      this.parseElement();
      if (this.challengeCount() > before && ++challengesHere === 2) {
        this.multipleOnOneLine(this.challengeCount() - 1);
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
    let listed = this.reports.countOf('empty-list-element');
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
    if (unlisted > 0) this.reports.tally('empty-list-element', unlisted);
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
    if (this.kind === 'params') this.addParam((this.params ??= []), param, -1);
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
    this.names.reset();
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
    const index = this.challengeCount() - 1;
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
    if (!param.quoted && param.name.length === 5 && paramEquals(param.name, 'realm')) {
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
    if (this.names.repeats(list, list.length, param.name)) {
      this.report(
        'duplicate-param',
        `"${param.name}" occurs more than once; each parameter may occur only once, and clients disagree on which one wins.`,
        paramSpanOf(param),
        challenge >= 0 ? { challenge } : {},
      );
    }
    list.push(param);
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

  private report(code: Code, message: string, at: Span | null, extra?: ReportExtra): void {
    this.reports.report(code, message, at, extra);
  }
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

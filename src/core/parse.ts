// Field lines → challenges (WWW-Authenticate, Proxy-Authenticate) or auth-params
// (Authentication-Info), with grammar diagnostics at their line and offset.
// Pure; never throws; linear in the input length: each character is looked at a bounded number of
// times, and recovery always resumes after the point where it started.
import { diagnostic, type Code } from './codes.ts';
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
  options: ParseOptions = {},
): ChallengeParse {
  const parser = new ListParser('challenges', options);
  parser.parse(fieldLines);
  return { challenges: parser.challenges, diagnostics: parser.finish() };
}

/** Authentication-Info = #auth-param; Proxy-Authentication-Info likewise — RFC 9110 §11.6.3, §11.7.3. */
export function parseAuthenticationInfo(
  fieldLines: FieldLines,
  options: ParseOptions = {},
): AuthParamParse {
  const parser = new ListParser('params', options);
  parser.parse(fieldLines);
  return { params: parser.params, diagnostics: parser.finish() };
}

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

/**
 * One parse. It is its own cursor, so scanning allocates nothing per character; a class rather
 * than closures so that nothing is allocated per call but the parser and its results.
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

  readonly challenges: Challenge[] = [];
  readonly params: AuthParam[] = [];
  private diagnostics: Diagnostic[] = [];
  private counts: Map<Code, number> | null = null;
  private errors = 0;
  private current: Challenge | null = null;
  private mode = Mode.Bare;
  /** The field line on which the current challenge was last seen, to report continuations once. */
  private currentLine = 0;
  /** Lower-cased names of the current challenge's parameters, once there are many. */
  private names: Set<string> | null = null;

  constructor(
    private readonly kind: 'challenges' | 'params',
    private readonly options: ParseOptions,
  ) {}

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
        if (lastComma >= 0 || !elementSeen) this.emptyElement(this.pos);
        lastComma = this.pos++;
        skipOws(this);
        if (this.pos >= end) this.emptyElement(lastComma);
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
          this.challenges[index]!.schemeSpan,
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
      challenge.token68Span = span(this.line, this.pos, token68End);
      challenge.span.end = token68End;
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
      span: span(line, nameStart, this.pos),
      nameSpan: span(line, nameStart, nameEnd),
      valueSpan: span(line, valueStart, this.pos),
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
      span: span(this.line, start, end),
      schemeSpan: span(this.line, start, end),
      token68Span: null,
    };
    this.challenges.push(challenge);
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
        param.span,
      );
      return;
    }
    const index = this.challenges.length - 1;
    if (this.mode === Mode.Bare) {
      this.report(
        'missing-space-after-scheme',
        `Parameter "${param.name}" follows "${challenge.scheme}" after a comma; the scheme must be followed by a space and then its parameters.`,
        param.span,
        { challenge: index },
      );
    } else if (this.mode === Mode.Token68) {
      this.report(
        'param-after-token68',
        `Parameter "${param.name}" follows a token68; a challenge carries either a token68 or parameters, not both.`,
        param.span,
        { challenge: index },
      );
    }
    if (this.line !== this.currentLine) {
      this.currentLine = this.line;
      this.report(
        'challenge-split-across-lines',
        `This line continues the "${challenge.scheme}" challenge of an earlier line. HTTP joins the lines, but Chromium reads each line on its own.`,
        param.span,
        { challenge: index },
      );
    }
    if (!param.quoted && param.name.length === 5 && param.name.toLowerCase() === 'realm') {
      this.report(
        'realm-not-quoted',
        'Senders must send realm as a quoted string.',
        param.valueSpan,
        {
          challenge: index,
        },
      );
    }
    this.addParam(challenge.params, param, index);
    challenge.span.endLine = this.line;
    challenge.span.end = param.span.end;
    this.mode = Mode.Params;
  }

  /** Appends a parameter, reporting a name already present (case-insensitively) — §11.2. */
  private addParam(list: AuthParam[], param: AuthParam, challenge: number): void {
    if (this.isDuplicate(list, param.name)) {
      this.report(
        'duplicate-param',
        `"${param.name}" occurs more than once; each parameter may occur only once, and clients disagree on which one wins.`,
        param.span,
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
    // Built once per list when it grows large, then kept up to date (reset by openChallenge).
    this.names ??= new Set(list.map((p) => p.name.toLowerCase()));
    const key = name.toLowerCase();
    const seen = this.names.has(key);
    if (!seen) this.names.add(key);
    return seen;
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
    const counts = (this.counts ??= new Map());
    const count = (counts.get(code) ?? 0) + 1;
    counts.set(code, count);
    const d = diagnostic(code, message, at, extra);
    if (d.severity === 'error') this.errors++;
    if (count <= MAX_PER_CODE) this.diagnostics.push(d);
  }

  finish(): Diagnostic[] {
    if (this.counts === null) return this.diagnostics;
    for (const [code, count] of this.counts) {
      if (count <= MAX_PER_CODE) continue;
      const first = this.diagnostics.find((d) => d.code === code)!;
      this.diagnostics.push({
        ...first,
        message: `…and ${count - MAX_PER_CODE} more like this (${count} in all).`,
        span: null,
      });
    }
    return this.diagnostics;
  }
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

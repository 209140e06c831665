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
  const list = parseList(fieldLines, 'challenges', options);
  return { challenges: list.challenges, diagnostics: list.diagnostics };
}

/** Authentication-Info = #auth-param; Proxy-Authentication-Info likewise — RFC 9110 §11.6.3, §11.7.3. */
export function parseAuthenticationInfo(
  fieldLines: FieldLines,
  options: ParseOptions = {},
): AuthParamParse {
  const list = parseList(fieldLines, 'params', options);
  return { params: list.params, diagnostics: list.diagnostics };
}

/** How far a challenge has got: which of its parts may still follow. */
type Mode =
  | 'bare' // scheme alone, no SP after it: nothing may follow but the next challenge
  | 'spaced' // scheme and 1*SP: a token68 or auth-params may follow
  | 'token68'
  | 'params';

interface OpenChallenge {
  challenge: Challenge;
  mode: Mode;
  /** The last field line on which a continuation was already reported. */
  reportedSplitLine: number;
}

/** At most this many diagnostics of one code are listed; the rest are counted in one summary. */
const MAX_PER_CODE = 100;

function parseList(
  fieldLines: FieldLines,
  kind: 'challenges' | 'params',
  options: ParseOptions,
): { challenges: Challenge[]; params: AuthParam[]; diagnostics: Diagnostic[] } {
  const challenges: Challenge[] = [];
  const params: AuthParam[] = [];
  const report = createReporter();
  let current: OpenChallenge | null = null;

  const lines: readonly unknown[] =
    typeof fieldLines === 'string' ? [fieldLines] : Array.isArray(fieldLines) ? fieldLines : [];
  if (typeof fieldLines !== 'string' && !Array.isArray(fieldLines)) {
    report.add('invalid-input', 'Expected a string or an array of strings.', null);
  }
  const onlyLine = lines.length === 1;

  for (let line = 0; line < lines.length; line++) {
    const text = lines[line];
    if (typeof text !== 'string') {
      report.add('invalid-input', `Field line ${line} is not a string; it was ignored.`, null, {
        line,
      });
      continue;
    }
    const { windows, breaks } = splitAtLineBreaks(text);
    if (options.lineBreaks !== 'separate') {
      for (const at of breaks) {
        report.add(
          'invalid-line-break',
          'A field value cannot contain CR or LF; the text after it was read as a new field line.',
          span(line, at, at + 1),
        );
      }
    }
    for (const [start, end] of windows) {
      const cursor: Cursor = { text, line, end, pos: start, firstFold: -1 };
      parseWindow(cursor, onlyLine && windows.length === 1);
      if (cursor.firstFold >= 0) {
        report.add(
          'obs-fold',
          'Obsolete line folding (CRLF followed by whitespace) was read as a space; senders must not fold lines.',
          span(line, cursor.firstFold, cursor.firstFold + 2),
        );
      }
    }
  }

  if (kind === 'challenges') {
    reportDuplicates(
      challenges.map((c) => c.params),
      report,
    );
    if (challenges.length === 0 && lines.length > 0 && !report.hasErrors()) {
      report.add('empty-challenge-list', 'The field is present but carries no challenge.', null);
    }
  } else {
    reportDuplicates([params], report);
  }
  return { challenges, params, diagnostics: report.finish() };

  /** One stretch of a field line between line breaks: a comma-separated list of elements. */
  function parseWindow(cursor: Cursor, isWholeField: boolean): void {
    let challengesHere = 0;
    let lastComma = -1;
    let elementSeen = false;
    skipOws(cursor);
    if (cursor.pos >= cursor.end) {
      if (!isWholeField) emptyElement(cursor, cursor.pos);
      return;
    }
    while (cursor.pos < cursor.end) {
      const c = cursor.text.charCodeAt(cursor.pos);
      if (c === COMMA) {
        if (lastComma >= 0 || !elementSeen) emptyElement(cursor, cursor.pos);
        lastComma = cursor.pos;
        cursor.pos++;
        skipOws(cursor);
        if (cursor.pos >= cursor.end) emptyElement(cursor, lastComma);
        continue;
      }
      lastComma = -1;
      elementSeen = true;
      const before = challenges.length;
      parseElement(cursor);
      if (challenges.length > before && ++challengesHere === 2) {
        const second = challenges[challenges.length - 1]!;
        report.add(
          'multiple-challenges-one-line',
          'This field line carries several challenges. That is valid, but some clients only read one challenge per line; one line per challenge is safer.',
          second.schemeSpan,
          { challenge: challenges.length - 1 },
        );
      }
      skipOws(cursor);
      if (cursor.pos >= cursor.end) break;
      const next = cursor.text.charCodeAt(cursor.pos);
      if (next === COMMA) continue;
      if (isControl(next) || next >= 0x80) {
        unexpected(cursor, '","');
        skipToComma(cursor);
        continue;
      }
      report.add(
        'expected-comma',
        `Expected "," before ${quoteChar(cursor.text, cursor.pos)}; list elements are separated by commas.`,
        span(cursor.line, cursor.pos, cursor.pos + 1),
      );
      // A missing comma is the likely slip when a new element follows; resume there.
      if (!isTchar(next)) skipToComma(cursor);
    }
  }

  function emptyElement(cursor: Cursor, at: number): void {
    report.add(
      'empty-list-element',
      'Empty list element: recipients skip it, but senders must not generate one.',
      span(cursor.line, at, Math.min(at + 1, cursor.text.length)),
    );
  }

  /** A list element: a new challenge, or an auth-param of the current one. */
  function parseElement(cursor: Cursor): void {
    const nameStart = cursor.pos;
    if (!isTchar(cursor.text.charCodeAt(nameStart))) {
      unexpected(
        cursor,
        kind === 'challenges' ? 'a scheme or a parameter name' : 'a parameter name',
      );
      skipToComma(cursor);
      return;
    }
    const nameEnd = scanToken(cursor);
    const gap = skipOws(cursor);
    const atEnd = cursor.pos >= cursor.end;
    const next = atEnd ? -1 : cursor.text.charCodeAt(cursor.pos);
    if (next === EQUALS) {
      parseParamValue(cursor, nameStart, nameEnd, gap.skipped > 0);
      return;
    }
    if (kind === 'params') {
      report.add(
        'expected-auth-param',
        `Expected "=" and a value after "${cursor.text.slice(nameStart, nameEnd)}"; this field holds only name=value parameters.`,
        span(cursor.line, nameStart, nameEnd),
      );
      skipToComma(cursor);
      return;
    }
    if (atEnd || next === COMMA) {
      const spaced = gap.skipped > 0 && !gap.sawTab && next === COMMA;
      openChallenge(cursor, nameStart, nameEnd, spaced ? 'spaced' : 'bare');
      return;
    }
    if (gap.skipped === 0) {
      unexpected(cursor, 'a space after the scheme');
      skipToComma(cursor);
      return;
    }
    if (gap.sawTab) {
      report.add(
        'tab-after-scheme',
        'Only spaces (SP) may separate the scheme from its token68 or parameters, not tabs.',
        span(cursor.line, nameEnd, cursor.pos),
      );
    }
    openChallenge(cursor, nameStart, nameEnd, 'spaced');
    parseChallengeData(cursor);
  }

  /** What follows "scheme 1*SP": token68 / #auth-param — the first element decides which. */
  function parseChallengeData(cursor: Cursor): void {
    const token68End = peekToken68(cursor);
    if (token68End >= 0 && current) {
      const { challenge } = current;
      challenge.token68 = cursor.text.slice(cursor.pos, token68End);
      challenge.token68Span = span(cursor.line, cursor.pos, token68End);
      extendTo(challenge, challenge.token68Span);
      current.mode = 'token68';
      cursor.pos = token68End;
      return;
    }
    const nameStart = cursor.pos;
    if (!isTchar(cursor.text.charCodeAt(nameStart))) {
      unexpected(cursor, 'a token68 or a parameter');
      skipToComma(cursor);
      return;
    }
    const nameEnd = scanToken(cursor);
    const gap = skipOws(cursor);
    if (cursor.pos < cursor.end && cursor.text.charCodeAt(cursor.pos) === EQUALS) {
      parseParamValue(cursor, nameStart, nameEnd, gap.skipped > 0);
      return;
    }
    report.add(
      'invalid-auth-param',
      `Expected "=" after "${cursor.text.slice(nameStart, nameEnd)}": a token68 cannot contain spaces, and a parameter needs "=" and a value.`,
      span(cursor.line, nameStart, Math.max(nameEnd, Math.min(cursor.pos + 1, cursor.end))),
    );
    skipToComma(cursor);
  }

  /** auth-param = token BWS "=" BWS ( token / quoted-string ) — §11.2. The cursor is on "=". */
  function parseParamValue(
    cursor: Cursor,
    nameStart: number,
    nameEnd: number,
    spaceBefore: boolean,
  ): void {
    const { text, line } = cursor;
    const equals = cursor.pos;
    cursor.pos++;
    const gap = skipOws(cursor);
    const valueStart = cursor.pos;
    const c = valueStart < cursor.end ? text.charCodeAt(valueStart) : -1;
    let value: string;
    let quoted = false;
    if (c === DQUOTE) {
      const q = scanQuotedString(cursor);
      value = q.value;
      quoted = true;
      for (const issue of q.issues) {
        if (issue.kind === 'unterminated') {
          report.add(
            'unterminated-quoted-string',
            'This quoted string has no closing quote; its value was read to the end of the line.',
            span(line, issue.offset, cursor.end),
          );
        } else if (issue.kind === 'invalid-quoted-pair') {
          report.add(
            'invalid-quoted-pair',
            'A backslash in a quoted string may only escape visible characters, space or tab.',
            span(line, issue.offset, issue.offset + 2),
          );
        } else {
          report.add(
            'control-character',
            controlMessage(text, issue.offset),
            span(line, issue.offset, issue.offset + 1),
          );
        }
      }
      if (q.nonAscii) {
        report.add(
          'non-ascii-value',
          'This value contains non-ASCII text. HTTP does not say how to decode it, so clients may show it differently.',
          span(line, valueStart, cursor.pos),
        );
      }
    } else if (c >= 0 && isTchar(c)) {
      value = text.slice(valueStart, scanToken(cursor));
    } else {
      const name = text.slice(nameStart, nameEnd);
      if (c < 0 || c === COMMA) {
        report.add(
          'missing-param-value',
          `"${name}=" has no value; a parameter value is a token or a quoted string.`,
          span(line, nameStart, equals + 1),
        );
      } else {
        unexpected(cursor, `a token or a quoted string as the value of "${name}"`);
        skipToComma(cursor);
      }
      return;
    }
    if (spaceBefore || gap.skipped > 0) {
      report.add(
        'bws-around-equals',
        'Whitespace around "=" is accepted, but senders must not generate it.',
        span(line, equals, equals + 1),
      );
    }
    const param: AuthParam = {
      name: text.slice(nameStart, nameEnd),
      value,
      quoted,
      span: span(line, nameStart, cursor.pos),
      nameSpan: span(line, nameStart, nameEnd),
      valueSpan: span(line, valueStart, cursor.pos),
    };
    if (kind === 'params') params.push(param);
    else attachParam(param);
  }

  function openChallenge(cursor: Cursor, start: number, end: number, mode: Mode): void {
    const schemeSpan = span(cursor.line, start, end);
    const challenge: Challenge = {
      scheme: cursor.text.slice(start, end),
      token68: null,
      params: [],
      span: { ...schemeSpan },
      schemeSpan,
      token68Span: null,
    };
    challenges.push(challenge);
    current = { challenge, mode, reportedSplitLine: cursor.line };
  }

  function attachParam(param: AuthParam): void {
    if (!current) {
      report.add(
        'param-without-challenge',
        `Parameter "${param.name}" comes before any authentication scheme; it belongs to no challenge.`,
        param.span,
      );
      return;
    }
    const { challenge } = current;
    const index = challenges.length - 1;
    if (current.mode === 'bare') {
      report.add(
        'missing-space-after-scheme',
        `Parameter "${param.name}" follows "${challenge.scheme}" after a comma; the scheme must be followed by a space and then its parameters.`,
        param.span,
        { challenge: index },
      );
    } else if (current.mode === 'token68') {
      report.add(
        'param-after-token68',
        `Parameter "${param.name}" follows a token68; a challenge carries either a token68 or parameters, not both.`,
        param.span,
        { challenge: index },
      );
    }
    if (param.span.line !== current.reportedSplitLine) {
      current.reportedSplitLine = param.span.line;
      report.add(
        'challenge-split-across-lines',
        `This line continues the "${challenge.scheme}" challenge of an earlier line. HTTP joins the lines, but Chromium reads each line on its own.`,
        param.span,
        { challenge: index },
      );
    }
    if (!param.quoted && param.name.toLowerCase() === 'realm') {
      report.add(
        'realm-not-quoted',
        'Senders must send realm as a quoted string.',
        param.valueSpan,
        {
          challenge: index,
        },
      );
    }
    challenge.params.push(param);
    extendTo(challenge, param.span);
    current.mode = 'params';
  }

  function unexpected(cursor: Cursor, expected: string): void {
    const { text, line, pos } = cursor;
    const c = text.charCodeAt(pos);
    const at = span(line, pos, pos + 1);
    if (isControl(c)) report.add('control-character', controlMessage(text, pos), at);
    else if (c >= 0x80) {
      report.add(
        'non-ascii-token',
        `${quoteChar(text, pos)} is not allowed here: schemes, names and token values are ASCII only; non-ASCII text must be in a quoted string.`,
        at,
      );
    } else
      report.add(
        'unexpected-character',
        `Unexpected ${quoteChar(text, pos)}; expected ${expected}.`,
        at,
      );
  }
}

/** Duplicate parameter names within one challenge (names compare case-insensitively) — §11.2. */
function reportDuplicates(lists: AuthParam[][], report: Reporter): void {
  lists.forEach((list, index) => {
    if (list.length < 2) return;
    const seen = new Set<string>();
    for (const param of list) {
      const key = param.name.toLowerCase();
      if (seen.has(key)) {
        report.add(
          'duplicate-param',
          `"${param.name}" occurs more than once; each parameter may occur only once, and clients disagree on which one wins.`,
          param.span,
          { challenge: index },
        );
      }
      seen.add(key);
    }
  });
}

function extendTo(challenge: Challenge, to: Span): void {
  challenge.span.endLine = to.endLine;
  challenge.span.end = to.end;
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

interface Reporter {
  add(
    code: Code,
    message: string,
    span: Span | null,
    extra?: { severity?: Severity; challenge?: number; line?: number },
  ): void;
  hasErrors(): boolean;
  finish(): Diagnostic[];
}

/**
 * Collects diagnostics, listing at most MAX_PER_CODE of each code so that a hostile megabyte of
 * empty list elements yields a readable report rather than half a million entries.
 */
function createReporter(): Reporter {
  const diagnostics: Diagnostic[] = [];
  const counts = new Map<Code, number>();
  let errors = 0;
  return {
    add(code, message, at, extra = {}) {
      const count = (counts.get(code) ?? 0) + 1;
      counts.set(code, count);
      const d = diagnostic(code, message, at, extra);
      if (d.severity === 'error') errors++;
      if (count <= MAX_PER_CODE) diagnostics.push(d);
    },
    hasErrors: () => errors > 0,
    finish() {
      for (const [code, count] of counts) {
        if (count <= MAX_PER_CODE) continue;
        const first = diagnostics.find((d) => d.code === code)!;
        diagnostics.push({
          ...first,
          message: `…and ${count - MAX_PER_CODE} more like this (${count} in all).`,
          span: null,
        });
      }
      return diagnostics;
    },
  };
}

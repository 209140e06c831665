import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatChallenges,
  challengeSpanOf,
  nameSpanOf,
  paramSpanOf,
  parseAuthenticationInfo,
  parseChallenges,
  schemeSpanOf,
  token68SpanOf,
  valueSpanOf,
} from './index.ts';
import type { ChallengeParse, Span } from './index.ts';

// Strings drawn mostly from the characters the grammar cares about, so the parser's deep paths
// (quotes, escapes, folds, separators) are reached far more often than by uniform noise.
const grammarChar = fc.constantFrom(
  ...'Bbasic realm=",\\ \t\r\n\x00\x7f\u00e4\u20ac\ud800/+=~.-_!#'.split(''),
);
const grammarString = fc.string({ unit: grammarChar, maxLength: 80 });
const anyString = fc.oneof(grammarString, fc.string({ unit: 'binary', maxLength: 80 }));
const anyLines = fc.oneof(anyString, fc.array(anyString, { maxLength: 5 }));

function inBounds(lines: readonly string[], span: Span): boolean {
  const first = lines[span.line];
  const last = lines[span.endLine];
  if (first === undefined || last === undefined) return false;
  if (span.endLine < span.line || span.start < 0 || span.start > first.length) return false;
  if (span.end < 0 || span.end > last.length) return false;
  return span.endLine > span.line || span.start <= span.end;
}

function spansOf(result: ChallengeParse): Span[] {
  const spans: Span[] = [];
  for (const c of result.challenges) {
    spans.push(challengeSpanOf(c), schemeSpanOf(c));
    const token68 = token68SpanOf(c);
    if (token68) spans.push(token68);
    for (const p of c.params) spans.push(paramSpanOf(p), nameSpanOf(p), valueSpanOf(p));
  }
  for (const d of result.diagnostics) if (d.span) spans.push(d.span);
  return spans;
}

const tchars = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const token = fc.string({
  unit: fc.constantFrom(...tchars.split('')),
  minLength: 1,
  maxLength: 12,
});
const token68 = fc
  .tuple(
    fc.string({
      unit: fc.constantFrom(...'abcXYZ019-._~+/'.split('')),
      minLength: 1,
      maxLength: 20,
    }),
    fc.integer({ min: 0, max: 2 }),
  )
  .map(([body, pad]) => body + '='.repeat(pad));
// Everything a quoted-string can carry: HTAB, SP, VCHAR (DQUOTE and backslash get escaped), obs-text.
const valueChar = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\t', '\u00e4', '\u00ff', '\u20ac'),
);
const param = fc.record({
  name: token,
  value: fc.oneof(token, fc.string({ unit: valueChar, maxLength: 20 })),
  quoted: fc.boolean(),
});
const challenge = fc.oneof(
  fc.record({ scheme: token, token68, params: fc.constant([]) }),
  fc.record({
    scheme: token,
    token68: fc.constant(null),
    // Names unique per challenge, case-insensitively: a repeated name is an error (RFC 9110 §11.2).
    params: fc.uniqueArray(param, { maxLength: 4, selector: (p) => p.name.toLowerCase() }),
  }),
);

describe('parser properties', () => {
  it('never throws, on any string or array of strings', () => {
    fc.assert(
      fc.property(anyLines, (input) => {
        parseChallenges(input);
        parseChallenges(input, { lineBreaks: 'separate' });
        parseAuthenticationInfo(input);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps every span inside the field lines, and spans point at what they name', () => {
    fc.assert(
      fc.property(anyLines, (input) => {
        const lines = typeof input === 'string' ? [input] : input;
        const result = parseChallenges(input);
        for (const span of spansOf(result)) expect(inBounds(lines, span)).toBe(true);
        for (const c of result.challenges) {
          expect(
            lines[schemeSpanOf(c).line]!.slice(schemeSpanOf(c).start, schemeSpanOf(c).end),
          ).toBe(c.scheme);
          const t68 = token68SpanOf(c);
          if (t68) {
            expect(lines[t68.line]!.slice(t68.start, t68.end)).toBe(c.token68);
          }
          for (const p of c.params) {
            expect(lines[nameSpanOf(p).line]!.slice(nameSpanOf(p).start, nameSpanOf(p).end)).toBe(
              p.name,
            );
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reports every error with a line and offset inside the input', () => {
    fc.assert(
      fc.property(fc.array(anyString, { minLength: 1, maxLength: 4 }), (lines) => {
        for (const d of parseChallenges(lines).diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(0);
          expect(d.line).toBeLessThan(lines.length);
          expect(d.offset).toBeLessThanOrEqual(lines[d.line]!.length);
        }
      }),
    );
  });

  it('re-parses a printed challenge list to the same structure, without errors', () => {
    fc.assert(
      fc.property(fc.array(challenge, { minLength: 1, maxLength: 5 }), (challenges) => {
        const printed = formatChallenges(challenges);
        const result = parseChallenges(printed);
        expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(
          result.challenges.map((c) => ({
            scheme: c.scheme,
            token68: c.token68,
            params: c.params.map((p) => [p.name, p.value]),
          })),
        ).toEqual(
          challenges.map((c) => ({
            scheme: c.scheme,
            token68: c.token68,
            params: c.params.map((p) => [p.name, p.value]),
          })),
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('parses each printed challenge on its own line to the same structure as on one line', () => {
    fc.assert(
      fc.property(fc.array(challenge, { minLength: 1, maxLength: 5 }), (challenges) => {
        const oneLine = parseChallenges(formatChallenges(challenges)).challenges;
        const perLine = parseChallenges(challenges.map((c) => formatChallenges([c]))).challenges;
        const strip = (list: typeof oneLine) =>
          list.map((c) => [c.scheme, c.token68, c.params.map((p) => [p.name, p.value])]);
        expect(strip(perLine)).toEqual(strip(oneLine));
      }),
    );
  });
});

describe('the fast path for well-formed lines', () => {
  const structured = fc
    .array(challenge, { minLength: 1, maxLength: 4 })
    .map((list) => formatChallenges(list));
  // Well-formed lines with one slip spliced in: the fast path must give up exactly where needed.
  const slipped = fc
    .tuple(structured, fc.nat(), grammarChar)
    .map(
      ([line, at, ch]) =>
        line.slice(0, at % (line.length + 1)) + ch + line.slice(at % (line.length + 1)),
    );
  const inputs = fc.oneof(
    structured,
    slipped,
    anyLines,
    fc.array(fc.oneof(structured, slipped), { maxLength: 3 }),
  );

  it('gives exactly what the general parser gives, on any input', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        expect(parseChallenges(input)).toEqual(parseChallenges(input, { generalOnly: true }));
      }),
      { numRuns: 5000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { Diagnostic, Span } from '../core/index.ts';
import { isPlaced, layoutLine, rangeOnLine, type Part } from './raw-segments.ts';

const span = (line: number, start: number, end: number, endLine = line): Span => ({
  line,
  start,
  endLine,
  end,
});
const diag = (s: Span | null, extra: Partial<Diagnostic> = {}): Diagnostic => ({
  severity: 'error',
  code: 'x',
  message: 'm',
  line: s?.line ?? 0,
  offset: s?.start ?? 0,
  span: s,
  reference: { document: 'RFC 9110', section: '', url: 'https://www.rfc-editor.org/rfc/rfc9110' },
  ...extra,
});

describe('layoutLine', () => {
  it('covers the whole line, in order, with parts and diagnostics where they are', () => {
    const parts: Part[] = [
      { kind: 'scheme', span: span(0, 0, 5) },
      { kind: 'name', span: span(0, 6, 11) },
      { kind: 'value', span: span(0, 12, 15) },
    ];
    const { segments, carets } = layoutLine(0, 15, parts, [
      diag(span(0, 12, 15)),
      diag(span(0, 0, 5)),
    ]);
    expect(segments).toEqual([
      { start: 0, end: 5, part: 'scheme', diagnostics: [1] },
      { start: 5, end: 6, part: null, diagnostics: [] },
      { start: 6, end: 11, part: 'name', diagnostics: [] },
      { start: 11, end: 12, part: null, diagnostics: [] },
      { start: 12, end: 15, part: 'value', diagnostics: [0] },
    ]);
    expect(carets).toEqual([]);
  });

  it('splits where overlapping diagnostics start and end', () => {
    const { segments } = layoutLine(0, 10, [], [diag(span(0, 2, 8)), diag(span(0, 5, 10))]);
    expect(segments.map((s) => [s.start, s.end, s.diagnostics])).toEqual([
      [0, 2, []],
      [2, 5, [0]],
      [5, 8, [0, 1]],
      [8, 10, [1]],
    ]);
  });

  it('follows a span across field lines', () => {
    const d = [diag(span(0, 4, 3, 2))];
    expect(layoutLine(0, 6, [], d).segments.map((s) => [s.start, s.end, s.diagnostics])).toEqual([
      [0, 4, []],
      [4, 6, [0]],
    ]);
    expect(layoutLine(1, 5, [], d).segments.map((s) => [s.start, s.end, s.diagnostics])).toEqual([
      [0, 5, [0]],
    ]);
    expect(layoutLine(2, 5, [], d).segments.map((s) => [s.start, s.end, s.diagnostics])).toEqual([
      [0, 3, [0]],
      [3, 5, []],
    ]);
    expect(layoutLine(3, 5, [], d).segments).toEqual([
      { start: 0, end: 5, part: null, diagnostics: [] },
    ]);
  });

  it('turns empty spans and offsets without a span into carets; whole-field findings are not placed', () => {
    const d = [diag(span(0, 7, 7)), diag(null, { line: 0, offset: 3 }), diag(null)];
    const { carets, segments } = layoutLine(0, 9, [], d);
    expect(carets).toEqual([
      { offset: 3, diagnostics: [1] },
      { offset: 7, diagnostics: [0] },
    ]);
    expect(segments).toEqual([{ start: 0, end: 9, part: null, diagnostics: [] }]);
    expect(isPlaced(d[2]!)).toBe(false);
  });

  it('clips spans that reach past a truncated line', () => {
    expect(rangeOnLine(span(0, 5, 500), 0, 100)).toEqual([5, 100]);
    const { segments } = layoutLine(0, 100, [{ kind: 'token68', span: span(0, 10, 5000) }], []);
    expect(segments.at(-1)).toEqual({ start: 10, end: 100, part: 'token68', diagnostics: [] });
  });

  it('stays linear: a line with 20,000 parameters lays out quickly', () => {
    const parts: Part[] = [];
    for (let i = 0; i < 20_000; i++)
      parts.push({ kind: 'name', span: span(0, i * 10, i * 10 + 3) });
    const { segments } = layoutLine(0, 200_000, parts, [diag(span(0, 0, 200_000))]);
    expect(segments).toHaveLength(40_000);
  });
});

// Cuts one raw field line into segments for the raw view: each segment knows which parsed part it
// belongs to (scheme, parameter name or value, token68) and which diagnostics cover it, so the
// line can be shown verbatim with both highlighted in place. Pure; a sweep over sorted
// boundaries, so a line with thousands of parameters stays fast.
import {
  nameSpanOf,
  schemeSpanOf,
  token68SpanOf,
  valueSpanOf,
  type Diagnostic,
  type Span,
} from '../core/index.ts';
import type { AuthField } from '../shared/exchange.ts';

export type PartKind = 'scheme' | 'name' | 'value' | 'token68';

export interface Part {
  kind: PartKind;
  span: Span;
}

export interface Segment {
  start: number;
  end: number;
  part: PartKind | null;
  /** Indices into the field's diagnostics. */
  diagnostics: number[];
}

export interface Caret {
  offset: number;
  diagnostics: number[];
}

export interface LineLayout {
  segments: Segment[];
  /** Diagnostics that point between two characters (an empty span or an offset without a span). */
  carets: Caret[];
}

/** The parsed parts of a field, in field order. */
export function partsOf(field: AuthField): Part[] {
  const parts: Part[] = [];
  for (const c of field.challenges) {
    parts.push({ kind: 'scheme', span: schemeSpanOf(c) });
    const token68 = token68SpanOf(c);
    if (token68) parts.push({ kind: 'token68', span: token68 });
    for (const p of c.params) {
      parts.push({ kind: 'name', span: nameSpanOf(p) }, { kind: 'value', span: valueSpanOf(p) });
    }
  }
  for (const p of field.params) {
    parts.push({ kind: 'name', span: nameSpanOf(p) }, { kind: 'value', span: valueSpanOf(p) });
  }
  return parts;
}

/** The [start, end) of a span on one line, clipped to the line; null when it misses the line. */
export function rangeOnLine(span: Span, line: number, length: number): [number, number] | null {
  if (line < span.line || line > span.endLine) return null;
  const start = line === span.line ? Math.min(Math.max(span.start, 0), length) : 0;
  const end = line === span.endLine ? Math.min(Math.max(span.end, 0), length) : length;
  return end >= start ? [start, end] : null;
}

/** Whether a diagnostic marks a place in the text rather than the field as a whole. */
export function isPlaced(d: Diagnostic): boolean {
  return d.span !== null || d.offset > 0 || d.line > 0;
}

export function layoutLine(
  line: number,
  length: number,
  parts: readonly Part[],
  diagnostics: readonly Diagnostic[],
): LineLayout {
  // +1 opens, -1 closes; closing sorts first at the same offset so ranges do not touch.
  type Edge = { at: number; delta: 1 | -1; part?: PartKind; diagnostic?: number };
  const edges: Edge[] = [];
  const carets = new Map<number, number[]>();
  for (const p of parts) {
    const r = rangeOnLine(p.span, line, length);
    if (r && r[1] > r[0]) {
      edges.push({ at: r[0], delta: 1, part: p.kind }, { at: r[1], delta: -1, part: p.kind });
    }
  }
  diagnostics.forEach((d, index) => {
    const r = d.span
      ? rangeOnLine(d.span, line, length)
      : isPlaced(d) && d.line === line
        ? ([Math.min(d.offset, length), Math.min(d.offset, length)] as [number, number])
        : null;
    if (!r) return;
    if (r[1] > r[0]) {
      edges.push(
        { at: r[0], delta: 1, diagnostic: index },
        { at: r[1], delta: -1, diagnostic: index },
      );
    } else {
      const at = carets.get(r[0]) ?? [];
      at.push(index);
      carets.set(r[0], at);
    }
  });
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  const segments: Segment[] = [];
  const openParts: PartKind[] = [];
  const openDiagnostics = new Set<number>();
  let position = 0;
  const emit = (end: number): void => {
    if (end <= position) return;
    const part = openParts[openParts.length - 1] ?? null;
    const diags = [...openDiagnostics].sort((a, b) => a - b);
    const last = segments[segments.length - 1];
    if (last && last.part === part && sameList(last.diagnostics, diags)) last.end = end;
    else segments.push({ start: position, end, part, diagnostics: diags });
    position = end;
  };
  for (const edge of edges) {
    emit(edge.at);
    if (edge.part) {
      if (edge.delta === 1) openParts.push(edge.part);
      else {
        const i = openParts.lastIndexOf(edge.part);
        if (i >= 0) openParts.splice(i, 1);
      }
    } else if (edge.diagnostic !== undefined) {
      if (edge.delta === 1) openDiagnostics.add(edge.diagnostic);
      else openDiagnostics.delete(edge.diagnostic);
    }
  }
  emit(length);
  return {
    segments,
    carets: [...carets]
      .map(([offset, diags]) => ({ offset, diagnostics: diags }))
      .sort((a, b) => a.offset - b.offset),
  };
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

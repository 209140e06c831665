import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scenarioCase } from '../../demo/scenarios.ts';
import { paramSpanOf, type Span } from '../core/index.ts';
import { challengesOf, diagnosticsOf, type Exchange } from './exchange.ts';
import { boundRecord, MAX_RECORD_CHARS, sizeOf } from './record-bounds.ts';
import { challengedExchange } from './test-exchange.ts';

const challenged = (lines: readonly string[], url?: string) =>
  challengedExchange(lines, url === undefined ? {} : { url });

/** Every span of every challenge, parameter and diagnostic lies inside the lines kept. */
function spansStayValid(exchange: Exchange): void {
  const wrong: string[] = [];
  for (const step of exchange.steps) {
    if (step.kind !== 'response') continue;
    for (const field of step.fields) {
      const inside = (s: Span, what: string) => {
        const ok =
          s.line < field.lines.length &&
          s.endLine < field.lines.length &&
          s.end <= field.lines[s.endLine]!.length;
        if (!ok) wrong.push(`${what} ${JSON.stringify(s)}`);
      };
      for (const c of field.challenges) {
        inside({ line: c.line, start: c.start, endLine: c.endLine, end: c.end }, c.scheme);
        for (const p of c.params) {
          inside(paramSpanOf(p), p.name);
          if (field.lines[p.line]?.slice(p.start, p.start + p.name.length) !== p.name) {
            wrong.push(`name of ${p.name}`);
          }
        }
      }
      for (const d of field.diagnostics) {
        if (d.span) inside(d.span, d.code);
        if (d.challenge !== undefined && d.challenge >= field.challenges.length) {
          wrong.push(`challenge of ${d.code}`);
        }
      }
    }
  }
  expect(wrong.slice(0, 5)).toEqual([]);
}

/** ~229 KB: a Digest challenge with 20,000 distinct parameters (issue 10, item 6). */
const hostileDigest = `Digest realm="x", nonce="n", ${Array.from({ length: 20_000 }, (_, i) => `p${i}="v${i}"`).join(', ')}`;

describe('boundRecord', () => {
  it('returns a record within the bound as it was', () => {
    const exchange = challenged(['Basic realm="lab"']);
    const { exchange: kept, size } = boundRecord(exchange);
    expect(kept).toBe(exchange);
    expect(size).toBe(sizeOf(exchange));
  });

  it('keeps the lab’s 64 KiB header whole', () => {
    const exchange = challenged(scenarioCase('malformed.huge').lines);
    const response = exchange.steps[1];
    expect(response?.kind === 'response' && response.fields[0]?.lines[0]).toHaveLength(64 * 1024);
    expect(boundRecord(exchange).exchange).toBe(exchange);
  });

  it('cuts a hostile 229 KB challenge to the bound, keeps its start explained and says so', () => {
    expect(hostileDigest.length).toBeGreaterThan(220_000);
    const exchange = challenged([hostileDigest]);
    expect(sizeOf(exchange)).toBeGreaterThan(MAX_RECORD_CHARS);
    const { exchange: kept, size } = boundRecord(exchange);
    expect(size).toBeLessThanOrEqual(MAX_RECORD_CHARS);
    expect(size).toBe(sizeOf(kept));
    spansStayValid(kept);
    const [challenge] = challengesOf(kept);
    expect(challenge?.scheme).toBe('Digest');
    expect(challenge?.params.slice(0, 3).map((p) => p.name)).toEqual(['realm', 'nonce', 'p0']);
    expect(diagnosticsOf(kept).length).toBeGreaterThan(0);
    expect(kept.truncated?.[0]).toMatch(/^AuthLens keeps at most 256 KiB of each record; this one/);
    expect(kept.truncated?.join(' ')).toMatch(/parameters/);
    expect(kept.outcome).toBe('challenged');
    expect(kept.steps.map((s) => s.kind)).toEqual(['request', 'response', 'completed']);
  });

  it('cuts a 2 MB URL repeated in every step', () => {
    const url = `https://a.example/?q=${'a'.repeat(2_000_000)}`;
    const { exchange: kept, size } = boundRecord(challenged(['Basic realm="x"'], url));
    expect(size).toBeLessThanOrEqual(MAX_RECORD_CHARS);
    expect(kept.url.length).toBeLessThan(10_000);
    expect(challengesOf(kept).map((c) => c.scheme)).toEqual(['Basic']);
    expect(kept.truncated?.join(' ')).toMatch(/URLs/);
  });

  it('keeps one record of many lines and steps under the bound, whatever it holds (property)', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 2000 }),
      fc
        .integer({ min: 1, max: 1500 })
        .map(
          (n) =>
            `Digest ${Array.from({ length: n }, (_, i) => `k${i}=${'v'.repeat(i % 50)}`).join(', ')}`,
        ),
      fc.integer({ min: 1000, max: 120_000 }).map((n) => `Basic realm="${'r'.repeat(n)}"`),
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), fc.nat(12), (lines, extra) => {
        const exchange = challenged(lines);
        const response = exchange.steps[1]!;
        for (let i = 0; i < extra; i++) exchange.steps.splice(2, 0, response);
        const { exchange: kept, size } = boundRecord(exchange);
        expect(size).toBeLessThanOrEqual(MAX_RECORD_CHARS);
        spansStayValid(kept);
        if (kept !== exchange) expect(kept.truncated?.length).toBeGreaterThan(1);
      }),
      { numRuns: 20 },
    );
  }, 60_000);

  it('says what an earlier cut left out when a cut record is cut again', () => {
    const first = boundRecord(challenged([hostileDigest])).exchange;
    const grown = { ...first, steps: [...first.steps, ...first.steps, ...first.steps] };
    const again = boundRecord(grown).exchange;
    expect(again.truncated?.filter((n) => n.startsWith('AuthLens keeps at most'))).toHaveLength(1);
    expect(again.truncated?.join(' ')).toMatch(/parameters/);
  });
});

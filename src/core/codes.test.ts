import { describe, expect, it } from 'vitest';
import conformance from './fixtures/conformance.json' with { type: 'json' };
import { diagnosticExamples } from './fixtures/diagnostics.ts';
import { codes } from './index.ts';

// Convention test: the list of codes is a contract (fixtures, filters and rule files use it), so
// every code must be documented, grounded in a specification, and proven by an example.
describe('diagnostic codes', () => {
  const entries = Object.entries(codes);

  it('are stable kebab-case identifiers', () => {
    for (const [code] of entries) expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('each have a title and a reference to the section that grounds them', () => {
    for (const [, info] of entries) {
      expect(info.title.length).toBeGreaterThan(5);
      expect(info.reference.url).toMatch(/^https:\/\//);
      if (info.reference.section)
        expect(info.reference.url).toContain(`#section-${info.reference.section}`);
    }
  });

  it('each have a minimal example that triggers them', () => {
    const covered = new Set(diagnosticExamples.map((row) => row.code));
    expect(entries.map(([code]) => code).filter((code) => !covered.has(code))).toEqual([]);
    expect(diagnosticExamples.filter((row) => !(row.code in codes)).map((r) => r.code)).toEqual([]);
  });

  it('are the only codes the conformance table expects', () => {
    const used = new Set(conformance.flatMap((row) => row.codes));
    expect([...used].filter((code) => !(code in codes))).toEqual([]);
  });

  it('number at least 25', () => {
    expect(entries.length).toBeGreaterThanOrEqual(25);
  });
});

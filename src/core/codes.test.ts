import { describe, expect, it } from 'vitest';
import conformance from './fixtures/conformance.json' with { type: 'json' };
import { diagnosticExamples } from './fixtures/diagnostics.ts';
import { codes } from './index.ts';
import { severityOfRule, type CodeInfo } from './codes.ts';

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

  // Severity policy (top of codes.ts): MUST → error, SHOULD → warning, advice → info; a rule with
  // no keyword is an error when the scheme cannot work without it and a warning when it is a known
  // trap. An entry below that says why; none is above it.
  it('each have the severity the strength of their rule gives, or say why they are milder', () => {
    const order = ['info', 'warning', 'error'];
    for (const [id, info] of entries as Array<[string, CodeInfo]>) {
      const expected = severityOfRule[info.rule];
      if (info.lenient === undefined) {
        expect(info.severity, `${id} (${info.rule})`).toBe(expected);
      } else {
        expect(order.indexOf(info.severity), `${id} is milder`).toBeLessThan(
          order.indexOf(expected),
        );
        expect(info.lenient.length, `${id} says why`).toBeGreaterThan(40);
      }
    }
  });

  it('soften a MUST only where the specification has recipients accept it, or a registry grows', () => {
    const lenient = entries.filter(([, info]) => 'lenient' in info).map(([id]) => id);
    expect(lenient.sort()).toEqual(
      [
        'bearer-invalid-error-code',
        'bearer-without-params',
        'bws-around-equals',
        'dpop-invalid-error-code',
        'empty-list-element',
        'obs-fold',
        'param-should-be-quoted',
        'param-should-be-token',
        'realm-not-quoted',
      ].sort(),
    );
  });

  it('number at least 25', () => {
    expect(entries.length).toBeGreaterThanOrEqual(25);
  });
});

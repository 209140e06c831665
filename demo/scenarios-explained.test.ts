// The lab's explanations agree with what AuthLens reports: every challenge the lab sends is
// analysed as the extension would (loopback, the case's status and field), well-formed scenarios
// give no error, and each malformed one gives the finding its explanation names.
import { describe, expect, it } from 'vitest';
import { analyzeChallenges, codes, findParam } from '../src/core/index.ts';
import { SCENARIOS, fillLines } from './scenarios.ts';

const origin = 'http://127.0.0.1:5177';
const cases = SCENARIOS.flatMap((scenario) =>
  scenario.cases
    .filter((kase) => kase.lines.length > 0 || kase.status === 401)
    .map((kase) => ({ scenario, kase, id: kase.id })),
);

function analyse(id: string) {
  const { scenario, kase } = cases.find((c) => c.id === id)!;
  const lines = fillLines(kase.lines, { nonce: 'bm9uY2U', opaque: 'b3BhcXVl', origin });
  return analyzeChallenges(lines, {
    status: kase.status,
    url: `${origin}${kase.path ?? scenario.path}`,
    field: kase.field ?? 'WWW-Authenticate',
  }).diagnostics;
}

/** What each malformed case's explanation says is wrong, as the codes that must report it. */
const named: Record<string, string[]> = {
  'malformed.unterminated': ['unterminated-quoted-string'],
  'malformed.missing-comma': ['expected-comma'],
  'malformed.htab': ['tab-after-scheme'],
  'malformed.duplicate-realm': ['duplicate-param'],
  'malformed.unquoted-realm': ['realm-not-quoted'],
  'malformed.param-before-scheme': ['param-without-challenge'],
  'malformed.non-ascii': ['non-ascii-value'],
  'malformed.empty': ['empty-challenge-list', '401-without-challenge'],
  'no-challenge': ['401-without-challenge'],
};

describe('the lab explains what AuthLens reports', () => {
  it.each(cases.filter((c) => !(c.id in named) && !c.id.startsWith('malformed.')))(
    '$id: no error',
    ({ id }) => {
      expect(analyse(id).filter((d) => d.severity === 'error')).toEqual([]);
    },
  );

  it.each(Object.entries(named))('%s: reports %j', (id, expected) => {
    const found = analyse(id).map((d) => d.code);
    for (const code of expected) expect(found).toContain(code);
  });

  it('says MUST where the code is an error, and why where a MUST is only a warning', () => {
    const explanation = (path: string) => SCENARIOS.find((s) => s.path === path)!.explanation;
    expect(explanation('/malformed/duplicate-realm')).toMatch(/MUST occur once/);
    expect(codes['duplicate-param'].severity).toBe('error');
    expect(explanation('/malformed/unquoted-realm')).toMatch(/MUST quote realm/);
    expect(codes['realm-not-quoted'].severity).toBe('warning');
    expect(codes['realm-not-quoted'].lenient).toBeDefined();
  });

  it('teaches Basic over http and the Digest rules as the catalogue does', () => {
    const basic = SCENARIOS.find((s) => s.path === '/basic')!.explanation;
    expect(basic).toMatch(/RFC 7617 §4/);
    expect(analyse('basic').find((d) => d.code === 'basic-over-http')?.severity).toBe('warning');
    const digest = SCENARIOS.find((s) => s.path === '/digest')!.explanation;
    // Order of preference: RFC 7616 §3.7, as the catalogue's algorithm entry says.
    expect(digest).toMatch(/§3\.7/);
    expect(findParam('Digest', 'algorithm')!.meaning).toMatch(/§3\.7/);
    // userhash: a client that supports it must hash the name (§3.4.4), in both places.
    expect(digest).toMatch(/must then send H\(username:realm\)/);
    expect(findParam('Digest', 'userhash')!.values![0]!.meaning).toMatch(/must send a hash/);
    expect(digest).not.toMatch(/client may send/);
  });
});

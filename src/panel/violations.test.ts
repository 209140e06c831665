import { describe, expect, it } from 'vitest';
import { validateRules, type ExpectationRule } from '../core/index.ts';
import { diagnosticsOf, type Exchange } from '../shared/exchange.ts';
import { filterExchanges, parseFilter } from './filter.ts';
import { summarize } from './summary.ts';
import { fixtures, makeExchange } from './test-fixtures.ts';
import { checkExchange, countViolations, withViolations } from './violations.ts';

function rules(...list: unknown[]): ExpectationRule[] {
  const result = validateRules({ authlens: 'expectations', version: 1, rules: list });
  if ('errors' in result) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.rules;
}

const violationsOf = (e: Exchange) =>
  diagnosticsOf(e).filter((d) => d.code === 'expectation-failed') as Array<
    ReturnType<typeof diagnosticsOf>[number] & { rule: number }
  >;

describe('withViolations', () => {
  it('adds one expectation-failed diagnostic per deviation, naming the rule', () => {
    const api = rules(
      { name: 'API', match: 'https://api.example.com/**', schemes: ['Digest'] },
      { match: 'https://api.example.com/**', params: { realm: 'api', scope: false } },
    );
    const [checked] = withViolations([fixtures.bearer()], api);
    const found = violationsOf(checked!);
    expect(found.map((d) => d.rule)).toEqual([0, 1]);
    expect(found[0]!.message).toBe(
      'Expectation rules[0] "API" (https://api.example.com/**): expected a Digest challenge, but the response offered Bearer.',
    );
    expect(found[1]!.message).toMatch(/has "scope" \(="orders:write"\), which should be absent/);
    expect(found.every((d) => d.severity === 'error')).toBe(true);
  });

  it('puts a deviation inside the challenges on their field, with its span, and others on the response', () => {
    const [checked] = withViolations(
      [fixtures.bearer()],
      rules({ match: '*', status: 401, params: { realm: 'orders' } }),
    );
    const response = checked!.steps.find((s) => s.kind === 'response')!;
    if (response.kind !== 'response') throw new Error('no response');
    expect(response.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/expected status 401, got 403/),
    ]);
    const field = response.fields[0]!;
    const realm = field.diagnostics.find((d) => d.code === 'expectation-failed')!;
    expect(realm.message).toMatch(/realm="api"; expected realm="orders"/);
    expect(realm.span).not.toBeNull();
    expect(field.lines[0]!.slice(realm.span!.start, realm.span!.end)).toBe('realm="api"');
  });

  it('forbids Basic over http only on http URLs', () => {
    const noBasicOverHttp = rules({ match: '*', forbid: ['Basic over http'] });
    const checked = withViolations([fixtures.basic(), fixtures.malformed()], noBasicOverHttp);
    expect(violationsOf(checked[0]!)).toEqual([]);
    expect(violationsOf(checked[1]!).map((d) => d.message)).toEqual([
      expect.stringMatching(/Basic is forbidden over plain http, but the response offers it/),
    ]);
  });

  it('returns the same records, and the same array, when nothing deviates', () => {
    const list = [fixtures.basic(), fixtures.digest()];
    const none = rules({ match: 'https://elsewhere.example.net/*', schemes: ['Bearer'] });
    expect(withViolations(list, none)).toBe(list);
    expect(withViolations(list, [])).toBe(list);
  });

  it('does not hold the success that answers a retry with credentials to the challenge rules', () => {
    // The digest fixture: 401 with two Digest challenges, then a retry with credentials → 200.
    const checked = checkExchange(
      fixtures.digest(),
      rules({ match: '*', status: 401, schemes: ['Digest'] }),
    );
    expect(violationsOf(checked)).toEqual([]);
    const rejected = makeExchange({
      id: 'r',
      url: 'https://app.example.com/x',
      status: 401,
      headers: [{ name: 'WWW-Authenticate', value: 'Basic realm="x"' }],
      retry: {
        credentials: {
          header: 'Authorization',
          scheme: 'Basic',
          source: 'browser',
          evidence: { basis: 'observed' },
        },
        status: 401,
        headers: [{ name: 'WWW-Authenticate', value: 'Basic realm="x"' }],
      },
    });
    // A challenge that answers credentials is still a challenge, and is checked.
    expect(
      violationsOf(checkExchange(rejected, rules({ match: '*', forbid: ['Basic'] }))),
    ).toHaveLength(2);
  });

  it('checks a 407 against its Proxy-Authenticate challenges', () => {
    const checked = checkExchange(fixtures.proxy(), rules({ match: '*', schemes: ['Negotiate'] }));
    expect(violationsOf(checked)[0]!.message).toMatch(/the response offered Basic/);
  });

  it('applies rules that match the URL first asked for when a redirect led elsewhere', () => {
    const e = fixtures.bearer();
    const moved: Exchange = {
      ...e,
      url: 'https://old.example.com/orders',
      steps: [
        { kind: 'redirect', at: 1, url: e.url, redirectUrl: e.url, statusCode: 301 },
        ...e.steps,
      ],
    };
    const checked = checkExchange(
      moved,
      rules({ match: 'https://old.example.com/**', status: 401 }),
    );
    expect(violationsOf(checked)).toHaveLength(1);
  });

  it('makes violations visible to the summary counts and to has:violation', () => {
    const list = [fixtures.basic(), fixtures.bearer(), fixtures.negotiate()];
    const api = rules({ match: 'https://api.example.com/**', status: 401 });
    const checked = withViolations(list, api);
    expect(summarize(checked[1]!).counts.error).toBe(summarize(list[1]!).counts.error + 1);
    expect(filterExchanges(checked, parseFilter('has:violation')).map((e) => e.id)).toEqual([
      'bearer-1',
    ]);
    expect(filterExchanges(checked, parseFilter('-has:violation'))).toHaveLength(2);
    expect(filterExchanges(list, parseFilter('has:violation'))).toHaveLength(0);
    expect(countViolations(checked, list)).toBe(1);
  });

  it('is memoised per rule set and record, and a new rule set re-checks everything', () => {
    const list = [fixtures.bearer(), fixtures.basic()];
    const first = rules({ match: '*', schemes: ['Bearer'] });
    const a = withViolations(list, first);
    expect(withViolations(list, first)[1]).toBe(a[1]);
    expect(a[0]).toBe(list[0]);
    expect(violationsOf(a[1]!)).toHaveLength(1);
    const second = rules({ match: '*', schemes: ['Basic'] });
    const b = withViolations(list, second);
    expect(violationsOf(b[0]!)).toHaveLength(1);
    expect(b[1]).toBe(list[1]);
  });
});

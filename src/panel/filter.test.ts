import { describe, expect, it } from 'vitest';
import { filterExchanges, matchesFilter, parseFilter } from './filter.ts';
import { fixtures, makeExchange } from './test-fixtures.ts';

const all = [
  fixtures.basic(),
  fixtures.digest(),
  fixtures.bearer(),
  fixtures.malformed(),
  fixtures.negotiate(),
  fixtures.proxy(),
  { ...fixtures.unknownScheme(), imported: 'customer.har' },
];

function ids(text: string): string[] {
  return filterExchanges(all, parseFilter(text)).map((e) => e.id);
}

describe('parseFilter', () => {
  it('reads key:value terms, negation and quoted values', () => {
    const f = parseFilter('scheme:Digest -status:401 realm:"corporate proxy" hello');
    expect(f.terms.map((t) => [t.key, t.value, t.negated])).toEqual([
      ['scheme', 'Digest', false],
      ['status', '401', true],
      ['realm', 'corporate proxy', false],
      ['text', 'hello', false],
    ]);
    expect(f.problems).toEqual([]);
  });

  it('treats unknown keys as free text, so URLs can be searched', () => {
    const f = parseFilter('https://app.example.com');
    expect(f.terms).toHaveLength(1);
    expect(f.terms[0]!.key).toBe('text');
    expect(f.terms[0]!.value).toBe('https://app.example.com');
  });

  it('explains terms it cannot use and leaves them out', () => {
    const f = parseFilter('has:everything status:abc scheme:basic');
    expect(f.problems).toHaveLength(2);
    expect(f.problems[0]).toMatch(/has:everything is not known; try error, warning, info/);
    expect(f.problems[1]).toMatch(/status:abc/);
    expect(f.terms.map((t) => t.key)).toEqual(['scheme']);
  });

  it('ignores a key still being typed', () => {
    const f = parseFilter('scheme:');
    expect(f.terms).toEqual([]);
    expect(f.problems).toEqual([]);
  });

  it('accepts extra has: values', () => {
    const f = parseFilter('has:flagged', { has: { flagged: (e) => e.id === 'digest-1' } });
    expect(f.problems).toEqual([]);
    expect(filterExchanges(all, f).map((e) => e.id)).toEqual(['digest-1']);
  });
});

describe('matching', () => {
  it('matches everything with an empty filter and returns the same array', () => {
    expect(filterExchanges(all, parseFilter('   '))).toBe(all);
  });

  it('free text searches URL, method, schemes, realms and codes, case-insensitively', () => {
    expect(ids('API.EXAMPLE')).toEqual(['bearer-1']);
    expect(ids('post')).toEqual(['bearer-1']);
    expect(ids('corporate')).toEqual(['proxy-1']);
    expect(ids('unterminated-quoted')).toEqual(['malformed-1']);
  });

  it('scheme: matches challenge and credential schemes, exactly or by glob', () => {
    expect(ids('scheme:digest')).toEqual(['digest-1']);
    expect(ids('scheme:BASIC')).toEqual(['basic-1', 'malformed-1', 'proxy-1']);
    expect(ids('scheme:n*')).toEqual(['negotiate-1']);
    expect(ids('scheme:neg')).toEqual([]);
  });

  it('status: matches any response of the exchange, with x wildcards', () => {
    expect(ids('status:200')).toEqual(['digest-1']);
    expect(ids('status:407')).toEqual(['proxy-1']);
    expect(ids('status:4xx')).toEqual(all.map((e) => e.id));
    expect(ids('status:40x -status:401')).toEqual(['bearer-1', 'proxy-1']);
  });

  it('host: and method: narrow by where and how', () => {
    expect(ids('host:app.example.com')).toEqual(['basic-1', 'digest-1']);
    expect(ids('host:*.example.org')).toEqual([]);
    expect(ids('host:example.org')).toEqual(['proxy-1']);
    expect(ids('method:post')).toEqual(['bearer-1']);
    expect(ids('-method:GET')).toEqual(['bearer-1']);
  });

  it('has: asks about diagnostics and the shape of the exchange', () => {
    expect(ids('has:error')).toEqual(['malformed-1']);
    expect(ids('has:warning')).toEqual(['malformed-1', 'proxy-1']);
    expect(ids('has:info')).toEqual(['malformed-1', 'negotiate-1', 'custom-1']);
    expect(ids('-has:diagnostic')).toEqual(['basic-1', 'digest-1', 'bearer-1']);
    expect(ids('has:credentials')).toEqual(['digest-1']);
    expect(ids('has:token68')).toEqual(['negotiate-1']);
    expect(ids('has:authinfo')).toEqual(['digest-1']);
    expect(ids('has:proxy')).toEqual(['proxy-1']);
    expect(ids('has:violation')).toEqual([]);
  });

  it('has:violation finds exchanges where an expectation rule failed', () => {
    const e = fixtures.basic();
    const step = e.steps[1]!;
    if (step.kind !== 'response') throw new Error('fixture');
    const violated: typeof e = {
      ...e,
      id: 'violated',
      steps: [
        e.steps[0]!,
        {
          ...step,
          diagnostics: [
            {
              severity: 'error',
              code: 'expectation-failed',
              message: 'Expected Digest, got Basic',
              line: 0,
              offset: 0,
              span: null,
              reference: {
                document: 'RFC 9110',
                section: '11.6.1',
                url: 'https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1',
              },
            },
          ],
        },
      ],
    };
    expect(
      filterExchanges([...all, violated], parseFilter('has:violation')).map((x) => x.id),
    ).toEqual(['violated']);
  });

  it('code:, realm:, outcome: and is: reach the rest', () => {
    expect(ids('code:basic-over-http')).toEqual(['malformed-1', 'proxy-1']);
    expect(ids('code:*quoted*')).toEqual(['malformed-1']);
    expect(ids('realm:lab')).toEqual(['basic-1', 'digest-1', 'malformed-1']);
    expect(ids('outcome:auth')).toEqual(['digest-1']);
    expect(ids('is:imported')).toEqual(['custom-1']);
    expect(ids('is:live -is:imported status:407')).toEqual(['proxy-1']);
  });

  it('ANDs every term', () => {
    expect(ids('scheme:basic has:error -status:407')).toEqual(['malformed-1']);
    expect(ids('scheme:basic has:warning status:407')).toEqual(['proxy-1']);
    expect(ids('scheme:basic scheme:digest')).toEqual([]);
  });

  it('sees a record again after an update (summaries are cached per record object)', () => {
    const before = makeExchange({ id: 'x', url: 'https://a.example/', status: 401, headers: [] });
    const f = parseFilter('status:200');
    expect(matchesFilter(f, before)).toBe(false);
    const after = makeExchange({
      id: 'x',
      url: 'https://a.example/',
      status: 401,
      headers: [{ name: 'WWW-Authenticate', value: 'Basic realm="a"' }],
      retry: {
        credentials: { header: 'Authorization', scheme: 'Basic', source: 'browser' },
        status: 200,
      },
    });
    expect(matchesFilter(f, after)).toBe(true);
  });
});

describe('hostile filter text', () => {
  it('treats prototype keys as unknown words, never as predicates', () => {
    for (const word of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      for (const key of ['has', 'is']) {
        const f = parseFilter(`${key}:${word}`);
        expect(f.terms).toEqual([]);
        expect(f.problems[0]).toMatch(new RegExp(`^${key}:${word} is not known`));
        expect(filterExchanges(all, f)).toBe(all);
      }
    }
  });

  it('matches a glob against a 100 KB realm without backtracking', () => {
    const realm = 'a'.repeat(100 * 1024);
    const huge = makeExchange({
      id: 'huge',
      url: 'https://a.example/',
      status: 401,
      headers: [{ name: 'WWW-Authenticate', value: `Basic realm="${realm}"` }],
    });
    expect(filterExchanges([huge], parseFilter('realm:*a*b'))).toEqual([]);
    expect(filterExchanges([huge], parseFilter('realm:*a*a')).map((e) => e.id)).toEqual(['huge']);
    expect(filterExchanges([huge], parseFilter('host:*a*a*a*z'))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { checkExpectations, validateRules, type ExpectationRule } from './expectations.ts';
import { parseChallenges } from './parse.ts';

const doc = (...rules: unknown[]) => ({ authlens: 'expectations', version: 1, rules });

function load(...rules: unknown[]): ExpectationRule[] {
  const result = validateRules(doc(...rules));
  if ('errors' in result) throw new Error(JSON.stringify(result.errors));
  return result.rules;
}

function errorsOf(json: unknown) {
  const result = validateRules(json);
  return 'errors' in result ? result.errors : [];
}

function check(
  rules: ExpectationRule[],
  url: string,
  statusCode: number,
  field: string | string[],
) {
  return checkExpectations(rules, {
    url,
    statusCode,
    challenges: parseChallenges(field).challenges,
  });
}

describe('validateRules', () => {
  it('accepts the documented example', () => {
    const rules = load(
      {
        name: 'API',
        match: 'https://staging.example.com/api/*',
        status: 401,
        schemes: ['Bearer'],
        params: { realm: 'api', resource_metadata: true, error: false },
      },
      { match: '*', forbid: ['Basic over http'] },
    );
    expect(rules).toHaveLength(2);
    expect(rules[0]).toMatchObject({
      index: 0,
      name: 'API',
      status: [401],
      schemes: ['Bearer'],
      params: [
        { name: 'realm', expect: 'api' },
        { name: 'resource_metadata', expect: true },
        { name: 'error', expect: false },
      ],
    });
    expect(rules[1]!.forbid).toEqual([{ scheme: 'Basic', overHttp: true }]);
  });

  it('checks the envelope: marker, version and rules array', () => {
    expect(errorsOf([])).toEqual([
      {
        rule: null,
        field: '(document)',
        message:
          '(document): expected a JSON object { "authlens": "expectations", "version": 1, "rules": [...] }',
      },
    ]);
    expect(errorsOf({ authlens: 'expectations', version: 2, rules: [] })).toEqual([
      {
        rule: null,
        field: 'version',
        message: 'version: version 2 is not supported; this AuthLens reads version 1',
      },
    ]);
    expect(errorsOf({ version: 1, rules: {} }).map((e) => e.field)).toEqual(['authlens', 'rules']);
  });

  it('names the rule and the field of every problem, and yields no rules at all', () => {
    const result = validateRules(
      doc(
        { match: '*', forbid: ['Basic'] },
        { match: 'staging.example.com/api', schemes: ['Bearer'] },
        { match: '*', scheme: ['Bearer'] },
        { match: '*', schemes: ['Bearer', 'Not a token'], status: [401, 700] },
        { match: '*', params: { realm: 3 } },
        { match: '*', forbid: ['Basic over https'] },
        { match: '*' },
        'nope',
      ),
    );
    expect('rules' in result).toBe(false);
    const errors = 'errors' in result ? result.errors : [];
    expect(errors.map((e) => [e.rule, e.field])).toEqual([
      [1, 'match'],
      [2, 'scheme'],
      [3, 'status[1]'],
      [3, 'schemes[1]'],
      [4, 'params.realm'],
      [5, 'forbid[0]'],
      [6, '(rule)'],
      [7, '(rule)'],
    ]);
    expect(errors[0]!.message).toBe(
      'rules[1].match: "staging.example.com/api" must be "*" or an origin and path glob such as "https://staging.example.com/api/*"',
    );
    expect(errors[1]!.message).toContain('did you mean "schemes"?');
    expect(errors[6]!.message).toContain('checks nothing');
  });

  it('refuses more rules than it can check quickly', () => {
    const many = Array.from({ length: 1001 }, () => ({ match: '*', forbid: ['Basic'] }));
    expect(errorsOf(doc(...many))[0]!.message).toMatch(/at most 1000/);
  });
});

describe('checkExpectations', () => {
  const api = load({
    name: 'API',
    match: 'https://staging.example.com/api/**',
    schemes: ['Bearer'],
    params: { realm: 'api', resource_metadata: true },
  });

  it('passes a response that challenges as expected, and ignores URLs no rule matches', () => {
    const good =
      'Bearer realm="api", resource_metadata="https://staging.example.com/.well-known/oauth-protected-resource"';
    expect(check(api, 'https://staging.example.com/api/items', 401, good)).toEqual([]);
    expect(check(api, 'https://staging.example.com/public', 200, '')).toEqual([]);
  });

  it('reports a missing scheme with the rule that asked for it', () => {
    const [d, ...rest] = check(api, 'https://staging.example.com/api/x', 401, 'Basic realm="api"');
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'expectation-failed', severity: 'error', rule: 0 });
    expect(d!.message).toBe(
      'Expectation rules[0] "API" (https://staging.example.com/api/**): expected a Bearer challenge, but the response offered Basic.',
    );
    expect(d!.reference.url).toMatch(/^https:\/\/www\.rfc-editor\.org\//);
  });

  it('reports an unprotected endpoint: no challenge at all', () => {
    const found = check(api, 'https://staging.example.com/api/x', 200, []);
    expect(found.map((d) => d.message)).toEqual([
      expect.stringContaining('the response (status 200) offered no challenge'),
    ]);
  });

  it('reports each parameter that deviates, pointing at it', () => {
    const field = 'Bearer realm="API"';
    const found = check(api, 'https://staging.example.com/api/x', 401, field);
    expect(found.map((d) => d.message.split(': ')[1])).toEqual([
      'the Bearer challenge has realm="API"; expected realm="api".',
      'the Bearer challenge has no "resource_metadata" parameter.',
    ]);
    expect(field.slice(found[0]!.span!.start, found[0]!.span!.end)).toBe('realm="API"');
    expect(found[0]!.challenge).toBe(0);
  });

  it('accepts a scheme offered twice when one of its challenges meets every parameter', () => {
    const rules = load({ match: '*', schemes: ['Digest'], params: { algorithm: 'SHA-256' } });
    const both = ['Digest realm="r", algorithm=MD5', 'Digest realm="r", algorithm=SHA-256'];
    expect(check(rules, 'https://h/', 401, both)).toEqual([]);
    expect(check(rules, 'https://h/', 401, both[0]!)).toHaveLength(1);
  });

  it('without schemes, checks parameters on every challenge', () => {
    const rules = load({ match: '*', params: { realm: true } });
    expect(
      check(rules, 'https://h/', 401, 'Basic realm="x", Bearer').map((d) => d.challenge),
    ).toEqual([1]);
    expect(check(rules, 'https://h/', 401, '')[0]!.message).toContain(
      'expected a challenge with "realm"',
    );
  });

  it('checks that a parameter is absent', () => {
    const rules = load({ match: '*', schemes: ['Bearer'], params: { error: false } });
    expect(check(rules, 'https://h/', 401, 'Bearer error="invalid_token"')[0]!.message).toContain(
      'which should be absent',
    );
  });

  it('checks the status', () => {
    const rules = load({ match: '*', status: [401, 403] });
    expect(check(rules, 'https://h/', 403, 'Bearer')).toEqual([]);
    expect(check(rules, 'https://h/', 200, [])[0]!.message).toContain(
      'expected status 401 or 403, got 200.',
    );
  });

  it('forbids a scheme everywhere, or only over plain http', () => {
    const rules = load({ match: '*', forbid: ['Basic over http', 'NTLM'] });
    expect(check(rules, 'https://h/', 401, 'Basic realm="x"')).toEqual([]);
    const overHttp = check(rules, 'http://h/', 401, 'Negotiate, basic realm="x"');
    expect(overHttp.map((d) => [d.challenge, d.message.split(': ')[1]])).toEqual([
      [1, 'basic is forbidden over plain http, but the response offers it.'],
    ]);
    expect(check(rules, 'https://h/', 401, 'NTLM')[0]!.message).toContain(
      'NTLM is forbidden, but the response offers it.',
    );
  });

  it('applies every rule that matches, each reporting under its own index', () => {
    const rules = load(
      { match: '*', forbid: ['Basic over http'] },
      { match: 'http://h/**', schemes: ['Bearer'] },
    );
    expect(check(rules, 'http://h/x', 401, 'Basic realm="r"').map((d) => d.rule)).toEqual([0, 1]);
  });

  it('applies rules matching the requested URL when a redirect led elsewhere', () => {
    const rules = load({ match: 'https://h/api/**', schemes: ['Bearer'] });
    const found = checkExpectations(rules, {
      url: 'https://h/login',
      requestedUrl: 'https://h/api/x',
      statusCode: 200,
      challenges: [],
    });
    expect(found.map((d) => d.rule)).toEqual([0]);
  });
});

import { describe, expect, it } from 'vitest';
import { lastResponse } from '../shared/exchange.ts';
import { advanceExchange, contextStep, deriveOutcome, startExchange } from './exchanges.ts';
import type { Observation } from './observation.ts';

const base = {
  requestId: '5',
  tabId: 1,
  frameId: 0,
  url: 'http://127.0.0.1/basic',
  method: 'GET',
  type: 'main_frame',
  initiator: null,
};
type Obs<K extends Observation['kind']> = Extract<Observation, { kind: K }>;
const response = (
  statusCode: number,
  headers: Array<[string, string]>,
  at: number,
): Obs<'response'> => ({
  ...base,
  kind: 'response',
  at,
  statusCode,
  statusLine: `HTTP/1.1 ${statusCode}`,
  fromCache: false,
  headers: headers.map(([name, value]) => ({ name, value })),
  relevant: statusCode === 401 || headers.length > 0,
});
const completed = (statusCode: number, at: number): Obs<'completed'> => ({
  ...base,
  kind: 'completed',
  statusLine: '',
  headers: [],
  at,
  statusCode,
});

describe('exchange reducer', () => {
  it('groups challenge → browser retry → success with Authentication-Info into one exchange', () => {
    let x = startExchange(
      response(401, [['WWW-Authenticate', 'Digest realm="lab", nonce="n", qop="auth"']], 10),
      [],
    );
    expect(x.outcome).toBe('pending');
    x = advanceExchange(x, {
      ...base,
      kind: 'auth-required',
      at: 11,
      scheme: 'digest',
      realm: 'lab',
      isProxy: false,
      challenger: '127.0.0.1:80',
    });
    x = advanceExchange(
      x,
      response(200, [['Authentication-Info', 'nextnonce="m", qop=auth, rspauth="r"']], 12),
    );
    x = advanceExchange(x, completed(200, 13));
    expect(x.steps.map((s) => s.kind)).toEqual([
      'request',
      'response',
      'auth-required',
      'request',
      'response',
      'completed',
    ]);
    expect(x.steps[3]).toMatchObject({
      credentials: [{ header: 'Authorization', scheme: 'Digest', source: 'browser' }],
    });
    expect(x.outcome).toBe('authenticated');
    const info = x.steps[4]!.kind === 'response' ? x.steps[4]!.fields[0]! : undefined;
    expect(info?.params.map((p) => p.name)).toEqual(['nextnonce', 'qop', 'rspauth']);
  });

  it('infers the browser retry from the challenge offered when onAuthRequired did not fire', () => {
    let x = startExchange(response(401, [['WWW-Authenticate', 'Basic realm="x"']], 1), []);
    x = advanceExchange(x, response(401, [['WWW-Authenticate', 'Basic realm="x"']], 2));
    x = advanceExchange(x, completed(401, 3));
    expect(x.steps[2]).toMatchObject({
      kind: 'request',
      credentials: [{ scheme: 'Basic', source: 'browser' }],
    });
    expect(x.outcome).toBe('rejected');
  });

  it('keeps page-set credentials of the retry as the page sent them', () => {
    let x = startExchange(response(401, [['WWW-Authenticate', 'Bearer realm="api"']], 1), []);
    x = advanceExchange(x, {
      ...base,
      kind: 'request',
      at: 2,
      credentials: [{ header: 'Authorization', scheme: 'Bearer', source: 'page' }],
    });
    expect(x.steps.at(-1)).toMatchObject({ credentials: [{ source: 'page', scheme: 'Bearer' }] });
  });

  it('keeps the redirect chain that led to the challenge as context', () => {
    const hops = [
      contextStep({
        ...base,
        kind: 'redirect',
        at: 1,
        url: 'http://127.0.0.1/sso/start',
        redirectUrl: 'http://127.0.0.1/sso/idp',
        statusCode: 302,
      })!,
      contextStep({
        ...base,
        kind: 'redirect',
        at: 2,
        url: 'http://127.0.0.1/sso/idp',
        redirectUrl: 'http://127.0.0.1/sso/protected',
        statusCode: 302,
      })!,
    ];
    const x = startExchange(response(401, [['WWW-Authenticate', 'Basic realm="sso"']], 3), hops);
    expect(x.url).toBe('http://127.0.0.1/sso/start');
    expect(x.startedAt).toBe(1);
    expect(x.steps.map((s) => s.kind)).toEqual(['request', 'redirect', 'redirect', 'response']);
  });

  it('diagnoses each response in its exchange: a 401 without a challenge is a finding', () => {
    const x = startExchange(response(401, [], 1), []);
    const step = x.steps[1]!;
    expect(step.kind === 'response' && step.diagnostics.map((d) => d.code)).toEqual([
      '401-without-challenge',
    ]);
  });

  it('passes whether the request carried credentials to the diagnostics', () => {
    const withToken = [
      contextStep({
        ...base,
        kind: 'request',
        at: 0,
        credentials: [{ header: 'Authorization', scheme: 'Bearer', source: 'page' }],
      })!,
    ];
    const x = startExchange(
      response(401, [['WWW-Authenticate', 'Bearer error="invalid_token"']], 1),
      withToken,
    );
    const step = x.steps[1]!;
    expect(
      step.kind === 'response' && step.fields[0]!.diagnostics.map((d) => d.code),
    ).not.toContain('bearer-error-without-credentials');
  });

  it('does not mutate the exchange it advances', () => {
    const x = startExchange(response(401, [['WWW-Authenticate', 'Basic realm="x"']], 1), []);
    const frozen = JSON.stringify(x);
    advanceExchange(x, completed(401, 2));
    expect(JSON.stringify(x)).toBe(frozen);
  });

  it('derives each outcome from the steps', () => {
    const r = (s: number) =>
      response(s, s === 401 ? [['WWW-Authenticate', 'Basic realm="x"']] : [], 0);
    const steps = (...list: Observation[]) =>
      list.reduce((x, o) => advanceExchange(x, o), startExchange(r(401), [])).steps;
    expect(deriveOutcome(steps())).toBe('pending');
    expect(deriveOutcome(steps(completed(401, 1)))).toBe('challenged');
    expect(deriveOutcome(steps(r(200), completed(200, 1)))).toBe('authenticated');
    expect(deriveOutcome(steps(r(401), completed(401, 1)))).toBe('rejected');
    expect(
      deriveOutcome(
        steps({ ...base, kind: 'error', at: 1, error: 'net::ERR_INVALID_AUTH_CREDENTIALS' }),
      ),
    ).toBe('challenged');
    expect(deriveOutcome(steps(r(500), completed(500, 1)))).toBe('failed');
    expect(deriveOutcome([{ kind: 'error', at: 1, error: 'net::ERR_CONNECTION_REFUSED' }])).toBe(
      'failed',
    );
  });
});

describe('answers Chrome gives without showing the challenge', () => {
  it('reads Authentication-Info on a first response as a silent Digest answer', () => {
    let x = startExchange(
      response(
        200,
        [['Authentication-Info', 'nextnonce="n", qop=auth, rspauth="r", cnonce="c", nc=00000001']],
        1,
      ),
      [],
    );
    x = advanceExchange(x, completed(200, 2));
    expect(x.steps[0]).toMatchObject({
      kind: 'request',
      credentials: [{ header: 'Authorization', scheme: 'Digest', source: 'browser' }],
    });
    expect(x.outcome).toBe('authenticated');
  });

  it('leaves page-set credentials alone', () => {
    const sent = [
      contextStep({
        ...base,
        kind: 'request',
        at: 0,
        credentials: [{ header: 'Authorization', scheme: 'Digest', source: 'page' }],
      })!,
    ];
    const x = startExchange(response(200, [['Authentication-Info', 'rspauth="r"']], 1), sent);
    expect(x.steps[0]).toMatchObject({ credentials: [{ source: 'page' }] });
  });
});

describe("Chrome's own retry seen only through its completion", () => {
  it('adds the retry and its response from the completion after a challenge (extraHeaders mode)', () => {
    let x = startExchange(
      response(401, [['WWW-Authenticate', 'Digest realm="lab", nonce="n", qop="auth"']], 1),
      [],
    );
    x = advanceExchange(x, {
      ...completed(200, 2),
      statusLine: 'HTTP/1.1 200 OK',
      headers: [{ name: 'Authentication-Info', value: 'rspauth="r", nextnonce="m"' }],
    });
    expect(x.steps.map((s) => s.kind)).toEqual([
      'request',
      'response',
      'request',
      'response',
      'completed',
    ]);
    expect(x.steps[2]).toMatchObject({ credentials: [{ scheme: 'Digest', source: 'browser' }] });
    expect(x.outcome).toBe('authenticated');
    expect(lastResponse(x)!.fields[0]!.name).toBe('Authentication-Info');
  });

  it('adds nothing when the completion repeats the last status', () => {
    let x = startExchange(response(401, [['WWW-Authenticate', 'Basic realm="x"']], 1), []);
    x = advanceExchange(x, completed(401, 2));
    expect(x.steps.map((s) => s.kind)).toEqual(['request', 'response', 'completed']);
  });
});

describe('outcomes of page-set credentials', () => {
  it('calls a challenge in answer to the page’s own credentials a rejection', () => {
    const sent = [
      contextStep({
        ...base,
        kind: 'request',
        at: 0,
        credentials: [{ header: 'Authorization', scheme: 'Basic', source: 'page' }],
      })!,
    ];
    let x = startExchange(response(401, [['WWW-Authenticate', 'Basic realm="x"']], 1), sent);
    x = advanceExchange(x, completed(401, 2));
    expect(x.outcome).toBe('rejected');
  });
});

import { describe, expect, it } from 'vitest';
import { challengesOf, diagnosticsOf, lastResponse } from './exchange.ts';
import { exchangesFromHar } from './har.ts';

type Headers = Array<{ name: string; value: string }>;

function entry(
  url: string,
  status: number,
  responseHeaders: Headers,
  extra: { method?: string; requestHeaders?: Headers; redirectURL?: string } = {},
) {
  return {
    startedDateTime: '2026-01-02T03:04:05.000Z',
    time: 12,
    request: {
      method: extra.method ?? 'GET',
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: extra.requestHeaders ?? [],
      queryString: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status,
      statusText: status === 401 ? 'Unauthorized' : 'OK',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: responseHeaders,
      content: { size: 0, mimeType: 'text/html' },
      redirectURL: extra.redirectURL ?? '',
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings: { send: 0, wait: 12, receive: 0 },
  };
}

const har = (...entries: unknown[]) => ({
  log: { version: '1.2', creator: { name: 't', version: '1' }, entries },
});
const www = (value: string) => ({ name: 'WWW-Authenticate', value });

describe('exchangesFromHar', () => {
  it('keeps each repeated WWW-Authenticate entry of a Chrome HAR as its own field line', () => {
    const { exchanges, problems } = exchangesFromHar(
      har(
        entry('https://a.example/x', 401, [
          www('Negotiate'),
          { name: 'content-type', value: 'text/html' },
          www('Basic realm="a"'),
        ]),
      ),
      { source: 'devtools.har' },
    );
    expect(problems).toEqual([]);
    expect(exchanges).toHaveLength(1);
    const exchange = exchanges[0]!;
    expect(exchange.id).toBe('import:1');
    expect(exchange.imported).toBe('devtools.har');
    expect(exchange.outcome).toBe('challenged');
    expect(exchange.steps.map((s) => s.kind)).toEqual(['request', 'response', 'completed']);
    expect(lastResponse(exchange)!.fields[0]!.lines).toEqual(['Negotiate', 'Basic realm="a"']);
    expect(challengesOf(exchange).map((c) => c.scheme)).toEqual(['Negotiate', 'Basic']);
  });

  it('imports only entries with an auth field or a 401/407', () => {
    const { exchanges } = exchangesFromHar(
      har(
        entry('https://a.example/page', 200, [{ name: 'Content-Type', value: 'text/html' }]),
        entry('https://a.example/missing', 401, []),
        entry('https://a.example/ok', 200, [{ name: 'Authentication-Info', value: 'rspauth="x"' }]),
        entry('https://proxy.example/', 407, [{ name: 'Proxy-Authenticate', value: 'Basic' }]),
      ),
    );
    expect(exchanges.map((e) => e.url)).toEqual([
      'https://a.example/missing',
      'https://a.example/ok',
      'https://proxy.example/',
    ]);
    expect(diagnosticsOf(exchanges[0]!).map((d) => d.code)).toContain('401-without-challenge');
    expect(exchanges[1]!.outcome).toBe('succeeded');
  });

  it('reports bad entries in one line each and keeps the good ones', () => {
    const bad = entry('https://a.example/b', 401, []) as { response: { headers: unknown } };
    bad.response.headers = 'WWW-Authenticate: Basic';
    const { exchanges, problems } = exchangesFromHar(
      har(
        42,
        { request: {} },
        { request: { url: 'https://a.example/c', method: 'GET' } },
        entry('https://a.example/blocked', 0, []),
        bad,
        entry('https://a.example/good', 401, [www('Basic realm="r"')]),
      ),
    );
    expect(exchanges.map((e) => e.url)).toEqual(['https://a.example/good']);
    expect(problems).toEqual([
      'Entry 1: not an object; skipped.',
      'Entry 2: no request URL; skipped.',
      'Entry 3 (GET https://a.example/c): no response status; skipped.',
      'Entry 4 (GET https://a.example/blocked): status 0, the request got no response; skipped.',
      'Entry 5 (GET https://a.example/b): response.headers is not an array; skipped.',
    ]);
  });

  it('never throws, whatever it is given', () => {
    for (const input of [null, undefined, 3, 'x', [], {}, { log: {} }, { log: { entries: {} } }]) {
      const result = exchangesFromHar(input);
      expect(result.exchanges).toEqual([]);
      expect(result.problems).toEqual(['Not a HAR file: there is no "log.entries" array.']);
    }
    expect(exchangesFromHar(har()).problems).toEqual([]);
  });

  it('caps the problem list so a broken file does not flood the report', () => {
    const { problems } = exchangesFromHar(har(...Array.from({ length: 120 }, () => null)));
    expect(problems).toHaveLength(51);
    expect(problems.at(-1)).toBe('…and 70 more problems.');
  });

  it('chains redirects (relative Location too) into one exchange with redirect steps', () => {
    const { exchanges } = exchangesFromHar(
      har(
        entry('http://a.example/start', 301, [{ name: 'Location', value: 'https://a.example/s' }], {
          redirectURL: 'https://a.example/s',
        }),
        entry('https://a.example/s', 302, [], { redirectURL: '/api' }),
        entry('https://a.example/api', 401, [www('Bearer realm="api"')]),
      ),
    );
    expect(exchanges).toHaveLength(1);
    const e = exchanges[0]!;
    expect(e.url).toBe('http://a.example/start');
    expect(e.steps.map((s) => s.kind)).toEqual([
      'request',
      'redirect',
      'redirect',
      'response',
      'completed',
    ]);
    expect(e.steps[2]).toMatchObject({
      url: 'https://a.example/s',
      redirectUrl: 'https://a.example/api',
    });
  });

  it('pairs a challenge with its retry: authenticated, or rejected', () => {
    const auth = { requestHeaders: [{ name: 'Authorization', value: 'Basic dTpw' }] };
    const { exchanges } = exchangesFromHar(
      har(
        entry('https://a.example/x', 401, [www('Basic realm="r"')]),
        entry('https://a.example/x', 200, [], auth),
        entry('https://a.example/y', 401, [www('Basic realm="r"')]),
        entry('https://a.example/y', 401, [www('Basic realm="r"')], auth),
      ),
    );
    expect(exchanges.map((e) => e.outcome)).toEqual(['authenticated', 'rejected']);
    const request = exchanges[0]!.steps[2]!;
    expect(request).toEqual({
      kind: 'request',
      at: expect.any(Number),
      url: 'https://a.example/x',
      credentials: [{ header: 'Authorization', scheme: 'Basic', source: 'page' }],
    });
  });

  it('keeps credential values only when asked to reveal them', () => {
    const input = har(
      entry('https://a.example/x', 401, [www('Bearer error="invalid_token"')], {
        requestHeaders: [{ name: 'authorization', value: 'Bearer secret' }],
      }),
    );
    const hidden = exchangesFromHar(input).exchanges[0]!.steps[0]!;
    expect(JSON.stringify(hidden)).not.toContain('secret');
    const shown = exchangesFromHar(input, { revealCredentials: true }).exchanges[0]!.steps[0]!;
    expect(shown).toMatchObject({ credentials: [{ scheme: 'Bearer', value: 'Bearer secret' }] });
  });

  it('reads a 10 MB HAR with thousands of entries in reasonable time', () => {
    const filler = 'x'.repeat(4000);
    const entries = Array.from({ length: 2500 }, (_, i) =>
      i % 10 === 0
        ? entry(`https://a.example/${i}`, 401, [www('Basic realm="r"')])
        : {
            ...entry(`https://a.example/${i}`, 200, [{ name: 'X-Filler', value: filler }]),
          },
    );
    const text = JSON.stringify(har(...entries));
    expect(text.length).toBeGreaterThan(10_000_000);
    const started = Date.now();
    const { exchanges, problems } = exchangesFromHar(JSON.parse(text));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(problems).toEqual([]);
    expect(exchanges).toHaveLength(250);
  });
});

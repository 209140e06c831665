import { describe, expect, it } from 'vitest';
import { challengesOf, diagnosticsOf, type Exchange } from './exchange.ts';
import { exchangesFromHar } from './har.ts';
import { exchangesToHar } from './har-write.ts';
import { REDACTED, redactExchange } from './redact.ts';

type Headers = Array<{ name: string; value: string }>;

/** The smallest HAR entry the reader accepts, with the fields the writer's output is compared on. */
const harEntry = (
  url: string,
  status: number,
  responseHeaders: Headers,
  requestHeaders: Headers = [],
  redirectURL = '',
) => ({
  startedDateTime: '2026-01-02T03:04:05.000Z',
  time: 12,
  request: { method: 'GET', url, headers: requestHeaders },
  response: { status, statusText: '', headers: responseHeaders, redirectURL },
});
const www = (value: string) => ({ name: 'WWW-Authenticate', value });

// Read with credentials revealed: records as an opted-in user holds them, secrets and all.
const revealed: Exchange[] = exchangesFromHar(
  {
    log: {
      entries: [
        harEntry('https://a.example/x?access_token=tok123', 401, [
          www('Negotiate'),
          www('NTLM TlRMTVNTUAACAAAA'),
          www('Basic realm="a", charset="UTF-8"'),
        ]),
        harEntry(
          'https://a.example/x?access_token=tok123',
          200,
          [],
          [
            { name: 'Authorization', value: 'Basic dTpw' },
            { name: 'Cookie', value: 'session=c00kie' },
          ],
        ),
        harEntry('http://a.example/old', 302, [], [], 'https://a.example/new'),
        harEntry('https://a.example/new', 401, [
          www('Bearer realm="api", error="invalid_token"'),
          { name: 'Set-Cookie', value: 'session=c00kie' },
        ]),
      ],
    },
  },
  { revealCredentials: true },
).exchanges;

type Log = {
  log: { comment: string; _redacted: boolean; entries: Array<Record<string, unknown>> };
};

describe('exchangesToHar', () => {
  it('writes a HAR 1.2 log with the required fields of every entry', () => {
    const out = exchangesToHar(revealed, {
      redacted: false,
      creator: { name: 'AuthLens', version: '0.1.0' },
    }) as { log: { version: string; creator: unknown; entries: Array<Record<string, unknown>> } };
    expect(out.log.version).toBe('1.2');
    expect(out.log.creator).toEqual({ name: 'AuthLens', version: '0.1.0' });
    expect(out.log.entries).toHaveLength(4);
    for (const e of out.log.entries) {
      expect(typeof e.startedDateTime).toBe('string');
      expect(typeof e.time).toBe('number');
      expect(e.request).toMatchObject({
        method: 'GET',
        httpVersion: 'HTTP/1.1',
        cookies: [],
        queryString: [],
        headersSize: -1,
      });
      expect(e.response).toMatchObject({ cookies: [], content: { size: 0 }, headersSize: -1 });
      expect(e.timings).toMatchObject({ send: 0, receive: 0 });
      expect(e.cache).toEqual({});
    }
    expect(out.log.entries[2]!.response).toMatchObject({
      status: 302,
      redirectURL: 'https://a.example/new',
    });
  });

  it('writes the records as given and says whether they were redacted', () => {
    const plain = exchangesToHar(revealed, { redacted: false }) as Log;
    const text = JSON.stringify(plain);
    expect(text).toContain('Basic dTpw');
    expect(text).toContain('NTLM TlRMTVNTUAACAAAA');
    expect(plain.log._redacted).toBe(false);
    expect(plain.log.comment).toMatch(/^NOT redacted/);

    const redacted = exchangesToHar(revealed.map(redactExchange), { redacted: true }) as Log;
    const masked = JSON.stringify(redacted);
    for (const secret of ['dTpw', 'TlRMTVNTUAACAAAA', 'tok123'])
      expect(masked).not.toContain(secret);
    expect(masked).toContain(`Basic ${REDACTED}`);
    expect(masked).toContain(`NTLM ${REDACTED}`);
    expect(redacted.log._redacted).toBe(true);
    expect(redacted.log.comment).toMatch(/^Redacted by AuthLens/);
  });

  it('never writes a cookie, whatever the file it came from held', () => {
    for (const records of [revealed, revealed.map(redactExchange)]) {
      const text = JSON.stringify(exchangesToHar(records, { redacted: false }));
      expect(text).not.toContain('c00kie');
      expect(text).not.toMatch(/"(Set-)?Cookie"/i);
    }
  });

  it('writes a credentials header without a value as its scheme and a mask', () => {
    const [first] = exchangesFromHar({
      log: {
        entries: [
          harEntry(
            'https://a.example/',
            401,
            [www('Bearer')],
            [{ name: 'Authorization', value: 'Bearer abc.def' }],
          ),
          harEntry(
            'https://a.example/k',
            401,
            [www('Bearer')],
            [{ name: 'Authorization', value: 'lin_api_4fGh8sK2mQ9xZ7pL1vB3nC6dR0tY5wE' }],
          ),
        ],
      },
    }).exchanges;
    const out = exchangesToHar([first!], { redacted: true }) as Log;
    expect(out.log.entries[0]!.request).toMatchObject({
      headers: [{ name: 'Authorization', value: `Bearer ${REDACTED}` }],
    });
  });

  it('round-trips: toHar then fromHar gives the same exchanges and challenges', () => {
    const shape = (exchanges: Exchange[]) =>
      exchanges.map((e) => ({
        url: e.url,
        outcome: e.outcome,
        steps: e.steps.map((s) => s.kind),
        challenges: challengesOf(e).map((c) => ({
          scheme: c.scheme,
          token68: c.token68,
          params: c.params.map((p) => [p.name, p.value]),
        })),
        codes: diagnosticsOf(e).map((d) => d.code),
      }));
    const again = exchangesFromHar(exchangesToHar(revealed, { redacted: false }), {
      revealCredentials: true,
    });
    expect(again.problems).toEqual([]);
    expect(shape(again.exchanges)).toEqual(shape(revealed));
    // Redacted, the schemes and parameters survive; only the handshake token is masked.
    const redacted = exchangesFromHar(
      exchangesToHar(revealed.map(redactExchange), { redacted: true }),
    );
    const challenges = redacted.exchanges.flatMap(challengesOf);
    expect(challenges.map((c) => c.scheme)).toEqual(['Negotiate', 'NTLM', 'Basic', 'Bearer']);
    expect(challenges[1]!.token68).toMatch(/^REDACTED\.*$/);
    expect(redacted.exchanges[0]!.steps[2]).toMatchObject({
      credentials: [{ header: 'Authorization', scheme: 'Basic' }],
    });
  });
});

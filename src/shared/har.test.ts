import { describe, expect, it } from 'vitest';
import { challengesOf, diagnosticsOf, type Exchange } from './exchange.ts';
import { REDACTED, exchangesToHar } from './har.ts';
import { entry, har, www } from './har-fixtures.ts';
import { exchangesFromHar } from './har-read.ts';

describe('exchangesToHar', () => {
  const input = har(
    entry('https://a.example/x?access_token=tok123', 401, [
      www('Negotiate'),
      www('NTLM TlRMTVNTUAACAAAA'),
      www('Basic realm="a", charset="UTF-8"'),
    ]),
    entry('https://a.example/x?access_token=tok123', 200, [], {
      requestHeaders: [{ name: 'Authorization', value: 'Basic dTpw' }],
    }),
    entry('http://a.example/old', 302, [], { redirectURL: 'https://a.example/new' }),
    entry('https://a.example/new', 401, [www('Bearer realm="api", error="invalid_token"')]),
  );
  const revealed = exchangesFromHar(input, { revealCredentials: true }).exchanges;

  it('writes a HAR 1.2 log with the required fields of every entry', () => {
    const out = exchangesToHar(revealed, {
      includeCredentials: false,
      creator: { name: 'AuthLens', version: '0.1.0' },
    });
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

  it('redacts credentials, handshake token68s and access_token by default', () => {
    const text = JSON.stringify(exchangesToHar(revealed, { includeCredentials: false }));
    expect(text).not.toContain('dTpw');
    expect(text).not.toContain('TlRMTVNTUAACAAAA');
    expect(text).not.toContain('tok123');
    expect(text).toContain(`Basic ${REDACTED}`);
    expect(text).toContain(`NTLM ${REDACTED}`);
  });

  it('keeps everything only with includeCredentials', () => {
    const text = JSON.stringify(exchangesToHar(revealed, { includeCredentials: true }));
    expect(text).toContain('Basic dTpw');
    expect(text).toContain('NTLM TlRMTVNTUAACAAAA');
    expect(text).toContain('access_token=tok123');
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
    const again = exchangesFromHar(exchangesToHar(revealed, { includeCredentials: true }), {
      revealCredentials: true,
    });
    expect(again.problems).toEqual([]);
    expect(shape(again.exchanges)).toEqual(shape(revealed));
    // Redacted, the schemes and parameters survive; only the handshake token is masked.
    const redacted = exchangesFromHar(exchangesToHar(revealed, { includeCredentials: false }));
    const challenges = redacted.exchanges.flatMap(challengesOf);
    expect(challenges.map((c) => c.scheme)).toEqual(['Negotiate', 'NTLM', 'Basic', 'Bearer']);
    expect(challenges[1]!.token68).toBe(REDACTED);
    expect(redacted.exchanges[0]!.steps[3]).toMatchObject({
      credentials: [{ header: 'Authorization', scheme: 'Basic' }],
    });
  });
});

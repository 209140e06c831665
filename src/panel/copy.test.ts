import { describe, expect, it } from 'vitest';
import type { CredentialsSummary, Exchange } from '../shared/exchange.ts';
import { challengeJson, curlCommand, shellQuote } from './copy.ts';
import { fixtures, makeExchange } from './test-fixtures.ts';

function withCredentials(
  credentials: CredentialsSummary,
  url = 'https://a.example/x',
  method = 'GET',
): Exchange {
  return makeExchange({
    id: 'c',
    url,
    method,
    status: 401,
    headers: [],
    retry: { credentials, status: 200 },
  });
}

describe('shellQuote', () => {
  it('quotes for POSIX shells, including single quotes and $', () => {
    expect(shellQuote(`it's $HOME`)).toBe(`'it'\\''s $HOME'`);
  });
});

describe('curlCommand', () => {
  it('reproduces a plain challenged request', () => {
    expect(curlCommand(fixtures.basic(), false)).toBe("curl -i 'https://app.example.com/basic'");
  });

  it('uses curl’s own handshake options with placeholders for Basic, Digest, NTLM and Negotiate', () => {
    for (const [scheme, option] of [
      ['Basic', '--basic'],
      ['digest', '--digest'],
      ['NTLM', '--ntlm'],
      ['Negotiate', '--negotiate'],
    ]) {
      expect(
        curlCommand(
          withCredentials({ header: 'Authorization', scheme: scheme!, source: 'browser' }),
          false,
        ),
      ).toBe(`curl -i 'https://a.example/x' ${option} -u 'USER:PASSWORD'`);
    }
  });

  it('uses a placeholder header for token schemes and keeps the method', () => {
    expect(
      curlCommand(
        withCredentials(
          { header: 'Authorization', scheme: 'Bearer', source: 'page', value: 'Bearer real' },
          'https://a.example/x',
          'POST',
        ),
        false,
      ),
    ).toBe("curl -i 'https://a.example/x' -X 'POST' -H 'Authorization: Bearer TOKEN'");
    expect(
      curlCommand(
        withCredentials(
          { header: 'Authorization', scheme: 'Bearer', source: 'page' },
          'https://a.example/x',
          'HEAD',
        ),
        false,
      ),
    ).toBe("curl -i 'https://a.example/x' --head -H 'Authorization: Bearer TOKEN'");
  });

  it('puts the captured value in only when asked to, and masks URL secrets otherwise', () => {
    const e = withCredentials(
      { header: 'Authorization', scheme: 'Bearer', source: 'page', value: "Bearer it's" },
      'https://a.example/x?access_token=abc',
    );
    expect(curlCommand(e, false)).toBe(
      "curl -i 'https://a.example/x?access_token=REDACTED' -H 'Authorization: Bearer TOKEN'",
    );
    expect(curlCommand(e, true)).toBe(
      "curl -i 'https://a.example/x?access_token=abc' -H 'Authorization: Bearer it'\\''s'",
    );
  });

  it('reads a page-set scheme named like an Object property as a plain name', () => {
    for (const scheme of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      const e = withCredentials({ header: 'Authorization', scheme, source: 'page' });
      const kept = curlCommand(e, true);
      const redacted = curlCommand(e, false);
      expect(kept).toContain(`-H 'Authorization: ${scheme} TOKEN'`);
      // Redacted, a scheme must read as a scheme word: "__proto__" does not.
      expect(redacted).toContain(
        scheme === '__proto__'
          ? `-H 'Authorization: TOKEN'`
          : `-H 'Authorization: ${scheme} TOKEN'`,
      );
      for (const command of [kept, redacted]) {
        expect(command).not.toMatch(/function|native code|\[object/);
      }
    }
  });

  it('answers a proxy challenge through the proxy', () => {
    const e = withCredentials(
      { header: 'Proxy-Authorization', scheme: 'Basic', source: 'browser' },
      'http://example.org/',
    );
    e.steps.splice(2, 0, {
      kind: 'auth-required',
      at: 1,
      scheme: 'basic',
      realm: 'corp',
      isProxy: true,
      challenger: 'proxy.corp:3128',
    });
    expect(curlCommand(e, false)).toBe(
      "curl -i 'http://example.org/' -x 'proxy.corp:3128' --proxy-basic -U 'USER:PASSWORD'",
    );
  });
});

describe('challengeJson', () => {
  it('masks the token68 and what was decoded from it unless asked to include it', () => {
    const token = 'oRQwEqADCgEBoQsGCSqGSIb3EgECAg==';
    const e = makeExchange({
      id: 'n',
      url: 'https://a.example/',
      status: 401,
      headers: [{ name: 'WWW-Authenticate', value: `Negotiate ${token}` }],
    });
    const step = e.steps[1]!;
    if (step.kind !== 'response') throw new Error('fixture');
    const redacted = JSON.parse(challengeJson(step.fields[0]!, 0));
    expect(redacted.redacted).toBe(true);
    expect(redacted.token68).toMatch(/^REDACTED\.+$/);
    expect(JSON.stringify(redacted)).not.toContain(token);
    const included = JSON.parse(challengeJson(step.fields[0]!, 0, true));
    expect(included).toMatchObject({ redacted: false, token68: token });
  });

  it('gives the challenge, its canonical form and its own diagnostics', () => {
    const e = fixtures.malformed();
    const step = e.steps[1]!;
    if (step.kind !== 'response') throw new Error('fixture');
    const json = JSON.parse(challengeJson(step.fields[0]!, 0));
    expect(json).toEqual({
      redacted: true,
      field: 'WWW-Authenticate',
      scheme: 'Basic',
      token68: null,
      params: [
        { name: 'realm', value: 'lab', quoted: false },
        { name: 'foo', value: 'unterminated', quoted: true },
      ],
      canonical: 'Basic realm="lab", foo="unterminated"',
      diagnostics: json.diagnostics,
    });
    const own = step.fields[0]!.diagnostics.filter((d) => d.challenge === 0).map((d) => d.code);
    expect(own.length).toBeGreaterThan(0);
    expect(json.diagnostics.map((d: { code: string }) => d.code)).toEqual(own);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { schemes } from '../core/index.ts';
import { buildAuthFields } from './auth-fields.ts';
import type { Exchange } from './exchange.ts';
import {
  credentialScheme,
  isCredentialParam,
  maskedCredentials,
  readsAsSchemeWord,
  redactUrl,
  redactExchange,
  redactField,
  redactUrlForExport,
  REDACTED,
  schemeWord,
  secretsIn,
  summarizeCredentials,
} from './redact.ts';
import { credentialValue, ntlmChallenge, ntlmNames, secretUrl } from './secret-shapes.ts';
import { challengedExchange } from './test-exchange.ts';

describe('credentialScheme: the only part of Authorization that is kept', () => {
  it('keeps the scheme of every credentials form (RFC 9110 §11.4)', () => {
    expect(credentialScheme('Basic YWxpY2U6d29uZGVybGFuZA==')).toBe('Basic');
    expect(credentialScheme('Digest username="a", realm="b"')).toBe('Digest');
    expect(credentialScheme('  Negotiate YIIB')).toBe('Negotiate');
    expect(credentialScheme('Basic\tYWxpY2U6d29uZGVybGFuZA==')).toBe('Basic');
    expect(credentialScheme('Bearer   eyJhbGciOi.eyJzdWIi.c2ln')).toBe('Bearer');
    expect(credentialScheme('AWS4-HMAC-SHA256 Credential=AKIA/x, Signature=ab')).toBe(
      'AWS4-HMAC-SHA256',
    );
    expect(credentialScheme('Token token="abc", user="x"')).toBe('Token');
    expect(credentialScheme('Bearer')).toBe('Bearer');
    expect(credentialScheme('SecretKeyWord')).toBe('');
  });

  it('keeps nothing of a value that does not start with a scheme word and whitespace', () => {
    for (const value of [
      'lin_api_4fGh8sK2mQ9xZ7pL1vB3nC6dR0tY5wE',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
      'sk-proj-abcDEF123ghiJKL456mnoPQR789',
      '3f8a9c0d1e2b4a5c6d7e8f9a0b1c2d3e',
      'Custom,x',
      'Basic=YWxp',
      '',
      '   ',
      'a8F3kL0pQz7Rw2Xc secret',
    ]) {
      expect(credentialScheme(value), value).toBe('');
    }
  });

  it('reads every registered scheme name as a scheme word', () => {
    for (const scheme of schemes) expect(readsAsSchemeWord(scheme.name), scheme.name).toBe(true);
  });

  it('masks everything after the scheme', () => {
    expect(maskedCredentials('Basic YWxpY2U6d29uZGVybGFuZA==')).toBe(`Basic ${REDACTED}`);
    expect(maskedCredentials('lin_api_4fGh8sK2mQ9xZ7pL1vB3nC6dR0tY5wE')).toBe(REDACTED);
  });

  it('summarises Authorization and Proxy-Authorization in any case, nothing else', () => {
    const headers = [
      { name: 'authorization', value: 'Bearer abc.def' },
      { name: 'PROXY-AUTHORIZATION', value: 'Basic Zm9v' },
      { name: 'Cookie', value: 'session=abc' },
    ];
    expect(summarizeCredentials(headers, false)).toEqual([
      { header: 'Authorization', scheme: 'Bearer', source: 'page' },
      { header: 'Proxy-Authorization', scheme: 'Basic', source: 'page' },
    ]);
    expect(summarizeCredentials(headers, true)[0]?.value).toBe('Bearer abc.def');
  });
});

describe('redactUrl: credential parameters masked, names kept, nothing else touched', () => {
  it('masks credential query parameters case-insensitively', () => {
    expect(
      redactUrl('https://api.example.com/cb?Access_Token=abc&page=2&refresh_token=def&q=x'),
    ).toBe(
      `https://api.example.com/cb?Access_Token=${REDACTED}&page=2&refresh_token=${REDACTED}&q=x`,
    );
    expect(
      redactUrl(
        'https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F1&X-Amz-Signature=ff00',
      ),
    ).toBe(
      `https://b.s3.amazonaws.com/k?X-Amz-Algorithm=${REDACTED}&X-Amz-Credential=${REDACTED}&X-Amz-Signature=${REDACTED}`,
    );
    for (const name of [
      'api_key',
      'apikey',
      'API-KEY',
      'key',
      'password',
      'secret',
      'sig',
      'signature',
      'code',
      'id_token',
      'client_secret',
      'token',
      'X-Goog-Signature',
      'code_verifier',
      'SAMLResponse',
      'private_token',
      'sessionid',
    ]) {
      expect(redactUrl(`https://x.test/?${name}=s3cr3t&a=b`), name).toBe(
        `https://x.test/?${name}=${REDACTED}&a=b`,
      );
    }
  });

  it('leaves harmless parameters, paths and encodings exactly as they were', () => {
    const url = 'https://x.test/a%20b/c?page=2&q=caf%C3%A9&state=xyz&zipcode=12345#top';
    expect(redactUrl(url)).toBe(url);
    expect(isCredentialParam('monkeys')).toBe(false);
    expect(isCredentialParam('state')).toBe(false);
  });

  it('masks tokens in the fragment (OAuth implicit grant)', () => {
    expect(
      redactUrl('https://app.test/cb#access_token=abc&token_type=Bearer&expires_in=3600'),
    ).toBe(`https://app.test/cb#access_token=${REDACTED}&token_type=Bearer&expires_in=3600`);
  });

  it('drops the password of userinfo and keeps the user name in the browser', () => {
    expect(redactUrl('http://alice:wonderland@127.0.0.1:5177/digest')).toBe(
      'http://alice@127.0.0.1:5177/digest',
    );
    expect(redactUrl('https://example.com/a@b:c')).toBe('https://example.com/a@b:c');
    expect(redactUrl('not a url')).toBe('not a url');
  });

  it('masks the user name too when writing an export', () => {
    expect(redactUrlForExport('http://alice:wonderland@host/x?token=t')).toBe(
      `http://${REDACTED}@host/x?token=${REDACTED}`,
    );
    expect(redactUrlForExport('http://host/x')).toBe('http://host/x');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const once = redactUrl(url);
        expect(redactUrl(once)).toBe(once);
      }),
    );
  });
});

describe('no secret survives, whatever its shape (property)', () => {
  it('keeps no part of any credential in the summary', () => {
    fc.assert(
      fc.property(
        credentialValue,
        fc.constantFrom('Authorization', 'proxy-authorization'),
        ({ value, secrets }, name) => {
          const kept = JSON.stringify(summarizeCredentials([{ name, value }], false));
          for (const s of secrets) {
            expect(kept).not.toContain(s);
            expect(maskedCredentials(value)).not.toContain(s);
          }
        },
      ),
    );
  });

  it('keeps no credential parameter value in a URL, in any case', () => {
    fc.assert(
      fc.property(secretUrl, ({ path, secrets }) => {
        const url = `https://api.test${path}`;
        for (const s of secrets) {
          expect(redactUrl(url)).not.toContain(s);
          expect(redactUrlForExport(url)).not.toContain(s);
        }
      }),
    );
  });
});

/** One challenged request as capture records it, with the given request step and URL. */
const record = (
  lines: string[],
  request?: Extract<Exchange['steps'][number], { kind: 'request' }>,
  url = 'https://h.test/',
) => challengedExchange(lines, request ? { url, request } : { url });

describe('redactExchange: what leaves the browser', () => {
  it('masks NTLM and Negotiate tokens and rewords what was decoded from them (property)', () => {
    fc.assert(
      fc.property(ntlmNames, fc.constantFrom('NTLM', 'Negotiate'), (names, scheme) => {
        const exchange = record([`${scheme} ${ntlmChallenge(names)}`, 'Basic realm="r"']);
        const live = JSON.stringify(exchange);
        expect(live).toContain(names.dnsComputer); // the panel explains it in the browser
        expect(secretsIn([exchange])).toEqual([
          'challenge tokens',
          'names decoded from challenge tokens',
        ]);
        const redacted = redactExchange(exchange);
        const text = JSON.stringify(redacted);
        for (const name of Object.values(names)) expect(text).not.toContain(name);
        expect(text).not.toContain(ntlmChallenge(names));
        expect(secretsIn([redacted])).toEqual([]);
        const codes = (e: Exchange) =>
          e.steps.flatMap((s) =>
            s.kind === 'response' ? s.fields.flatMap((f) => f.diagnostics.map((d) => d.code)) : [],
          );
        expect(codes(redacted)).toEqual(codes(exchange));
        expect(text).toContain('NTLM challenge reveals domain and computer names.');
        expect(redactExchange(redacted)).toEqual(redacted);
      }),
      { numRuns: 30 },
    );
  });

  it('keeps spans valid: the mask has the token’s length and still reads as a token68', () => {
    const token = ntlmChallenge({
      domain: 'CORP',
      computer: 'SRV01',
      dnsDomain: 'corp.example.com',
      dnsComputer: 'srv01.corp.example.com',
    });
    const step = redactExchange(record([`NTLM ${token}`])).steps[1]!;
    if (step.kind !== 'response') throw new Error('fixture');
    const [field] = step.fields;
    expect(field!.lines[0]).toBe(`NTLM ${REDACTED}${'.'.repeat(token.length - REDACTED.length)}`);
    const reparsed = buildAuthFields([{ name: 'WWW-Authenticate', value: field!.lines[0]! }], {
      statusCode: 401,
      url: 'https://h.test/',
    });
    expect(reparsed.fields[0]!.challenges[0]!.token68).toBe(field!.challenges[0]!.token68);
  });

  it('masks a token wherever it stands, even when the record does not say where', () => {
    const field = record(['Negotiate oRQwEqADCgEBoQsGCSqGSIb3EgECAg==']).steps[1]!;
    if (field.kind !== 'response') throw new Error('fixture');
    const moved = { ...field.fields[0]!, lines: ['x, Negotiate oRQwEqADCgEBoQsGCSqGSIb3EgECAg=='] };
    expect(JSON.stringify(redactField(moved))).not.toContain('oRQwEqADCgEBoQsGCSqGSIb3EgECAg');
  });

  it('drops credential values, checks schemes and masks URL user names and tokens', () => {
    const exchange = record(
      ['Bearer realm="api"'],
      {
        kind: 'request',
        at: 1,
        url: 'https://alice:pw@h.test/?access_token=t0k3n',
        credentials: [
          { header: 'Authorization', scheme: 'Bearer', source: 'page', value: 'Bearer s3cr3t' },
          { header: 'Authorization', scheme: 'lin_api_k3y', source: 'page' },
        ],
      },
      'https://alice@h.test/',
    );
    expect(secretsIn([exchange])).toEqual([
      'credential values',
      'user names and credentials in URLs',
    ]);
    const text = JSON.stringify(redactExchange(exchange));
    for (const s of ['s3cr3t', 'lin_api_k3y', 'alice', 'pw@', 't0k3n'])
      expect(text).not.toContain(s);
    expect(redactExchange(exchange).steps[0]).toMatchObject({
      credentials: [
        { header: 'Authorization', scheme: 'Bearer' },
        { header: 'Authorization', scheme: '' },
      ],
    });
  });
});

describe('prototype keys are plain names', () => {
  const keys = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

  it('as header names, schemes and parameter names', () => {
    for (const key of keys) {
      expect(summarizeCredentials([{ name: key, value: 'Basic x' }], false)).toEqual([]);
      expect(isCredentialParam(key)).toBe(false);
      expect(schemeWord(key)).toBe(key === '__proto__' ? '' : key);
      expect(credentialScheme(`${key} abc`)).toBe(key === '__proto__' ? '' : key);
    }
    const url = 'https://x.test/?__proto__=1&constructor=2&toString=3&token=4';
    expect(redactUrl(url)).toBe(
      `https://x.test/?__proto__=1&constructor=2&toString=3&token=${REDACTED}`,
    );
  });

  it('as diagnostic codes and challenge parameters of a record', () => {
    const exchange = record(['constructor __proto__="a", toString=b, constructor=c']);
    const step = exchange.steps[1]!;
    if (step.kind !== 'response') throw new Error('fixture');
    const field = step.fields[0]!;
    const odd = keys.map((code) => ({ ...field.diagnostics[0]!, code, message: `m ${code}` }));
    const withOdd = { ...field, diagnostics: odd };
    expect(redactField(withOdd).diagnostics.map((d) => d.message)).toEqual(
      keys.map((k) => `m ${k}`),
    );
    expect(redactExchange(exchange)).toEqual(exchange);
    expect(secretsIn([exchange])).toEqual([]);
    expect(field.challenges[0]!.params.map((p) => p.name)).toEqual([
      '__proto__',
      'toString',
      'constructor',
    ]);
  });
});

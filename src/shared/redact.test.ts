import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { schemes } from '../core/index.ts';
import {
  credentialScheme,
  isCredentialParam,
  maskedCredentials,
  readsAsSchemeWord,
  redactUrl,
  redactUrlForExport,
  REDACTED,
  summarizeCredentials,
} from './redact.ts';

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

/** Secrets in the shapes found in the field: base64, base64url, hex, JWTs, prefixed API keys. */
const secret = fc.oneof(
  fc.base64String({ minLength: 16, maxLength: 64 }).filter((s) => s.replace(/=/g, '').length >= 16),
  fc.stringMatching(/^[A-Za-z0-9_-]{20,48}$/),
  fc.stringMatching(/^[0-9a-f]{32,64}$/),
  fc
    .tuple(
      fc.stringMatching(/^[A-Za-z0-9_-]{12,40}$/),
      fc.stringMatching(/^[A-Za-z0-9_-]{12,40}$/),
      fc.stringMatching(/^[A-Za-z0-9_-]{16,43}$/),
    )
    .map(([h, p, s]) => `eyJ${h}.eyJ${p}.${s}`),
  fc
    .tuple(
      fc.constantFrom('ghp_', 'lin_api_', 'sk-', 'xoxb-', 'glpat-'),
      fc.stringMatching(/^[A-Za-z0-9]{20,40}$/),
    )
    .map(([p, s]) => p + s),
);
const scheme = fc.constantFrom('Basic', 'Bearer', 'Digest', 'Token', 'ApiKey', 'SSWS', 'DPoP');
const gap = fc.constantFrom(' ', '\t', '  ', ' \t ');

describe('no secret survives, whatever its shape (property)', () => {
  it('keeps no part of any credential in the summary', () => {
    const value = fc.oneof(
      secret.map((s) => ({ s, v: s })),
      fc.tuple(scheme, gap, secret).map(([c, g, s]) => ({ s, v: `${c}${g}${s}` })),
      fc.tuple(scheme, secret).map(([c, s]) => ({ s, v: `${c} token="${s}", realm="x"` })),
      fc.tuple(scheme, secret).map(([c, s]) => ({ s, v: `${c},${s}` })),
      fc.tuple(gap, secret).map(([g, s]) => ({ s, v: `${g}${s}` })),
    );
    fc.assert(
      fc.property(
        value,
        fc.constantFrom('Authorization', 'proxy-authorization'),
        ({ s, v }, name) => {
          const kept = JSON.stringify(summarizeCredentials([{ name, value: v }], false));
          expect(kept).not.toContain(s);
          expect(maskedCredentials(v)).not.toContain(s);
        },
      ),
    );
  });

  it('keeps no credential parameter value in a URL, in any case', () => {
    const name = fc
      .constantFrom(
        'access_token',
        'refresh_token',
        'api_key',
        'apikey',
        'password',
        'sig',
        'X-Amz-Signature',
        'client_secret',
        'code',
        'key',
        'token',
        'id_token',
        'secret',
        'signature',
      )
      .chain((n) => fc.boolean().map((upper) => (upper ? n.toUpperCase() : n)));
    fc.assert(
      fc.property(name, secret, fc.boolean(), (n, s, inFragment) => {
        const value = encodeURIComponent(s);
        const url = `https://api.test/path?page=1${inFragment ? '#' : '&'}${n}=${value}&z=1`;
        expect(redactUrl(url)).not.toContain(value);
        expect(redactUrlForExport(url)).not.toContain(value);
      }),
    );
  });
});

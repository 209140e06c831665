// Conventions every catalogue entry must follow, and facts from the specifications that the panel
// must get right.
import { describe, expect, it } from 'vitest';
import type { Reference } from '../types.ts';
import type { ParamContext, ParamInfo, SchemeInfo } from './model.ts';
import { findParam, findScheme, isRegisteredScheme, schemes } from './index.ts';

const IANA_SCHEMES = [
  'Basic',
  'Bearer',
  'Concealed',
  'Digest',
  'DPoP',
  'GNAP',
  'HOBA',
  'Mutual',
  'Negotiate',
  'OAuth',
  'PrivateToken',
  'SCRAM-SHA-1',
  'SCRAM-SHA-256',
  'vapid',
];
const UNREGISTERED_SCHEMES = ['NTLM', 'AWS4-HMAC-SHA256'];
const CONTEXTS: readonly ParamContext[] = ['challenge', 'credentials', 'authentication-info'];

const allParams: [string, ParamInfo][] = schemes.flatMap((s) =>
  s.params.map((p): [string, ParamInfo] => [`${s.name} ${p.name} (${p.appearsIn.join(', ')})`, p]),
);

function expectSoundReference(ref: Reference): void {
  expect(ref.document).not.toBe('');
  expect(ref.url.startsWith('https://')).toBe(true);
  const fragment = /#section-(.+)$/.exec(ref.url)?.[1] ?? '';
  expect(ref.section).toBe(fragment);
  const rfcNumber = /^RFC (\d+)$/.exec(ref.document)?.[1];
  if (rfcNumber !== undefined) {
    expect(ref.url.startsWith(`https://www.rfc-editor.org/rfc/rfc${rfcNumber}`)).toBe(true);
    expect(ref.url).toMatch(/^https:\/\/www\.rfc-editor\.org\/rfc\/rfc\d+(#section-[\d.]+)?$/);
  }
}

function paramsIn(scheme: SchemeInfo, context: ParamContext): string[] {
  return scheme.params.filter((p) => p.appearsIn.includes(context)).map((p) => p.name);
}

function scheme(name: string): SchemeInfo {
  const found = findScheme(name);
  if (!found) throw new Error(`${name} is not in the catalogue`);
  return found;
}

function param(schemeName: string, name: string, context: ParamContext): ParamInfo {
  const found = findParam(schemeName, name, context);
  if (!found) throw new Error(`${schemeName} ${name} (${context}) is not in the catalogue`);
  return found;
}

function valuesOf(p: ParamInfo): string[] {
  return (p.values ?? []).map((v) => v.value);
}

describe('catalogue coverage', () => {
  it('lists exactly the IANA schemes as registered, then the common unregistered ones', () => {
    expect(schemes.map((s) => s.name)).toEqual([...IANA_SCHEMES, ...UNREGISTERED_SCHEMES]);
    expect(schemes.filter((s) => s.registered).map((s) => s.name)).toEqual(IANA_SCHEMES);
  });

  it('has parameters to check', () => {
    expect(allParams.length).toBeGreaterThan(80);
  });
});

describe.each(schemes.map((s) => [s.name, s] as const))('scheme %s', (_name, s) => {
  it('explains itself and points at its specification', () => {
    expect(s.summary.trim().length).toBeGreaterThan(80);
    expect(s.security.trim().length).toBeGreaterThan(40);
    expectSoundReference(s.reference);
  });

  it('has no duplicate parameter in any context', () => {
    for (const context of CONTEXTS) {
      const names = paramsIn(s, context).map((n) => n.toLowerCase());
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('defines challenge parameters only when its challenge carries auth-params', () => {
    if (s.challengeForm !== 'auth-params') expect(paramsIn(s, 'challenge')).toEqual([]);
  });
});

describe.each(allParams)('parameter %s', (_label, p) => {
  it('is described and referenced', () => {
    expect(p.name).toMatch(/^[A-Za-z0-9_-]+\*?$/);
    expect(p.meaning.trim().length).toBeGreaterThan(10);
    expect(p.appearsIn.length).toBeGreaterThan(0);
    expectSoundReference(p.reference);
  });

  it('explains every enumerated value once', () => {
    if (p.values === undefined) return;
    expect(p.values.length).toBeGreaterThan(0);
    for (const v of p.values) expect(v.meaning.trim().length).toBeGreaterThan(5);
    const values = valuesOf(p).map((v) => v.toLowerCase());
    expect(new Set(values).size).toBe(values.length);
  });
});

describe('lookups', () => {
  it('finds schemes case-insensitively', () => {
    for (const name of [...IANA_SCHEMES, ...UNREGISTERED_SCHEMES]) {
      expect(findScheme(name.toUpperCase())?.name).toBe(name);
      expect(findScheme(name.toLowerCase())?.name).toBe(name);
    }
    expect(findScheme('dIgEsT')).toBe(scheme('Digest'));
  });

  it('finds parameters case-insensitively, in the challenge by default', () => {
    expect(findParam('BASIC', 'REALM')).toBe(findParam('basic', 'realm', 'challenge'));
    expect(findParam('digest', 'USERNAME*', 'credentials')?.name).toBe('username*');
    expect(findParam('Digest', 'qop')?.syntax).toBe('quoted-string');
    expect(findParam('Digest', 'qop', 'credentials')?.syntax).toBe('token');
  });

  it('keeps contexts apart', () => {
    expect(findParam('Digest', 'nextnonce')).toBeUndefined();
    expect(findParam('Digest', 'nextnonce', 'authentication-info')?.name).toBe('nextnonce');
    expect(findParam('Basic', 'realm', 'credentials')).toBeUndefined();
  });

  it('folds ASCII letters only', () => {
    expect(findParam('vapid', 'k', 'credentials')).toBeDefined();
    expect(findParam('vapid', '\u212A', 'credentials')).toBeUndefined();
    expect(findScheme('Ba\u017Fic')).toBeUndefined();
  });

  it('answers unknown names with undefined', () => {
    expect(findScheme('Foo')).toBeUndefined();
    expect(findScheme('')).toBeUndefined();
    expect(findParam('Foo', 'realm')).toBeUndefined();
    expect(findParam('Basic', 'nonce')).toBeUndefined();
  });

  it('tells registered schemes from the rest', () => {
    expect(isRegisteredScheme('bearer')).toBe(true);
    expect(isRegisteredScheme('SCRAM-SHA-256')).toBe(true);
    expect(isRegisteredScheme('ntlm')).toBe(false);
    expect(isRegisteredScheme('AWS4-HMAC-SHA256')).toBe(false);
    expect(isRegisteredScheme('Foo')).toBe(false);
  });
});

describe('facts from the specifications', () => {
  it('Basic: realm is required and quoted; charset only allows UTF-8 (RFC 7617 §2, §2.1)', () => {
    const realm = param('Basic', 'realm', 'challenge');
    expect(realm.required).toBe(true);
    expect(realm.syntax).toBe('quoted-string');
    expect(valuesOf(param('Basic', 'charset', 'challenge'))).toEqual(['UTF-8']);
    expect(scheme('Basic').reference.url).toBe('https://www.rfc-editor.org/rfc/rfc7617#section-2');
  });

  it('Digest: parameters of each header (RFC 7616 §3.3 to §3.5)', () => {
    const digest = scheme('Digest');
    expect(paramsIn(digest, 'challenge').sort()).toEqual(
      [
        'algorithm',
        'charset',
        'domain',
        'nonce',
        'opaque',
        'qop',
        'realm',
        'stale',
        'userhash',
      ].sort(),
    );
    expect(paramsIn(digest, 'credentials').sort()).toEqual(
      [
        'algorithm',
        'cnonce',
        'nc',
        'nonce',
        'opaque',
        'qop',
        'realm',
        'response',
        'uri',
        'userhash',
        'username',
        'username*',
      ].sort(),
    );
    expect(paramsIn(digest, 'authentication-info').sort()).toEqual(
      ['cnonce', 'nc', 'nextnonce', 'qop', 'rspauth'].sort(),
    );
  });

  it('Digest: nonce, realm and qop are required in the challenge', () => {
    for (const name of ['nonce', 'realm', 'qop']) {
      expect(param('Digest', name, 'challenge').required).toBe(true);
    }
    expect(param('Digest', 'opaque', 'challenge').required).toBe(false);
  });

  it('Digest: quoting rules per header (RFC 7616 §3.3, §3.4, §3.5)', () => {
    const rules: [ParamContext, string[], string[]][] = [
      ['challenge', ['realm', 'domain', 'nonce', 'opaque', 'qop'], ['stale', 'algorithm']],
      [
        'credentials',
        ['username', 'realm', 'nonce', 'uri', 'response', 'cnonce', 'opaque'],
        ['algorithm', 'qop', 'nc'],
      ],
      ['authentication-info', ['nextnonce', 'rspauth', 'cnonce'], ['qop', 'nc']],
    ];
    for (const [context, quoted, tokens] of rules) {
      for (const name of quoted)
        expect(param('Digest', name, context).syntax).toBe('quoted-string');
      for (const name of tokens) expect(param('Digest', name, context).syntax).toBe('token');
    }
  });

  it('Digest: algorithm and qop values (RFC 7616 §3.3, §6.1)', () => {
    const algorithms = [
      'MD5',
      'MD5-sess',
      'SHA-256',
      'SHA-256-sess',
      'SHA-512-256',
      'SHA-512-256-sess',
    ];
    expect(valuesOf(param('Digest', 'algorithm', 'challenge'))).toEqual(algorithms);
    expect(valuesOf(param('Digest', 'algorithm', 'credentials'))).toEqual(algorithms);
    expect(valuesOf(param('Digest', 'qop', 'challenge'))).toEqual(['auth', 'auth-int']);
    expect(valuesOf(param('Digest', 'charset', 'challenge'))).toEqual(['UTF-8']);
    expect(valuesOf(param('Digest', 'stale', 'challenge'))).toEqual(['true', 'false']);
  });

  it('Bearer: the error values registered for resource access, plus step-up and resource_metadata', () => {
    // RFC 6750 §6.2 registers invalid_request, invalid_token and insufficient_scope in the OAuth
    // Extensions Error registry ("Error usage location: Resource access error response"); RFC 9470
    // §3: "This specification introduces a new error code value for the error parameter of the
    // challenge of the Bearer authentication scheme ... insufficient_user_authentication".
    expect(valuesOf(param('Bearer', 'error', 'challenge'))).toEqual([
      'invalid_request',
      'invalid_token',
      'insufficient_scope',
      'insufficient_user_authentication',
    ]);
    expect(param('Bearer', 'error', 'challenge').reference.section).toBe('3.1');
    // RFC 9470 §3: "this specification defines the following WWW-Authenticate auth-param values ...
    // acr_values ... max_age".
    for (const name of ['acr_values', 'max_age']) {
      expect(param('Bearer', name, 'challenge').reference.url).toBe(
        'https://www.rfc-editor.org/rfc/rfc9470#section-3',
      );
      expect(param('DPoP', name, 'challenge').reference.section).toBe('3');
    }
    // "while the auth-param value can be conveyed as a token or quoted-string ..., it has to
    // represent a non-negative integer": no quoting rule for max_age.
    expect(param('Bearer', 'max_age', 'challenge').syntax).toBeUndefined();
    expect(param('Bearer', 'resource_metadata', 'challenge').reference).toEqual({
      document: 'RFC 9728',
      section: '5.1',
      url: 'https://www.rfc-editor.org/rfc/rfc9728#section-5.1',
    });
  });

  it('DPoP: the Bearer values, its own two, and those of extensions (RFC 9449 §7.1)', () => {
    // RFC 9449 §7.1: "The error parameter values described in [RFC6750], Section 3.1 are suitable,
    // as are any appropriate values defined by extension. The value use_dpop_nonce can be used ...
    // Additionally, invalid_dpop_proof is used ..."
    expect(valuesOf(param('DPoP', 'error', 'challenge')).sort()).toEqual(
      [
        'insufficient_scope',
        'insufficient_user_authentication',
        'invalid_dpop_proof',
        'invalid_request',
        'invalid_token',
        'use_dpop_nonce',
      ].sort(),
    );
    expect(param('DPoP', 'algs', 'challenge').required).toBe(false);
    expect(findParam('DPoP', 'resource_metadata')).toBeDefined();
  });

  it('PrivateToken and HOBA: their challenge parameters are required', () => {
    expect(param('PrivateToken', 'challenge', 'challenge').required).toBe(true);
    expect(param('PrivateToken', 'token-key', 'challenge').required).toBe(false);
    expect(param('PrivateToken', 'token', 'credentials').required).toBe(true);
    expect(param('HOBA', 'challenge', 'challenge').required).toBe(true);
    expect(param('HOBA', 'max-age', 'challenge').required).toBe(true);
    expect(param('HOBA', 'result', 'credentials').required).toBe(true);
  });

  it('Concealed: five required credential parameters, sent unquoted (RFC 9729 §4)', () => {
    for (const [name, section] of [
      ['k', '4.1'],
      ['a', '4.2'],
      ['p', '4.3'],
      ['s', '4.4'],
      ['v', '4.5'],
    ] as const) {
      const p = param('Concealed', name, 'credentials');
      expect(p.required).toBe(true);
      expect(p.syntax).toBe('token');
      expect(p.reference.section).toBe(section);
    }
    expect(paramsIn(scheme('Concealed'), 'challenge')).toEqual([]);
  });

  it('token-based schemes carry no parameters', () => {
    expect(scheme('Negotiate').challengeForm).toBe('token68-or-empty');
    expect(scheme('NTLM').challengeForm).toBe('token68-or-empty');
    expect(scheme('Negotiate').params).toEqual([]);
    expect(scheme('vapid').challengeForm).toBe('empty');
    expect(paramsIn(scheme('vapid'), 'credentials').sort()).toEqual(['k', 't']);
  });

  it('GNAP: RS-first discovery parameters are all optional (RFC 9635 §9.1)', () => {
    for (const name of ['as_uri', 'referrer', 'access']) {
      const p = param('GNAP', name, 'challenge');
      expect(p.required).toBe(false);
      expect(p.reference.section).toBe('9.1');
    }
  });

  it('SCRAM: both variants share realm, sid, data and the reauthentication sr, ttl, stale (RFC 7804 §5, §5.1)', () => {
    for (const name of ['SCRAM-SHA-1', 'SCRAM-SHA-256']) {
      const s = scheme(name);
      expect(paramsIn(s, 'challenge').sort()).toEqual([
        'data',
        'realm',
        'sid',
        'sr',
        'stale',
        'ttl',
      ]);
      expect(paramsIn(s, 'authentication-info').sort()).toEqual(['data', 'sid']);
    }
  });

  it('Mutual: 401-KEX-S1 carries sid, ks1, nc-max, nc-window, time and path (RFC 8120 §4.3)', () => {
    // RFC 8120 §4.3 lists nc-max, nc-window and time as mandatory in 401-KEX-S1 and path as
    // non-mandatory; none is required in the other messages, so none is `required` here.
    for (const name of ['sid', 'ks1', 'nc-max', 'nc-window', 'time', 'path']) {
      const p = param('Mutual', name, 'challenge');
      expect(p.reference.section).toBe('4.3');
      expect(p.required).toBe(false);
    }
  });

  it('Mutual: validation methods and 401 reasons (RFC 8120 §4.1, §7)', () => {
    expect(valuesOf(param('Mutual', 'validation', 'challenge'))).toEqual([
      'host',
      'tls-server-end-point',
      'tls-unique',
    ]);
    expect(valuesOf(param('Mutual', 'reason', 'challenge'))).toContain('stale-session');
    expect(param('Mutual', 'vks', 'authentication-info').required).toBe(true);
  });

  it('OAuth 1.0: signature methods and quoted credentials (RFC 5849 §3.4, §3.5.1)', () => {
    expect(valuesOf(param('OAuth', 'oauth_signature_method', 'credentials'))).toEqual([
      'HMAC-SHA1',
      'RSA-SHA1',
      'PLAINTEXT',
    ]);
    for (const p of scheme('OAuth').params.filter((p) => p.appearsIn.includes('credentials'))) {
      expect(p.syntax).toBe('quoted-string');
    }
  });

  it('every realm is sent as a quoted-string (RFC 9110 §11.5)', () => {
    const realms = schemes.flatMap((s) => s.params.filter((p) => p.name === 'realm'));
    expect(realms.length).toBeGreaterThan(10);
    for (const realm of realms) expect(realm.syntax).toBe('quoted-string');
  });
});

// What AuthLens teaches and reports, against the RFC text it cites (issue 17). Each test quotes the
// rule it encodes.
import { describe, expect, it } from 'vitest';
import { analyzeChallenges, codes, findParam, findScheme } from './index.ts';
import type { Diagnostic, ExchangeContext } from './index.ts';

const codesOf = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => d.code);
const run = (fields: string | string[], context?: ExchangeContext) =>
  analyzeChallenges(fields, context).diagnostics;
const find = (diagnostics: readonly Diagnostic[], code: string) =>
  diagnostics.find((d) => d.code === code);
const meaningOf = (scheme: string, param: string, value: string) =>
  findParam(scheme, param)?.values?.find((v) => v.value === value)?.meaning ?? '';

describe('1, 2: Bearer and DPoP error values come from a registry', () => {
  // RFC 6750 §6.2: "This specification registers the following error values in the OAuth
  // Extensions Error registry"; RFC 6749 §8.5: extension error codes "MUST be registered".
  // RFC 9470 §3: "This specification introduces a new error code value for the error parameter of
  // the challenge of the Bearer authentication scheme ... insufficient_user_authentication", and
  // "defines the following WWW-Authenticate auth-param values ...: acr_values ... max_age".
  it('accepts RFC 9470 step-up challenges with no error and no "not defined" hint', () => {
    const context = { status: 401, url: 'https://api.example.com/', requestHadCredentials: true };
    for (const field of [
      'Bearer error="insufficient_user_authentication", error_description="A different authentication level is required", acr_values="myACR"',
      'Bearer error="insufficient_user_authentication", error_description="More recent authentication is required", max_age="5"',
      'DPoP algs="ES256", error="insufficient_user_authentication", max_age=5',
    ]) {
      expect(run(field, context)).toEqual([]);
    }
  });

  it('reports an unregistered value as a warning, never an error', () => {
    const bearer = find(
      run('Bearer realm="api", error="token_expired"'),
      'bearer-invalid-error-code',
    );
    expect(bearer?.severity).toBe('warning');
    expect(bearer?.message).toContain('registered for resource access');
    // RFC 9449 §7.1: "The error parameter values described in [RFC6750], Section 3.1 are
    // suitable, as are any appropriate values defined by extension."
    const dpop = find(run('DPoP algs="ES256", error="proof_too_old"'), 'dpop-invalid-error-code');
    expect(dpop?.severity).toBe('warning');
    expect(codes['bearer-invalid-error-code'].lenient).toMatch(/registry/);
  });

  it('tells a Bearer challenge that borrows a DPoP value what is wrong', () => {
    const d = find(run('Bearer error="use_dpop_nonce"'), 'bearer-invalid-error-code');
    expect(d?.message).toMatch(/DPoP error/);
  });
});

describe('3: Mutual 401-KEX-S1 parameters (RFC 8120 §4.3)', () => {
  // RFC 8120 §4.3: nc-max, nc-window and time are "mandatory" in 401-KEX-S1; path is
  // "non-mandatory".
  it('knows nc-max, nc-window, time and path', () => {
    const d = run(
      'Mutual version=1, algorithm=iso-kam3-dl-2048-sha256, validation=host, realm="r", sid=0a1b, ks1=abc, nc-max=1000, nc-window=128, time=3600, path="/ /x"',
    );
    expect(codesOf(d)).not.toContain('unknown-param');
  });
});

describe('4: SCRAM reauthentication parameters (RFC 7804 §5.1)', () => {
  it('knows sr, ttl and stale', () => {
    expect(codesOf(run('SCRAM-SHA-256 realm="r", sr="abc", ttl=120'))).toEqual([]);
    expect(codesOf(run('SCRAM-SHA-256 realm="r", stale=true, sr="abc"'))).toEqual([]);
  });
});

describe('5: Basic over plain http (RFC 7617 §4)', () => {
  // RFC 7617 §4: Basic "SHOULD NOT be used (without enhancements such as HTTPS [RFC2818]) to
  // protect sensitive or valuable information."
  it('is a warning, prominent on a remote host and still shown on loopback', () => {
    expect(codes['basic-over-http'].rule).toBe('should');
    for (const url of ['http://staging.example.com/', 'http://127.0.0.1:5177/basic']) {
      expect(find(run('Basic realm="x"', { url }), 'basic-over-http')?.severity).toBe('warning');
    }
    expect(findScheme('Basic')?.security).toMatch(/should not be used/);
    expect(findScheme('Basic')?.security).not.toMatch(/only acceptable/);
  });
});

describe('6: CORS exposure (Fetch Standard; RFC 9449 §7.1)', () => {
  // Fetch Standard, main fetch: "If request's credentials mode is not "include" and headerNames
  // contains `*`, then set response's CORS-exposed header-name list to all unique header names in
  // response's header list." Otherwise only the names listed are exposed.
  const cors = (expose: string | null, extra: Array<{ name: string; value: string }> = []) => [
    { name: 'Access-Control-Allow-Origin', value: 'https://app.example.com' },
    ...(expose === null ? [] : [{ name: 'Access-Control-Expose-Headers', value: expose }]),
    ...extra,
  ];
  const exposure = (fields: string, context: ExchangeContext) =>
    find(run(fields, { status: 401, ...context }), 'challenge-not-exposed-to-cors');

  it('cites the Fetch Standard, not RFC 9110', () => {
    expect(codes['challenge-not-exposed-to-cors'].reference.url).toBe(
      'https://fetch.spec.whatwg.org/#http-access-control-expose-headers',
    );
  });

  it('counts "*" for a request without credentials', () => {
    const headers = cors('*');
    expect(exposure('Bearer realm="a"', { responseHeaders: headers })).toBeUndefined();
    const omit = { responseHeaders: headers, credentialsMode: 'omit' as const };
    expect(exposure('Bearer realm="a"', omit)).toBeUndefined();
  });

  it('does not count "*" for a credentialed request', () => {
    const d = exposure('Bearer realm="a"', {
      responseHeaders: cors('*'),
      credentialsMode: 'include',
    });
    expect(d?.message).toMatch(/"\*"/);
    // Credentials mode unknown, but the response allows credentials: "*" cannot cover them.
    const allows = cors('*', [{ name: 'Access-Control-Allow-Credentials', value: 'true' }]);
    expect(exposure('Bearer realm="a"', { responseHeaders: allows })).toBeDefined();
    // Listed by name, any case: exposed whatever the mode.
    const named = cors('www-authenticate', allows.slice(1));
    expect(
      exposure('Bearer realm="a"', { responseHeaders: named, credentialsMode: 'include' }),
    ).toBeUndefined();
  });

  it('asks a DPoP server to expose DPoP-Nonce too (RFC 9449 §8, §9)', () => {
    const d = exposure('DPoP error="use_dpop_nonce", algs="ES256"', {
      responseHeaders: cors('WWW-Authenticate', [{ name: 'DPoP-Nonce', value: 'n-1' }]),
    });
    expect(d?.message).toContain('DPoP-Nonce');
    expect(d?.message).not.toMatch(/read WWW-Authenticate and/);
  });
});

describe('7: resource_metadata and https (RFC 9728)', () => {
  // RFC 9728 §5.1 only defines resource_metadata as "the URL of the protected resource metadata";
  // https comes from §1.2 (a resource identifier "is a URL that uses the https scheme"), §3 (the
  // metadata URL is formed from it) and §7.1 (TLS).
  it('says where https comes from', () => {
    const d = find(
      run('Bearer resource_metadata="http://as.example.com/meta"'),
      'resource-metadata-not-https',
    )!;
    expect(d.reference.section).toBe('7.1');
    expect(d.message).toMatch(/§1\.2/);
    expect(d.message).toMatch(/§3/);
    expect(d.message).toMatch(/§7\.1/);
  });
});

describe('8: Concealed (RFC 9729 §6.3, §6.4)', () => {
  it('separates "treated as missing" from the non-probeable choice', () => {
    const summary = findScheme('Concealed')!.summary;
    expect(summary).toMatch(/as if Authorization were missing \(RFC 9729 §6\.3\)/);
    expect(summary).toMatch(/chooses to be non-probeable/);
  });
});

describe('9: Digest stale (RFC 7616 §3.3)', () => {
  // RFC 7616 §3.3: "The server SHOULD only set stale to true if it receives a request for which
  // the nonce is invalid." (RFC 2617 added "but with a valid digest for that nonce".)
  it('does not teach that stale=true means the credentials were right', () => {
    const meaning = meaningOf('Digest', 'stale', 'true');
    expect(meaning).toMatch(/nonce was invalid/);
    expect(meaning).toMatch(/does not mean the credentials were right/);
  });
});

describe('10: MUST-level codes are errors, or say why not', () => {
  it('reports DPoP from a proxy and duplicate parameters as errors', () => {
    // RFC 9449 §7.1: "this authentication scheme MUST NOT be used with the Proxy-Authenticate or
    // Proxy-Authorization header fields." RFC 9110 §11.2: "Each parameter name MUST only occur
    // once per challenge."
    const proxy = run('DPoP algs="ES256"', { field: 'Proxy-Authenticate', status: 407 });
    expect(find(proxy, 'dpop-in-proxy-authenticate')?.severity).toBe('error');
    expect(find(run('Basic realm="a", realm="b"'), 'duplicate-param')?.severity).toBe('error');
  });

  it('keeps the others warnings because the RFC itself makes recipients accept them', () => {
    // RFC 9110 §5.6.3 (BWS), §5.6.1.2 (empty elements), §11.5 (realm), RFC 9112 §5.2 (obs-fold).
    const checks: Array<[string, string, RegExp]> = [
      ['bws-around-equals', 'Basic realm ="x"', /§5\.6\.3/],
      ['empty-list-element', 'Basic realm="x",, charset="UTF-8"', /§5\.6\.1\.2/],
      ['obs-fold', 'Basic\r\n realm="x"', /RFC 9112 §5\.2/],
      ['realm-not-quoted', 'Basic realm=x', /§11\.5/],
    ];
    for (const [code, field, why] of checks) {
      expect(find(run(field), code)?.severity).toBe('warning');
      const info = codes[code as keyof typeof codes];
      expect(info.rule).toBe('must');
      expect('lenient' in info && info.lenient).toMatch(why);
    }
  });
});

describe('11: Digest without realm or nonce (RFC 7616 §3.4.1, §3.4.2)', () => {
  it('says what breaks instead of citing a MUST that is not there', () => {
    const d = run('Digest qop="auth"');
    const realm = find(d, 'digest-missing-realm')!;
    const nonce = find(d, 'digest-missing-nonce')!;
    expect(realm.message).toMatch(/no client can compute A1/);
    expect(nonce.message).toMatch(/no client can compute the response/);
    for (const m of [realm.message, nonce.message]) {
      expect(m).not.toMatch(/specification requires/);
    }
    expect(codes['digest-missing-realm'].rule).toBe('breaks');
  });
});

describe('12: the order of Digest challenges (RFC 7616 §3.7)', () => {
  it('cites §3.7, where servers must order by preference and clients take the first', () => {
    expect(findParam('Digest', 'algorithm')!.meaning).toMatch(/RFC 7616 §3\.7/);
    const md5 = find(run('Digest realm="r", nonce="n", qop="auth"'), 'digest-md5-only')!;
    expect(md5.message).toMatch(/§3\.7/);
  });
});

describe('13: userhash (RFC 7616 §3.4.4)', () => {
  it('says a client that supports it must hash the username', () => {
    expect(meaningOf('Digest', 'userhash', 'true')).toMatch(/must send a hash/);
    expect(meaningOf('Digest', 'userhash', 'true')).not.toMatch(/\bmay\b/);
  });
});

describe('a bare Bearer challenge (RFC 6750 §3)', () => {
  // RFC 6750 §3: "All challenges defined by this specification MUST use the auth-scheme value
  // "Bearer". This scheme MUST be followed by one or more auth-param values."
  it('is flagged, as a warning because RFC 9449 Figure 17 sends one', () => {
    const d = find(run('Bearer'), 'bearer-without-params')!;
    expect(d.severity).toBe('warning');
    expect(codes['bearer-without-params'].lenient).toMatch(/RFC 9449 §7\.2/);
    expect(codesOf(run('Bearer realm="api"'))).not.toContain('bearer-without-params');
  });
});

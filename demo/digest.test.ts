// RFC 7616 arithmetic against the RFC's own worked examples (§3.9.1, and §3.9.2 as corrected by
// errata 4897) and FIPS 180-4's SHA-512/256 test vector.
import { describe, expect, it } from 'vitest';
import { A1, A2, H, HA1, KD, parseAlgorithm, response, rspauth, userhash } from './digest.ts';
import type { DigestAlgorithm } from './digest.ts';

function algorithm(name: string): DigestAlgorithm {
  const found = parseAlgorithm(name);
  if (!found) throw new Error(`unknown ${name}`);
  return found;
}

// RFC 7616 §3.9.1: Mufasa / "Circle of Life" (lowercase "of", errata 4495), GET /dir/index.html.
const EXAMPLE = {
  username: 'Mufasa',
  password: 'Circle of Life',
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  nc: '00000001',
  qop: 'auth',
  uri: '/dir/index.html',
} as const;

function exampleResponse(alg: DigestAlgorithm): string {
  const ha1 = HA1({ algorithm: alg, ...EXAMPLE });
  const a2 = A2({ algorithm: alg, qop: 'auth', method: 'GET', uri: EXAMPLE.uri });
  return response({ algorithm: alg, ha1, ...EXAMPLE, a2 });
}

describe('RFC 7616 §3.9.1 worked example', () => {
  it('gives the RFC response for MD5', () => {
    expect(exampleResponse(algorithm('MD5'))).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });

  it('gives the RFC response for SHA-256', () => {
    expect(exampleResponse(algorithm('SHA-256'))).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
  });
});

describe('RFC 7616 §3.9.2 (SHA-512-256, userhash), as corrected by errata 4897', () => {
  // The RFC prints values computed with a pre-standard SHA-512/256; the errata gives the real ones.
  const alg = algorithm('SHA-512-256');
  const username = 'J\u00e4s\u00f8n Doe';
  const realm = 'api@example.org';

  it('hashes the username', () => {
    expect(userhash(alg, username, realm)).toBe(
      '793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b',
    );
  });

  it('gives the corrected response', () => {
    const nonce = '5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK';
    const cnonce = 'NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v';
    const ha1 = HA1({
      algorithm: alg,
      username,
      realm,
      password: 'Secret, or not?',
      nonce,
      cnonce,
    });
    const a2 = A2({ algorithm: alg, qop: 'auth', method: 'GET', uri: '/doe.json' });
    expect(response({ algorithm: alg, ha1, nonce, nc: '00000001', cnonce, qop: 'auth', a2 })).toBe(
      '3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5',
    );
  });

  it('uses real SHA-512/256 (FIPS 180-4 example "abc"), not truncated SHA-512', () => {
    expect(H(alg, 'abc')).toBe('53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23');
  });
});

describe('definitions', () => {
  const md5 = algorithm('MD5');
  const sess = algorithm('md5-SESS');

  it('defaults to MD5 when no algorithm is given (§3.3) and matches tokens case-insensitively', () => {
    expect(parseAlgorithm(undefined)?.name).toBe('MD5');
    expect(sess.name).toBe('MD5-sess');
    expect(parseAlgorithm('SHA-1')).toBeUndefined();
  });

  it('builds A1 with nonce and cnonce for -sess (§3.4.2)', () => {
    const input = { username: 'u', realm: 'r', password: 'p', nonce: 'n', cnonce: 'c' };
    expect(A1({ algorithm: md5, ...input })).toBe('u:r:p');
    expect(A1({ algorithm: sess, ...input })).toBe(`${H(md5, 'u:r:p')}:n:c`);
  });

  it('adds H(entity-body) to A2 for auth-int (§3.4.3)', () => {
    const body = new TextEncoder().encode('hello');
    expect(A2({ algorithm: md5, qop: 'auth', method: 'POST', uri: '/x' })).toBe('POST:/x');
    expect(
      A2({ algorithm: md5, qop: 'auth-int', method: 'POST', uri: '/x', entityBody: body }),
    ).toBe(`POST:/x:${H(md5, 'hello')}`);
  });

  it('computes KD as H(secret:data) and rspauth with an empty method (§3.5)', () => {
    expect(KD(md5, 's', 'd')).toBe(H(md5, 's:d'));
    const common = { algorithm: md5, ha1: 'h', nonce: 'n', nc: '00000001', cnonce: 'c' } as const;
    expect(rspauth({ ...common, qop: 'auth', uri: '/x' })).toBe(
      response({ ...common, qop: 'auth', a2: ':/x' }),
    );
  });
});

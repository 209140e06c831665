// Digest credentials against RFC 7616's worked examples (§3.9.1; §3.9.2 as corrected by errata
// 4897, recomputed here with node:crypto), the username* example of §3.4, and each refusal.
// Tests may use Node as the independent oracle; the module under test stays pure.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- node:crypto is the oracle
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseChallenges } from '../parse.ts';
import { digestChallengeParams, digestCredentials, findDigestAlgorithm } from '../credentials.ts';
import type { CredentialsResult, CredentialStepId, DigestInput } from '../credentials.ts';

function built(result: CredentialsResult) {
  if (!result.ok) throw new Error(result.problem.message);
  return result;
}

function refused(result: CredentialsResult) {
  if (result.ok) throw new Error(`expected a problem, got ${result.header}`);
  return result;
}

const step = (result: CredentialsResult, id: CredentialStepId): string | undefined =>
  result.steps.find((s) => s.id === id)?.value;

// RFC 7616 §3.9.1: the two challenges, as the server sends them.
const CHALLENGE_391 = [
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, ' +
    'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
    'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, ' +
    'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
    'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
];

function example391(index: number): CredentialsResult {
  const challenge = parseChallenges(CHALLENGE_391)?.challenges[index];
  if (!challenge) throw new Error('the RFC challenge did not parse');
  return digestCredentials({
    challenge: digestChallengeParams(challenge.params),
    // "Circle of Life", lowercase "of" (errata 4495).
    username: 'Mufasa',
    password: 'Circle of Life',
    method: 'GET',
    uri: '/dir/index.html',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    nc: 1,
  });
}

describe('RFC 7616 §3.9.1 (Mufasa)', () => {
  it('MD5: the RFC response and Authorization field', () => {
    const result = built(example391(1));
    expect(step(result, 'response')).toBe('8ca523f5e9506fed4657c9700eebdbec');
    expect(result.header).toBe(
      'Authorization: Digest username="Mufasa", realm="http-auth@example.org", ' +
        'uri="/dir/index.html", algorithm=MD5, ' +
        'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, ' +
        'cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, ' +
        'response="8ca523f5e9506fed4657c9700eebdbec", ' +
        'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    );
  });

  it('SHA-256: the RFC response and Authorization field', () => {
    const result = built(example391(0));
    const response = '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1';
    expect(step(result, 'response')).toBe(response);
    expect(result.value).toBe(
      'Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", ' +
        'algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, ' +
        'cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, ' +
        `response="${response}", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`,
    );
  });

  it('shows every step, in order, each with its RFC section', () => {
    const result = built(example391(1));
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    expect(
      result.steps.map((s) => [s.id, s.label, s.reference.document, s.reference.section]),
    ).toEqual([
      ['algorithm', 'algorithm', 'RFC 7616', '3.3'],
      ['qop', 'qop', 'RFC 7616', '3.4'],
      ['nc', 'nc', 'RFC 7616', '3.4'],
      ['cnonce', 'cnonce', 'RFC 7616', '3.4'],
      ['a1', 'A1', 'RFC 7616', '3.4.2'],
      ['ha1', 'H(A1)', 'RFC 7616', '3.4.2'],
      ['a2', 'A2', 'RFC 7616', '3.4.3'],
      ['ha2', 'H(A2)', 'RFC 7616', '3.4.3'],
      ['response-input', 'H(A1):nonce:nc:cnonce:qop:H(A2)', 'RFC 7616', '3.4.1'],
      ['response', 'response', 'RFC 7616', '3.4.1'],
      ['username', 'username', 'RFC 7616', '3.4'],
      ['header', 'Authorization', 'RFC 7616', '3.4'],
    ]);
    expect(step(result, 'a1')).toBe('Mufasa:http-auth@example.org:Circle of Life');
    expect(step(result, 'ha1')).toBe(md5('Mufasa:http-auth@example.org:Circle of Life'));
    expect(step(result, 'a2')).toBe('GET:/dir/index.html');
    expect(step(result, 'ha2')).toBe(md5('GET:/dir/index.html'));
    expect(step(result, 'nc')).toBe('00000001');
    expect(
      result.steps.every((s) => s.reference.url.startsWith('https://www.rfc-editor.org/')),
    ).toBe(true);
  });
});

describe('RFC 7616 §3.9.2 (SHA-512-256, charset, userhash) with errata 4897', () => {
  const input: DigestInput = {
    challenge: digestChallengeParams(
      parseChallenges(
        'Digest realm="api@example.org", qop="auth", algorithm=SHA-512-256, ' +
          'nonce="5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", ' +
          'opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", charset=UTF-8, userhash=true',
      ).challenges[0]?.params ?? [],
    ),
    username: 'J\u00e4s\u00f8n Doe',
    password: 'Secret, or not?',
    method: 'GET',
    uri: '/doe.json',
    cnonce: 'NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v',
  };
  // The RFC printed values from a pre-standard SHA-512/256; recompute them with node:crypto
  // rather than trust either the RFC or the errata.
  const H = (s: string) => createHash('sha512-256').update(s, 'utf8').digest('hex');
  const ha1 = H('J\u00e4s\u00f8n Doe:api@example.org:Secret, or not?');
  const ha2 = H('GET:/doe.json');
  const nodeResponse = H(
    `${ha1}:5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK:00000001:` +
      `NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v:auth:${ha2}`,
  );
  const nodeUserhash = H('J\u00e4s\u00f8n Doe:api@example.org');

  it('node:crypto agrees with the corrected values', () => {
    expect(nodeUserhash).toBe('793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b');
    expect(nodeResponse).toBe('3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5');
  });

  it('gives the corrected userhash, response and field', () => {
    const result = built(digestCredentials(input));
    expect(step(result, 'ha1')).toBe(ha1);
    expect(step(result, 'ha2')).toBe(ha2);
    expect(step(result, 'response')).toBe(nodeResponse);
    expect(step(result, 'username')).toBe(nodeUserhash);
    expect(result.steps.find((s) => s.id === 'username')?.reference.section).toBe('3.4.4');
    expect(result.value).toBe(
      `Digest username="${nodeUserhash}", realm="api@example.org", uri="/doe.json", ` +
        'algorithm=SHA-512-256, nonce="5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", ' +
        'nc=00000001, cnonce="NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v", qop=auth, ' +
        `response="${nodeResponse}", opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", ` +
        'userhash=true',
    );
    expect(result.notes).toEqual([]);
  });

  it('sends username* (RFC 8187) when the name is not ASCII and userhash is off', () => {
    const result = built(digestCredentials({ ...input, hashUsername: false }));
    // The example of RFC 7616 §3.4.
    expect(result.value).toMatch(/^Digest username\*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm=/);
    expect(result.value).not.toContain('userhash');
    expect(step(result, 'response')).toBe(nodeResponse);
    expect(result.notes.map((n) => n.reference.section)).toEqual(['3.4.4']);
  });
});

const base: DigestInput = {
  challenge: { realm: 'r', nonce: 'n', qop: 'auth', algorithm: 'MD5' },
  username: 'u',
  password: 'p',
  method: 'GET',
  uri: '/x',
  cnonce: 'c',
};
const md5 = (s: string | Uint8Array) => createHash('md5').update(s).digest('hex');

describe('algorithms, qop and the RFC 2069 form', () => {
  it.each([
    ['MD5', 'md5', false],
    ['md5-sess', 'md5', true],
    ['SHA-256', 'sha256', false],
    ['sha-256-SESS', 'sha256', true],
    ['SHA-512-256', 'sha512-256', false],
    ['SHA-512-256-sess', 'sha512-256', true],
  ])('%s', (token, nodeName, session) => {
    const H = (s: string) => createHash(nodeName).update(s).digest('hex');
    const result = built(
      digestCredentials({ ...base, challenge: { ...base.challenge, algorithm: token } }),
    );
    const ha1 = session ? H(`${H('u:r:p')}:n:c`) : H('u:r:p');
    expect(step(result, 'ha1')).toBe(ha1);
    expect(step(result, 'response')).toBe(H(`${ha1}:n:00000001:c:auth:${H('GET:/x')}`));
    // Sent in its registered spelling.
    expect(result.value).toContain(`algorithm=${findDigestAlgorithm(token)?.name}, `);
  });

  it('defaults to MD5 and omits algorithm when the challenge names none (§3.3)', () => {
    const result = built(
      digestCredentials({ ...base, challenge: { realm: 'r', nonce: 'n', qop: 'auth' } }),
    );
    expect(step(result, 'algorithm')).toBe('MD5');
    expect(result.steps[0]?.detail).toContain('names no algorithm');
    expect(result.value).not.toContain('algorithm=');
    expect(step(result, 'response')).toBe(
      md5(`${md5('u:r:p')}:n:00000001:c:auth:${md5('GET:/x')}`),
    );
  });

  it('prefers auth, takes auth-int when it is the only offer, or when asked (§3.4)', () => {
    const offer = (qop: string, preferQop?: 'auth' | 'auth-int') =>
      step(
        digestCredentials({
          ...base,
          challenge: { ...base.challenge, qop },
          ...(preferQop ? { preferQop } : {}),
        }),
        'qop',
      );
    expect(offer('auth-int, auth')).toBe('auth');
    expect(offer(' AUTH-INT ')).toBe('auth-int');
    expect(offer('auth,auth-int', 'auth-int')).toBe('auth-int');
    expect(offer('auth, x-unknown')).toBe('auth');
  });

  it('hashes the body into A2 for auth-int (§3.4.3)', () => {
    const body = 'name=J\u00e4s\u00f8n';
    const result = built(
      digestCredentials({
        ...base,
        method: 'POST',
        body,
        challenge: { ...base.challenge, qop: 'auth-int' },
      }),
    );
    const bodyHash = md5(Buffer.from(body, 'utf8'));
    expect(step(result, 'entity-body-hash')).toBe(bodyHash);
    expect(step(result, 'a2')).toBe(`POST:/x:${bodyHash}`);
    expect(result.value).toContain('qop=auth-int');
    // Octets and their string form give the same hash; no body is the empty body.
    const asBytes = digestCredentials({
      ...base,
      method: 'POST',
      body: new TextEncoder().encode(body),
      challenge: { ...base.challenge, qop: 'auth-int' },
    });
    expect(step(asBytes, 'response')).toBe(step(result, 'response'));
    const empty = digestCredentials({ ...base, challenge: { ...base.challenge, qop: 'auth-int' } });
    expect(step(empty, 'entity-body-hash')).toBe(md5(''));
  });

  it('computes the RFC 2069 form when the challenge has no qop (RFC 2617 §3.2.2.1)', () => {
    const result = built(
      digestCredentials({ ...base, challenge: { realm: 'r', nonce: 'n' }, cnonce: undefined }),
    );
    expect(step(result, 'qop')).toBe('(none)');
    expect(step(result, 'response')).toBe(md5(`${md5('u:r:p')}:n:${md5('GET:/x')}`));
    expect(result.value).toBe(
      `Digest username="u", realm="r", uri="/x", nonce="n", response="${step(result, 'response')}"`,
    );
    expect(result.steps.find((s) => s.id === 'response')?.reference.document).toBe('RFC 2617');
  });

  it('sends a cnonce for -sess without qop, with a note', () => {
    const result = built(
      digestCredentials({ ...base, challenge: { realm: 'r', nonce: 'n', algorithm: 'MD5-sess' } }),
    );
    expect(result.value).toContain('cnonce="c"');
    expect(result.value).not.toContain('nc=');
    expect(result.notes[0]?.reference.document).toBe('RFC 2617');
  });
});

describe('nc and cnonce', () => {
  it('formats nc as 8 hex digits', () => {
    expect(step(digestCredentials({ ...base, nc: 0x1a2b }), 'nc')).toBe('00001a2b');
    expect(step(digestCredentials({ ...base, nc: 0xffffffff }), 'nc')).toBe('ffffffff');
  });

  it.each([0, -1, 1.5, 2 ** 32, Number.NaN])('refuses nc = %s', (nc) => {
    expect(refused(digestCredentials({ ...base, nc })).problem.message).toContain('nonce count');
  });

  it('generates the cnonce from the caller’s random source', () => {
    const asked: number[] = [];
    const result = built(
      digestCredentials({
        ...base,
        cnonce: undefined,
        random: (n) => {
          asked.push(n);
          return Uint8Array.from({ length: n }, (_, i) => i);
        },
      }),
    );
    const expected = Buffer.from(Uint8Array.from({ length: 24 }, (_, i) => i)).toString('base64');
    expect(asked).toEqual([24]);
    expect(step(result, 'cnonce')).toBe(expected);
    expect(result.value).toContain(`cnonce="${expected}"`);
    expect(result.steps.find((s) => s.id === 'cnonce')?.detail).toContain('random');
  });

  it('refuses without a cnonce or a working random source', () => {
    const none = refused(digestCredentials({ ...base, cnonce: undefined }));
    expect(none.problem.message).toContain('random source');
    // The steps computed so far are still there to show.
    expect(none.steps.map((s) => s.id)).toEqual(['algorithm', 'qop', 'nc']);
    const throwing = digestCredentials({
      ...base,
      cnonce: undefined,
      random: () => {
        throw new Error('no entropy');
      },
    });
    expect(refused(throwing).problem.message).toContain('failed');
    const short = digestCredentials({
      ...base,
      cnonce: undefined,
      random: () => new Uint8Array(3),
    });
    expect(refused(short).problem.message).toContain('24 octets');
  });
});

describe('refusals, never exceptions', () => {
  it('an unknown algorithm', () => {
    const result = refused(
      digestCredentials({ ...base, challenge: { ...base.challenge, algorithm: 'SHA-1' } }),
    );
    expect(result.problem.message).toContain('"SHA-1"');
    expect(result.problem.message).toContain('SHA-512-256-sess');
    expect(result.problem.reference.section).toBe('6.1');
  });

  it('a challenge without realm or nonce', () => {
    expect(
      refused(digestCredentials({ ...base, challenge: { nonce: 'n' } })).problem.message,
    ).toContain('no realm');
    expect(
      refused(digestCredentials({ ...base, challenge: { realm: 'r' } })).problem.message,
    ).toContain('no nonce');
  });

  it('a qop offer with nothing usable, or a preferred qop not offered', () => {
    const unknown = { ...base, challenge: { ...base.challenge, qop: 'x-int' } };
    expect(refused(digestCredentials(unknown)).problem.message).toContain('only auth and auth-int');
    const notOffered = { ...base, preferQop: 'auth-int' as const };
    expect(refused(digestCredentials(notOffered)).problem.message).toContain('not auth-int');
    const legacy = { ...base, challenge: { realm: 'r', nonce: 'n' }, preferQop: 'auth' as const };
    expect(refused(digestCredentials(legacy)).problem.message).toContain('offers no qop');
  });

  it('a method that is not a token', () => {
    expect(refused(digestCredentials({ ...base, method: 'GET /' })).problem.reference.section).toBe(
      '9.1',
    );
    expect(refused(digestCredentials({ ...base, method: '' })).ok).toBe(false);
  });

  it.each([
    ['uri', { uri: '/caf\u00e9' }, 'U+00E9'],
    ['uri', { uri: '/\u{1f600}' }, 'U+1F600'],
    ['uri', { uri: '/a\nb' }, 'U+000A'],
    ['cnonce', { cnonce: 'a\u0000' }, 'U+0000'],
    ['cnonce', { cnonce: '\u00ff' }, 'U+00FF'],
    ['realm', { challenge: { ...base.challenge, realm: 'r\r' } }, 'U+000D'],
    ['opaque', { challenge: { ...base.challenge, opaque: '\u{1f600}' } }, 'U+1F600'],
  ])('a %s no quoted-string can carry (%j)', (name, change, code) => {
    const result = refused(digestCredentials({ ...base, ...change }));
    expect(result.problem.message).toContain(`The ${name} contains ${code}`);
  });
});

describe('quoting and usernames', () => {
  it('escapes " and \\ in quoted-strings (RFC 9110 §5.6.4), hashes the unescaped values', () => {
    const result = built(
      digestCredentials({
        ...base,
        username: 'a"b\\c',
        challenge: { ...base.challenge, realm: 'say "hi"\\', opaque: 'o"' },
      }),
    );
    expect(result.value).toContain('username="a\\"b\\\\c"');
    expect(result.value).toContain('realm="say \\"hi\\"\\\\"');
    expect(result.value).toContain('opaque="o\\""');
    expect(step(result, 'a1')).toBe('a"b\\c:say "hi"\\:p');
  });

  it('sends username* for a control character in the name, hashes it with userhash', () => {
    const plain = built(digestCredentials({ ...base, username: 'a\u0001' }));
    expect(plain.value).toContain("username*=UTF-8''a%01,");
    const hashed = built(
      digestCredentials({
        ...base,
        username: 'a\u0001',
        challenge: { ...base.challenge, userhash: 'TRUE' },
      }),
    );
    expect(hashed.value).toContain(`username="${md5('a\u0001:r')}"`);
    expect(hashed.value).toMatch(/, userhash=true$/);
  });

  it('does not hash when the challenge does not ask, even if requested (§3.4.4)', () => {
    const result = built(digestCredentials({ ...base, hashUsername: true }));
    expect(result.value).toContain('username="u"');
    expect(result.notes[0]?.message).toContain('MUST NOT');
  });

  it('normalizes to NFC under charset=UTF-8 (§4), notes other charsets and none', () => {
    const decomposed = { ...base, username: 'e\u0301', challenge: { ...base.challenge } };
    const utf8 = built(
      digestCredentials({ ...decomposed, challenge: { ...base.challenge, charset: 'utf-8' } }),
    );
    expect(step(utf8, 'a1')).toBe('\u00e9:r:p');
    expect(utf8.notes[0]?.reference.section).toBe('4');
    const latin = built(
      digestCredentials({ ...decomposed, challenge: { ...base.challenge, charset: 'latin1' } }),
    );
    expect(latin.notes[0]?.message).toContain('charset=latin1');
    expect(step(latin, 'a1')).toBe('e\u0301:r:p');
    expect(built(digestCredentials(decomposed)).notes[0]?.message).toContain('unspecified');
  });

  it('builds Proxy-Authorization (§3.8)', () => {
    const result = built(digestCredentials({ ...base, field: 'Proxy-Authorization' }));
    expect(result.header.startsWith('Proxy-Authorization: Digest ')).toBe(true);
    expect(result.steps.at(-1)?.reference.section).toBe('3.8');
  });
});

describe('digestChallengeParams', () => {
  it('reads parameters case-insensitively, first occurrence winning', () => {
    expect(
      digestChallengeParams([
        { name: 'REALM', value: 'a' },
        { name: 'realm', value: 'b' },
        { name: 'Nonce', value: 'n' },
        { name: 'stale', value: 'true' },
        { name: 'userhash', value: 'true' },
      ]),
    ).toEqual({ realm: 'a', nonce: 'n', userhash: 'true' });
  });
});

// Property tests: for random users, passwords, URIs, methods, cnonces, algorithms and qops, the
// Digest field the calculator builds carries exactly what the lab's independent verifier (demo/,
// written with node:crypto) computes, and the lab's own check (checkDigest) accepts it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCredentials } from '../../../demo/credentials.ts';
import { checkDigest } from '../../../demo/digest-auth.ts';
import { A2, H, HA1, KD, parseAlgorithm, response, userhash } from '../../../demo/digest.ts';
import type { NonceBook } from '../../../demo/nonce.ts';
import { digestCredentials, DIGEST_ALGORITHMS } from '../credentials.ts';
import type { DigestInput, DigestQop } from '../credentials.ts';

const char = (min: number, max: number) =>
  fc.integer({ min, max }).map((c) => String.fromCharCode(c));
// Printable ASCII, DQUOTE and backslash included, so quoting is exercised.
const printable = fc.string({ unit: char(0x20, 0x7e), maxLength: 24 });
const tchars = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const method = fc.oneof(
  fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
  fc.string({ unit: fc.constantFrom(...tchars.split('')), minLength: 1, maxLength: 10 }),
);
const uri = printable.map((path) => `/${path}`);
// Any text: whole code points (accents, emoji, controls) and lone UTF-16 surrogates.
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: char(0, 0xffff), maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
// Registered tokens in random letter case (tokens compare case-insensitively).
const algorithm = fc
  .tuple(fc.constantFrom(...DIGEST_ALGORITHMS.map((a) => a.name)), fc.boolean())
  .map(([name, lower]) => (lower ? name.toLowerCase() : name));
const qopOffer = fc.constantFrom('auth', 'auth-int', 'auth, auth-int', 'auth-int,auth');

const input = fc.record({
  username: anyText,
  password: anyText,
  realm: printable,
  nonce: printable,
  opaque: fc.option(printable, { nil: undefined }),
  algorithm: fc.option(algorithm, { nil: undefined }),
  qop: fc.option(qopOffer, { nil: undefined }),
  preferQop: fc.option(fc.constantFrom<DigestQop>('auth', 'auth-int'), { nil: undefined }),
  userhash: fc.option(fc.constantFrom(true, false, 'true', 'TRUE', 'false'), { nil: undefined }),
  hashUsername: fc.option(fc.boolean(), { nil: undefined }),
  charset: fc.option(fc.constantFrom('UTF-8', 'utf-8'), { nil: undefined }),
  method,
  uri,
  cnonce: printable,
  nc: fc.integer({ min: 1, max: 0xffffffff }),
  body: fc.uint8Array({ maxLength: 64 }),
});
type Drawn = typeof input extends fc.Arbitrary<infer T> ? T : never;

function toInput(d: Drawn): DigestInput {
  return {
    challenge: {
      realm: d.realm,
      nonce: d.nonce,
      ...(d.opaque !== undefined ? { opaque: d.opaque } : {}),
      ...(d.algorithm !== undefined ? { algorithm: d.algorithm } : {}),
      ...(d.qop !== undefined ? { qop: d.qop } : {}),
      ...(d.userhash !== undefined ? { userhash: d.userhash } : {}),
      ...(d.charset !== undefined ? { charset: d.charset } : {}),
    },
    username: d.username,
    password: d.password,
    method: d.method,
    uri: d.uri,
    cnonce: d.cnonce,
    nc: d.nc,
    body: d.body,
    ...(d.preferQop !== undefined ? { preferQop: d.preferQop } : {}),
    ...(d.hashUsername !== undefined ? { hashUsername: d.hashUsername } : {}),
  };
}

/** What UTF-8 can carry of a string: lone surrogates become U+FFFD, as on the wire. */
const wire = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

describe('the calculator agrees with the lab verifier (demo/digest.ts)', () => {
  it('response, username and every parameter, for random input', () => {
    fc.assert(
      fc.property(input, (d) => {
        const result = digestCredentials(toInput(d));
        const offered = d.qop?.split(',').map((q) => q.trim());
        if (d.preferQop && !offered?.includes(d.preferQop)) {
          expect(result.ok).toBe(false);
          return;
        }
        if (!result.ok) throw new Error(result.problem.message);

        const alg = parseAlgorithm(d.algorithm);
        if (!alg) throw new Error('the arbitrary drew an unknown algorithm');
        const qop: DigestQop | null = offered
          ? (d.preferQop ?? (offered.includes('auth') ? 'auth' : 'auth-int'))
          : null;
        const nc = d.nc.toString(16).padStart(8, '0');
        const user = d.charset ? d.username.normalize('NFC') : d.username;
        const pass = d.charset ? d.password.normalize('NFC') : d.password;
        const ha1 = HA1({
          algorithm: alg,
          username: user,
          realm: d.realm,
          password: pass,
          nonce: d.nonce,
          cnonce: d.cnonce,
        });
        const a2 = A2({
          algorithm: alg,
          qop: qop ?? 'auth',
          method: d.method,
          uri: d.uri,
          entityBody: d.body,
        });
        const expected =
          qop === null
            ? KD(alg, ha1, `${d.nonce}:${H(alg, a2)}`)
            : response({ algorithm: alg, ha1, nonce: d.nonce, nc, cnonce: d.cnonce, qop, a2 });

        // Read the field back with the lab's own parser, which knows nothing of ours.
        const parsed = parseCredentials(result.value);
        if (!parsed.ok) throw new Error(`${parsed.error}: ${result.value}`);
        const p = parsed.params;
        expect(parsed.scheme).toBe('Digest');
        expect(p.get('response')).toBe(expected);
        expect(p.get('realm')).toBe(d.realm);
        expect(p.get('nonce')).toBe(d.nonce);
        expect(p.get('uri')).toBe(d.uri);
        expect(p.get('opaque')).toBe(d.opaque);
        expect(p.get('algorithm')).toBe(d.algorithm === undefined ? undefined : alg.name);
        expect(p.get('qop')).toBe(qop ?? undefined);
        expect(p.get('nc')).toBe(qop ? nc : undefined);
        expect(p.get('cnonce')).toBe(qop || alg.session ? d.cnonce : undefined);

        const hashed =
          (d.userhash === true || String(d.userhash).toLowerCase() === 'true') &&
          d.hashUsername !== false;
        expect(p.get('userhash')).toBe(hashed ? 'true' : undefined);
        if (hashed) {
          expect(p.get('username')).toBe(userhash(alg, user, d.realm));
        } else if (p.has('username*')) {
          expect(p.has('username')).toBe(false);
          const ext = p.get('username*') ?? '';
          expect(ext.startsWith("UTF-8''")).toBe(true);
          expect(decodeURIComponent(ext.slice("UTF-8''".length))).toBe(wire(user));
        } else {
          expect(p.get('username')).toBe(user);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('the lab accepts what the calculator builds (demo/digest-auth.ts checkDigest)', () => {
  // A nonce book that has issued every nonce: the lab's nonce handling is tested in demo/.
  const book: NonceBook = {
    issue: () => 'unused',
    check: () => 'fresh',
    useCount: () => 'ok',
    size: 0,
  };

  const attempt = fc.record({
    realm: printable,
    nonce: printable,
    opaque: printable,
    algorithm,
    qop: qopOffer,
    preferQop: fc.option(fc.constantFrom<DigestQop>('auth', 'auth-int'), { nil: undefined }),
    hashUsername: fc.boolean(),
    method,
    uri,
    cnonce: printable,
    nc: fc.integer({ min: 1, max: 0xffffffff }),
    body: fc.uint8Array({ maxLength: 64 }),
    wrongPassword: fc.option(
      anyText.filter((p) => p !== 'wonderland'),
      { nil: undefined },
    ),
  });

  it('alice / wonderland is accepted; any other password is challenged again', () => {
    fc.assert(
      fc.property(attempt, (a) => {
        const offered = a.qop.split(',').map((q) => q.trim());
        const result = digestCredentials({
          // The lab's challenges (demo/scenarios.ts): qop, opaque, charset=UTF-8, userhash=true.
          challenge: {
            realm: a.realm,
            nonce: a.nonce,
            opaque: a.opaque,
            algorithm: a.algorithm,
            qop: a.qop,
            charset: 'UTF-8',
            userhash: 'true',
          },
          username: 'alice',
          password: a.wrongPassword ?? 'wonderland',
          method: a.method,
          uri: a.uri,
          cnonce: a.cnonce,
          nc: a.nc,
          body: a.body,
          hashUsername: a.hashUsername,
          ...(a.preferQop && offered.includes(a.preferQop) ? { preferQop: a.preferQop } : {}),
        });
        if (!result.ok) throw new Error(result.problem.message);
        const parsed = parseCredentials(result.value);
        if (!parsed.ok) throw new Error(parsed.error);
        const outcome = checkDigest(
          parsed.params,
          { method: a.method, target: a.uri, body: a.body },
          {
            realm: a.realm,
            offered: [parseAlgorithm(a.algorithm)?.name ?? ''],
            opaque: a.opaque,
            nonces: book,
          },
        );
        if (a.wrongPassword === undefined) {
          expect(outcome).toMatchObject({ kind: 'ok', username: 'alice' });
        } else {
          expect(outcome).toMatchObject({ kind: 'challenge', stale: false });
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('never throws', () => {
  const text = fc.option(fc.string({ unit: char(0, 0xffff), maxLength: 12 }), { nil: undefined });
  it('returns a result for any strings, counts and random sources', () => {
    fc.assert(
      fc.property(
        fc.record({
          realm: text,
          nonce: text,
          opaque: text,
          algorithm: text,
          qop: text,
          userhash: text,
          charset: text,
        }),
        fc.string({ unit: char(0, 0xffff), maxLength: 12 }),
        fc.string({ unit: char(0, 0xffff), maxLength: 12 }),
        text,
        fc.option(fc.double(), { nil: undefined }),
        fc.constantFrom(
          undefined,
          () => new Uint8Array(0),
          (n: number) => new Uint8Array(n),
          () => {
            throw new Error('no entropy');
          },
        ),
        (challenge, username, method, cnonce, nc, random) => {
          const params = Object.fromEntries(
            Object.entries(challenge).filter(([, v]) => v !== undefined),
          );
          const result = digestCredentials({
            challenge: params,
            username,
            password: username,
            method,
            uri: method,
            ...(cnonce !== undefined ? { cnonce } : {}),
            ...(nc !== undefined ? { nc } : {}),
            ...(random ? { random } : {}),
          });
          expect(typeof result.ok).toBe('boolean');
          if (result.ok) expect(result.header.startsWith('Authorization: Digest ')).toBe(true);
          else expect(result.problem.message.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});

// RFC 7616 Digest arithmetic: H, KD, A1, A2, HA1, response, rspauth and userhash, named as in the RFC.
// Pure functions over UTF-8 strings (the lab advertises charset=UTF-8, §4); no I/O, no state.
import { createHash } from 'node:crypto';
import { safeEqual } from './safe-equal.ts';

export type DigestHashName = 'MD5' | 'SHA-256' | 'SHA-512-256';

export interface DigestAlgorithm {
  /** The algorithm token as registered (§6.1), e.g. "SHA-256-sess". */
  name: string;
  hash: DigestHashName;
  /** "-sess" variants fold the nonce and cnonce into A1 (§3.4.2). */
  session: boolean;
}

const NODE_HASH: Record<DigestHashName, string> = {
  MD5: 'md5',
  'SHA-256': 'sha256',
  // SHA-512/256 is its own function with its own initial values (FIPS 180-4 §5.3.6), not SHA-512 cut.
  'SHA-512-256': 'sha512-256',
};

/** Every algorithm the lab verifies (the §6.1 registry minus nothing). */
export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = (
  ['MD5', 'SHA-256', 'SHA-512-256'] as const
).flatMap((hash) => [
  { name: hash, hash, session: false },
  { name: `${hash}-sess`, hash, session: true },
]);

/** An absent algorithm parameter means MD5 (§3.3). Tokens compare case-insensitively. */
export function parseAlgorithm(token: string | undefined): DigestAlgorithm | undefined {
  const wanted = (token ?? 'MD5').toUpperCase();
  return DIGEST_ALGORITHMS.find((a) => a.name.toUpperCase() === wanted);
}

/** H(data): lowercase hex of the hash (§3.4.1). */
export function H(algorithm: DigestAlgorithm, data: string | Uint8Array): string {
  return createHash(NODE_HASH[algorithm.hash]).update(data).digest('hex');
}

/** KD(secret, data) = H(concat(secret, ":", data)) (§3.4.1). */
export function KD(algorithm: DigestAlgorithm, secret: string, data: string): string {
  return H(algorithm, `${secret}:${data}`);
}

export interface A1Input {
  algorithm: DigestAlgorithm;
  username: string;
  realm: string;
  password: string;
  nonce: string;
  cnonce: string;
}

/**
 * A1 (§3.4.2): unq(username) ":" unq(realm) ":" passwd; for "-sess" algorithms
 * H(that) ":" unq(nonce) ":" unq(cnonce).
 */
export function A1(input: A1Input): string {
  const base = `${input.username}:${input.realm}:${input.password}`;
  if (!input.algorithm.session) return base;
  return `${H(input.algorithm, base)}:${input.nonce}:${input.cnonce}`;
}

/** HA1 = H(A1); what a server may store instead of the password (§3.4.2, §5.13). */
export function HA1(input: A1Input): string {
  return H(input.algorithm, A1(input));
}

export type Qop = 'auth' | 'auth-int';

export interface A2Input {
  algorithm: DigestAlgorithm;
  qop: Qop;
  /** The request method; empty when computing rspauth (§3.5). */
  method: string;
  /** The request-target exactly as in the "uri" parameter (§3.4.6). */
  uri: string;
  /** The message body, for qop=auth-int only (§3.4.3). */
  entityBody?: Uint8Array;
}

/** A2 (§3.4.3): Method ":" request-uri, plus ":" H(entity-body) for qop=auth-int. */
export function A2(input: A2Input): string {
  const base = `${input.method}:${input.uri}`;
  if (input.qop === 'auth') return base;
  return `${base}:${H(input.algorithm, input.entityBody ?? new Uint8Array())}`;
}

export interface ResponseInput {
  algorithm: DigestAlgorithm;
  ha1: string;
  nonce: string;
  /** nc exactly as sent: 8 hex digits (§3.4). */
  nc: string;
  cnonce: string;
  qop: Qop;
  a2: string;
}

/**
 * response (§3.4.1) = KD(H(A1), unq(nonce) ":" nc ":" unq(cnonce) ":" unq(qop) ":" H(A2)).
 * The same formula, with A2 built from an empty method, gives rspauth (§3.5).
 */
export function response(input: ResponseInput): string {
  const { algorithm } = input;
  const data = [input.nonce, input.nc, input.cnonce, input.qop, H(algorithm, input.a2)].join(':');
  return KD(algorithm, input.ha1, data);
}

/** rspauth (§3.5): the response computed with A2 = ":" request-uri [":" H(entity-body)]. */
export function rspauth(
  input: Omit<ResponseInput, 'a2'> & { uri: string; responseBody?: Uint8Array },
): string {
  const a2 = A2({
    algorithm: input.algorithm,
    qop: input.qop,
    method: '',
    uri: input.uri,
    ...(input.responseBody ? { entityBody: input.responseBody } : {}),
  });
  return response({ ...input, a2 });
}

/** userhash (§3.4.4): username = H(unq(username) ":" unq(realm)). */
export function userhash(algorithm: DigestAlgorithm, username: string, realm: string): string {
  return H(algorithm, `${username}:${realm}`);
}

/** Compares a client's response with the expected one in constant time. */
export function responseMatches(expected: string, received: string): boolean {
  // Hex digits compare case-insensitively; clients send lowercase (§3.4.1) but tolerate upper.
  return safeEqual(expected, received.toLowerCase());
}

// Server side of RFC 7616: checks the parameters of a Digest Authorization header against the
// request, the lab's user and the nonce book, and builds Authentication-Info (§3.5) on success.
import { DEMO_USER } from './users.ts';
import type { NonceBook } from './nonce.ts';
import { safeEqual } from './safe-equal.ts';
import {
  A2,
  HA1,
  parseAlgorithm,
  response,
  responseMatches,
  rspauth,
  userhash,
  type DigestAlgorithm,
  type Qop,
} from './digest.ts';

export interface DigestRequest {
  method: string;
  /** The request-target as received; must equal the "uri" parameter (§3.4.6). */
  target: string;
  body: Uint8Array;
}

export interface DigestContext {
  realm: string;
  /** The algorithms this resource offered; the client must answer with one of them (§3.3). */
  offered: readonly string[];
  opaque: string;
  nonces: NonceBook;
}

export interface DigestSuccess {
  kind: 'ok';
  username: string;
  algorithm: DigestAlgorithm;
  ha1: string;
  nonce: string;
  nc: string;
  cnonce: string;
  qop: Qop;
  uri: string;
}

export type DigestOutcome =
  | DigestSuccess
  /** 401 with a fresh challenge; stale=true when only the nonce was at fault (§3.3). */
  | { kind: 'challenge'; stale: boolean; reason: string }
  /** 400: the header is not a usable Digest response at all. */
  | { kind: 'bad-request'; reason: string };

// ext-value = charset "'" [ language ] "'" value-chars, RFC 8187 §3.2; the lab accepts UTF-8 only.
function decodeExtValue(value: string): string | undefined {
  const match = /^UTF-8'[A-Za-z0-9-]*'([A-Za-z0-9!#$&+.^_`|~%-]*)$/i.exec(value);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

const REQUIRED = ['realm', 'nonce', 'uri', 'response', 'qop', 'nc', 'cnonce'] as const;

export function checkDigest(
  params: ReadonlyMap<string, string>,
  request: DigestRequest,
  context: DigestContext,
): DigestOutcome {
  const bad = (reason: string): DigestOutcome => ({ kind: 'bad-request', reason });
  for (const name of REQUIRED) {
    // qop, nc and cnonce are required because the lab always offers qop (§3.4).
    if (!params.has(name)) return bad(`the "${name}" parameter is missing`);
  }
  const get = (name: (typeof REQUIRED)[number]): string => params.get(name) ?? '';

  const algorithm = parseAlgorithm(params.get('algorithm'));
  if (!algorithm) return bad('the algorithm is not one the lab knows');
  // A known algorithm this resource did not offer is a failed attempt, not a malformed one: a
  // browser may preemptively reuse an answer from another protection space on the same origin.
  if (!context.offered.some((name) => name.toUpperCase() === algorithm.name.toUpperCase())) {
    return {
      kind: 'challenge',
      stale: false,
      reason: `this resource does not offer ${algorithm.name}`,
    };
  }
  const qop = get('qop');
  if (qop !== 'auth' && qop !== 'auth-int') return bad('qop must be auth or auth-int');
  const nc = get('nc');
  if (!/^[0-9a-fA-F]{8}$/.test(nc)) return bad('nc must be 8 hexadecimal digits');
  // §3.4.6: the uri parameter must name the request-target, else 400.
  if (get('uri') !== request.target) return bad('the uri parameter does not match the request');
  // §3.3: opaque must be returned unchanged.
  if (!safeEqual(params.get('opaque') ?? '', context.opaque)) {
    return bad('the opaque parameter was not returned unchanged');
  }

  const hashed = (params.get('userhash') ?? 'false').toLowerCase() === 'true';
  const plain = params.get('username');
  const extended = params.get('username*');
  if (plain !== undefined && extended !== undefined) {
    return bad('username and username* must not both be present');
  }
  // §3.4.4: username* is for unhashed names that plain quoted-string cannot carry.
  if (hashed && extended !== undefined) return bad('username* cannot carry a userhash');
  const username = extended !== undefined ? decodeExtValue(extended) : plain;
  if (username === undefined) return bad('the username is missing or not decodable');

  const realm = get('realm');
  const nonce = get('nonce');
  const cnonce = get('cnonce');
  // Compute the expected answer for the demo user whatever the claimed name, so timing does not
  // reveal whether the name matched.
  const expectedName = hashed
    ? userhash(algorithm, DEMO_USER.username, context.realm)
    : DEMO_USER.username;
  const nameOk = safeEqual(hashed ? username.toLowerCase() : username, expectedName);
  const realmOk = safeEqual(realm, context.realm);
  const ha1 = HA1({
    algorithm,
    username: DEMO_USER.username,
    realm: context.realm,
    password: DEMO_USER.password,
    nonce,
    cnonce,
  });
  const a2 = A2({
    algorithm,
    qop,
    method: request.method,
    uri: request.target,
    entityBody: request.body,
  });
  const expected = response({ algorithm, ha1, nonce, nc, cnonce, qop, a2 });
  const digestOk = responseMatches(expected, get('response'));

  const nonceState = context.nonces.check(nonce);
  if (nonceState === 'forged') {
    return { kind: 'challenge', stale: false, reason: 'the nonce was not issued by this lab' };
  }
  if (!(nameOk && realmOk && digestOk)) {
    return { kind: 'challenge', stale: false, reason: 'the username or password is wrong' };
  }
  // §3.3 stale: the digest was right, only the nonce was not; the client can retry silently.
  if (nonceState === 'stale')
    return { kind: 'challenge', stale: true, reason: 'the nonce expired' };
  const count = context.nonces.useCount(nonce, Number.parseInt(nc, 16));
  if (count === 'replay') {
    return { kind: 'challenge', stale: true, reason: 'this nonce count was already used (replay)' };
  }
  if (count === 'stale') {
    return { kind: 'challenge', stale: true, reason: 'the nonce has been used too often' };
  }
  return {
    kind: 'ok',
    username: DEMO_USER.username,
    algorithm,
    ha1,
    nonce,
    nc,
    cnonce,
    qop,
    uri: request.target,
  };
}

function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Authentication-Info (§3.5): nextnonce, qop, rspauth, cnonce and nc of the verified request. */
export function authenticationInfo(
  ok: DigestSuccess,
  responseBody: Uint8Array,
  nextnonce: string,
): string {
  const auth = rspauth({
    algorithm: ok.algorithm,
    ha1: ok.ha1,
    nonce: ok.nonce,
    nc: ok.nc,
    cnonce: ok.cnonce,
    qop: ok.qop,
    uri: ok.uri,
    ...(ok.qop === 'auth-int' ? { responseBody } : {}),
  });
  return [
    `nextnonce=${quote(nextnonce)}`,
    `qop=${ok.qop}`,
    `rspauth=${quote(auth)}`,
    `cnonce=${quote(ok.cnonce)}`,
    `nc=${ok.nc}`,
  ].join(', ');
}

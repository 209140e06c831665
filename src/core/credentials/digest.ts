// Digest credentials built step by step (RFC 7616 §3.4): algorithm, qop, nc, cnonce, A1, H(A1),
// A2, H(A2), response, the username (plain, hashed or username*) and the field. The RFC 2069 form
// (no qop, RFC 2617 §3.2.2.1) is still computed. Bad input becomes a problem, never an exception.
import { DIGEST_HASHES } from '../digest-algorithms.ts';
import { quote } from '../format.ts';
import { base64Encode, hashHex, utf8Encode, type HashName } from '../hash/index.ts';
import { rfc } from '../references.ts';
import { isToken } from '../scanner.ts';
import type { Reference } from '../types.ts';
import { encodeExtValue, isQuotableAscii, notQuotableAsciiAt } from './ext-value.ts';
import {
  codePointName,
  unsendableAt,
  type AuthorizationField,
  type CredentialNote,
  type CredentialsResult,
  type CredentialStep,
} from './step.ts';

/** The parameters of a Digest challenge the calculator reads, unquoted (RFC 7616 §3.3). */
export interface DigestChallengeParams {
  realm?: string;
  nonce?: string;
  opaque?: string;
  /** Absent means MD5 (§3.3). */
  algorithm?: string;
  /** The qop list as received, e.g. "auth, auth-int"; absent means the RFC 2069 form. */
  qop?: string;
  /** "true" (any case) or true: the server asks for the username to be hashed (§3.4.4). */
  userhash?: boolean | string;
  charset?: string;
}

export type DigestQop = 'auth' | 'auth-int';

/** Returns `length` random octets, e.g. `(n) => crypto.getRandomValues(new Uint8Array(n))`. */
export type RandomSource = (length: number) => Uint8Array;

export interface DigestInput {
  challenge: DigestChallengeParams;
  username: string;
  password: string;
  /** The request method, e.g. "GET" (A2, §3.4.3). */
  method: string;
  /** The request-target exactly as it will be sent (§3.4.6). */
  uri: string;
  /** The client nonce; generated from `random` when absent. */
  cnonce?: string;
  /** The nonce count, 1 for the first request with this nonce (§3.4); sent as 8 hex digits. */
  nc?: number;
  /** The request body, hashed for qop=auth-int (§3.4.3); strings are encoded as UTF-8. */
  body?: Uint8Array | string;
  /** Use this qop when the challenge offers it; by default auth is preferred to auth-int. */
  preferQop?: DigestQop;
  /** false: do not hash the username even when the challenge asks (a client without §3.4.4). */
  hashUsername?: boolean;
  /** Random octets for the cnonce; src/core has no global crypto, so the caller supplies it. */
  random?: RandomSource;
  field?: AuthorizationField;
}

export interface DigestAlgorithm {
  /** The registered token (§6.1), e.g. "SHA-256-sess". */
  name: string;
  hash: HashName;
  /** "-sess" variants fold nonce and cnonce into A1 (§3.4.2). */
  session: boolean;
}

/** The algorithms of the IANA registry (RFC 7616 §6.1). */
export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = DIGEST_HASHES.flatMap((hash) => [
  { name: hash, hash, session: false },
  { name: `${hash}-sess`, hash, session: true },
]);

/** The algorithm a token names (case-insensitively); an absent token means MD5 (§3.3). */
export function findDigestAlgorithm(token: string | undefined): DigestAlgorithm | undefined {
  const wanted = (token ?? 'MD5').trim().toUpperCase();
  return DIGEST_ALGORITHMS.find((a) => a.name.toUpperCase() === wanted);
}

/** Reads the challenge parameters the calculator needs from parsed auth-params (names any case). */
export function digestChallengeParams(
  params: ReadonlyArray<{ name: string; value: string }>,
): DigestChallengeParams {
  const out: DigestChallengeParams = {};
  const names = ['realm', 'nonce', 'opaque', 'algorithm', 'qop', 'userhash', 'charset'] as const;
  for (const param of params) {
    const name = names.find((n) => n === param.name.toLowerCase());
    // The first occurrence wins; repeated parameters are diagnosed elsewhere (RFC 9110 §11.2).
    if (name && out[name] === undefined) out[name] = param.value;
  }
  return out;
}

/** Octets generated for a cnonce: 192 bits, 32 base64 characters without padding. */
const CNONCE_OCTETS = 24;

const MAX_NC = 0xffffffff;

const digestRef = (section: string): Reference => rfc(7616, section);

function isTrue(flag: boolean | string | undefined): boolean {
  return flag === true || (typeof flag === 'string' && flag.trim().toLowerCase() === 'true');
}

function hasNonAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return true;
  return false;
}

type Choice<T> = { ok: true; value: T } | { ok: false; problem: CredentialNote };

// §3.4: the qop sent MUST be one the server offered. auth is preferred because it works for any
// body; auth-int is used when it is the only offer (or when asked for).
function chooseQop(
  offer: string | undefined,
  preferred: DigestQop | undefined,
): Choice<DigestQop | null> {
  if (offer === undefined) {
    if (preferred) {
      return {
        ok: false,
        problem: {
          message:
            `The challenge offers no qop, so qop=${preferred} cannot be used ` + '(RFC 7616 §3.4).',
          reference: digestRef('3.4'),
        },
      };
    }
    return { ok: true, value: null };
  }
  const offered = offer
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '');
  if (preferred) {
    if (offered.includes(preferred)) return { ok: true, value: preferred };
    return {
      ok: false,
      problem: {
        message:
          `The challenge offers qop="${offer}", not ${preferred}; the qop sent must be one ` +
          'the server offered (RFC 7616 §3.4).',
        reference: digestRef('3.4'),
      },
    };
  }
  if (offered.includes('auth')) return { ok: true, value: 'auth' };
  if (offered.includes('auth-int')) return { ok: true, value: 'auth-int' };
  return {
    ok: false,
    problem: {
      message:
        `The challenge offers qop="${offer}", and only auth and auth-int are defined ` +
        '(RFC 7616 §3.3); there is nothing a client can answer with.',
      reference: digestRef('3.3'),
    },
  };
}

function makeCnonce(input: DigestInput): Choice<{ cnonce: string; generated: boolean }> {
  if (input.cnonce !== undefined)
    return { ok: true, value: { cnonce: input.cnonce, generated: false } };
  const refused = (message: string): Choice<{ cnonce: string; generated: boolean }> => ({
    ok: false,
    problem: { message, reference: digestRef('3.4') },
  });
  if (!input.random) {
    return refused(
      'A cnonce is needed and none was given: pass one, or a random source to generate ' +
        'it (RFC 7616 §3.4).',
    );
  }
  let octets: unknown;
  try {
    octets = input.random(CNONCE_OCTETS);
  } catch {
    return refused('The random source failed, so no cnonce could be generated (RFC 7616 §3.4).');
  }
  if (!(octets instanceof Uint8Array) || octets.length < CNONCE_OCTETS) {
    return refused(
      `The random source did not return ${CNONCE_OCTETS} octets, so no cnonce could be ` +
        'generated (RFC 7616 §3.4).',
    );
  }
  return {
    ok: true,
    value: { cnonce: base64Encode(octets.subarray(0, CNONCE_OCTETS)), generated: true },
  };
}

export function digestCredentials(input: DigestInput): CredentialsResult {
  const steps: CredentialStep[] = [];
  const notes: CredentialNote[] = [];
  const field = input.field ?? 'Authorization';
  const refused = (problem: CredentialNote): CredentialsResult => ({
    ok: false,
    problem,
    steps,
    notes,
  });
  const { challenge } = input;

  // realm and nonce are required in every Digest challenge (§3.3).
  const { realm, nonce } = challenge;
  if (realm === undefined) {
    return refused({
      message: 'The challenge has no realm, which Digest requires (RFC 7616 §3.3).',
      reference: digestRef('3.3'),
    });
  }
  if (nonce === undefined) {
    return refused({
      message: 'The challenge has no nonce, which Digest requires (RFC 7616 §3.3).',
      reference: digestRef('3.3'),
    });
  }
  if (!isToken(input.method)) {
    return refused({
      message: `"${input.method}" is not a request method: a method is a token (RFC 9110 §9.1).`,
      reference: rfc(9110, '9.1'),
    });
  }

  const algorithm = findDigestAlgorithm(challenge.algorithm);
  if (!algorithm) {
    return refused({
      message:
        `The algorithm "${challenge.algorithm ?? ''}" is not one RFC 7616 defines ` +
        `(${DIGEST_ALGORITHMS.map((a) => a.name).join(', ')}); a client ignores this challenge ` +
        '(RFC 7616 §3.3).',
      reference: digestRef('6.1'),
    });
  }
  const H = (data: string | Uint8Array): string =>
    hashHex(algorithm.hash, typeof data === 'string' ? utf8Encode(data) : data);
  steps.push({
    id: 'algorithm',
    label: 'algorithm',
    value: algorithm.name,
    detail:
      (challenge.algorithm === undefined
        ? 'The challenge names no algorithm, so it is MD5. '
        : `The challenge asks for ${algorithm.name}. `) +
      `H(data) is ${algorithm.hash} in lowercase hex and KD(secret, data) = H(secret ":" data)` +
      (algorithm.session ? '; "-sess" also folds the nonce and cnonce into A1.' : '.'),
    reference: digestRef('3.3'),
  });

  const qopChoice = chooseQop(challenge.qop, input.preferQop);
  if (!qopChoice.ok) return refused(qopChoice.problem);
  const qop = qopChoice.value;
  steps.push({
    id: 'qop',
    label: 'qop',
    value: qop ?? '(none)',
    detail:
      qop === null
        ? 'The challenge offers no qop: the response takes the RFC 2069 form, without nc ' +
          'or cnonce, and protects nothing but the method and URI.'
        : qop === 'auth'
          ? 'Authentication only: the method and request-target enter A2, the body does not.'
          : 'Authentication with integrity: the hash of the request body enters A2 as well.',
    reference: qop === null ? rfc(2617, '3.2.2.1') : digestRef('3.4'),
  });

  let nc = '';
  if (qop !== null) {
    const count = input.nc ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > MAX_NC) {
      return refused({
        message:
          `The nonce count must be a whole number from 1 to ${MAX_NC} (8 hexadecimal ` +
          'digits, RFC 7616 §3.4).',
        reference: digestRef('3.4'),
      });
    }
    nc = count.toString(16).padStart(8, '0');
    steps.push({
      id: 'nc',
      label: 'nc',
      value: nc,
      detail:
        `Request number ${count} with this nonce, as 8 hexadecimal digits; the server ` +
        'refuses a count it has already seen (replay).',
      reference: digestRef('3.4'),
    });
  }

  // The cnonce is part of every qop response, and of A1 for the "-sess" algorithms.
  let cnonce = '';
  if (qop !== null || algorithm.session) {
    const made = makeCnonce(input);
    if (!made.ok) return refused(made.problem);
    cnonce = made.value.cnonce;
    steps.push({
      id: 'cnonce',
      label: 'cnonce',
      value: cnonce,
      detail: made.value.generated
        ? `Chosen by the client: ${CNONCE_OCTETS} random octets in base64. It keeps a ` +
          'server that chooses the nonce from controlling everything that is hashed.'
        : 'Chosen by the client (supplied here). It keeps a server that chooses the nonce ' +
          'from controlling everything that is hashed.',
      reference: digestRef('3.4'),
    });
    if (qop === null) {
      notes.push({
        message:
          `${algorithm.name} needs a cnonce for A1, but without qop RFC 2617 has no cnonce ` +
          'to send; AuthLens sends one anyway, as browsers do.',
        reference: rfc(2617, '3.2.2.2'),
      });
    }
  }

  // §4: charset=UTF-8 means the username and password are NFC-normalized and encoded as UTF-8.
  let username = input.username;
  let password = input.password;
  const charset = challenge.charset?.trim();
  if (charset !== undefined && charset.toLowerCase() === 'utf-8') {
    username = input.username.normalize('NFC');
    password = input.password.normalize('NFC');
    if (username !== input.username || password !== input.password) {
      notes.push({
        message:
          'With charset=UTF-8 the username and password are normalized to Unicode NFC before ' +
          'hashing (RFC 7616 §4); what was typed changed under normalization.',
        reference: digestRef('4'),
      });
    }
  } else if (charset !== undefined) {
    notes.push({
      message:
        `The challenge's charset=${charset} is not allowed: "UTF-8" is the only value ` +
        '(RFC 7616 §4). AuthLens hashes UTF-8 anyway.',
      reference: digestRef('4'),
    });
  } else if (hasNonAscii(input.username) || hasNonAscii(input.password)) {
    notes.push({
      message:
        'The challenge has no charset=UTF-8, so the encoding the server hashes is unspecified ' +
        '(RFC 7616 §4). AuthLens hashes UTF-8; a server that assumes ISO-8859-1 computes ' +
        'another response.',
      reference: digestRef('4'),
    });
  }

  // A1, §3.4.2: unq(username) ":" unq(realm) ":" passwd, or for "-sess"
  // H(unq(username) ":" unq(realm) ":" passwd) ":" unq(nonce) ":" unq(cnonce).
  const secret = `${username}:${realm}:${password}`;
  const a1 = algorithm.session ? `${H(secret)}:${nonce}:${cnonce}` : secret;
  steps.push({
    id: 'a1',
    label: 'A1',
    value: a1,
    detail: algorithm.session
      ? 'H(username ":" realm ":" password), then the nonce and cnonce: a session key a ' +
        'server can hand to another without the password.'
      : 'The username, realm and password joined by colons. The password enters the ' +
        'exchange only here, and only hashed.',
    reference: digestRef('3.4.2'),
  });
  const ha1 = H(a1);
  steps.push({
    id: 'ha1',
    label: 'H(A1)',
    value: ha1,
    detail:
      'The hash of A1. A server can store this instead of the password, and anyone who ' +
      'learns it can answer challenges for this realm.',
    reference: digestRef('3.4.2'),
  });

  // A2, §3.4.3: Method ":" request-uri, plus ":" H(entity-body) for auth-int.
  let a2 = `${input.method}:${input.uri}`;
  if (qop === 'auth-int') {
    const body = input.body ?? new Uint8Array(0);
    const bodyHash = H(body);
    const size = typeof body === 'string' ? utf8Encode(body).length : body.length;
    steps.push({
      id: 'entity-body-hash',
      label: 'H(entity-body)',
      value: bodyHash,
      detail: `The hash of the ${size}-octet request body, which qop=auth-int protects.`,
      reference: digestRef('3.4.3'),
    });
    a2 += `:${bodyHash}`;
  }
  steps.push({
    id: 'a2',
    label: 'A2',
    value: a2,
    detail:
      qop === 'auth-int'
        ? 'The method, the request-target and the hash of the body, joined by colons.'
        : 'The method and the request-target, joined by a colon; the target must be ' +
          'exactly the one sent in the uri parameter.',
    reference: digestRef('3.4.3'),
  });
  const ha2 = H(a2);
  steps.push({
    id: 'ha2',
    label: 'H(A2)',
    value: ha2,
    detail: 'The hash of A2.',
    reference: digestRef('3.4.3'),
  });

  // §3.4.1: response = KD(H(A1), unq(nonce) ":" nc ":" unq(cnonce) ":" unq(qop) ":" H(A2));
  // without qop, RFC 2069's KD(H(A1), unq(nonce) ":" H(A2)) (RFC 2617 §3.2.2.1).
  const data = qop === null ? `${nonce}:${ha2}` : `${nonce}:${nc}:${cnonce}:${qop}:${ha2}`;
  const responseRef = qop === null ? rfc(2617, '3.2.2.1') : digestRef('3.4.1');
  steps.push({
    id: 'response-input',
    label: qop === null ? 'H(A1):nonce:H(A2)' : 'H(A1):nonce:nc:cnonce:qop:H(A2)',
    value: `${ha1}:${data}`,
    detail:
      'What KD(H(A1), data) hashes: H(A1), a colon, and the data. The nonce ties the ' +
      'answer to this challenge' +
      (qop === null ? '.' : ', nc to this request, the cnonce to this client.'),
    reference: responseRef,
  });
  const response = H(`${ha1}:${data}`);
  steps.push({
    id: 'response',
    label: 'response',
    value: response,
    detail: 'The proof that the client knows the password, without sending it.',
    reference: responseRef,
  });

  // §3.4.4: hash the username after every other computation, when the server asked for it.
  const offeredHash = isTrue(challenge.userhash);
  const hashed = offeredHash && input.hashUsername !== false;
  if (offeredHash && !hashed) {
    notes.push({
      message:
        'The challenge asks for userhash=true but the username is sent as is, as by a ' +
        'client that does not support username hashing (RFC 7616 §3.4.4).',
      reference: digestRef('3.4.4'),
    });
  } else if (input.hashUsername === true && !offeredHash) {
    notes.push({
      message:
        'The challenge does not ask for userhash, so the username is not hashed: a ' +
        'client MUST NOT hash it then (RFC 7616 §3.4.4).',
      reference: digestRef('3.4.4'),
    });
  }
  let usernameParam: string;
  if (hashed) {
    const hashedName = H(`${username}:${realm}`);
    usernameParam = `username=${quote(hashedName)}`;
    steps.push({
      id: 'username',
      label: 'username (userhash)',
      value: hashedName,
      detail:
        'H(username ":" realm), sent instead of the name so it does not travel in clear; ' +
        'the server looks it up in a table of such hashes.',
      reference: digestRef('3.4.4'),
    });
  } else if (isQuotableAscii(username)) {
    usernameParam = `username=${quote(username)}`;
    steps.push({
      id: 'username',
      label: 'username',
      value: username,
      detail: 'The name as a quoted-string, in clear.',
      reference: digestRef('3.4'),
    });
  } else {
    const extended = encodeExtValue(username);
    usernameParam = `username*=${extended}`;
    steps.push({
      id: 'username',
      label: 'username*',
      value: extended,
      detail:
        'The name has characters a plain ASCII quoted-string cannot carry, so it is sent ' +
        'as username* in the extended notation of RFC 8187 §3.2: charset, empty ' +
        'language, percent-encoded UTF-8.',
      reference: digestRef('3.4'),
    });
  }

  // Quoted values must be sendable: no quoted-pair can carry a control character (RFC 9110
  // §5.6.4). What the server chose (realm, nonce, opaque) goes back as received, obs-text and
  // all; what the client chooses must be printable ASCII: a request-target is ASCII, and a
  // non-ASCII cnonce would be hashed as UTF-8 but sent as other octets.
  const quoted: Array<[string, string | undefined, boolean]> = [
    ['realm', realm, false],
    ['nonce', nonce, false],
    ['opaque', challenge.opaque, false],
    ['uri', input.uri, true],
    ['cnonce', qop !== null || algorithm.session ? cnonce : undefined, true],
  ];
  for (const [name, value, asciiOnly] of quoted) {
    if (value === undefined) continue;
    const at = asciiOnly ? notQuotableAsciiAt(value) : unsendableAt(value);
    if (at < 0) continue;
    const why = !asciiOnly
      ? 'which no quoted-string can carry (RFC 9110 §5.6.4).'
      : name === 'uri'
        ? 'but the uri must be the request-target as sent, which is ASCII: percent-encode ' +
          'it (RFC 3986 §2.1).'
        : 'but a cnonce must be printable ASCII, so that the octets hashed are the octets sent.';
    return refused({
      message: `The ${name} contains ${codePointName(value, at)}, ${why}`,
      reference: asciiOnly ? digestRef('3.4') : rfc(9110, '5.6.4'),
    });
  }

  // Parameter order of the RFC's examples (§3.9); algorithm only when the challenge named one,
  // as browsers do, and in its registered spelling.
  const params = [usernameParam, `realm=${quote(realm)}`, `uri=${quote(input.uri)}`];
  if (challenge.algorithm !== undefined) params.push(`algorithm=${algorithm.name}`);
  params.push(`nonce=${quote(nonce)}`);
  if (qop !== null) params.push(`nc=${nc}`, `cnonce=${quote(cnonce)}`, `qop=${qop}`);
  else if (algorithm.session) params.push(`cnonce=${quote(cnonce)}`);
  params.push(`response=${quote(response)}`);
  // §3.3: opaque is returned unchanged.
  if (challenge.opaque !== undefined) params.push(`opaque=${quote(challenge.opaque)}`);
  if (hashed) params.push('userhash=true');

  const value = `Digest ${params.join(', ')}`;
  const header = `${field}: ${value}`;
  steps.push({
    id: 'header',
    label: field,
    value: header,
    detail:
      'The parameters the server needs to repeat the computation: everything above ' +
      'except the password. opaque comes back unchanged.',
    reference: field === 'Authorization' ? digestRef('3.4') : digestRef('3.8'),
  });
  return { ok: true, field, value, header, steps, notes };
}

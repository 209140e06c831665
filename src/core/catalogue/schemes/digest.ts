// The Digest scheme (RFC 7616): challenge, credentials and Authentication-Info parameters. Quoting
// rules differ between the three headers, so each context has its own entries.
import type { ParamValueInfo, SchemeInfo } from '../model.ts';
import { rfc } from '../../references.ts';
import { DIGEST_ALGORITHM_NAMES, type DigestAlgorithmName } from '../../digest-algorithms.ts';

const challenge = rfc(7616, '3.3');
const credentials = rfc(7616, '3.4');
const info = rfc(7616, '3.5');

/** What each registered algorithm means; typed by the registry list, so none is left out. */
const algorithmMeanings: Record<DigestAlgorithmName, string> = {
  MD5: 'MD5, assumed when no algorithm is given. It is kept for backward compatibility and is weak.',
  'MD5-sess':
    'Session variant of MD5: the password hash is combined once with the server and client ' +
    'nonces, so it can be reused for the session.',
  'SHA-256': 'SHA-256; prefer it to MD5 when both are offered.',
  'SHA-256-sess': 'Session variant of SHA-256.',
  'SHA-512-256': 'SHA-512/256: SHA-512 computed with its own start values and cut to 256 bits.',
  'SHA-512-256-sess': 'Session variant of SHA-512/256.',
};

const algorithms: readonly ParamValueInfo[] = DIGEST_ALGORITHM_NAMES.map((value) => ({
  value,
  meaning: algorithmMeanings[value],
}));

const qopOptions: readonly ParamValueInfo[] = [
  {
    value: 'auth',
    meaning: 'Authentication only: the response covers the method and URI but not the body.',
  },
  {
    value: 'auth-int',
    meaning: 'Authentication with integrity: the response also covers a hash of the message body.',
  },
];

const booleans = (whenTrue: string, whenFalse: string): readonly ParamValueInfo[] => [
  { value: 'true', meaning: whenTrue },
  { value: 'false', meaning: whenFalse },
];

export const digest: SchemeInfo = {
  name: 'Digest',
  registered: true,
  summary:
    'Digest proves that the client knows the password without sending it. The challenge supplies ' +
    'a realm, a fresh nonce, the hash algorithm and the supported qop options. The client answers ' +
    'with `Authorization: Digest` and, among others, its own nonce (cnonce), a request counter ' +
    '(nc) and `response`: a hash over the username, realm, password, both nonces, the method and ' +
    'the URI. The server can prove itself in Authentication-Info (rspauth) and hand out the next ' +
    'nonce there.',
  security:
    'A captured exchange still allows offline guessing of weak passwords, and the server stores ' +
    'password-equivalent hashes. Without an algorithm parameter MD5 is used; prefer SHA-256 and ' +
    'TLS.',
  challengeForm: 'auth-params',
  reference: challenge,
  params: [
    // WWW-Authenticate and Proxy-Authenticate (§3.3).
    {
      name: 'realm',
      meaning:
        'Names the protection space and is hashed into the response together with the username ' +
        'and password (A1, RFC 7616 §3.4.2), so the client must send it back exactly; without it ' +
        'no client can compute a response.',
      required: true,
      appearsIn: ['challenge'],
      syntax: 'quoted-string',
      reference: challenge,
    },
    {
      name: 'domain',
      meaning:
        'Space-separated list of URIs in the same protection space, so the client can send ' +
        'credentials to them without waiting for a 401. Without it the client should assume the ' +
        'whole origin.',
      required: false,
      appearsIn: ['challenge'],
      syntax: 'quoted-string',
      reference: challenge,
    },
    {
      name: 'nonce',
      meaning:
        'Server-chosen value that should be fresh for each 401 and is hashed into the response ' +
        '(§3.4.1), so without it no client can compute one. The server decides how long it stays ' +
        'valid; the client treats it as opaque.',
      required: true,
      appearsIn: ['challenge'],
      syntax: 'quoted-string',
      reference: challenge,
    },
    {
      name: 'opaque',
      meaning:
        'Server data that the client returns unchanged with requests in the same protection ' +
        'space, without interpreting it.',
      required: false,
      appearsIn: ['challenge'],
      syntax: 'quoted-string',
      reference: challenge,
    },
    {
      name: 'stale',
      meaning:
        'Says whether the previous request was rejected because its nonce was stale. A server ' +
        "should set it only for a request whose nonce is invalid (RFC 7616 dropped RFC 2617's " +
        '"with a valid digest", so it says nothing about the password). Matched ' +
        'case-insensitively; any value other than true counts as false.',
      required: false,
      appearsIn: ['challenge'],
      syntax: 'token',
      values: booleans(
        'The nonce was invalid (expired, for instance): the client may retry with the new nonce ' +
          'without asking the user again. It does not mean the credentials were right.',
        'The username or password is invalid (also when stale is absent): new credentials must be ' +
          'obtained.',
      ),
      reference: challenge,
    },
    {
      name: 'algorithm',
      meaning:
        'Hash algorithm for the response and for username hashing. A server offering several ' +
        'sends one challenge per algorithm and must list them in its order of preference; a client ' +
        'should use the first one it supports (RFC 7616 §3.7).',
      required: false,
      appearsIn: ['challenge'],
      syntax: 'token',
      values: algorithms,
      reference: challenge,
    },
    {
      name: 'qop',
      meaning:
        'Quality-of-protection options the server supports, as a quoted, comma-separated list. ' +
        'RFC 7616 says every implementation must send it.',
      required: true,
      appearsIn: ['challenge'],
      syntax: 'quoted-string',
      values: qopOptions,
      reference: challenge,
    },
    {
      name: 'charset',
      meaning:
        'Tells the client that the server expects the username and password in UTF-8, the only ' +
        'allowed value.',
      required: false,
      appearsIn: ['challenge'],
      values: [
        {
          value: 'UTF-8',
          meaning: 'Encode username and password as UTF-8 (case-insensitive match).',
        },
      ],
      reference: challenge,
    },
    {
      name: 'userhash',
      meaning:
        'Says whether the server supports username hashing, which lets the client hide the ' +
        'username from observers. Defaults to false.',
      required: false,
      appearsIn: ['challenge'],
      values: booleans(
        'A client that supports username hashing must send a hash of the username and realm ' +
          'instead of the username (RFC 7616 §3.4.4).',
        'The username is sent as is.',
      ),
      reference: challenge,
    },
    // Authorization and Proxy-Authorization (§3.4).
    {
      name: 'username',
      meaning:
        'The user name, or its hash when userhash is true. A name that cannot be written as a ' +
        'quoted-string goes in username* instead; exactly one of the two is sent.',
      required: false,
      appearsIn: ['credentials'],
      syntax: 'quoted-string',
      reference: credentials,
    },
    {
      name: 'username*',
      meaning:
        'The user name in the extended notation of RFC 5987 (charset, language and ' +
        "percent-encoded octets, e.g. UTF-8''J%C3%A4s%C3%B8n), for names with characters a " +
        'quoted-string cannot carry. Not used together with username or with userhash=true.',
      required: false,
      appearsIn: ['credentials'],
      reference: credentials,
    },
    {
      name: 'realm',
      meaning: 'The realm of the challenge being answered.',
      required: true,
      appearsIn: ['credentials'],
      syntax: 'quoted-string',
      reference: credentials,
    },
    {
      name: 'uri',
      meaning:
        'The request target, repeated because proxies can rewrite the request line. It is hashed ' +
        'into the response and the server checks that it matches the request.',
      required: true,
      appearsIn: ['credentials'],
      syntax: 'quoted-string',
      reference: credentials,
    },
    {
      name: 'response',
      meaning:
        'The proof: a hex digest over the hashed username, realm and password, the nonce, nc, ' +
        'cnonce, qop, and the method and uri. The server recomputes it to check the password.',
      required: true,
      appearsIn: ['credentials'],
      syntax: 'quoted-string',
      reference: credentials,
    },
    {
      name: 'algorithm',
      meaning: 'The algorithm the client used, taken from the challenge it answers.',
      required: false,
      appearsIn: ['credentials'],
      syntax: 'token',
      values: algorithms,
      reference: credentials,
    },
    {
      name: 'cnonce',
      meaning:
        'Random value chosen by the client and hashed into the response. It guards against ' +
        'chosen-plaintext attacks and lets the client check rspauth.',
      required: true,
      appearsIn: ['credentials'],
      syntax: 'quoted-string',
      reference: credentials,
    },
    {
      name: 'opaque',
      meaning: 'The opaque value from the challenge, returned unchanged.',
      required: false,
      appearsIn: ['credentials'],
      syntax: 'quoted-string',
      reference: credentials,
    },
    {
      name: 'qop',
      meaning: 'The single quality-of-protection option the client picked from the challenge.',
      required: true,
      appearsIn: ['credentials'],
      syntax: 'token',
      values: qopOptions,
      reference: credentials,
    },
    {
      name: 'nc',
      meaning:
        'Nonce count: the number of requests the client has sent with this nonce, as exactly 8 ' +
        'hexadecimal digits (00000001 for the first). The server uses it to detect replays.',
      required: true,
      appearsIn: ['credentials'],
      syntax: 'token',
      reference: credentials,
    },
    {
      name: 'userhash',
      meaning: 'Says whether the username parameter carries a hash instead of the name.',
      required: false,
      appearsIn: ['credentials'],
      values: booleans('username holds the hashed user name.', 'username holds the user name.'),
      reference: credentials,
    },
    {
      name: 'nonce',
      meaning: 'The server nonce of the challenge being answered.',
      required: true,
      appearsIn: ['credentials'],
      syntax: 'quoted-string',
      reference: credentials,
    },
    // Authentication-Info and Proxy-Authentication-Info (§3.5).
    {
      name: 'nextnonce',
      meaning:
        'A nonce the client should use for its next request, which lets the server rotate ' +
        'nonces without another 401.',
      required: false,
      appearsIn: ['authentication-info'],
      syntax: 'quoted-string',
      reference: info,
    },
    {
      name: 'qop',
      meaning: 'The quality of protection the server applied to its response.',
      required: false,
      appearsIn: ['authentication-info'],
      syntax: 'token',
      values: qopOptions,
      reference: info,
    },
    {
      name: 'rspauth',
      meaning:
        'The server proof: a digest like response but computed without the method, showing that ' +
        'the server also knows the password (mutual authentication).',
      required: false,
      appearsIn: ['authentication-info'],
      syntax: 'quoted-string',
      reference: info,
    },
    {
      name: 'cnonce',
      meaning: 'The client nonce from the request, echoed so the client can match rspauth to it.',
      required: false,
      appearsIn: ['authentication-info'],
      syntax: 'quoted-string',
      reference: info,
    },
    {
      name: 'nc',
      meaning: 'The nonce count from the request, echoed as exactly 8 hexadecimal digits.',
      required: false,
      appearsIn: ['authentication-info'],
      syntax: 'token',
      reference: info,
    },
  ],
};

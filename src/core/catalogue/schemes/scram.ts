// The SCRAM-SHA-1 and SCRAM-SHA-256 schemes (RFC 7804): the SASL SCRAM exchange carried in HTTP.
// Both schemes share their parameters and differ only in the hash function.
import type { ParamInfo, SchemeInfo } from '../model.ts';
import { rfc } from '../../references.ts';

const section = rfc(7804, '5');

const params: readonly ParamInfo[] = [
  {
    name: 'realm',
    meaning:
      'Protection space of the initial challenge. HTTP requires senders to quote it ' +
      '(RFC 9110 §11.5).',
    required: false,
    appearsIn: ['challenge'],
    syntax: 'quoted-string',
    reference: section,
  },
  {
    name: 'sid',
    meaning:
      'Session ID the server assigns when it answers the first client message; the client sends ' +
      'it back so the server can find the exchange.',
    required: false,
    appearsIn: ['challenge'],
    reference: section,
  },
  {
    name: 'data',
    meaning:
      'Base64 of the SCRAM server-first message: the combined nonce, the salt and the iteration ' +
      'count the client needs to compute its proof.',
    required: false,
    appearsIn: ['challenge'],
    reference: section,
  },
  {
    name: 'sr',
    meaning:
      'For reauthentication: the nonce the server expects the client to use next, so that a ' +
      'returning client can authenticate in one round trip instead of starting over.',
    required: false,
    appearsIn: ['challenge'],
    reference: rfc(7804, '5.1'),
  },
  {
    name: 'ttl',
    meaning: 'For reauthentication: for how many seconds the sr nonce stays valid.',
    required: false,
    appearsIn: ['challenge'],
    reference: rfc(7804, '5.1'),
  },
  {
    name: 'stale',
    meaning:
      'Set to true when the client reauthenticated with a nonce that has expired: the proof was ' +
      'refused for its nonce alone, and the client can retry with the new sr.',
    required: false,
    appearsIn: ['challenge'],
    reference: rfc(7804, '5.1'),
  },
  {
    name: 'realm',
    meaning: 'The realm of the challenge being answered, sent with the first client message.',
    required: false,
    appearsIn: ['credentials'],
    syntax: 'quoted-string',
    reference: section,
  },
  {
    name: 'sid',
    meaning: 'The session ID from the server, sent with the second client message.',
    required: false,
    appearsIn: ['credentials'],
    reference: section,
  },
  {
    name: 'data',
    meaning:
      'Base64 of a SCRAM client message: first the user name and client nonce, then the ' +
      'channel-binding data, the full nonce and the client proof.',
    required: true,
    appearsIn: ['credentials'],
    reference: section,
  },
  {
    name: 'sid',
    meaning: 'The session ID of the exchange that just completed.',
    required: false,
    appearsIn: ['authentication-info'],
    reference: section,
  },
  {
    name: 'data',
    meaning:
      'Base64 of the SCRAM server-final message, carrying the server signature that the client ' +
      'checks to authenticate the server.',
    required: true,
    appearsIn: ['authentication-info'],
    reference: section,
  },
];

function scram(name: string, hash: string, note: string): SchemeInfo {
  return {
    name,
    registered: true,
    summary:
      `${name} runs the SCRAM exchange of RFC 5802 over HTTP with ${hash}. After a challenge ` +
      'naming the realm, the client sends its user name and a nonce, base64-encoded in data; the ' +
      'server replies with its nonce, the salt and the iteration count plus a session ID (sid); ' +
      'the client sends its proof; the server confirms with its signature in ' +
      `Authentication-Info. Both sides prove knowledge of the password. ${note}`,
    security:
      'The password never crosses the wire and the server keeps only salted, iterated hashes, ' +
      'but a captured exchange still allows offline guessing, so use TLS.',
    challengeForm: 'auth-params',
    reference: section,
    params,
  };
}

export const scramSha1 = scram(
  'SCRAM-SHA-1',
  'SHA-1',
  'Prefer SCRAM-SHA-256, which every HTTP SCRAM implementation must support.',
);

export const scramSha256 = scram(
  'SCRAM-SHA-256',
  'SHA-256',
  'It is the variant every HTTP SCRAM client and server must implement.',
);

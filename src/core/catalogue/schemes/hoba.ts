// The HOBA scheme (RFC 7486): per-origin key pairs instead of passwords.
import type { SchemeInfo } from '../model.ts';
import { rfc } from '../../references.ts';

export const hoba: SchemeInfo = {
  name: 'HOBA',
  registered: true,
  summary:
    'HOBA (HTTP Origin-Bound Authentication) replaces passwords with a key pair that the client ' +
    'creates for each origin. The challenge carries a random value and how long it may be ' +
    'answered; the client signs a blob made of its nonce, the algorithm, the origin, the realm, ' +
    'its key ID and the challenge, and replies with ' +
    '`Authorization: HOBA result="kid.challenge.nonce.signature"`.',
  security:
    'The server stores no password, but keys live on one device for one origin, so enrolling ' +
    'more devices and recovering accounts need separate procedures. HOBA is Experimental and ' +
    'rarely deployed.',
  challengeForm: 'auth-params',
  reference: rfc(7486, '3'),
  params: [
    {
      name: 'challenge',
      meaning:
        'Base64url random value that the client must include in what it signs, which makes each ' +
        'answer fresh.',
      required: true,
      appearsIn: ['challenge'],
      reference: rfc(7486, '3'),
    },
    {
      name: 'max-age',
      meaning:
        'Number of seconds, counted from when the response was sent, during which the server ' +
        'accepts an answer to this challenge.',
      required: true,
      appearsIn: ['challenge'],
      reference: rfc(7486, '3'),
    },
    {
      name: 'realm',
      meaning:
        'Optional protection space; when present it is part of the signed blob. HTTP requires ' +
        'senders to quote it (RFC 9110 §11.5).',
      required: false,
      appearsIn: ['challenge'],
      syntax: 'quoted-string',
      reference: rfc(7486, '3'),
    },
    {
      name: 'result',
      meaning:
        'Four base64url fields joined by dots: the key ID, the server challenge, a client nonce ' +
        'and the signature over the to-be-signed blob.',
      required: true,
      appearsIn: ['credentials'],
      reference: rfc(7486, '2'),
    },
  ],
};

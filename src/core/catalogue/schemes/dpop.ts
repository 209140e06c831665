// The DPoP scheme (RFC 9449): OAuth access tokens bound to a key the client proves it holds.
import type { SchemeInfo } from '../model.ts';
import {
  oauthErrorCodes,
  oauthErrorDescription,
  oauthScope,
  resourceMetadata,
  stepUpParams,
} from './bearer.ts';
import { rfc } from '../../references.ts';

export const dpop: SchemeInfo = {
  name: 'DPoP',
  registered: true,
  summary:
    'DPoP sends an OAuth access token that is bound to a key pair held by the client. With ' +
    '`Authorization: DPoP <token>` the client also sends a `DPoP` header: a fresh JWT signed with ' +
    'its private key that covers the request method, the URI and a hash of the token. A stolen ' +
    'token is useless without the key. The challenge lists the signature algorithms the server ' +
    'accepts and, after a failure, the reason.',
  security:
    'Proofs can be replayed for a short time unless the server requires a nonce it issued ' +
    '(DPoP-Nonce header). DPoP is for origin servers only and must not be used in ' +
    'Proxy-Authenticate.',
  challengeForm: 'auth-params',
  reference: rfc(9449, '7.1'),
  params: [
    {
      name: 'algs',
      meaning:
        'Space-separated list of JWS algorithm names, such as `ES256 PS256`, that the server ' +
        'accepts for DPoP proofs. Servers should send it so the client can pick a suitable key.',
      required: false,
      appearsIn: ['challenge'],
      reference: rfc(9449, '7.1'),
    },
    {
      name: 'realm',
      meaning:
        'Optional name of the protection space. HTTP requires senders to quote it ' +
        '(RFC 9110 §11.5).',
      required: false,
      appearsIn: ['challenge'],
      syntax: 'quoted-string',
      reference: rfc(9449, '7.1'),
    },
    { ...oauthScope, reference: rfc(9449, '7.1') },
    {
      name: 'error',
      meaning:
        'Why the request was refused. DPoP uses the Bearer values, two of its own about the proof ' +
        'and the server nonce, and any other appropriate value defined by an extension (RFC 9449 ' +
        '§7.1).',
      required: false,
      appearsIn: ['challenge'],
      values: [
        ...oauthErrorCodes,
        {
          value: 'invalid_dpop_proof',
          meaning:
            'The DPoP proof JWT itself failed the checks: for example a bad signature, a method ' +
            'or URI that does not match the request, or a stale or reused proof.',
        },
        {
          value: 'use_dpop_nonce',
          meaning:
            'The server wants a nonce it issued inside the proof. The response carries a ' +
            'DPoP-Nonce header; retry with that value in the proof (RFC 9449 §9).',
        },
      ],
      reference: rfc(9449, '7.1'),
    },
    { ...oauthErrorDescription, reference: rfc(9449, '7.1') },
    ...stepUpParams,
    resourceMetadata,
  ],
};

// The PrivateToken scheme (RFC 9577): redeeming Privacy Pass tokens.
import type { SchemeInfo } from '../model.ts';
import { rfc } from '../../references.ts';

const challenge = rfc(9577, '2.1');

export const privateToken: SchemeInfo = {
  name: 'PrivateToken',
  registered: true,
  summary:
    'PrivateToken redeems Privacy Pass tokens, which show that a client passed some check (an ' +
    'attestation or a CAPTCHA, say) without revealing who it is. The challenge carries a ' +
    'TokenChallenge naming the issuer and token type, usually with the issuer public key; the ' +
    'client obtains a token from that issuer, or uses a cached one, and sends ' +
    '`Authorization: PrivateToken token=...`. One response can offer several challenges for ' +
    'different issuers or token types.',
  security:
    'Tokens cannot be linked to their issuance, but cross-origin tokens with an empty redemption ' +
    'context can be replayed by other origins. Origins should stop double spending, and clients ' +
    'may ignore excessive challenges.',
  challengeForm: 'auth-params',
  reference: rfc(9577, '2'),
  params: [
    {
      name: 'challenge',
      meaning:
        'Base64url encoding, with padding, of the TokenChallenge: token type, issuer name, an ' +
        'optional 32-byte redemption context and an optional list of origins. A value with "=" ' +
        'padding is not a valid token, so it then has to be quoted.',
      required: true,
      appearsIn: ['challenge'],
      reference: challenge,
    },
    {
      name: 'token-key',
      meaning:
        'Base64url encoding, with padding, of the issuer public key for this token type. It can ' +
        'be omitted when clients get the key another way.',
      required: false,
      appearsIn: ['challenge'],
      reference: challenge,
    },
    {
      name: 'max-age',
      meaning: 'Number of seconds during which the origin will accept a token for this challenge.',
      required: false,
      appearsIn: ['challenge'],
      reference: challenge,
    },
    {
      name: 'realm',
      meaning:
        'Optional protection space, allowed as in any challenge. HTTP requires senders to quote ' +
        'it (RFC 9110 §11.5).',
      required: false,
      appearsIn: ['challenge'],
      syntax: 'quoted-string',
      reference: challenge,
    },
    {
      name: 'token',
      meaning:
        'Base64url encoding, with padding, of the Token: token type, client nonce, hash of the ' +
        'challenge, key ID and authenticator. Quote it when it contains "=".',
      required: true,
      appearsIn: ['credentials'],
      reference: rfc(9577, '2.2'),
    },
  ],
};

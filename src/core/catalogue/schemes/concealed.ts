// The Concealed scheme (RFC 9729): unprompted, TLS-bound signatures that do not reveal that a
// resource needs authentication.
import type { SchemeInfo } from '../model.ts';
import { rfc } from '../../references.ts';

export const concealed: SchemeInfo = {
  name: 'Concealed',
  registered: true,
  summary:
    'Concealed lets a client authenticate with a signature without first receiving a challenge, ' +
    'so someone without a key cannot even tell that the resource exists. The client derives ' +
    'material from the TLS connection with a keying material exporter, signs it with its private ' +
    'key and sends `Authorization: Concealed` with its key ID, public key, signature scheme, ' +
    'signature and a verification value. Servers send no Concealed challenge. A server treats a ' +
    'failed check as if Authorization were missing (RFC 9729 §6.3); one that chooses to be ' +
    'non-probeable answers then exactly as it would for a resource that does not exist, for ' +
    'example with 404 (§6.4).',
  security:
    'The proof is bound to the TLS connection rather than to one request, and the scheme is only ' +
    'defined over TLS 1.3 or TLS 1.2 with Extended Master Secret. Keys must not be reused in ' +
    'other protocols.',
  challengeForm: 'none',
  reference: rfc(9729, '2'),
  params: [
    {
      name: 'k',
      meaning:
        'Key ID: tells the server which of its known keys the client is using. Base64url without ' +
        'padding or quotes.',
      required: true,
      appearsIn: ['credentials'],
      syntax: 'token',
      reference: rfc(9729, '4.1'),
    },
    {
      name: 'a',
      meaning:
        'The public key, base64url without padding. The server checks it equals the key stored ' +
        'under k, which rules out key-confusion attacks; its encoding depends on the signature ' +
        'scheme.',
      required: true,
      appearsIn: ['credentials'],
      syntax: 'token',
      reference: rfc(9729, '4.2'),
    },
    {
      name: 'p',
      meaning:
        'Proof: the signature over a fixed prefix and the first 32 bytes of the TLS exporter ' +
        'output, base64url without padding.',
      required: true,
      appearsIn: ['credentials'],
      syntax: 'token',
      reference: rfc(9729, '4.3'),
    },
    {
      name: 's',
      meaning:
        'Signature scheme used for p, as a decimal number from the IANA TLS SignatureScheme ' +
        'registry without leading zeros; 2055 (0x0807) is Ed25519.',
      required: true,
      appearsIn: ['credentials'],
      syntax: 'token',
      reference: rfc(9729, '4.4'),
    },
    {
      name: 'v',
      meaning:
        'Verification: the last 16 bytes of the TLS exporter output, base64url without padding. ' +
        'It lets the server confirm that both sides derived the same exporter value.',
      required: true,
      appearsIn: ['credentials'],
      syntax: 'token',
      reference: rfc(9729, '4.5'),
    },
    {
      name: 'realm',
      meaning:
        'Sent only when the client is configured with a realm; the realm is also mixed into the ' +
        'exporter input. The specification gives the server no way to announce one.',
      required: false,
      appearsIn: ['credentials'],
      syntax: 'quoted-string',
      reference: rfc(9729, '3.1'),
    },
  ],
};

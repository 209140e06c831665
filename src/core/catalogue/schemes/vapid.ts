// The vapid scheme (RFC 8292): application servers identifying themselves to a Web Push service.
import type { SchemeInfo } from '../model.ts';
import { rfc } from '../../references.ts';

export const vapid: SchemeInfo = {
  name: 'vapid',
  registered: true,
  summary:
    'vapid (Voluntary Application Server Identification) lets an application server identify ' +
    'itself to a Web Push service with `Authorization: vapid t=<JWT>, k=<public key>`. The JWT is ' +
    'signed with ECDSA on P-256 (ES256); its aud claim is the origin of the push service, exp is ' +
    'at most 24 hours ahead and sub can give a mailto: or https: contact. A push service can ' +
    'restrict a subscription to the key it was created with. The challenge is the bare scheme ' +
    'name: no challenge parameters are defined.',
  security:
    'A token can be replayed until it expires, which is why expiry is capped at 24 hours; the ' +
    'contact in sub is not verified. The scheme is for origin servers only, never for proxies.',
  challengeForm: 'empty',
  reference: rfc(8292, '3'),
  params: [
    {
      name: 't',
      meaning: 'The signed JWT that identifies the application server (claims aud, exp and sub).',
      required: true,
      appearsIn: ['credentials'],
      reference: rfc(8292, '3.1'),
    },
    {
      name: 'k',
      meaning:
        'The application server P-256 public key, uncompressed and base64url-encoded. The push ' +
        'service checks t with it and compares it with the key given when the subscription was ' +
        'created.',
      required: true,
      appearsIn: ['credentials'],
      reference: rfc(8292, '3.2'),
    },
  ],
};

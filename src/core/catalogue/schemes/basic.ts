// The Basic scheme (RFC 7617).
import type { SchemeInfo } from '../model.ts';
import { rfc } from '../../references.ts';

export const basic: SchemeInfo = {
  name: 'Basic',
  registered: true,
  summary:
    'Basic sends a user-id and password with the request. The challenge names a realm and may say ' +
    'that the server expects UTF-8; the client answers with `Authorization: Basic` followed by the ' +
    'base64 encoding of `user-id:password`. Base64 is only an encoding, so anyone who can read the ' +
    'header can read the password.',
  security:
    'The password is effectively sent in clear text, so RFC 7617 §4 says Basic should not be used ' +
    'to protect anything of value without enhancements such as HTTPS. Browsers keep the ' +
    'credentials for the realm and offer no standard way to log out.',
  challengeForm: 'auth-params',
  reference: rfc(7617, '2'),
  params: [
    {
      name: 'realm',
      meaning:
        'Names the protection space: the resources on this server that accept the same user-id and ' +
        'password. Browsers show it in the login prompt. HTTP requires senders to quote it ' +
        '(RFC 9110 §11.5).',
      required: true,
      appearsIn: ['challenge'],
      syntax: 'quoted-string',
      reference: rfc(7617, '2'),
    },
    {
      name: 'charset',
      meaning:
        'Announces the character encoding the server expects for the user-id and password before ' +
        'they are base64-encoded. Without it the encoding is unspecified, and non-ASCII passwords ' +
        'may fail.',
      required: false,
      appearsIn: ['challenge'],
      values: [
        {
          value: 'UTF-8',
          meaning:
            'Encode the user-id and password as UTF-8. This is the only value RFC 7617 allows; it is ' +
            'compared case-insensitively.',
        },
      ],
      reference: rfc(7617, '2.1'),
    },
  ],
};

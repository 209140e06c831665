// The OAuth 1.0 scheme (RFC 5849): every request is signed with client and token credentials.
import type { ParamInfo, SchemeInfo } from '../model.ts';
import { rfc } from '../../references.ts';

/** RFC 5849 §3.5.1 has every protocol parameter value written in double quotes. */
function credential(param: Omit<ParamInfo, 'appearsIn' | 'syntax'>): ParamInfo {
  return { ...param, appearsIn: ['credentials'], syntax: 'quoted-string' };
}

export const oauth: SchemeInfo = {
  name: 'OAuth',
  registered: true,
  summary:
    'OAuth is the scheme of OAuth 1.0, in which each request is signed. The client sends ' +
    '`Authorization: OAuth` with its consumer key, the token, a timestamp, a nonce, the signature ' +
    'method and the signature over a normalized form of the request. A server can advertise ' +
    'support with `WWW-Authenticate: OAuth realm="..."`. OAuth 2.0 (Bearer, DPoP) has largely ' +
    'replaced it.',
  security:
    'HMAC-SHA1 and RSA-SHA1 protect each request even without TLS, but PLAINTEXT sends the ' +
    'secrets and needs TLS. The server must remember nonces and check timestamps to stop replays.',
  challengeForm: 'auth-params',
  reference: rfc(5849, '3.5.1'),
  params: [
    {
      name: 'realm',
      meaning:
        'Optional protection space the server advertises. HTTP requires senders to quote it ' +
        '(RFC 9110 §11.5).',
      required: false,
      appearsIn: ['challenge'],
      syntax: 'quoted-string',
      reference: rfc(5849, '3.5.1'),
    },
    credential({
      name: 'realm',
      meaning: 'Optional protection space; unlike the oauth_ parameters it is not signed.',
      required: false,
      reference: rfc(5849, '3.5.1'),
    }),
    credential({
      name: 'oauth_consumer_key',
      meaning: 'Identifies the client (the consumer) to the server.',
      required: true,
      reference: rfc(5849, '3.1'),
    }),
    credential({
      name: 'oauth_token',
      meaning:
        'The temporary or access token the request uses. It can be left out when no resource ' +
        'owner is involved.',
      required: false,
      reference: rfc(5849, '3.1'),
    }),
    credential({
      name: 'oauth_signature_method',
      meaning: 'How oauth_signature was computed.',
      required: true,
      values: [
        {
          value: 'HMAC-SHA1',
          meaning: 'HMAC-SHA1 keyed with the client secret and token secret.',
        },
        {
          value: 'RSA-SHA1',
          meaning: "RSA PKCS#1 v1.5 signature with SHA-1 and the client's private key.",
        },
        {
          value: 'PLAINTEXT',
          meaning: 'No signature: the secrets themselves are sent, so TLS is required.',
        },
      ],
      reference: rfc(5849, '3.4'),
    }),
    credential({
      name: 'oauth_signature',
      meaning: 'The signature over the signature base string, percent-encoded.',
      required: true,
      reference: rfc(5849, '3.1'),
    }),
    credential({
      name: 'oauth_timestamp',
      meaning:
        'Seconds since 1970-01-01T00:00:00Z when the request was made. Required except with ' +
        'PLAINTEXT.',
      required: false,
      reference: rfc(5849, '3.3'),
    }),
    credential({
      name: 'oauth_nonce',
      meaning:
        'Random string, unique for the timestamp and credentials, so the server can reject ' +
        'replays. Required except with PLAINTEXT.',
      required: false,
      reference: rfc(5849, '3.3'),
    }),
    credential({
      name: 'oauth_version',
      meaning: 'Optional protocol version.',
      required: false,
      values: [
        { value: '1.0', meaning: 'The only version; the value must be exactly 1.0 if sent.' },
      ],
      reference: rfc(5849, '3.1'),
    }),
    credential({
      name: 'oauth_callback',
      meaning:
        'In the request for temporary credentials only: the absolute URI the server sends the ' +
        'user back to after authorization, or `oob` when there is none.',
      required: false,
      reference: rfc(5849, '2.1'),
    }),
    credential({
      name: 'oauth_verifier',
      meaning:
        'In the token request only: the verification code the user brought back from the ' +
        'authorization step.',
      required: false,
      reference: rfc(5849, '2.3'),
    }),
  ],
};

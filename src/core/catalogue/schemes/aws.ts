// The unregistered AWS4-HMAC-SHA256 scheme (AWS Signature Version 4), common in API traffic.
import type { Reference } from '../../types.ts';
import type { SchemeInfo } from '../model.ts';

const reference: Reference = {
  document: 'AWS Signature Version 4',
  section: '',
  url: 'https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-auth-using-authorization-header.html',
};

export const aws4HmacSha256: SchemeInfo = {
  name: 'AWS4-HMAC-SHA256',
  registered: false,
  summary:
    'AWS Signature Version 4 signs each API request with a key derived from the secret access ' +
    'key, the date, the region and the service. The client sends ' +
    '`Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` together ' +
    'with the request time in X-Amz-Date. AWS sends no WWW-Authenticate challenge; errors come in ' +
    'the response body. The parameters look like auth-params, but the "/" in Credential and the ' +
    '";" in SignedHeaders are not allowed in an HTTP token.',
  security:
    'The secret key never leaves the client and the signature covers the method, path, query, ' +
    'the signed headers and a hash of the body. A captured request can be replayed until the ' +
    'service considers its timestamp too old.',
  challengeForm: 'none',
  reference,
  params: [
    {
      name: 'Credential',
      meaning:
        'The access key ID followed by the credential scope: ' +
        '`<key id>/<yyyymmdd>/<region>/<service>/aws4_request`.',
      required: true,
      appearsIn: ['credentials'],
      reference,
    },
    {
      name: 'SignedHeaders',
      meaning:
        'Semicolon-separated, lowercase, sorted list of the header names covered by the ' +
        'signature; host is always among them.',
      required: true,
      appearsIn: ['credentials'],
      reference,
    },
    {
      name: 'Signature',
      meaning:
        'The HMAC-SHA256 of the string to sign with the derived signing key, as 64 lowercase hex ' +
        'digits.',
      required: true,
      appearsIn: ['credentials'],
      reference,
    },
  ],
};

// The Bearer scheme (RFC 6750), with the step-up parameters of RFC 9470 and the resource_metadata
// parameter of RFC 9728. DPoP reuses the OAuth 2.0 challenge parameters defined here.
import type { ParamInfo, ParamValueInfo, SchemeInfo } from '../model.ts';
import { rfc } from '../../references.ts';

/**
 * The error values registered for the "resource access error response" in the IANA OAuth
 * Extensions Error registry (RFC 6749 §11.4) that Bearer challenges use: RFC 6750's three and
 * RFC 9470's. DPoP adds its own two (dpop.ts). RFC 6750 §6.2 made these a registry, so further
 * values can appear; they are not errors of the challenge.
 */
export const oauthErrorCodes: readonly ParamValueInfo[] = [
  {
    value: 'invalid_request',
    meaning:
      'The request is malformed: a parameter is missing, unsupported or repeated, or the token was ' +
      'sent in more than one way. Expected with 400 (Bad Request).',
  },
  {
    value: 'invalid_token',
    meaning:
      'The token is expired, revoked, malformed or otherwise unacceptable. Expected with 401 ' +
      '(Unauthorized); the client can get a new token and retry.',
  },
  {
    value: 'insufficient_scope',
    meaning:
      'The token is valid but does not grant what this request needs. Expected with 403 ' +
      '(Forbidden); the scope parameter can say which scope is missing.',
  },
  {
    value: 'insufficient_user_authentication',
    meaning:
      'The token is valid, but the user signed in too weakly or too long ago for this resource ' +
      '(RFC 9470 §3). acr_values and max_age say what would do; the client asks the ' +
      'authorization server for a new token with them.',
  },
];

/** acr_values and max_age, the step-up requirements of RFC 9470 §3. */
export const stepUpParams: readonly ParamInfo[] = [
  {
    name: 'acr_values',
    meaning:
      'Space-separated authentication context class references, in order of preference: the ' +
      'resource needs a token from a sign-in that met one of them. The client passes the value on ' +
      'as acr_values in its next authorization request.',
    required: false,
    appearsIn: ['challenge'],
    reference: rfc(9470, '3'),
  },
  {
    name: 'max_age',
    meaning:
      'How many seconds may have passed since the user last actively signed in. A token or a ' +
      'quoted string (both are allowed), holding a non-negative integer; the client passes it on as ' +
      'max_age in its next authorization request.',
    required: false,
    appearsIn: ['challenge'],
    reference: rfc(9470, '3'),
  },
];

export const oauthScope: ParamInfo = {
  name: 'scope',
  meaning:
    'Space-separated list of case-sensitive OAuth scope values the resource needs, such as ' +
    '`read write`. After insufficient_scope it tells the client which permission to request.',
  required: false,
  appearsIn: ['challenge'],
  reference: rfc(6750, '3'),
};

export const oauthErrorDescription: ParamInfo = {
  name: 'error_description',
  meaning:
    'Human-readable text that explains the error to the developer. It is not meant to be shown to ' +
    'end users.',
  required: false,
  appearsIn: ['challenge'],
  reference: rfc(6750, '3'),
};

export const resourceMetadata: ParamInfo = {
  name: 'resource_metadata',
  meaning:
    'URL of the protected resource metadata document. A client that knows nothing about the API ' +
    'fetches it to learn which authorization servers issue tokens for this resource, then obtains ' +
    'a token there; MCP servers use this to start sign-in. It can accompany Bearer, DPoP and other ' +
    'schemes.',
  required: false,
  appearsIn: ['challenge'],
  reference: rfc(9728, '5.1'),
};

export const bearer: SchemeInfo = {
  name: 'Bearer',
  registered: true,
  summary:
    'Bearer carries an OAuth 2.0 access token. When a request has no usable token, the challenge ' +
    'can name the realm and the scope needed and, if a token was sent, why it was refused. The ' +
    'client gets a token from an authorization server and sends `Authorization: Bearer <token>`; ' +
    'the token itself is opaque to HTTP.',
  security:
    'Anyone who holds a bearer token can use it, so it must only travel over TLS and should be ' +
    'short-lived. Sender-constrained tokens such as DPoP reduce the damage of a leak.',
  challengeForm: 'auth-params',
  reference: rfc(6750, '3'),
  params: [
    {
      name: 'realm',
      meaning:
        'Optional name of the protection space. RFC 6750 allows it at most once; HTTP requires ' +
        'senders to quote it (RFC 9110 §11.5).',
      required: false,
      appearsIn: ['challenge'],
      syntax: 'quoted-string',
      reference: rfc(6750, '3'),
    },
    oauthScope,
    {
      name: 'error',
      meaning:
        'Why the token that was sent was refused: one of the values registered for resource ' +
        'access in the IANA OAuth Extensions Error registry (RFC 6750 §6.2). A server should leave ' +
        'it out when the request carried no credentials at all, since nothing failed yet.',
      required: false,
      appearsIn: ['challenge'],
      values: oauthErrorCodes,
      reference: rfc(6750, '3.1'),
    },
    oauthErrorDescription,
    {
      name: 'error_uri',
      meaning: 'Absolute URI of a web page that explains the error in more detail.',
      required: false,
      appearsIn: ['challenge'],
      reference: rfc(6750, '3'),
    },
    ...stepUpParams,
    resourceMetadata,
  ],
};

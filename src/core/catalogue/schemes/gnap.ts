// The GNAP scheme (RFC 9635): access tokens of the Grant Negotiation and Authorization Protocol.
import type { SchemeInfo } from '../model.ts';
import { rfc } from '../../references.ts';

const discovery = rfc(9635, '9.1');

export const gnap: SchemeInfo = {
  name: 'GNAP',
  registered: true,
  summary:
    'GNAP (Grant Negotiation and Authorization Protocol) is a newer delegation protocol in the ' +
    'spirit of OAuth 2.0. The client presents an access token with `Authorization: GNAP <token>`, ' +
    'usually together with a key proof such as an HTTP message signature, because GNAP tokens are ' +
    'normally bound to the client key. Without a valid token, the challenge can tell the client ' +
    'where the authorization server is (as_uri) and which access to ask it for.',
  security:
    'Key-bound tokens are only as strong as the proof checked with them; bearer GNAP tokens carry ' +
    'the usual theft risk. Discovery lets any resource server point a client at an authorization ' +
    'server, so clients should only follow ones they trust.',
  challengeForm: 'auth-params',
  reference: rfc(9635, '7.2'),
  params: [
    {
      name: 'as_uri',
      meaning:
        'URI of the grant endpoint of the authorization server, where the client sends its grant ' +
        'request to obtain a token.',
      required: false,
      appearsIn: ['challenge'],
      reference: discovery,
    },
    {
      name: 'referrer',
      meaning:
        'URI of this resource server. The client sends it in the Referer header of its grant ' +
        'request, so the authorization server knows which resource started the discovery.',
      required: false,
      appearsIn: ['challenge'],
      reference: discovery,
    },
    {
      name: 'access',
      meaning:
        'Opaque access reference that the client copies into the access list of its grant ' +
        'request. It covers at least what the client just tried to do.',
      required: false,
      appearsIn: ['challenge'],
      reference: discovery,
    },
  ],
};

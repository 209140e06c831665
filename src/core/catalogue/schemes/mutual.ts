// The Mutual scheme (RFC 8120): password-based authentication in which the server proves itself
// too. Each parameter belongs to one message of a fixed exchange, noted in its meaning.
import type { SchemeInfo } from '../model.ts';
import { rfc } from '../../references.ts';

const init = rfc(8120, '4.1');
const kexC1 = rfc(8120, '4.2');
const kexS1 = rfc(8120, '4.3');
const vfyC = rfc(8120, '4.4');
const vfyS = rfc(8120, '4.5');

export const mutual: SchemeInfo = {
  name: 'Mutual',
  registered: true,
  summary:
    'Mutual is an experimental password scheme in which both sides prove that they know the ' +
    'password, so a phishing server that does not know it cannot complete the exchange. The ' +
    'server starts with a 401-INIT challenge naming the realm, algorithm and validation method; ' +
    'the client sends its user name and a key-exchange value (kc1); the server answers with a ' +
    'session ID and its own value (ks1); the client sends its verifier (vkc); and the server ' +
    'returns its verifier (vks) in Authentication-Info. The algorithms are defined in RFC 8121.',
  security:
    'Unlike Basic and Digest, success also authenticates the server, and an eavesdropper cannot ' +
    'test password guesses offline. It is an Experimental RFC with little deployment.',
  challengeForm: 'auth-params',
  reference: rfc(8120, '4'),
  params: [
    {
      name: 'version',
      meaning: 'Version of the Mutual protocol the message follows.',
      required: true,
      appearsIn: ['challenge'],
      reference: init,
    },
    {
      name: 'algorithm',
      meaning:
        'Cryptographic algorithm of the key exchange, one of those defined in RFC 8121 such as ' +
        'iso-kam3-dl-2048-sha256.',
      required: true,
      appearsIn: ['challenge'],
      reference: init,
    },
    {
      name: 'validation',
      meaning:
        'How the exchange is tied to the server identity: by host name alone or also to the TLS ' +
        'certificate or session.',
      required: true,
      appearsIn: ['challenge'],
      values: [
        { value: 'host', meaning: 'Bound to the host name and port of the URL, not to TLS.' },
        {
          value: 'tls-server-end-point',
          meaning: "Bound to a hash of the server's TLS certificate.",
        },
        {
          value: 'tls-unique',
          meaning: 'Bound to the TLS session through tls-unique channel binding.',
        },
      ],
      reference: rfc(8120, '7'),
    },
    {
      name: 'auth-scope',
      meaning: 'Optional. Describes the set of hosts over which the authentication applies.',
      required: false,
      appearsIn: ['challenge'],
      reference: init,
    },
    {
      name: 'realm',
      meaning: 'Names the authentication realm; user names and passwords are defined per realm.',
      required: true,
      appearsIn: ['challenge'],
      syntax: 'quoted-string',
      reference: init,
    },
    {
      name: 'reason',
      meaning:
        'Why the server sent a 401-INIT (or 401-STALE) message. It never appears together with ks1 ' +
        'or vks.',
      required: false,
      appearsIn: ['challenge'],
      values: [
        {
          value: 'initial',
          meaning: 'No Mutual credentials were sent; authentication starts now.',
        },
        {
          value: 'stale-session',
          meaning: 'The session the client referred to is unknown or expired; start a new one.',
        },
        { value: 'auth-failed', meaning: 'Authentication failed for an unspecified reason.' },
        {
          value: 'reauth-needed',
          meaning: 'The server wants the user to authenticate again even though a session exists.',
        },
        {
          value: 'invalid-parameters',
          meaning: 'The authentication parameters of the request were not acceptable.',
        },
        {
          value: 'internal-error',
          meaning:
            'The server could not process the authentication because of an internal problem.',
        },
        { value: 'user-unknown', meaning: 'The user name is not known to the server.' },
        { value: 'invalid-credential', meaning: 'The user is known but the proof was wrong.' },
        {
          value: 'authz-failed',
          meaning: 'Authentication succeeded but the user may not access this resource.',
        },
      ],
      reference: init,
    },
    {
      name: 'sid',
      meaning:
        'Session ID the server assigns in its 401-KEX-S1 message; the client repeats it in later ' +
        'requests of the session.',
      required: false,
      appearsIn: ['challenge'],
      reference: kexS1,
    },
    {
      name: 'ks1',
      meaning: "The server's key-exchange value, sent in the 401-KEX-S1 message.",
      required: false,
      appearsIn: ['challenge'],
      reference: kexS1,
    },
    {
      name: 'nc-max',
      meaning:
        'The highest request counter (nc) the server will accept in this session, sent in ' +
        '401-KEX-S1, where it is mandatory. A client that needs more starts a new session.',
      required: false,
      appearsIn: ['challenge'],
      reference: kexS1,
    },
    {
      name: 'nc-window',
      meaning:
        'How many recent request counters the server remembers, so that requests sent in ' +
        'parallel may arrive out of order. Mandatory in 401-KEX-S1.',
      required: false,
      appearsIn: ['challenge'],
      reference: kexS1,
    },
    {
      name: 'time',
      meaning:
        'For how many seconds the client may go on using the session it just set up. Mandatory in ' +
        '401-KEX-S1.',
      required: false,
      appearsIn: ['challenge'],
      reference: kexS1,
    },
    {
      name: 'path',
      meaning:
        'Optional, in 401-KEX-S1: a space-separated list of paths (quoted) to which the client may ' +
        'send the session credentials without waiting for a 401.',
      required: false,
      appearsIn: ['challenge'],
      reference: kexS1,
    },
    {
      name: 'user',
      meaning: 'The user name, sent in the first client message (req-KEX-C1).',
      required: false,
      appearsIn: ['credentials'],
      reference: kexC1,
    },
    {
      name: 'kc1',
      meaning:
        "The client's key-exchange value, computed with the announced algorithm and sent in " +
        'req-KEX-C1.',
      required: false,
      appearsIn: ['credentials'],
      reference: kexC1,
    },
    {
      name: 'sid',
      meaning: 'The session ID from 401-KEX-S1, sent back in the req-VFY-C message.',
      required: false,
      appearsIn: ['credentials'],
      reference: vfyC,
    },
    {
      name: 'nc',
      meaning:
        'Request counter within the session, sent in req-VFY-C; the server uses it to reject ' +
        'replays.',
      required: false,
      appearsIn: ['credentials'],
      reference: vfyC,
    },
    {
      name: 'vkc',
      meaning:
        "The client's verifier, sent in req-VFY-C: proof that it derived the shared session " +
        'secret, and so knows the password.',
      required: false,
      appearsIn: ['credentials'],
      reference: vfyC,
    },
    {
      name: 'sid',
      meaning: 'The session ID the server is confirming in its 200-VFY-S message.',
      required: true,
      appearsIn: ['authentication-info'],
      reference: vfyS,
    },
    {
      name: 'vks',
      meaning:
        "The server's verifier: proof that the server derived the same secret, which " +
        'authenticates the server to the user.',
      required: true,
      appearsIn: ['authentication-info'],
      reference: vfyS,
    },
  ],
};

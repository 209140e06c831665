// Negotiate (RFC 4559) and the unregistered NTLM scheme (Microsoft MS-NTHT). Both carry opaque
// base64 tokens and authenticate the connection rather than each request.
import type { SchemeInfo } from '../model.ts';
import { rfc } from '../../references.ts';

export const negotiate: SchemeInfo = {
  name: 'Negotiate',
  registered: true,
  summary:
    'Negotiate carries SPNEGO tokens, normally Kerberos and sometimes NTLM, for single sign-on in ' +
    'Windows domains. The server sends a bare `WWW-Authenticate: Negotiate`; the client gets a ' +
    'service ticket and sends `Authorization: Negotiate <base64 token>`; the server can send a ' +
    'final token back in `WWW-Authenticate: Negotiate <token>`, even on a 200 response, to ' +
    'complete mutual authentication. It is not used for proxy authentication.',
  security:
    'Kerberos gives strong mutual authentication, but a fallback to NTLM is much weaker. The ' +
    'exchange authenticates the connection rather than each request, which does not fit HTTP ' +
    'semantics and can go wrong through intermediaries that share connections.',
  challengeForm: 'token68-or-empty',
  reference: rfc(4559, '4'),
  params: [],
};

export const ntlm: SchemeInfo = {
  name: 'NTLM',
  registered: false,
  summary:
    'NTLM is the Microsoft challenge-response protocol carried over HTTP as described in MS-NTHT. ' +
    'On one kept-alive connection the server offers a bare `NTLM`, the client sends a base64 ' +
    'NEGOTIATE message, the server replies with a base64 CHALLENGE message in a second 401, and ' +
    'the client answers with an AUTHENTICATE message. It is not in the IANA registry; Negotiate ' +
    'can also end up using NTLM.',
  security:
    'NTLM uses password-equivalent hashes and is open to relay attacks; it authenticates the ' +
    'connection, not each request. The server CHALLENGE message can reveal internal host and ' +
    'domain names.',
  challengeForm: 'token68-or-empty',
  reference: {
    document: 'MS-NTHT',
    section: '',
    url: 'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-ntht/395fbc77-deed-4eb4-9d76-d2c82a6e22f8',
  },
  params: [],
};

// Every diagnostic AuthLens can report: its stable code, default severity, a one-line title and the
// specification section that grounds it. Severity policy: a broken grammar or a violated MUST is an
// error, a violated SHOULD or an interoperability trap is a warning, teaching hints are info.
import { ianaSchemeRegistry, rfc } from './references.ts';
import type { Diagnostic, Reference, Severity, Span } from './types.ts';

export interface CodeInfo {
  severity: Severity;
  title: string;
  reference: Reference;
  /**
   * The message quotes what was decoded from a challenge's token68, so redacted exports, which
   * mask the token, reword it too (src/shared/redact.ts).
   */
  revealsTokenContent?: true;
}

const code = (
  severity: Severity,
  title: string,
  reference: Reference,
  extra: { revealsTokenContent?: true } = {},
): CodeInfo => ({ severity, title, reference, ...extra });

export const codes = {
  // Grammar (parseChallenges, parseAuthenticationInfo): the field does not match RFC 9110.
  'unterminated-quoted-string': code('error', 'Quoted string is not closed', rfc(9110, '5.6.4')),
  'invalid-quoted-pair': code('error', 'Backslash escapes a control character', rfc(9110, '5.6.4')),
  'control-character': code('error', 'Control character in a field value', rfc(9110, '5.5')),
  'invalid-line-break': code('error', 'Line break inside a field value', rfc(9110, '5.5')),
  'non-ascii-token': code(
    'error',
    'Non-ASCII character where a token is required',
    rfc(9110, '5.6.2'),
  ),
  'unexpected-character': code('error', 'Character not allowed here', rfc(9110, '11.3')),
  'param-without-challenge': code('error', 'Parameter before any scheme', rfc(9110, '11.3')),
  'missing-space-after-scheme': code(
    'error',
    'Parameters must follow the scheme after a space',
    rfc(9110, '11.3'),
  ),
  'tab-after-scheme': code(
    'error',
    'Only spaces may separate the scheme from its data',
    rfc(9110, '11.3'),
  ),
  'missing-param-value': code('error', 'Parameter has no value', rfc(9110, '11.2')),
  'invalid-auth-param': code('error', 'Expected "=" after a parameter name', rfc(9110, '11.2')),
  'expected-comma': code('error', 'List elements must be separated by commas', rfc(9110, '5.6.1')),
  'param-after-token68': code(
    'error',
    'A challenge has either a token68 or parameters',
    rfc(9110, '11.3'),
  ),
  'expected-auth-param': code('error', 'Expected a parameter', rfc(9110, '11.6.3')),
  'invalid-input': code('error', 'Field line is not a string', rfc(9110, '5.5')),

  // The field as a whole (also from the parsers): valid grammar, but a sender requirement or an
  // interoperability trap.
  'duplicate-param': code('warning', 'Parameter occurs more than once', rfc(9110, '11.2')),
  'bws-around-equals': code('warning', 'Whitespace around "="', rfc(9110, '5.6.3')),
  'empty-list-element': code('warning', 'Empty list element', rfc(9110, '5.6.1.1')),
  'obs-fold': code('warning', 'Obsolete line folding', rfc(9112, '5.2')),
  'realm-not-quoted': code('warning', 'realm is not a quoted-string', rfc(9110, '11.5')),
  'non-ascii-value': code('warning', 'Non-ASCII text in a value', rfc(9110, '5.5')),
  'empty-challenge-list': code('warning', 'The field carries no challenge', rfc(9110, '11.6.1')),
  'multiple-challenges-one-line': code(
    'info',
    'Several challenges in one field line',
    rfc(9110, '11.6.1'),
  ),
  'challenge-split-across-lines': code(
    'warning',
    'Challenge continues on the next field line',
    rfc(9110, '5.3'),
  ),

  // Schemes (diagnose): what the scheme's own specification requires.
  'unregistered-scheme': code('info', 'Scheme is not in the IANA registry', ianaSchemeRegistry),
  'unexpected-token68': code(
    'warning',
    'This scheme takes parameters, not a token68',
    rfc(9110, '11.3'),
  ),
  'unexpected-params': code(
    'warning',
    'This scheme takes a token68, not parameters',
    rfc(9110, '11.3'),
  ),
  'param-should-be-quoted': code('warning', 'Value should be a quoted-string', rfc(9110, '11.2')),
  'param-should-be-token': code('warning', 'Value should be a token', rfc(9110, '11.2')),
  'unknown-param': code('info', 'Parameter not defined for this scheme', rfc(9110, '11.2')),
  'basic-missing-realm': code('error', 'Basic challenge without realm', rfc(7617, '2')),
  'basic-charset-not-utf8': code('error', 'Basic charset other than UTF-8', rfc(7617, '2.1')),
  'digest-missing-realm': code('error', 'Digest challenge without realm', rfc(7616, '3.3')),
  'digest-missing-nonce': code('error', 'Digest challenge without nonce', rfc(7616, '3.3')),
  'digest-missing-qop': code('error', 'Digest challenge without qop', rfc(7616, '3.3')),
  'digest-md5-only': code('warning', 'Digest offers only MD5', rfc(7616, '3.3')),
  'digest-unknown-algorithm': code('warning', 'Digest algorithm not registered', rfc(7616, '6.1')),
  'digest-unknown-qop': code('warning', 'Digest qop value not defined', rfc(7616, '3.3')),
  'digest-charset-not-utf8': code('error', 'Digest charset other than UTF-8', rfc(7616, '3.3')),
  'digest-invalid-flag': code('warning', 'Digest flag is neither true nor false', rfc(7616, '3.3')),
  'bearer-invalid-error-code': code('error', 'Bearer error code not defined', rfc(6750, '3.1')),
  'resource-metadata-not-https': code(
    'error',
    'resource_metadata is not an https URL',
    rfc(9728, '5.1'),
  ),
  'dpop-invalid-error-code': code('error', 'DPoP error code not defined', rfc(9449, '7.1')),
  'dpop-missing-algs': code('warning', 'DPoP challenge without algs', rfc(9449, '7.1')),
  'hoba-missing-param': code(
    'error',
    'HOBA challenge without a required parameter',
    rfc(7486, '3'),
  ),
  'privatetoken-missing-param': code(
    'error',
    'PrivateToken challenge without a required parameter',
    rfc(9577, '2.1'),
  ),

  // The exchange (diagnose with the response and request): what the status and transport imply.
  '401-without-challenge': code(
    'error',
    '401 without a WWW-Authenticate challenge',
    rfc(9110, '15.5.2'),
  ),
  '407-without-challenge': code(
    'error',
    '407 without a Proxy-Authenticate challenge',
    rfc(9110, '15.5.8'),
  ),
  'basic-over-http': code('error', 'Basic credentials would travel unencrypted', rfc(7617, '4')),
  'bearer-over-http': code('error', 'Bearer tokens would travel unencrypted', rfc(6750, '5.3')),
  'bearer-error-without-credentials': code(
    'warning',
    'Error code sent to a request without credentials',
    rfc(6750, '3.1'),
  ),
  'insufficient-scope-not-403': code(
    'warning',
    'insufficient_scope should come with 403',
    rfc(6750, '3.1'),
  ),
  'invalid-token-not-401': code('warning', 'invalid_token should come with 401', rfc(6750, '3.1')),
  'invalid-request-not-400': code(
    'warning',
    'invalid_request should come with 400',
    rfc(6750, '3.1'),
  ),
  'realm-reveals-infrastructure': code('info', 'realm names internal hosts or server software', {
    document: 'OWASP Web Security Testing Guide, WSTG-INFO-02 (fingerprinting)',
    section: '',
    url: 'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/01-Information_Gathering/02-Fingerprint_Web_Server',
  }),
  'ntlm-challenge-reveals-names': code(
    'info',
    'NTLM challenge reveals domain and computer names',
    {
      document: 'MS-NLMP §2.2.1.2 CHALLENGE_MESSAGE',
      section: '',
      url: 'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-nlmp/801a4681-8809-4be9-ab0d-61dcfe762786',
    },
    { revealsTokenContent: true },
  ),
  'dpop-in-proxy-authenticate': code('warning', 'DPoP challenge from a proxy', rfc(9449, '7.1')),
  'challenge-not-exposed-to-cors': code(
    'warning',
    'Cross-origin scripts cannot read this challenge',
    rfc(9110, '11.6.1'),
  ),
  // Protected resource metadata (the CLI's --follow-metadata): the document a Bearer challenge's
  // resource_metadata points to.
  'resource-metadata-unreachable': code(
    'error',
    'Resource metadata cannot be fetched',
    rfc(9728, '3.2'),
  ),
  'resource-metadata-invalid': code(
    'error',
    'Resource metadata is not a valid document',
    rfc(9728, '3.2'),
  ),
  'resource-metadata-resource-mismatch': code(
    'error',
    'Resource metadata names another resource',
    rfc(9728, '3.3'),
  ),
  'resource-metadata-no-authorization-servers': code(
    'warning',
    'Resource metadata names no authorization server',
    rfc(9728, '2'),
  ),

  // Expectations (user rules, issue 6): the deployment does not challenge as its rules say.
  'expectation-failed': code(
    'error',
    'Response deviates from an expectation rule',
    rfc(9110, '11.6.1'),
  ),
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof codes;

/** A diagnostic with its code's default severity and reference. */
export function diagnostic(
  id: Code,
  message: string,
  span: Span | null,
  extra: { severity?: Severity; challenge?: number; line?: number; offset?: number } = {},
): Diagnostic {
  const info: CodeInfo = codes[id];
  const result: Diagnostic = {
    severity: extra.severity ?? info.severity,
    code: id,
    message,
    line: span?.line ?? extra.line ?? 0,
    offset: span?.start ?? extra.offset ?? 0,
    span,
    reference: info.reference,
  };
  if (extra.challenge !== undefined) result.challenge = extra.challenge;
  return result;
}

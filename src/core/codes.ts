// Every diagnostic AuthLens can report: its stable code, default severity, a one-line title, the
// specification section that grounds it, and the strength of the rule that section states.
//
// Severity policy (codes.test.ts checks every entry against it):
// - `must`: a MUST, MUST NOT, REQUIRED or SHALL of the cited section, or a grammar rule (RFC 9110
//   §2.2: "A sender MUST NOT generate protocol elements that do not match the grammar") → error;
// - `breaks`: no keyword, but the scheme cannot work without it (no client can compute an answer)
//   → error;
// - `should`: a SHOULD or SHOULD NOT → warning;
// - `trap`: no keyword, but clients or intermediaries are known to fail on it, or the
//   specification warns against it → warning;
// - `advice`: a teaching hint or a choice worth knowing about → info.
// An entry may sit below its rule's severity only with a `lenient` reason; AuthLens does that only
// where the specification itself tells recipients to accept what a sender must not send, or where
// a registry keeps growing. Diagnose may lower a severity per exchange (loopback transport) and
// says so in the message.
import { fetchStandard, ianaSchemeRegistry, rfc } from './references.ts';
import {
  mcpAuthorizationServerLocation,
  mcpCodeProtection,
  mcpScopeChallenge,
} from './discovery/references.ts';
import type { Diagnostic, Reference, Severity, Span } from './types.ts';

/** How strong the rule is that a code enforces; decides its default severity (see above). */
export type RuleStrength = 'must' | 'breaks' | 'should' | 'trap' | 'advice';

export interface CodeInfo {
  severity: Severity;
  title: string;
  reference: Reference;
  rule: RuleStrength;
  /** Why the severity is below what `rule` implies, when it is. */
  lenient?: string;
  /**
   * The message quotes what was decoded from a challenge's token68, so redacted exports, which
   * mask the token, reword it too (src/shared/redact.ts).
   */
  revealsTokenContent?: true;
}

function code(
  severity: Severity,
  title: string,
  reference: Reference,
  rule: RuleStrength,
  lenient?: string,
): CodeInfo {
  return lenient === undefined
    ? { severity, title, reference, rule }
    : { severity, title, reference, rule, lenient };
}

/** The severity a rule of this strength gets when nothing argues for less. */
export const severityOfRule: Readonly<Record<RuleStrength, Severity>> = {
  must: 'error',
  breaks: 'error',
  should: 'warning',
  trap: 'warning',
  advice: 'info',
};

const sameForBrowsers =
  'Browsers and common clients read a token and a quoted-string alike (RFC 9110 §11.2 allows both ' +
  'on the wire), so the other form breaks no login; it is still a sender error.';
const registryGrows =
  'The OAuth Extensions Error registry grows (RFC 6750 §6.2) and deployments use their own values; ' +
  'a client treats a value it does not know as a failure of the request, so nothing breaks.';

export const codes = {
  // Grammar (parseChallenges, parseAuthenticationInfo): the field does not match RFC 9110.
  'unterminated-quoted-string': code(
    'error',
    'Quoted string is not closed',
    rfc(9110, '5.6.4'),
    'must',
  ),
  'invalid-quoted-pair': code(
    'error',
    'Backslash escapes a control character',
    rfc(9110, '5.6.4'),
    'must',
  ),
  'control-character': code(
    'error',
    'Control character in a field value',
    rfc(9110, '5.5'),
    'must',
  ),
  'invalid-line-break': code('error', 'Line break inside a field value', rfc(9110, '5.5'), 'must'),
  'non-ascii-token': code(
    'error',
    'Non-ASCII character where a token is required',
    rfc(9110, '5.6.2'),
    'must',
  ),
  'unexpected-character': code('error', 'Character not allowed here', rfc(9110, '11.3'), 'must'),
  'param-without-challenge': code(
    'error',
    'Parameter before any scheme',
    rfc(9110, '11.3'),
    'must',
  ),
  'missing-space-after-scheme': code(
    'error',
    'Parameters must follow the scheme after a space',
    rfc(9110, '11.3'),
    'must',
  ),
  'tab-after-scheme': code(
    'error',
    'Only spaces may separate the scheme from its data',
    rfc(9110, '11.3'),
    'must',
  ),
  'missing-param-value': code('error', 'Parameter has no value', rfc(9110, '11.2'), 'must'),
  'invalid-auth-param': code(
    'error',
    'Expected "=" after a parameter name',
    rfc(9110, '11.2'),
    'must',
  ),
  'expected-comma': code(
    'error',
    'List elements must be separated by commas',
    rfc(9110, '5.6.1'),
    'must',
  ),
  'param-after-token68': code(
    'error',
    'A challenge has either a token68 or parameters',
    rfc(9110, '11.3'),
    'must',
  ),
  'expected-auth-param': code('error', 'Expected a parameter', rfc(9110, '11.6.3'), 'must'),
  'invalid-input': code('error', 'Field line is not a string', rfc(9110, '5.5'), 'must'),

  // The field as a whole (also from the parsers): valid grammar, but a sender requirement or an
  // interoperability trap.
  'duplicate-param': code('error', 'Parameter occurs more than once', rfc(9110, '11.2'), 'must'),
  'bws-around-equals': code(
    'warning',
    'Whitespace around "="',
    rfc(9110, '5.6.3'),
    'must',
    'RFC 9110 §5.6.3 requires recipients to parse such whitespace and remove it, so conforming ' +
      'clients read the parameter; only hand-written parsers trip over it.',
  ),
  'empty-list-element': code(
    'warning',
    'Empty list element',
    rfc(9110, '5.6.1.1'),
    'must',
    'RFC 9110 §5.6.1.2 requires recipients to accept and ignore empty list elements.',
  ),
  'obs-fold': code(
    'warning',
    'Obsolete line folding',
    rfc(9112, '5.2'),
    'must',
    'RFC 9112 §5.2 requires a user agent to replace obs-fold in a response with spaces before ' +
      'it reads the field.',
  ),
  'realm-not-quoted': code(
    'warning',
    'realm is not a quoted-string',
    rfc(9110, '11.5'),
    'must',
    'RFC 9110 §11.5 itself notes that recipients may need to accept both forms for ' +
      'interoperability, and browsers do.',
  ),
  'non-ascii-value': code('warning', 'Non-ASCII text in a value', rfc(9110, '5.5'), 'trap'),
  'empty-challenge-list': code(
    'warning',
    'The field carries no challenge',
    rfc(9110, '11.6.1'),
    'trap',
  ),
  'multiple-challenges-one-line': code(
    'info',
    'Several challenges in one field line',
    rfc(9110, '11.6.1'),
    'advice',
  ),
  'challenge-split-across-lines': code(
    'warning',
    'Challenge continues on the next field line',
    rfc(9110, '5.3'),
    'trap',
  ),

  // Schemes (diagnose): what the scheme's own specification requires.
  'unregistered-scheme': code(
    'info',
    'Scheme is not in the IANA registry',
    ianaSchemeRegistry,
    'advice',
  ),
  'unexpected-token68': code(
    'warning',
    'This scheme takes parameters, not a token68',
    rfc(9110, '11.3'),
    'trap',
  ),
  'unexpected-params': code(
    'warning',
    'This scheme takes a token68, not parameters',
    rfc(9110, '11.3'),
    'trap',
  ),
  'param-should-be-quoted': code(
    'warning',
    'Value should be a quoted-string',
    rfc(7616, '3.3'),
    'must',
    sameForBrowsers,
  ),
  'param-should-be-token': code(
    'warning',
    'Value should be a token',
    rfc(7616, '3.3'),
    'must',
    sameForBrowsers,
  ),
  'unknown-param': code(
    'info',
    'Parameter not defined for this scheme',
    rfc(9110, '11.2'),
    'advice',
  ),
  'basic-missing-realm': code('error', 'Basic challenge without realm', rfc(7617, '2'), 'must'),
  'basic-charset-not-utf8': code(
    'error',
    'Basic charset other than UTF-8',
    rfc(7617, '2.1'),
    'must',
  ),
  'digest-missing-realm': code(
    'error',
    'Digest challenge without realm',
    rfc(7616, '3.4.2'),
    'breaks',
  ),
  'digest-missing-nonce': code(
    'error',
    'Digest challenge without nonce',
    rfc(7616, '3.4.1'),
    'breaks',
  ),
  'digest-missing-qop': code('error', 'Digest challenge without qop', rfc(7616, '3.3'), 'must'),
  'digest-md5-only': code('warning', 'Digest offers only MD5', rfc(7616, '3.3'), 'trap'),
  'digest-unknown-algorithm': code(
    'warning',
    'Digest algorithm not registered',
    rfc(7616, '6.1'),
    'trap',
  ),
  'digest-unknown-qop': code('warning', 'Digest qop value not defined', rfc(7616, '3.3'), 'trap'),
  'digest-charset-not-utf8': code(
    'error',
    'Digest charset other than UTF-8',
    rfc(7616, '3.3'),
    'must',
  ),
  'digest-invalid-flag': code(
    'warning',
    'Digest flag is neither true nor false',
    rfc(7616, '3.3'),
    'trap',
  ),
  'bearer-without-params': code(
    'warning',
    'Bearer challenge without parameters',
    rfc(6750, '3'),
    'must',
    'RFC 9449 §7.2 sends a bare Bearer challenge in its own example (Figure 17), and clients ' +
      'accept it.',
  ),
  'bearer-invalid-error-code': code(
    'warning',
    'Bearer error value not registered for resource access',
    rfc(6749, '8.5'),
    'must',
    registryGrows,
  ),
  'resource-metadata-not-https': code(
    'error',
    'resource_metadata is not an https URL',
    rfc(9728, '7.1'),
    'must',
  ),
  'dpop-invalid-error-code': code(
    'warning',
    'DPoP error value not registered for resource access',
    rfc(6749, '8.5'),
    'must',
    registryGrows,
  ),
  'dpop-missing-algs': code('warning', 'DPoP challenge without algs', rfc(9449, '7.1'), 'should'),
  'hoba-missing-param': code(
    'error',
    'HOBA challenge without a required parameter',
    rfc(7486, '3'),
    'must',
  ),
  'privatetoken-missing-param': code(
    'error',
    'PrivateToken challenge without a required parameter',
    rfc(9577, '2.1'),
    'must',
  ),

  // The exchange (diagnose with the response and request): what the status and transport imply.
  '401-without-challenge': code(
    'error',
    '401 without a WWW-Authenticate challenge',
    rfc(9110, '15.5.2'),
    'must',
  ),
  '407-without-challenge': code(
    'error',
    '407 without a Proxy-Authenticate challenge',
    rfc(9110, '15.5.8'),
    'must',
  ),
  'basic-over-http': code(
    'warning',
    'Basic credentials would travel unencrypted',
    rfc(7617, '4'),
    'should',
  ),
  'bearer-over-http': code(
    'error',
    'Bearer tokens would travel unencrypted',
    rfc(6750, '5.3'),
    'must',
  ),
  'bearer-error-without-credentials': code(
    'warning',
    'Error code sent to a request without credentials',
    rfc(6750, '3.1'),
    'should',
  ),
  'insufficient-scope-not-403': code(
    'warning',
    'insufficient_scope should come with 403',
    rfc(6750, '3.1'),
    'should',
  ),
  'invalid-token-not-401': code(
    'warning',
    'invalid_token should come with 401',
    rfc(6750, '3.1'),
    'should',
  ),
  'invalid-request-not-400': code(
    'warning',
    'invalid_request should come with 400',
    rfc(6750, '3.1'),
    'should',
  ),
  'realm-reveals-infrastructure': code(
    'info',
    'realm names internal hosts or server software',
    {
      document: 'OWASP Web Security Testing Guide, WSTG-INFO-02 (fingerprinting)',
      section: '',
      url: 'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/01-Information_Gathering/02-Fingerprint_Web_Server',
    },
    'advice',
  ),
  'ntlm-challenge-reveals-names': {
    ...code(
      'info',
      'NTLM challenge reveals domain and computer names',
      {
        document: 'MS-NLMP §2.2.1.2 CHALLENGE_MESSAGE',
        section: '',
        url: 'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-nlmp/801a4681-8809-4be9-ab0d-61dcfe762786',
      },
      'advice',
    ),
    revealsTokenContent: true,
  },
  'dpop-in-proxy-authenticate': code(
    'error',
    'DPoP challenge from a proxy',
    rfc(9449, '7.1'),
    'must',
  ),
  'challenge-not-exposed-to-cors': code(
    'warning',
    'Cross-origin scripts cannot read this challenge',
    fetchStandard('http-access-control-expose-headers', 'Access-Control-Expose-Headers'),
    'trap',
  ),
  // Protected resource metadata (the CLI's --follow-metadata): the document a Bearer challenge's
  // resource_metadata points to.
  'resource-metadata-unreachable': code(
    'error',
    'Resource metadata cannot be fetched',
    rfc(9728, '3.2'),
    'must',
  ),
  'resource-metadata-invalid': code(
    'error',
    'Resource metadata is not a valid document',
    rfc(9728, '3.2'),
    'must',
  ),
  'resource-metadata-resource-mismatch': code(
    'error',
    'Resource metadata names another resource',
    rfc(9728, '3.3'),
    'must',
  ),
  'resource-metadata-no-authorization-servers': code(
    'error',
    'Resource metadata names no authorization server',
    mcpAuthorizationServerLocation,
    'must',
  ),

  // Expectations (user rules, issue 6): the deployment does not challenge as its rules say, and the
  // user's rule is a MUST for that deployment.
  'expectation-failed': code(
    'error',
    'Response deviates from an expectation rule',
    rfc(9110, '11.6.1'),
    'must',
  ),

  // Discovery (issue 14; src/core/discovery): the chain from a Bearer or DPoP challenge through the
  // resource's metadata (RFC 9728) to its authorization servers' metadata (RFC 8414, OpenID
  // Connect Discovery), as MCP clients follow it. The resource-metadata-* codes above belong here too.
  'insufficient-scope-without-scope': code(
    'warning',
    'insufficient_scope without the scope needed',
    mcpScopeChallenge,
    'should',
  ),
  'bearer-not-first': code(
    'warning',
    'Bearer is not the first challenge',
    rfc(9110, '11.6.1'),
    'trap',
  ),
  'challenge-without-resource-metadata': code(
    'warning',
    'Bearer challenge without resource_metadata',
    rfc(9728, '5.1'),
    'trap',
  ),
  'resource-metadata-missing-resource': code(
    'error',
    'Resource metadata has no resource',
    rfc(9728, '2'),
    'must',
  ),
  'resource-metadata-resource-not-https': code(
    'error',
    'resource is not an https URL without fragment',
    rfc(9728, '2'),
    'must',
  ),
  'authorization-server-metadata-unreachable': code(
    'error',
    'No authorization server metadata at any location',
    rfc(8414, '3.1'),
    'must',
  ),
  'authorization-server-metadata-invalid': code(
    'error',
    'Authorization server metadata is not a JSON object',
    rfc(8414, '3.2'),
    'must',
  ),
  'authorization-server-issuer-mismatch': code(
    'error',
    'issuer is not the identifier the metadata was fetched for',
    rfc(8414, '3.3'),
    'must',
  ),
  'authorization-server-issuer-not-https': code(
    'error',
    'Issuer is not an https URL without query or fragment',
    rfc(8414, '2'),
    'must',
  ),
  'authorization-server-no-s256': code(
    'error',
    'No PKCE S256 in code_challenge_methods_supported',
    mcpCodeProtection,
    'must',
  ),
  'authorization-server-missing-endpoint': code(
    'error',
    'authorization_endpoint or token_endpoint missing',
    rfc(8414, '2'),
    'must',
  ),
  'authorization-server-missing-response-types': code(
    'error',
    'response_types_supported missing',
    rfc(8414, '2'),
    'must',
  ),
  'authorization-server-endpoint-not-https': code(
    'error',
    'Authorization server endpoint is not https',
    rfc(6749, '3.1'),
    'must',
  ),
  'scope-not-in-scopes-supported': code(
    'warning',
    'Challenged scope missing from scopes_supported',
    rfc(9728, '2'),
    'trap',
  ),
  'dpop-algs-not-supported': code(
    'warning',
    'No DPoP algorithm accepted on both sides',
    rfc(9449, '5.1'),
    'trap',
  ),
  'metadata-not-cors-readable': code(
    'warning',
    'Browser clients cannot read this metadata',
    fetchStandard('http-access-control-allow-origin', 'Access-Control-Allow-Origin'),
    'trap',
  ),
  'discovery-not-followed': code(
    'error',
    'Discovery stopped at a URL it may not follow',
    rfc(9728, '7'),
    'breaks',
  ),
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof codes;

/** A diagnostic with its code's default severity and reference. */
export function diagnostic(
  id: Code,
  message: string,
  span: Span | null,
  extra: {
    severity?: Severity;
    challenge?: number;
    line?: number;
    offset?: number;
    count?: number;
  } = {},
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
  if (extra.count !== undefined) result.count = extra.count;
  return result;
}

// The one table of lab scenarios: path, title, explanation and the exact challenge field lines each
// case produces. The server, the index page, the docs and the tests all read it from here.
import { BEARER_TOKENS, DEMO_USER } from './users.ts';
import { encodeBasic } from './basic.ts';
import { MCP_SCENARIOS } from './mcp-scenarios.ts';

export type ChallengeField = 'WWW-Authenticate' | 'Proxy-Authenticate';

export interface ScenarioCase {
  /** Stable id; the server looks its lines up by it. */
  id: string;
  label: string;
  /** Defaults to the scenario's path. */
  path?: string;
  /** Request headers that produce this case. */
  request?: Readonly<Record<string, string>>;
  /** Sent through the lab's forward proxy as an absolute-form request. */
  via?: 'proxy';
  /** Why no button can produce this case (it needs state a button cannot make). */
  manual?: string;
  status: number;
  /** Defaults to WWW-Authenticate. */
  field?: ChallengeField;
  /**
   * The exact field lines, in order, as octet strings (one char per octet, like node's rawHeaders).
   * `{nonce}`, `{opaque}` and `{origin}` are filled in per response; nothing else varies.
   */
  lines: readonly string[];
  location?: string;
}

export interface Scenario {
  path: string;
  title: string;
  explanation: string;
  cases: readonly ScenarioCase[];
}

/** UTF-8 text as the octet string node writes to the wire (node sends header chars as latin1). */
export function octets(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

const basicAuth = (user: string, password: string): { Authorization: string } => ({
  Authorization: `Basic ${encodeBasic(user, password)}`,
});
const ALICE = basicAuth(DEMO_USER.username, DEMO_USER.password);
const WRONG_PASSWORD = basicAuth(DEMO_USER.username, 'looking-glass');
const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

const BASIC = 'Basic realm="lab", charset="UTF-8"';

/**
 * The Digest challenge (RFC 7616 §3.3), one line per algorithm. The nonce and opaque are
 * placeholders. stale=true says the nonce was invalid (§3.3); the lab sets it only after checking
 * the digest too, a choice of the lab, not a rule of RFC 7616.
 */
export function digestChallenge(algorithm: string, stale = false, realm = 'lab'): string {
  return (
    `Digest realm="${realm}", qop="auth, auth-int", algorithm=${algorithm}, nonce="{nonce}", ` +
    `opaque="{opaque}", ${stale ? 'stale=true, ' : ''}charset=UTF-8, userhash=true`
  );
}
/**
 * Strongest first: RFC 7616 §3.7 has a server list its Digest challenges in its order of preference
 * and a client use the first one it supports (the §3.9.1 example does the same).
 */
export const DIGEST_ALGORITHMS_OFFERED = ['SHA-256', 'MD5'] as const;
export const DIGEST_SESS_OFFERED = ['SHA-256-sess', 'MD5-sess'] as const;
export const DIGEST_SHA512_OFFERED = ['SHA-512-256', 'SHA-512-256-sess'] as const;
// Each variant is its own protection space, so a browser's cached "lab" answer does not carry over.
export const DIGEST_SESS_REALM = 'lab sess';
export const DIGEST_SHA512_REALM = 'lab sha-512-256';

/** RFC 6750 §3.1 error codes with the lab's descriptions. */
export const BEARER_ERRORS = {
  invalid: { code: 'invalid_token', description: 'The access token is not recognised' },
  expired: { code: 'invalid_token', description: 'The access token expired' },
  malformed: {
    code: 'invalid_request',
    description: 'Send exactly one Bearer token in the Authorization header',
  },
  insufficient: {
    code: 'insufficient_scope',
    description: 'This resource needs the {scope} scope',
  },
} as const;
export type BearerError = keyof typeof BEARER_ERRORS;

export interface BearerChallengeOptions {
  error?: BearerError;
  /** The scope the resource needs (RFC 6750 §3). */
  scope?: string;
  /** Adds resource_metadata (RFC 9728 §5.1) pointing at the path-suffixed well-known URL. */
  metadataFor?: string;
}

/** A Bearer challenge; params in a fixed order: realm, error, error_description, scope, metadata. */
export function bearerChallenge(options: BearerChallengeOptions = {}): string {
  const params = ['realm="lab"'];
  if (options.error) {
    const { code, description } = BEARER_ERRORS[options.error];
    params.push(`error="${code}"`);
    params.push(`error_description="${description.replace('{scope}', options.scope ?? '')}"`);
  }
  if (options.scope) params.push(`scope="${options.scope}"`);
  if (options.metadataFor) {
    params.push(
      `resource_metadata="{origin}/.well-known/oauth-protected-resource${options.metadataFor}"`,
    );
  }
  return `Bearer ${params.join(', ')}`;
}

/** The DPoP challenge (RFC 9449 §7.1); algs lists the accepted JWS algorithms for proofs. */
export function dpopChallenge(error?: 'invalid_dpop_proof'): string {
  const errorParams = error
    ? `error="${error}", error_description="The lab issues DPoP challenges only and accepts no proof", `
    : '';
  return `DPoP realm="lab", ${errorParams}algs="ES256 EdDSA"`;
}

export const SCOPED_SCOPE = 'lab:write';
const NEWAUTH = 'Newauth realm="apps", type=1, title="Login to \\"apps\\""';
const MULTI = [bearerChallenge(), 'Basic realm="lab multi", charset="UTF-8"'];
/** Exactly 64 KiB: far past common 8–16 KiB header limits, inside Chromium's 256 KiB. */
const HUGE = `Basic realm="${'a'.repeat(64 * 1024 - 'Basic realm=""'.length)}"`;

const malformed = (slug: string, title: string, line: string, explanation: string): Scenario => ({
  path: `/malformed/${slug}`,
  title: `Malformed: ${title}`,
  explanation,
  cases: [{ id: `malformed.${slug}`, label: 'no credentials', status: 401, lines: [line] }],
});

export const SCENARIOS: readonly Scenario[] = [
  {
    path: '/basic',
    title: 'Basic (RFC 7617)',
    explanation:
      'The classic challenge: realm names the protection space and charset="UTF-8" (RFC 7617 §2.1) ' +
      'tells the client to encode user-id and password as UTF-8 before base64. The lab really ' +
      'checks the credentials: alice / wonderland gets a 200 page. Basic sends the password in ' +
      'clear text: RFC 7617 §4 says not to use it for anything of value without enhancements ' +
      'such as HTTPS, which is why AuthLens warns about it even on this loopback lab.',
    cases: [
      { id: 'basic', label: 'no credentials', status: 401, lines: [BASIC] },
      { id: 'basic.ok', label: 'as alice', request: ALICE, status: 200, lines: [] },
      {
        id: 'basic.wrong-password',
        label: 'wrong password',
        request: WRONG_PASSWORD,
        status: 401,
        lines: [BASIC],
      },
      {
        id: 'basic.malformed',
        label: 'not base64',
        request: { Authorization: 'Basic not*base64' },
        status: 400,
        lines: [],
      },
    ],
  },
  {
    path: '/digest',
    title: 'Digest (RFC 7616)',
    explanation:
      'Two challenges on two field lines, in order of preference as RFC 7616 §3.7 requires: ' +
      'SHA-256, then MD5 for older clients; a client should use the first it supports. Each offers ' +
      'qop "auth" and "auth-int", an opaque value to echo, charset=UTF-8 and userhash=true (a ' +
      'client that supports username hashing must then send H(username:realm) instead of the ' +
      'name, §3.4.4). The lab checks the algorithm (only the ones offered), uri, nonce, nc and ' +
      'cnonce, refuses a replayed nc, answers an expired nonce with stale=true, and proves itself on ' +
      'success with Authentication-Info (rspauth, nextnonce; §3.5). /digest/sess and ' +
      '/digest/sha-512-256 cover the other algorithms of the RFC 7616 registry.',
    cases: [
      {
        id: 'digest',
        label: 'no credentials',
        status: 401,
        lines: DIGEST_ALGORITHMS_OFFERED.map((a) => digestChallenge(a)),
      },
      {
        id: 'digest.stale',
        label: 'expired nonce, correct digest',
        manual: 'needs a nonce older than five minutes',
        status: 401,
        lines: DIGEST_ALGORITHMS_OFFERED.map((a) => digestChallenge(a, true)),
      },
      {
        id: 'digest.malformed',
        label: 'missing parameters',
        request: { Authorization: 'Digest username="alice"' },
        status: 400,
        lines: [],
      },
    ],
  },
  {
    path: '/digest/sess',
    title: 'Digest with -sess algorithms',
    explanation:
      'SHA-256-sess, then MD5-sess, in the realm "lab sess". A "-sess" algorithm folds the nonce ' +
      'and cnonce into A1 (RFC 7616 §3.4.2), so a third party can verify a session from H(A1) ' +
      'without the password. Same credentials, same checks as /digest.',
    cases: [
      {
        id: 'digest-sess',
        label: 'no credentials',
        status: 401,
        lines: DIGEST_SESS_OFFERED.map((a) => digestChallenge(a, false, DIGEST_SESS_REALM)),
      },
    ],
  },
  {
    path: '/digest/sha-512-256',
    title: 'Digest with SHA-512-256',
    explanation:
      'SHA-512-256, then SHA-512-256-sess, in the realm "lab sha-512-256" (RFC 7616 §3.2; ' +
      'SHA-512/256 is FIPS 180-4’s truncated variant with its own initial values). Clients that ' +
      'only know MD5 or SHA-256 (Chromium, for one) cannot answer ' +
      'it, which is the point: watch what a browser does with an algorithm it does not support. ' +
      'curl before its 2024 fix (curl PR #12897) sends SHA-256 digests under this name; the lab ' +
      'refuses them.',
    cases: [
      {
        id: 'digest-sha-512-256',
        label: 'no credentials',
        status: 401,
        lines: DIGEST_SHA512_OFFERED.map((a) => digestChallenge(a, false, DIGEST_SHA512_REALM)),
      },
    ],
  },
  {
    path: '/bearer',
    title: 'Bearer (RFC 6750)',
    explanation:
      'OAuth 2.0 access tokens. With no token the challenge carries no error code (RFC 6750 §3.1); ' +
      'an unknown or expired token gets error="invalid_token" with an error_description, and a ' +
      'request that is not a single Bearer token gets 400 invalid_request. Valid tokens: ' +
      BEARER_TOKENS.map((t) => `${t.token} (${t.description})`).join(', ') +
      '. Browsers never prompt for Bearer: an application must send the token itself.',
    cases: [
      { id: 'bearer', label: 'no token', status: 401, lines: [bearerChallenge()] },
      {
        id: 'bearer.ok',
        label: 'lab-token-read',
        request: bearer('lab-token-read'),
        status: 200,
        lines: [],
      },
      {
        id: 'bearer.invalid',
        label: 'unknown token',
        request: bearer('not-a-lab-token'),
        status: 401,
        lines: [bearerChallenge({ error: 'invalid' })],
      },
      {
        id: 'bearer.expired',
        label: 'expired token',
        request: bearer('lab-token-expired'),
        status: 401,
        lines: [bearerChallenge({ error: 'expired' })],
      },
      {
        id: 'bearer.malformed',
        label: 'two tokens',
        request: { Authorization: 'Bearer one two' },
        status: 400,
        lines: [bearerChallenge({ error: 'malformed' })],
      },
    ],
  },
  {
    path: '/bearer/scoped',
    title: 'Bearer with insufficient_scope (RFC 6750 §3.1)',
    explanation:
      'This resource needs the lab:write scope. The challenge names the scope up front; a valid ' +
      'token without it gets 403 with error="insufficient_scope" and the scope it lacks. ' +
      'lab-token-write has the scope, lab-token-read does not.',
    cases: [
      {
        id: 'bearer-scoped',
        label: 'no token',
        status: 401,
        lines: [bearerChallenge({ scope: SCOPED_SCOPE })],
      },
      {
        id: 'bearer-scoped.insufficient',
        label: 'lab-token-read',
        request: bearer('lab-token-read'),
        status: 403,
        lines: [bearerChallenge({ error: 'insufficient', scope: SCOPED_SCOPE })],
      },
      {
        id: 'bearer-scoped.ok',
        label: 'lab-token-write',
        request: bearer('lab-token-write'),
        status: 200,
        lines: [],
      },
    ],
  },
  {
    path: '/bearer/metadata',
    title: 'Bearer with resource_metadata (RFC 9728)',
    explanation:
      'The challenge points at OAuth protected-resource metadata (RFC 9728 §5.1), the pattern MCP ' +
      'servers use: a client fetches the document to learn which authorization servers and scopes ' +
      'apply. The document for this resource is served at the path-suffixed well-known URL ' +
      '(§3.1); the origin-level one is at /.well-known/oauth-protected-resource.',
    cases: [
      {
        id: 'bearer-metadata',
        label: 'no token',
        status: 401,
        lines: [bearerChallenge({ metadataFor: '/bearer/metadata' })],
      },
      {
        id: 'bearer-metadata.invalid',
        label: 'unknown token',
        request: bearer('not-a-lab-token'),
        status: 401,
        lines: [bearerChallenge({ error: 'invalid', metadataFor: '/bearer/metadata' })],
      },
      {
        id: 'bearer-metadata.ok',
        label: 'lab-token-read',
        request: bearer('lab-token-read'),
        status: 200,
        lines: [],
      },
    ],
  },
  {
    path: '/dpop',
    title: 'DPoP (RFC 9449) — challenge only',
    explanation:
      'Sender-constrained tokens: algs lists the JWS algorithms the server accepts for DPoP proofs ' +
      '(RFC 9449 §7.1). Challenge only: the lab never validates a proof, so any DPoP credentials ' +
      'get error="invalid_dpop_proof".',
    cases: [
      { id: 'dpop', label: 'no token', status: 401, lines: [dpopChallenge()] },
      {
        id: 'dpop.proof',
        label: 'with a DPoP token',
        request: { Authorization: 'DPoP lab-token-read', DPoP: 'not.a.proof' },
        status: 401,
        lines: [dpopChallenge('invalid_dpop_proof')],
      },
    ],
  },
  {
    path: '/negotiate',
    title: 'Negotiate and NTLM — challenge only',
    explanation:
      'The Windows-integrated schemes (Negotiate, RFC 4559; NTLM) as bare challenges with no ' +
      'parameters. Challenge only: the lab implements neither, so every attempt gets the same 401. ' +
      "Browsers answer Negotiate with the signed-in user's credentials only for servers an " +
      'administrator allows (Chromium: the AuthServerAllowlist policy, else intranet detection on ' +
      'Windows; Firefox: network.negotiate-auth.trusted-uris).',
    cases: [
      { id: 'negotiate', label: 'no credentials', status: 401, lines: ['Negotiate', 'NTLM'] },
    ],
  },
  {
    path: '/multi-line',
    title: 'Several challenges, one per field line',
    explanation:
      'Three challenges on three WWW-Authenticate lines (RFC 9110 §11.6.1), including the RFC ' +
      'example scheme Newauth that no browser knows. Chromium ranks the schemes it supports ' +
      '(Negotiate, NTLM, Digest, Basic) and ignores the order the server sent; here Basic ' +
      '(alice / wonderland) succeeds.',
    cases: [
      { id: 'multi-line', label: 'no credentials', status: 401, lines: [NEWAUTH, ...MULTI] },
      { id: 'multi-line.ok', label: 'Basic as alice', request: ALICE, status: 200, lines: [] },
    ],
  },
  {
    path: '/multi-one-line',
    title: 'Several challenges in one field line',
    explanation:
      'The same three challenges comma-separated in a single line, as RFC 9110 §11.6.1 allows. ' +
      'Parsing this needs the full grammar (a challenge ends where a token is not followed by "="); ' +
      'browsers and libraries have historically got it wrong (httpwg/http-core#136).',
    cases: [
      {
        id: 'multi-one-line',
        label: 'no credentials',
        status: 401,
        lines: [[NEWAUTH, ...MULTI].join(', ')],
      },
      { id: 'multi-one-line.ok', label: 'Basic as alice', request: ALICE, status: 200, lines: [] },
    ],
  },
  {
    path: '/no-challenge',
    title: '401 without a challenge',
    explanation:
      'A 401 with no WWW-Authenticate field at all, which RFC 9110 §11.6.1 forbids ("MUST send ' +
      'at least one"). Common from APIs that use 401 for "log in first"; the client learns nothing.',
    cases: [{ id: 'no-challenge', label: 'no credentials', status: 401, lines: [] }],
  },
  malformed(
    'unterminated',
    'unterminated quoted-string',
    'Basic realm="lab',
    'The realm quoted-string never closes. Chromium accepts it and reads the realm to the end of the line; under RFC 9110 §5.6.4 it is not a valid field.',
  ),
  malformed(
    'missing-comma',
    'missing comma',
    'Basic realm="lab" charset="UTF-8"',
    'Two parameters with no comma between them; the list grammar of RFC 9110 §5.6.1 requires one.',
  ),
  malformed(
    'htab',
    'HTAB after the scheme',
    'Basic\trealm="lab"',
    'A tab instead of a space after the scheme; the challenge grammar (RFC 9110 §11.3) allows only SP there.',
  ),
  malformed(
    'duplicate-realm',
    'duplicate realm',
    'Basic realm="first", realm="second"',
    'realm twice. Each parameter name MUST occur once per challenge (RFC 9110 §11.2); Chromium ' +
      'takes the last, Firefox the first.',
  ),
  malformed(
    'unquoted-realm',
    'unquoted realm',
    'Basic realm=lab',
    'Grammatically a token, but RFC 9110 §11.5 says senders MUST quote realm.',
  ),
  malformed(
    'param-before-scheme',
    'parameter before the scheme',
    'realm="lab", Basic',
    'The field starts with a parameter, so there is no scheme for it to belong to.',
  ),
  malformed(
    'huge',
    'huge header (64 KiB)',
    HUGE,
    'One 64 KiB field line: more than many proxies and servers accept (8–16 KiB), within ' +
      'Chromium’s 256 KiB. Tests that parsers and UIs stay linear and truncate sensibly.',
  ),
  malformed(
    'hostile',
    'XSS-looking realm',
    'Basic realm="<img src=x onerror=alert(1)>"',
    'A realm that is HTML. Harmless as long as every tool renders header text as text, never as ' +
      'markup — which is what this case checks.',
  ),
  malformed(
    'non-ascii',
    'non-ASCII realm',
    octets('Basic realm="Café Zürich ☕"'),
    'The realm is sent as UTF-8 octets. Field values are octets; non-ASCII ones are obs-text ' +
      '(RFC 9110 §5.5) and browsers disagree on how to show them.',
  ),
  malformed(
    'empty',
    'empty field',
    '',
    'A WWW-Authenticate line with an empty value: under RFC 9110 an empty challenge list, so ' +
      'effectively a 401 without a challenge.',
  ),
  {
    path: '/sso/start',
    title: 'Redirect chain ending in a 401',
    explanation:
      'Like a single sign-on bounce: /sso/start redirects to /sso/idp, which redirects to ' +
      '/sso/protected, which challenges with Basic (alice / wonderland). A tool must follow the ' +
      'chain to see where the challenge really came from.',
    cases: [
      { id: 'sso.start', label: 'start', status: 302, lines: [], location: '/sso/idp' },
      {
        id: 'sso.idp',
        label: 'identity provider',
        path: '/sso/idp',
        status: 302,
        lines: [],
        location: '/sso/protected',
      },
      {
        id: 'sso.protected',
        label: 'protected',
        path: '/sso/protected',
        status: 401,
        lines: ['Basic realm="lab sso", charset="UTF-8"'],
      },
      {
        id: 'sso.protected.ok',
        label: 'protected as alice',
        path: '/sso/protected',
        request: ALICE,
        status: 200,
        lines: [],
      },
    ],
  },
  {
    path: '/proxy',
    title: 'Proxy authentication (407)',
    explanation:
      'The lab also runs an HTTP forward proxy on its own port. It answers 407 with ' +
      'Proxy-Authenticate (RFC 9110 §11.7.1) until the request carries Proxy-Authorization for ' +
      'alice / wonderland, then forwards plain-http requests and CONNECT tunnels, to loopback ' +
      'addresses only. Chromium bypasses proxies for loopback unless started with ' +
      '--proxy-server=http://127.0.0.1:<proxy port> --proxy-bypass-list=<-loopback>.',
    cases: [
      {
        id: 'proxy',
        label: 'through the proxy, no credentials',
        via: 'proxy',
        status: 407,
        field: 'Proxy-Authenticate',
        lines: ['Basic realm="lab proxy"'],
      },
      {
        id: 'proxy.ok',
        label: 'through the proxy as alice',
        via: 'proxy',
        request: { 'Proxy-Authorization': ALICE.Authorization },
        status: 200,
        field: 'Proxy-Authenticate',
        lines: [],
      },
    ],
  },
  // The MCP-style resource and its misconfigured twins (issue 14): demo/mcp-scenarios.ts.
  ...MCP_SCENARIOS,
];

/** Every case by id, for the server. */
export function scenarioCase(id: string): ScenarioCase {
  for (const scenario of SCENARIOS) {
    const found = scenario.cases.find((c) => c.id === id);
    if (found) return found;
  }
  throw new Error(`no scenario case ${id}`);
}

export interface TemplateValues {
  nonce?: string;
  opaque?: string;
  origin?: string;
}

/** Fills {nonce}, {opaque} and {origin}; the values are base64url or an origin, so need no quoting. */
export function fillLines(lines: readonly string[], values: TemplateValues): string[] {
  return lines.map((line) =>
    line.replace(/\{(nonce|opaque|origin)\}/g, (_m, name: keyof TemplateValues) => {
      const value = values[name];
      if (value === undefined) throw new Error(`no value for {${name}}`);
      return value;
    }),
  );
}

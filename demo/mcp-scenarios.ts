// The lab's MCP-style protected resource and its misconfigured twins, as data: the challenge each
// path sends (scenario cases, which scenarios.ts lists with the others) and the metadata documents
// behind it (served by mcp-routes.ts). /mcp is a good discovery chain: a Bearer 401 naming
// resource_metadata and scope, the RFC 9728 document, and an authorization server with a path in
// its issuer whose RFC 8414 metadata offers PKCE S256. Each /mcp-broken/<slug> breaks one link, so
// `authlens check <lab>/mcp-broken/<slug> --follow-metadata` reports one check. The lab runs no
// authorization server: the metadata is real, its endpoints are not.
import type { Scenario, ScenarioCase } from './scenarios.ts';

export const MCP_PATH = '/mcp';
/** The good authorization server's issuer path: an issuer with a path, as multi-tenant servers have. */
export const MCP_ISSUER_PATH = '/as';
/** The scope /mcp challenges for; lab-token-read and lab-token-write both have it. */
export const MCP_SCOPE = 'lab:read';

export const resourceMetadataPath = (path: string) =>
  `/.well-known/oauth-protected-resource${path}`;
export const serverMetadataPath = (issuerPath: string) =>
  `/.well-known/oauth-authorization-server${issuerPath}`;

type Json = Record<string, unknown>;

/** How a twin's resource metadata URL answers. */
export type MetadataAnswer =
  | { kind: 'json'; document: (origin: string, path: string) => Json; cors?: false }
  | { kind: 'html' }
  | { kind: 'redirect'; to: string }
  | { kind: 'none' };

export interface McpResource {
  path: string;
  title: string;
  explanation: string;
  /** The diagnostic code the chain reports for this resource; null for the good one. */
  code: string | null;
  cases: readonly ScenarioCase[];
  metadata: MetadataAnswer;
  /** An authorization server of its own (issuer path → document), when the twin breaks that link. */
  server?: { issuerPath: string; document: ((origin: string) => Json) | null };
  /** The scope a token needs for 200 (default MCP_SCOPE). */
  scope?: string;
  /** Extra headers on the challenge. */
  headers?: Readonly<Record<string, string>>;
}

interface ChallengeOptions {
  scope?: string | null;
  error?: 'invalid_token' | 'insufficient_scope';
  metadata?: boolean;
}

/** The Bearer challenge an MCP server sends (MCP 2025-11-25): resource_metadata, then scope. */
export function mcpChallenge(path: string, options: ChallengeOptions = {}): string {
  const params: string[] = [];
  if (options.error === 'invalid_token') {
    params.push('error="invalid_token"', 'error_description="The access token is not recognised"');
  } else if (options.error === 'insufficient_scope') {
    params.push('error="insufficient_scope"');
  }
  if (options.metadata !== false) {
    params.push(`resource_metadata="{origin}${resourceMetadataPath(path)}"`);
  }
  const scope = options.scope === undefined ? MCP_SCOPE : options.scope;
  if (scope !== null) params.push(`scope="${scope}"`);
  return `Bearer ${params.join(', ')}`;
}

/** The resource's RFC 9728 §2 document, naming the lab's authorization server. */
export function resourceDocument(origin: string, path: string, issuerPath = MCP_ISSUER_PATH): Json {
  return {
    resource: `${origin}${path}`,
    authorization_servers: [`${origin}${issuerPath}`],
    scopes_supported: ['lab:read', 'lab:write'],
    bearer_methods_supported: ['header'],
    resource_name: 'AuthLens lab MCP server',
  };
}

/** An authorization server's RFC 8414 §2 document, with PKCE S256 as MCP requires. */
export function serverDocument(origin: string, issuerPath: string): Json {
  const issuer = `${origin}${issuerPath}`;
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    scopes_supported: ['lab:read', 'lab:write'],
    dpop_signing_alg_values_supported: ['ES256', 'EdDSA'],
  };
}

const good: MetadataAnswer = { kind: 'json', document: (o, p) => resourceDocument(o, p) };

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A twin that challenges like /mcp; `path` is filled in from the slug. */
interface Twin {
  slug: string;
  title: string;
  explanation: string;
  code: string;
  lines?: (path: string) => string[];
  metadata?: MetadataAnswer;
  server?: McpResource['server'];
  headers?: Readonly<Record<string, string>>;
  extraCases?: (path: string) => ScenarioCase[];
  scope?: string;
  /** Extra arguments for the command that shows the check. */
  checkWith?: string;
}

/** A twin whose resource names its own authorization server, with this document (or none). */
function ownServer(slug: string, document: ((origin: string, issuerPath: string) => Json) | null) {
  const issuerPath = `${MCP_ISSUER_PATH}/${slug}`;
  return {
    metadata: {
      kind: 'json',
      document: (o: string, p: string) => resourceDocument(o, p, issuerPath),
    } as MetadataAnswer,
    server: { issuerPath, document: document && ((o: string) => document(o, issuerPath)) },
  };
}

const without =
  (name: string) =>
  (origin: string, issuerPath: string): Json => {
    const document = serverDocument(origin, issuerPath);
    delete document[name];
    return document;
  };

const TWINS: readonly Twin[] = [
  {
    slug: 'metadata-missing',
    title: 'resource_metadata points at nothing',
    code: 'resource-metadata-unreachable',
    metadata: { kind: 'none' },
    explanation:
      'The challenge names a metadata URL that answers 404. RFC 9728 §3.2 asks for 200 with the JSON document; without it a client cannot learn where to get a token.',
  },
  {
    slug: 'metadata-html',
    title: 'resource metadata is an HTML page',
    code: 'resource-metadata-invalid',
    metadata: { kind: 'html' },
    explanation:
      'The metadata URL answers 200 with an HTML login page, the classic result of a catch-all route or an authentication proxy in front of /.well-known. RFC 9728 §3.2 requires a JSON object served as application/json.',
  },
  {
    slug: 'metadata-redirect',
    title: 'resource metadata redirects to a page',
    code: 'resource-metadata-invalid',
    metadata: { kind: 'redirect', to: '/' },
    explanation:
      'The metadata URL redirects (302) to the lab’s index page. A client follows the redirect and gets HTML where it expected JSON; AuthLens follows it under the same rules and lists both requests.',
  },
  {
    slug: 'resource-missing',
    title: 'resource metadata without "resource"',
    code: 'resource-metadata-missing-resource',
    metadata: {
      kind: 'json',
      document: (o, p) => ({ ...resourceDocument(o, p), resource: undefined }),
    },
    explanation:
      'The document leaves out "resource", which RFC 9728 §2 requires; a client cannot tell which resource the document describes and must not use it.',
  },
  {
    slug: 'resource-mismatch',
    title: '"resource" names the origin, not the resource',
    code: 'resource-metadata-resource-mismatch',
    metadata: { kind: 'json', document: (o, p) => ({ ...resourceDocument(o, p), resource: o }) },
    explanation:
      'The document says resource is the origin, without the path. RFC 9728 §3.3: when metadata is found through resource_metadata, "resource" MUST be identical to the URL the client requested, or the client must not use it. Some MCP SDKs accept a parent path; strict clients refuse.',
  },
  {
    slug: 'no-authorization-servers',
    title: 'resource metadata names no authorization server',
    code: 'resource-metadata-no-authorization-servers',
    metadata: {
      kind: 'json',
      document: (o, p) => ({ ...resourceDocument(o, p), authorization_servers: [] }),
    },
    explanation:
      '"authorization_servers" is empty. RFC 9728 makes it optional, but MCP servers MUST name at least one, or clients cannot find where to get a token.',
  },
  {
    slug: 'as-unreachable',
    title: 'the authorization server publishes no metadata',
    code: 'authorization-server-metadata-unreachable',
    ...ownServer('as-unreachable', null),
    explanation:
      'The named authorization server has no metadata at any location MCP clients try: the RFC 8414 path-inserted URL, the OpenID Connect path-inserted URL, and the OpenID Connect URL with the well-known suffix appended. All three answer 404.',
  },
  {
    slug: 'issuer-mismatch',
    title: 'issuer with a trailing slash',
    code: 'authorization-server-issuer-mismatch',
    ...ownServer('issuer-mismatch', (o, p) => ({
      ...serverDocument(o, p),
      issuer: `${o}${p}/`,
    })),
    explanation:
      'The authorization server’s metadata says its issuer ends in "/", but the resource names it without. RFC 8414 §3.3 requires them to be identical, character for character; clients must not use the metadata (and would reject its tokens’ iss).',
  },
  {
    slug: 'no-pkce',
    title: 'no code_challenge_methods_supported',
    code: 'authorization-server-no-s256',
    ...ownServer('no-pkce', without('code_challenge_methods_supported')),
    explanation:
      'The metadata does not list PKCE methods. MCP clients must verify S256 support from the metadata and refuse to proceed when code_challenge_methods_supported is absent.',
  },
  {
    slug: 'no-token-endpoint',
    title: 'no token_endpoint',
    code: 'authorization-server-missing-endpoint',
    ...ownServer('no-token-endpoint', without('token_endpoint')),
    explanation:
      'The metadata has no token_endpoint, so the authorization code flow cannot finish: RFC 8414 §2 requires it unless only the implicit grant is supported.',
  },
  {
    slug: 'scope-not-supported',
    title: 'challenged scope missing from scopes_supported',
    code: 'scope-not-in-scopes-supported',
    lines: (path) => [mcpChallenge(path, { scope: 'lab:admin' })],
    scope: 'lab:admin',
    explanation:
      'The challenge asks for scope lab:admin, which the resource metadata’s scopes_supported does not list. MCP lets the two differ, but clients that request only listed scopes, and servers that refuse unlisted ones, leave the user stuck (a warning).',
  },
  {
    slug: 'dpop-algs',
    title: 'DPoP algorithms with nothing in common',
    code: 'dpop-algs-not-supported',
    lines: (path) => [mcpChallenge(path), 'DPoP algs="RS256 PS256"'],
    explanation:
      'A second challenge offers DPoP with algs RS256 and PS256, while the authorization server accepts DPoP proofs signed with ES256 or EdDSA (dpop_signing_alg_values_supported, RFC 9449 §5.1): no key a client holds can serve both (a warning).',
  },
  {
    slug: 'cors',
    title: 'cross-origin 401 that hides WWW-Authenticate',
    code: 'challenge-not-exposed-to-cors',
    headers: { 'Access-Control-Allow-Origin': '*' },
    explanation:
      'The 401 allows cross-origin reads (Access-Control-Allow-Origin: *) but does not list WWW-Authenticate in Access-Control-Expose-Headers, so a browser-based MCP client on another origin reads null and never sees resource_metadata (Fetch: only safelisted response headers are exposed).',
  },
  {
    slug: 'insufficient-scope',
    title: 'insufficient_scope without the scope needed',
    code: 'insufficient-scope-without-scope',
    scope: 'lab:write',
    checkWith: "--header 'Authorization: Bearer lab-token-read'",
    lines: (path) => [mcpChallenge(path, { scope: 'lab:write' })],
    extraCases: (path) => [
      {
        id: `mcp-broken.insufficient-scope.403`,
        label: 'lab-token-read',
        request: bearer('lab-token-read'),
        status: 403,
        lines: [mcpChallenge(path, { error: 'insufficient_scope', scope: null })],
      },
      {
        id: `mcp-broken.insufficient-scope.ok`,
        label: 'lab-token-write',
        request: bearer('lab-token-write'),
        status: 200,
        lines: [],
      },
    ],
    explanation:
      'This resource needs lab:write. lab-token-read gets the step-up answer, 403 with error="insufficient_scope", but without the scope it needs, so the client cannot tell what to ask for (MCP servers SHOULD name it; a warning).',
  },
  {
    slug: 'bearer-not-first',
    title: 'Bearer after another challenge',
    code: 'bearer-not-first',
    lines: (path) => ['DPoP algs="ES256 EdDSA"', mcpChallenge(path)],
    explanation:
      'A DPoP challenge comes first and Bearer second. RFC 9110 allows any order, but clients that look for a header starting with "Bearer " miss the challenge and its resource_metadata (an interoperability warning).',
  },
  {
    slug: 'no-resource-metadata',
    title: 'Bearer without resource_metadata',
    code: 'challenge-without-resource-metadata',
    lines: (path) => [mcpChallenge(path, { metadata: false })],
    explanation:
      'The challenge leaves resource_metadata out; the metadata is at the RFC 9728 well-known URL for this path. MCP 2025-11-25 clients fall back to it, clients of the 2025-06-18 revision do not (a warning).',
  },
  {
    slug: 'metadata-no-cors',
    title: 'resource metadata without CORS',
    code: 'metadata-not-cors-readable',
    metadata: { kind: 'json', document: (o, p) => resourceDocument(o, p), cors: false },
    explanation:
      'The metadata document has no Access-Control-Allow-Origin, so MCP clients running in a web page on another origin cannot read it (a warning).',
  },
  {
    slug: 'internal-address',
    title: 'metadata pointing at a cloud metadata address',
    code: 'discovery-not-followed',
    metadata: {
      kind: 'json',
      document: (o, p) => ({
        ...resourceDocument(o, p),
        authorization_servers: ['https://169.254.169.254/latest'],
      }),
    },
    explanation:
      'The metadata names an authorization server at 169.254.169.254, the link-local address where clouds serve instance credentials. Following it would let a server steer a client into its own network; AuthLens refuses, reports what it did not follow, and the chain stays unverified.',
  },
];

function twinResource(twin: Twin): McpResource {
  const path = `/mcp-broken/${twin.slug}`;
  return {
    path,
    title: `MCP, broken: ${twin.title}`,
    explanation: `${twin.explanation} Check it with: authlens check <lab>${path} --follow-metadata${twin.checkWith ? ` ${twin.checkWith}` : ''} (expect ${twin.code}).`,
    code: twin.code,
    cases: [
      {
        id: `mcp-broken.${twin.slug}`,
        label: 'no token',
        status: 401,
        lines: twin.lines ? twin.lines(path) : [mcpChallenge(path)],
      },
      ...(twin.extraCases ? twin.extraCases(path) : []),
    ],
    metadata: twin.metadata ?? good,
    ...(twin.server ? { server: twin.server } : {}),
    ...(twin.scope ? { scope: twin.scope } : {}),
    ...(twin.headers ? { headers: twin.headers } : {}),
  };
}

export const MCP_RESOURCES: readonly McpResource[] = [
  {
    path: MCP_PATH,
    title: 'MCP-style protected resource: the discovery chain (RFC 9728, RFC 8414)',
    explanation:
      'What an MCP server does: a 401 whose Bearer challenge names resource_metadata (RFC 9728 §5.1) and the scope to ask for; the resource metadata at the path-inserted well-known URL, naming the resource and one authorization server; that server’s RFC 8414 metadata at the URL formed by inserting the well-known suffix before its issuer’s path (/as), with PKCE S256. The lab serves the metadata only, not the authorization server itself. lab-token-read and lab-token-write open it. Follow the chain with: authlens check <lab>/mcp --follow-metadata. On this plain-http lab the https checks are warnings; deployed, they are errors. The /mcp-broken/ twins below each break one link.',
    code: null,
    cases: [
      { id: 'mcp', label: 'no token', status: 401, lines: [mcpChallenge(MCP_PATH)] },
      {
        id: 'mcp.ok',
        label: 'lab-token-read',
        request: bearer('lab-token-read'),
        status: 200,
        lines: [],
      },
      {
        id: 'mcp.invalid',
        label: 'unknown token',
        request: bearer('not-a-lab-token'),
        status: 401,
        lines: [mcpChallenge(MCP_PATH, { error: 'invalid_token' })],
      },
    ],
    metadata: good,
  },
  ...TWINS.map(twinResource),
];

/** The scenarios for the index page and the scenario tests. */
export const MCP_SCENARIOS: readonly Scenario[] = MCP_RESOURCES.map((r) => ({
  path: r.path,
  title: r.title,
  explanation: r.explanation,
  cases: r.cases,
}));

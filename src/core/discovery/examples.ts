// One minimal example and one near miss per discovery code, as data: a challenge, the URL that
// sent it, and the responses at each URL. fixtures/diagnostics.ts lists them with the other codes'
// examples, so the convention tests hold discovery to the same standard. The good chain is the
// MCP one: https://api.example.com/mcp, its RFC 9728 document, an issuer with a path.
import type { DiagnosticExample } from '../fixtures/diagnostics.ts';
import { parseChallenges } from '../parse.ts';
import type { Diagnostic } from '../types.ts';
import { discoveryFromResponses } from './chain.ts';
import type { FetchOutcome } from './documents.ts';

interface Served {
  status?: number;
  /** JSON-encoded unless a string. */
  body?: unknown;
  headers?: Record<string, string>;
  location?: string;
}

/** An example's input: the challenge at `url` and what each URL answers (else a 404). */
export interface DiscoveryExample {
  url: string;
  challenge: string;
  served: Record<string, Served>;
}

const RESOURCE = 'https://api.example.com/mcp';
const PRM = 'https://api.example.com/.well-known/oauth-protected-resource/mcp';
const ISSUER = 'https://auth.example.com/tenant1';
const AS_METADATA = 'https://auth.example.com/.well-known/oauth-authorization-server/tenant1';
const CHALLENGE = `Bearer resource_metadata="${PRM}", scope="files:read"`;
const CORS = { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' };

const resourceDocument = {
  resource: RESOURCE,
  authorization_servers: [ISSUER],
  scopes_supported: ['files:read', 'files:write'],
  bearer_methods_supported: ['header'],
};

const serverDocument = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  response_types_supported: ['code'],
  code_challenge_methods_supported: ['S256'],
  dpop_signing_alg_values_supported: ['ES256'],
};

/** The good chain, with one document or the challenge changed. */
function chain(
  change: {
    challenge?: string;
    resource?: Record<string, unknown>;
    server?: Record<string, unknown>;
    served?: Record<string, Served>;
  } = {},
): DiscoveryExample {
  return {
    url: RESOURCE,
    challenge: change.challenge ?? CHALLENGE,
    served: {
      [PRM]: { body: { ...resourceDocument, ...change.resource }, headers: CORS },
      [AS_METADATA]: { body: { ...serverDocument, ...change.server }, headers: CORS },
      ...change.served,
    },
  };
}

const good = chain();
const discovery = (code: string, fields: DiscoveryExample, nearMiss = good): DiagnosticExample => ({
  code,
  field: 'discovery',
  fields,
  nearMiss: { fields: nearMiss },
});

export const discoveryExamples: DiagnosticExample[] = [
  {
    code: 'insufficient-scope-without-scope',
    field: 'challenges',
    fields: 'Bearer error="insufficient_scope"',
    context: { status: 403, requestHadCredentials: true },
    nearMiss: {
      fields: 'Bearer error="insufficient_scope", scope="files:write"',
      context: { status: 403, requestHadCredentials: true },
    },
  },
  {
    code: 'bearer-not-first',
    field: 'challenges',
    fields: 'Basic realm="api", Bearer realm="api"',
    nearMiss: { fields: 'Bearer realm="api", Basic realm="api"' },
  },
  discovery(
    'challenge-without-resource-metadata',
    chain({ challenge: 'Bearer scope="files:read"' }),
  ),
  discovery('resource-metadata-unreachable', chain({ served: { [PRM]: { status: 404 } } })),
  discovery(
    'resource-metadata-invalid',
    chain({
      served: { [PRM]: { body: '<html>Sign in</html>', headers: { 'Content-Type': 'text/html' } } },
    }),
  ),
  discovery('resource-metadata-missing-resource', chain({ resource: { resource: undefined } })),
  // The common mistake: the origin instead of the path-bearing resource (RFC 9728 §3.3).
  discovery(
    'resource-metadata-resource-mismatch',
    chain({ resource: { resource: 'https://api.example.com' } }),
  ),
  discovery(
    'resource-metadata-resource-not-https',
    chain({ resource: { resource: 'https://api.example.com/mcp#top' } }),
  ),
  discovery(
    'resource-metadata-no-authorization-servers',
    chain({ resource: { authorization_servers: [] } }),
  ),
  discovery(
    'authorization-server-metadata-unreachable',
    chain({ served: { [AS_METADATA]: { status: 404 } } }),
    // Near miss: only the OpenID Connect location answers, which MCP clients try next.
    chain({
      served: {
        [AS_METADATA]: { status: 404 },
        'https://auth.example.com/tenant1/.well-known/openid-configuration': {
          body: serverDocument,
          headers: CORS,
        },
      },
    }),
  ),
  discovery(
    'authorization-server-metadata-invalid',
    chain({ served: { [AS_METADATA]: { body: '[]', headers: CORS } } }),
  ),
  // The classic: an issuer with a trailing slash the identifier does not have (RFC 8414 §3.3).
  discovery('authorization-server-issuer-mismatch', chain({ server: { issuer: `${ISSUER}/` } })),
  discovery(
    'authorization-server-issuer-not-https',
    chain({ resource: { authorization_servers: ['http://auth.example.com/tenant1'] } }),
  ),
  discovery(
    'authorization-server-no-s256',
    chain({ server: { code_challenge_methods_supported: ['plain'] } }),
  ),
  discovery(
    'authorization-server-missing-endpoint',
    chain({ server: { token_endpoint: undefined } }),
  ),
  discovery(
    'authorization-server-missing-response-types',
    chain({ server: { response_types_supported: undefined } }),
  ),
  discovery(
    'authorization-server-endpoint-not-https',
    chain({ server: { token_endpoint: 'http://auth.example.com/tenant1/token' } }),
  ),
  discovery(
    'scope-not-in-scopes-supported',
    chain({ challenge: `Bearer resource_metadata="${PRM}", scope="files:admin"` }),
  ),
  discovery(
    'dpop-algs-not-supported',
    chain({ challenge: `DPoP algs="RS256", Bearer resource_metadata="${PRM}"` }),
    chain({ challenge: `DPoP algs="ES256 RS256", Bearer resource_metadata="${PRM}"` }),
  ),
  discovery(
    'metadata-not-cors-readable',
    chain({
      served: {
        [PRM]: { body: resourceDocument, headers: { 'Content-Type': 'application/json' } },
      },
    }),
  ),
  // A redirect to another origin that the metadata does not name.
  discovery(
    'discovery-not-followed',
    chain({ served: { [PRM]: { status: 302, location: 'https://elsewhere.example.net/prm' } } }),
  ),
];

/** Runs one example through the chain: the challenge parsed, each URL answered from `served`. */
export function discoveryExampleDiagnostics(example: DiscoveryExample): Diagnostic[] {
  const responses = new Map<string, FetchOutcome>();
  for (const [url, served] of Object.entries(example.served)) {
    const headers = Object.entries(served.headers ?? {}).map(([name, value]) => ({ name, value }));
    responses.set(url, {
      kind: 'response',
      status: served.status ?? 200,
      headers,
      body: typeof served.body === 'string' ? served.body : JSON.stringify(served.body ?? ''),
      ...(served.location ? { location: served.location } : {}),
    });
  }
  const start = { url: example.url, challenges: parseChallenges(example.challenge).challenges };
  // Any URL the example does not serve answers 404, as an unconfigured server would.
  return discoveryFromResponses(
    start,
    (url) => responses.get(url) ?? { kind: 'response', status: 404, headers: [], body: '' },
  ).diagnostics;
}

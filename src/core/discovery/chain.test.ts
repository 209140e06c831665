import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeChallenges, codes } from '../index.ts';
import { parseChallenges } from '../parse.ts';
import {
  discover,
  discoveryFromResponses,
  followDiscovery,
  MAX_DISCOVERY_REQUESTS,
  type DiscoveryChain,
  type DiscoveryOptions,
} from './chain.ts';
import type { FetchOutcome } from './documents.ts';
import { authorizationServerLocations, readHttpUrl, resourceMetadataLocations } from './urls.ts';

const json = (body: unknown, headers: Record<string, string> = {}): FetchOutcome => ({
  kind: 'response',
  status: 200,
  headers: Object.entries({
    'Content-Type': 'application/json',
    'Access-Control-Allow-Origin': '*',
    ...headers,
  }).map(([name, value]) => ({ name, value })),
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const status = (code: number, location?: string): FetchOutcome => ({
  kind: 'response',
  status: code,
  headers: [],
  body: '',
  ...(location ? { location } : {}),
});

/** Runs the chain against a table of URL → outcome; anything else answers 404. */
function run(
  url: string,
  challenge: string,
  served: Record<string, FetchOutcome>,
  options: DiscoveryOptions = {},
): DiscoveryChain & { requested: string[] } {
  const requested: string[] = [];
  const chain = discoveryFromResponses(
    { url, challenges: parseChallenges(challenge).challenges },
    (u) => {
      requested.push(u);
      return served[u] ?? status(404);
    },
    options,
  );
  return { ...chain, requested };
}
const codesOf = (chain: DiscoveryChain) => chain.diagnostics.map((d) => `${d.severity} ${d.code}`);

// RFC 9728 §3.1's example resource and RFC 8414 §3.1's example issuer, joined into one chain.
const RESOURCE = 'https://resource.example.com/resource1';
const PRM = 'https://resource.example.com/.well-known/oauth-protected-resource/resource1';
const ISSUER = 'https://server.example.com/issuer1';
const AS_8414 = 'https://server.example.com/.well-known/oauth-authorization-server/issuer1';
const OIDC_INSERTED = 'https://server.example.com/.well-known/openid-configuration/issuer1';
const OIDC_APPENDED = 'https://server.example.com/issuer1/.well-known/openid-configuration';

const resourceDoc = {
  resource: RESOURCE,
  authorization_servers: [ISSUER],
  scopes_supported: ['profile', 'email'],
  bearer_methods_supported: ['header', 'body'],
};
const serverDoc = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  response_types_supported: ['code'],
  code_challenge_methods_supported: ['S256'],
  dpop_signing_alg_values_supported: ['ES256', 'PS256'],
};
const CHALLENGE = `Bearer resource_metadata="${PRM}", scope="profile"`;
const goodServed: Record<string, FetchOutcome> = {
  [PRM]: json(resourceDoc),
  [AS_8414]: json(serverDoc),
};

describe('well-known URLs', () => {
  it('inserts the RFC 9728 suffix before the resource path, then tries the root (MCP)', () => {
    expect(resourceMetadataLocations(readHttpUrl(RESOURCE)!)).toEqual([
      { url: PRM, source: 'well-known', identifier: RESOURCE },
      {
        url: 'https://resource.example.com/.well-known/oauth-protected-resource',
        source: 'well-known-root',
        identifier: 'https://resource.example.com',
      },
    ]);
    expect(resourceMetadataLocations(readHttpUrl('https://API.example.com:443/')!)).toEqual([
      {
        url: 'https://api.example.com/.well-known/oauth-protected-resource',
        source: 'well-known',
        identifier: 'https://api.example.com',
      },
    ]);
  });

  it('builds RFC 8414 §3.1 and OpenID Connect locations in the MCP order, for issuers with a path', () => {
    expect(authorizationServerLocations(ISSUER, readHttpUrl(ISSUER)!).map((l) => l.url)).toEqual([
      AS_8414,
      OIDC_INSERTED,
      OIDC_APPENDED,
    ]);
    // RFC 8414 §3.1: a terminating "/" of the path is removed before inserting.
    const slash = 'https://server.example.com/issuer1/';
    expect(authorizationServerLocations(slash, readHttpUrl(slash)!)[0]!.url).toBe(AS_8414);
  });

  it('tries the two root documents for an issuer without a path', () => {
    for (const issuer of ['https://server.example.com', 'https://server.example.com/']) {
      expect(
        authorizationServerLocations(issuer, readHttpUrl(issuer)!).map((l) => [l.url, l.source]),
      ).toEqual([
        [
          'https://server.example.com/.well-known/oauth-authorization-server',
          'oauth-authorization-server',
        ],
        ['https://server.example.com/.well-known/openid-configuration', 'openid-configuration'],
      ]);
    }
  });

  it('reads the parts of absolute http(s) URLs only', () => {
    expect(readHttpUrl('https://u:p@[::1]:8443/a?b#c')).toEqual({
      scheme: 'https',
      userinfo: true,
      host: '[::1]',
      port: '8443',
      path: '/a',
      query: 'b',
      fragment: 'c',
    });
    for (const bad of [
      'mcp.example.com',
      'ftp://x/',
      'https://',
      'https://a:b:c/',
      'https://a b/',
    ]) {
      expect(readHttpUrl(bad), bad).toBeNull();
    }
  });
});

describe('the discovery chain', () => {
  it('follows a good chain: resource metadata, then RFC 8414 metadata, with no diagnostic', () => {
    const chain = run(RESOURCE, CHALLENGE, goodServed);
    expect(codesOf(chain)).toEqual([]);
    expect(chain).toMatchObject({ challenge: 0, resource: RESOURCE, notFollowed: [] });
    expect(chain.documents).toEqual([
      expect.objectContaining({
        role: 'resource-metadata',
        url: PRM,
        source: 'resource_metadata',
        describes: RESOURCE,
        status: 200,
        used: true,
        fields: expect.objectContaining({ resource: RESOURCE, authorization_servers: [ISSUER] }),
      }),
      expect.objectContaining({
        role: 'authorization-server-metadata',
        url: AS_8414,
        source: 'oauth-authorization-server',
        describes: ISSUER,
        status: 200,
        used: true,
        fields: expect.objectContaining({ code_challenge_methods_supported: ['S256'] }),
      }),
    ]);
  });

  it('tries the OpenID Connect locations in order when RFC 8414 metadata is missing', () => {
    const chain = run(RESOURCE, CHALLENGE, {
      [PRM]: json(resourceDoc),
      [OIDC_APPENDED]: json(serverDoc),
    });
    expect(codesOf(chain)).toEqual([]);
    expect(chain.requested).toEqual([PRM, AS_8414, OIDC_INSERTED, OIDC_APPENDED]);
    expect(chain.documents.map((d) => [d.status, d.used])).toEqual([
      [200, true],
      [404, false],
      [404, false],
      [200, true],
    ]);
  });

  it('stops at the first location that answers 200, even with a login page', () => {
    const login = { ...status(200), body: '<!doctype html><h1>Sign in</h1>' };
    const chain = run(RESOURCE, CHALLENGE, {
      [PRM]: json(resourceDoc),
      [AS_8414]: login,
      [OIDC_INSERTED]: json(serverDoc),
    });
    expect(chain.requested).toEqual([PRM, AS_8414]);
    expect(codesOf(chain)).toEqual(['error authorization-server-metadata-invalid']);
    expect(chain.diagnostics[0]!.message).toContain('HTML or XML, not JSON');
  });

  it('reports an authorization server with no metadata at any location, listing each', () => {
    const chain = run(RESOURCE, CHALLENGE, { [PRM]: json(resourceDoc) });
    expect(codesOf(chain)).toEqual(['error authorization-server-metadata-unreachable']);
    for (const url of [AS_8414, OIDC_INSERTED, OIDC_APPENDED]) {
      expect(chain.diagnostics[0]!.message).toContain(`${url} (status 404)`);
    }
  });

  it('falls back to the well-known URLs when the challenge names no resource_metadata (MCP 2025-11-25)', () => {
    const root = 'https://resource.example.com/.well-known/oauth-protected-resource';
    const chain = run(RESOURCE, 'Bearer scope="profile"', {
      [root]: json({ ...resourceDoc, resource: 'https://resource.example.com' }),
      [AS_8414]: json(serverDoc),
    });
    expect(chain.requested).toEqual([PRM, root, AS_8414]);
    // At the root, the identifier is the origin (RFC 9728 §3.3), so that resource is right.
    expect(codesOf(chain)).toEqual(['warning challenge-without-resource-metadata']);
  });

  it('does not fall back when resource_metadata is named but unreachable', () => {
    const chain = run(RESOURCE, CHALLENGE, {});
    expect(chain.requested).toEqual([PRM]);
    expect(codesOf(chain)).toEqual(['error resource-metadata-unreachable']);
    expect(chain.diagnostics[0]).toMatchObject({ challenge: 0 });
  });

  it('reports a failed request as the document with its error', () => {
    const chain = run(RESOURCE, CHALLENGE, {
      [PRM]: { kind: 'failed', error: 'connect ECONNREFUSED' },
    });
    expect(chain.documents).toEqual([
      expect.objectContaining({ url: PRM, status: null, error: 'connect ECONNREFUSED' }),
    ]);
    expect(chain.diagnostics[0]!.message).toContain('ECONNREFUSED');
  });

  it.each([
    ['without the path', 'https://resource.example.com', 'names a parent'],
    ['with a trailing slash', `${RESOURCE}/`, 'trailing "/"'],
    ['on another host', 'https://other.example.com/resource1', ''],
  ])('refuses a resource %s (RFC 9728 §3.3)', (_label, resource, hint) => {
    const chain = run(RESOURCE, CHALLENGE, {
      ...goodServed,
      [PRM]: json({ ...resourceDoc, resource }),
    });
    expect(codesOf(chain)).toEqual(['error resource-metadata-resource-mismatch']);
    expect(chain.diagnostics[0]!.message).toContain(hint);
    expect(chain.diagnostics[0]!.document).toBe(0);
  });

  it('accepts spellings of the same URL, and compares without the query the client sent', () => {
    const chain = run(`${RESOURCE}?session=1`, CHALLENGE, {
      ...goodServed,
      [PRM]: json({ ...resourceDoc, resource: 'https://RESOURCE.example.com:443/resource1' }),
    });
    expect(codesOf(chain)).toEqual([]);
  });

  it('checks the issuer exactly, and names the trailing-slash case (RFC 8414 §3.3)', () => {
    const chain = run(RESOURCE, CHALLENGE, {
      ...goodServed,
      [AS_8414]: json({ ...serverDoc, issuer: `${ISSUER}/` }),
    });
    expect(codesOf(chain)).toEqual(['error authorization-server-issuer-mismatch']);
    expect(chain.diagnostics[0]!.message).toContain('only a trailing "/" differs');
    expect(chain.diagnostics[0]!.document).toBe(1);
  });

  it('reports each authorization-server requirement', () => {
    const chain = run(RESOURCE, CHALLENGE, {
      ...goodServed,
      [AS_8414]: json(
        { issuer: ISSUER, authorization_endpoint: 'http://server.example.com/a' },
        { 'Content-Type': 'text/plain' },
      ),
    });
    expect(codesOf(chain)).toEqual([
      'error authorization-server-metadata-invalid', // served as text/plain
      'error authorization-server-missing-response-types',
      'error authorization-server-missing-endpoint',
      'error authorization-server-endpoint-not-https',
      'error authorization-server-no-s256',
    ]);
  });

  it('follows each authorization server named, and reports a plain-http one without requesting it', () => {
    const other = 'https://as2.example.net';
    const chain = run(RESOURCE, CHALLENGE, {
      [PRM]: json({
        ...resourceDoc,
        authorization_servers: [ISSUER, 'http://as3.example.org', other],
      }),
      [AS_8414]: json(serverDoc),
      [`${other}/.well-known/openid-configuration`]: json({ ...serverDoc, issuer: other }),
    });
    expect(codesOf(chain)).toEqual(['error authorization-server-issuer-not-https']);
    expect(chain.notFollowed).toEqual([
      {
        url: 'http://as3.example.org',
        role: 'authorization-server-metadata',
        reason: 'the issuer is not an https URL',
      },
    ]);
    expect(chain.requested).toEqual([
      PRM,
      AS_8414,
      `${other}/.well-known/oauth-authorization-server`,
      `${other}/.well-known/openid-configuration`,
    ]);
  });

  it('reports resource metadata without resource, https or authorization servers', () => {
    expect(
      codesOf(
        run(RESOURCE, CHALLENGE, {
          [PRM]: json({ authorization_servers: [ISSUER] }),
          [AS_8414]: json(serverDoc),
        }),
      ),
    ).toEqual(['error resource-metadata-missing-resource']);
    expect(
      codesOf(
        run(RESOURCE, CHALLENGE, {
          [PRM]: json({ resource: RESOURCE, authorization_servers: [] }),
        }),
      ),
    ).toEqual(['error resource-metadata-no-authorization-servers']);
    expect(codesOf(run(RESOURCE, CHALLENGE, { [PRM]: json({ resource: RESOURCE }) }))).toEqual([
      'error resource-metadata-no-authorization-servers',
    ]);
    expect(codesOf(run(RESOURCE, CHALLENGE, { [PRM]: json('[1, 2]') }))).toEqual([
      'error resource-metadata-invalid',
    ]);
  });

  it('reads JSON members as own properties only, whatever the keys', () => {
    const hostile =
      '{"__proto__": {"resource": "x"}, "constructor": 1, "authorization_servers": ["https://server.example.com/issuer1"]}';
    const chain = run(RESOURCE, CHALLENGE, { [PRM]: json(hostile), [AS_8414]: json(serverDoc) });
    expect(codesOf(chain)).toEqual(['error resource-metadata-missing-resource']);
  });

  it('compares the challenged scope with scopes_supported, and DPoP algs with the server', () => {
    const chain = run(
      RESOURCE,
      `Bearer resource_metadata="${PRM}", scope="profile admin", DPoP algs="ES384"`,
      goodServed,
    );
    expect(codesOf(chain)).toEqual([
      'warning scope-not-in-scopes-supported',
      'warning dpop-algs-not-supported',
    ]);
    expect(chain.diagnostics[0]!.message).toContain('"admin"');
    const overlap = run(
      RESOURCE,
      `Bearer resource_metadata="${PRM}", DPoP algs="ES384 PS256"`,
      goodServed,
    );
    expect(codesOf(overlap)).toEqual([]);
  });

  it('wants a CORS-readable document for browser-based clients', () => {
    const bare = {
      ...json(resourceDoc),
      headers: [{ name: 'Content-Type', value: 'application/json' }],
    };
    expect(codesOf(run(RESOURCE, CHALLENGE, { ...goodServed, [PRM]: bare }))).toEqual([
      'warning metadata-not-cors-readable',
    ]);
  });

  it('starts from nothing without a Bearer or DPoP challenge', () => {
    const chain = run(RESOURCE, 'Basic realm="x"', goodServed);
    expect(chain).toMatchObject({ challenge: null, documents: [], diagnostics: [] });
    expect(chain.requested).toEqual([]);
  });

  it('follows the first challenge naming resource_metadata and lists the others', () => {
    const other = 'https://resource.example.com/.well-known/oauth-protected-resource';
    const chain = run(
      RESOURCE,
      `DPoP algs="ES256", Bearer resource_metadata="${PRM}", Bearer resource_metadata="${other}"`,
      goodServed,
    );
    expect(chain.challenge).toBe(1);
    expect(chain.notFollowed).toEqual([expect.objectContaining({ url: other })]);
  });
});

describe('limits on what the chain requests', () => {
  it('follows a redirect on the same origin, counted, and lists both requests', () => {
    const moved = 'https://resource.example.com/metadata.json';
    const chain = run(RESOURCE, CHALLENGE, {
      ...goodServed,
      [PRM]: status(301, moved),
      [moved]: json(resourceDoc),
    });
    expect(codesOf(chain)).toEqual([]);
    expect(chain.documents.map((d) => [d.url, d.status, d.source, d.location])).toEqual([
      [PRM, 301, 'resource_metadata', moved],
      [moved, 200, 'redirect', null],
      [AS_8414, 200, 'oauth-authorization-server', null],
    ]);
  });

  it('follows a redirect to an authorization server the metadata names, and no other origin', () => {
    const toServer = 'https://server.example.com/metadata';
    const named = run(RESOURCE, CHALLENGE, {
      ...goodServed,
      [AS_8414]: status(302, toServer),
      [toServer]: json(serverDoc),
    });
    expect(codesOf(named)).toEqual([]);
    const elsewhere = run(RESOURCE, CHALLENGE, {
      ...goodServed,
      [PRM]: status(302, 'https://evil.example.net/x'),
    });
    expect(codesOf(elsewhere)).toEqual(['error discovery-not-followed']);
    expect(elsewhere.notFollowed[0]!.reason).toContain('another origin, https://evil.example.net');
    expect(elsewhere.requested).toEqual([PRM]);
  });

  it('stops a redirect loop', () => {
    const b = 'https://resource.example.com/b';
    const chain = run(RESOURCE, CHALLENGE, { [PRM]: status(302, b), [b]: status(302, PRM) });
    expect(chain.requested).toEqual([PRM, b]);
    expect(chain.notFollowed.map((n) => n.reason)).toEqual(['a redirect loop']);
  });

  it(`makes at most ${MAX_DISCOVERY_REQUESTS} requests, redirects included, and says what it skipped`, () => {
    const servers = ['a', 'b', 'c', 'd'].map((n) => `https://${n}.example.com/t`);
    const chain = run(RESOURCE, CHALLENGE, {
      [PRM]: json({ ...resourceDoc, authorization_servers: servers }),
    });
    expect(chain.requested).toHaveLength(MAX_DISCOVERY_REQUESTS);
    expect(chain.documents).toHaveLength(MAX_DISCOVERY_REQUESTS);
    expect(chain.notFollowed.at(-1)!.reason).toContain(
      `limit of ${MAX_DISCOVERY_REQUESTS} requests`,
    );
    expect(codesOf(chain)).toContain('error discovery-not-followed');
    expect(run(RESOURCE, CHALLENGE, goodServed, { maxRequests: 1 }).requested).toEqual([PRM]);
  });

  it('requests each URL once', () => {
    const chain = run(RESOURCE, CHALLENGE, {
      [PRM]: json({ ...resourceDoc, authorization_servers: [ISSUER, ISSUER] }),
      [AS_8414]: json(serverDoc),
    });
    expect(chain.requested).toEqual([PRM, AS_8414]);
  });

  it('follows plain http only on loopback, and only from a plain-http loopback resource', () => {
    const local = 'http://127.0.0.1:5177/mcp';
    const localPrm = 'http://127.0.0.1:5177/.well-known/oauth-protected-resource/mcp';
    const served = {
      [localPrm]: json({
        ...resourceDoc,
        resource: local,
        authorization_servers: ['http://localhost:5177/as'],
      }),
      'http://localhost:5177/.well-known/oauth-authorization-server/as': json({
        ...serverDoc,
        issuer: 'http://localhost:5177/as',
        authorization_endpoint: 'http://localhost:5177/a',
        token_endpoint: 'http://localhost:5177/t',
      }),
    };
    const lab = run(local, `Bearer resource_metadata="${localPrm}"`, served);
    expect(codesOf(lab)).toEqual([
      'warning resource-metadata-resource-not-https',
      'warning authorization-server-issuer-not-https',
    ]);
    // From an https resource, even on loopback, plain http is a downgrade: not followed.
    const secure = run(
      'https://127.0.0.1:8443/mcp',
      `Bearer resource_metadata="${localPrm}"`,
      served,
    );
    expect(secure.requested).toEqual([]);
    expect(codesOf(secure)).toEqual(['error discovery-not-followed']);
  });

  it('leaves a remote plain-http resource_metadata to diagnose, which already reports it', () => {
    const http = 'http://resource.example.com/.well-known/oauth-protected-resource/resource1';
    const challenge = `Bearer resource_metadata="${http}"`;
    const chain = run(RESOURCE, challenge, {});
    expect(chain.requested).toEqual([]);
    expect(chain.notFollowed).toHaveLength(1);
    expect(codesOf(chain)).toEqual([]);
    expect(analyzeChallenges(challenge).diagnostics.map((d) => d.code)).toContain(
      'resource-metadata-not-https',
    );
  });

  it('never requests a URL with a user name or password', () => {
    const chain = run(
      RESOURCE,
      `Bearer resource_metadata="https://user:pw@resource.example.com/m"`,
      {},
    );
    expect(chain.requested).toEqual([]);
    expect(chain.notFollowed[0]!.reason).toContain('user name or password');
  });

  it("reports what the fetcher's own rules refused, without counting it as a request", () => {
    const chain = run(RESOURCE, CHALLENGE, {
      [PRM]: { kind: 'refused', reason: '10.0.0.7 is a private address' },
    });
    expect(chain.documents).toEqual([]);
    expect(chain.notFollowed).toEqual([
      { url: PRM, role: 'resource-metadata', reason: '10.0.0.7 is a private address' },
    ]);
    expect(codesOf(chain)).toEqual(['error discovery-not-followed']);
  });
});

describe('drivers', () => {
  it('followDiscovery asks a fetcher one URL at a time, and a throwing fetcher is a failed request', async () => {
    const asked: string[] = [];
    const chain = await followDiscovery(
      { url: RESOURCE, challenges: parseChallenges(CHALLENGE).challenges },
      async (url) => {
        asked.push(url);
        if (url === AS_8414) throw new Error('socket hang up');
        return goodServed[url] ?? status(404);
      },
    );
    expect(asked).toEqual([PRM, AS_8414, OIDC_INSERTED, OIDC_APPENDED]);
    expect(chain.documents[1]).toMatchObject({ status: null, error: 'socket hang up' });
  });

  it('never throws and stays within its limit, whatever the responses', () => {
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom(RESOURCE, PRM, ISSUER, AS_8414, 'http://127.0.0.1/x', '__proto__'),
    );
    const value = fc.oneof(text, fc.array(text, { maxLength: 4 }), fc.integer(), fc.constant(null));
    const body = fc.oneof(
      fc.string(),
      fc
        .dictionary(
          fc.constantFrom(
            'resource',
            'authorization_servers',
            'issuer',
            'scopes_supported',
            'code_challenge_methods_supported',
            'dpop_signing_alg_values_supported',
            '__proto__',
          ),
          value,
        )
        .map((o) => JSON.stringify(o)),
    );
    const outcome: fc.Arbitrary<FetchOutcome> = fc.oneof(
      fc.record({
        kind: fc.constant('response' as const),
        status: fc.constantFrom(200, 301, 404, 500),
        headers: fc.constant([]),
        body,
        location: text,
      }),
      fc.record({ kind: fc.constant('failed' as const), error: fc.string() }),
      fc.record({ kind: fc.constant('refused' as const), reason: fc.string() }),
    );
    fc.assert(
      fc.property(
        fc.array(outcome, { maxLength: 12 }),
        text,
        fc.string(),
        (outcomes, url, challenge) => {
          const steps = discover({
            url,
            challenges: parseChallenges(`Bearer ${challenge}`).challenges,
          });
          let step = steps.next();
          let n = 0;
          while (!step.done) step = steps.next(outcomes[n++ % Math.max(outcomes.length, 1)]);
          expect(n).toBeLessThanOrEqual(MAX_DISCOVERY_REQUESTS);
          for (const d of step.value.diagnostics) expect(codes).toHaveProperty(d.code);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('challenge checks in diagnose', () => {
  it('flags insufficient_scope without scope, and a Bearer challenge after another one', () => {
    const codesFor = (field: string, status?: number) =>
      analyzeChallenges(field, status ? { status } : {}).diagnostics.map((d) => d.code);
    expect(codesFor('Bearer error="insufficient_scope"', 403)).toContain(
      'insufficient-scope-without-scope',
    );
    expect(codesFor('Bearer error="insufficient_scope", scope="write"', 403)).not.toContain(
      'insufficient-scope-without-scope',
    );
    expect(codesFor('Negotiate, Bearer realm="api"')).toContain('bearer-not-first');
    expect(codesFor('Bearer realm="api", Negotiate')).not.toContain('bearer-not-first');
  });
});

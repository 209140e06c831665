// The discovery chain, as an MCP client follows it: from a Bearer or DPoP challenge to the
// protected resource's metadata (RFC 9728), then to each authorization server's metadata (RFC
// 8414, OpenID Connect Discovery), with every check on the way.
//
// The chain is a generator that yields the URL it needs next and is handed back what fetching it
// gave; it performs no I/O. followDiscovery drives it with any fetcher (Node's in the CLI, the
// browser's in the panel); discoveryFromResponses drives it from responses already at hand, which
// is how the tests and the examples use it. The same rules apply to every URL, redirects included:
// https only (plain http only on loopback when the checked URL is plain http on loopback), no user
// name or password in the URL, only the resource's own origin and the origins of the authorization
// servers its metadata names, and a handful of requests in all. Pure; never throws.
import { diagnostic, type Code } from '../codes.ts';
import type { Challenge, Diagnostic } from '../types.ts';
import { checkAuthorizationServerMetadata, judgeIssuer } from './authorization-server.ts';
import { challengeFacts, type ChallengeFacts } from './challenge.ts';
import {
  fieldsOf,
  headerOf,
  readJsonObject,
  shown,
  stringsMember,
  type DocumentFields,
  type FetchOutcome,
  type JsonObject,
} from './documents.ts';
import { checkResourceMetadata } from './resource-metadata.ts';
import {
  authorizationServerLocations,
  isLoopback,
  originOf,
  readHttpUrl,
  resourceMetadataLocations,
  type AuthorizationServerSource,
  type HttpUrl,
  type Location,
  type ResourceMetadataSource,
} from './urls.ts';

/** Requests per checked URL, redirects included: enough for one resource and two servers. */
export const MAX_DISCOVERY_REQUESTS = 8;

export interface DiscoveryStart {
  /** The URL whose response carried the challenges: the resource the client asked for. */
  url: string;
  /** The challenges of that response's WWW-Authenticate field. */
  challenges: readonly Challenge[];
}

export interface DiscoveryOptions {
  /** At most this many requests (default MAX_DISCOVERY_REQUESTS). */
  maxRequests?: number;
}

export type DocumentRole = 'resource-metadata' | 'authorization-server-metadata';
export type DocumentSource = ResourceMetadataSource | AuthorizationServerSource | 'redirect';

/** One request of the chain and what came back. */
export interface DiscoveryDocument {
  role: DocumentRole;
  url: string;
  /** How the URL was found: named by the challenge, a well-known location, or a redirect. */
  source: DocumentSource;
  /** The resource identifier or issuer the document is asked to describe. */
  describes: string;
  /** null when no response arrived (see `error`). */
  status: number | null;
  error: string | null;
  /** For a redirect: where it pointed. */
  location: string | null;
  /** Whether the chain read this response as the document (the first 200 of its locations). */
  used: boolean;
  /** The members that matter, for a document read as a JSON object. */
  fields: DocumentFields | null;
}

/** A URL the chain met but did not request, and why. */
export interface NotFollowed {
  url: string;
  role: DocumentRole;
  reason: string;
}

/** A diagnostic, and the index in `documents` of the document it is about, when there is one. */
export type DiscoveryDiagnostic = Diagnostic & { document?: number };

export interface DiscoveryChain {
  /** Index of the challenge followed; null when no Bearer or DPoP challenge was offered. */
  challenge: number | null;
  /** The protected resource's identifier: the URL requested, without query and fragment. */
  resource: string | null;
  documents: DiscoveryDocument[];
  notFollowed: NotFollowed[];
  diagnostics: DiscoveryDiagnostic[];
}

const RESOURCE_FIELDS = [
  'resource',
  'authorization_servers',
  'scopes_supported',
  'bearer_methods_supported',
  'dpop_signing_alg_values_supported',
  'dpop_bound_access_tokens_required',
  'resource_name',
] as const;

const SERVER_FIELDS = [
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'registration_endpoint',
  'response_types_supported',
  'grant_types_supported',
  'code_challenge_methods_supported',
  'scopes_supported',
  'dpop_signing_alg_values_supported',
  'client_id_metadata_document_supported',
] as const;

/** Fetches one URL for the chain; see FetchOutcome for what it must and must not do. */
export type Fetcher = (url: string) => Promise<FetchOutcome>;

/** Follows the chain with a fetcher, one request at a time. Never rejects. */
export async function followDiscovery(
  start: DiscoveryStart,
  fetcher: Fetcher,
  options: DiscoveryOptions = {},
): Promise<DiscoveryChain> {
  const steps = discover(start, options);
  let step = steps.next();
  while (!step.done) {
    let outcome: FetchOutcome;
    try {
      outcome = await fetcher(step.value);
    } catch (error) {
      outcome = { kind: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
    step = steps.next(outcome);
  }
  return step.value;
}

/**
 * The chain from responses already at hand (recorded, imported, or made up in a test): `answer`
 * gives the outcome for a URL, and a URL it has none for counts as not answered.
 */
export function discoveryFromResponses(
  start: DiscoveryStart,
  answer: (url: string) => FetchOutcome | undefined,
  options: DiscoveryOptions = {},
): DiscoveryChain {
  const steps = discover(start, options);
  let step = steps.next();
  while (!step.done) {
    step = steps.next(answer(step.value) ?? { kind: 'failed', error: 'no response was recorded' });
  }
  return step.value;
}

interface State {
  start: HttpUrl;
  /** The checked URL is plain http on loopback: the one case where plain http is followed. */
  localHttp: boolean;
  maxRequests: number;
  requests: number;
  /** Origins the chain may visit: the resource's, then those of the servers it names. */
  origins: Set<string>;
  /** Each URL is requested once; a second need reuses the first answer. */
  seen: Map<string, { outcome: FetchOutcome; document: number | null }>;
  chain: DiscoveryChain;
}

type Answer =
  | {
      kind: 'response';
      document: number;
      status: number;
      outcome: FetchOutcome & { kind: 'response' };
    }
  | { kind: 'failed'; document: number | null; error: string }
  | { kind: 'stopped' };

type Steps<T> = Generator<string, T, FetchOutcome | undefined>;

/** The chain itself: yields each URL to fetch, receives its outcome, returns the chain. */
export function* discover(
  start: DiscoveryStart,
  options: DiscoveryOptions = {},
): Steps<DiscoveryChain> {
  const chain: DiscoveryChain = {
    challenge: null,
    resource: null,
    documents: [],
    notFollowed: [],
    diagnostics: [],
  };
  const facts = challengeFacts(start.challenges);
  const url = readHttpUrl(start.url);
  if (!facts || !url) return chain;
  chain.challenge = facts.index;
  chain.resource = `${originOf(url)}${url.path}`;
  const state: State = {
    start: url,
    localHttp: url.scheme === 'http' && isLoopback(url),
    maxRequests: Math.max(1, Math.floor(options.maxRequests ?? MAX_DISCOVERY_REQUESTS)),
    requests: 0,
    origins: new Set([originOf(url)]),
    seen: new Map(),
    chain,
  };
  for (const other of facts.otherResourceMetadata) {
    chain.notFollowed.push({
      url: other,
      role: 'resource-metadata',
      reason: 'another challenge names this resource_metadata; a chain follows the first one',
    });
  }
  const resource = yield* resourceMetadata(state, facts);
  if (!resource) return chain;
  const servers: Found[] = [];
  const verdicts = resource.servers.map((issuer) => ({
    issuer,
    verdict: judgeIssuer(issuer, state.localHttp),
  }));
  for (const { verdict } of verdicts) if (verdict.follow) state.origins.add(originOf(verdict.url));
  for (const { issuer, verdict } of verdicts) {
    if (verdict.diagnostic) add(state, verdict.diagnostic, resource.document);
    if (!verdict.follow) {
      chain.notFollowed.push({
        url: issuer,
        role: 'authorization-server-metadata',
        reason: 'the issuer is not an https URL',
      });
      continue;
    }
    const found = yield* authorizationServer(state, issuer, verdict.url);
    if (found) servers.push(found);
  }
  crossCheck(state, facts, resource, servers);
  return chain;
}

/** A document the chain read as a JSON object. */
interface Found {
  document: number;
  object: JsonObject;
}

interface ResourceFound extends Found {
  servers: string[];
}

/** What differs between the two kinds of document while looking for one. */
const kinds = {
  'resource-metadata': {
    name: 'resource metadata',
    invalid: 'resource-metadata-invalid',
    rule: 'RFC 9728 §3.2',
    fields: RESOURCE_FIELDS,
  },
  'authorization-server-metadata': {
    name: 'authorization server metadata',
    invalid: 'authorization-server-metadata-invalid',
    rule: 'RFC 8414 §3.2',
    fields: SERVER_FIELDS,
  },
} as const satisfies Record<
  DocumentRole,
  { name: string; invalid: Code; rule: string; fields: readonly string[] }
>;

type Lookup<S extends DocumentSource> =
  | (Found & { location: Location<S>; at: string; kind: 'found' })
  /** No location answered 200: each one tried, with what it gave. */
  | { kind: 'none'; tried: string[] }
  /** A URL was not followed, or the 200 was not a JSON object: already diagnosed. */
  | { kind: 'stopped' };

/**
 * Tries the locations in order and takes the first 200 as the document, as clients do (a login
 * page there stops them too).
 */
function* firstDocument<S extends DocumentSource>(
  state: State,
  locations: readonly Location<S>[],
  role: DocumentRole,
  quietScheme: (location: Location<S>) => boolean = () => false,
): Steps<Lookup<S>> {
  const { chain } = state;
  const kind = kinds[role];
  const tried: string[] = [];
  for (const location of locations) {
    const answer = yield* request(state, location, role, quietScheme(location));
    if (answer.kind === 'stopped') return answer;
    if (answer.kind === 'failed' || answer.status !== 200) {
      tried.push(
        `${location.url} (${answer.kind === 'failed' ? answer.error : `status ${answer.status}`})`,
      );
      continue;
    }
    const { document } = answer;
    const entry = chain.documents[document]!;
    entry.used = true;
    const read = readJsonObject(answer.outcome);
    if (!read.ok) {
      add(
        state,
        diagnostic(
          kind.invalid,
          `The ${kind.name} at ${entry.url} ${read.problem}. ${kind.rule}: a 200 response carries a JSON object as application/json, and clients take the first location that answers 200, so a login or error page here stops them.`,
          null,
        ),
        document,
      );
      return { kind: 'stopped' };
    }
    if (read.mediaType !== 'application/json') {
      add(
        state,
        diagnostic(
          kind.invalid,
          `The ${kind.name} at ${entry.url} is JSON served as "${read.mediaType || 'no content type'}"; ${kind.rule} asks for application/json, and strict clients check it.`,
          null,
        ),
        document,
      );
    }
    entry.fields = fieldsOf(read.object, kind.fields);
    checkCorsReadable(state, document, answer.outcome);
    return { kind: 'found', document, object: read.object, location, at: entry.url };
  }
  return { kind: 'none', tried };
}

function* resourceMetadata(state: State, facts: ChallengeFacts): Steps<ResourceFound | null> {
  const locations: Location<ResourceMetadataSource>[] =
    facts.resourceMetadata !== null
      ? [
          {
            url: facts.resourceMetadata,
            source: 'resource_metadata',
            identifier: state.chain.resource!,
          },
        ]
      : resourceMetadataLocations(state.start);
  // A plain-http resource_metadata on a remote host is already diagnose's resource-metadata-not-https.
  const quiet = (l: Location<ResourceMetadataSource>) =>
    l.source === 'resource_metadata' && !isLoopbackUrl(l.url);
  const found = yield* firstDocument(state, locations, 'resource-metadata', quiet);
  if (found.kind === 'stopped') return null;
  if (found.kind === 'none') {
    add(
      state,
      diagnostic(
        'resource-metadata-unreachable',
        facts.resourceMetadata !== null
          ? `The resource metadata named by resource_metadata could not be read: ${found.tried.join('; ')}. RFC 9728 §3.2 asks for a 200 response with the JSON document; without it clients cannot discover how to get a token.`
          : `The challenge names no resource_metadata, and no metadata was found at the well-known locations: ${found.tried.join('; ')}. MCP servers must offer one or the other (RFC 9728 §3, §5.1), or clients cannot discover how to get a token.`,
        null,
        { challenge: facts.index },
      ),
    );
    return null;
  }
  const { document, object, location, at } = found;
  if (location.source !== 'resource_metadata') {
    add(
      state,
      diagnostic(
        'challenge-without-resource-metadata',
        `The challenge has no resource_metadata; the metadata was found at the well-known ${at} instead. MCP 2025-11-25 clients look there, but clients of earlier revisions only follow resource_metadata (RFC 9728 §5.1).`,
        null,
        { challenge: facts.index },
      ),
      document,
    );
  }
  const findings = checkResourceMetadata(object, {
    at,
    identifier: location.identifier,
    viaChallenge: location.source === 'resource_metadata',
    localHttp: state.localHttp,
  });
  for (const d of findings.diagnostics) add(state, d, document);
  return { document, object, servers: findings.authorizationServers };
}

function* authorizationServer(state: State, issuer: string, url: HttpUrl): Steps<Found | null> {
  const locations = authorizationServerLocations(issuer, url);
  const found = yield* firstDocument(state, locations, 'authorization-server-metadata');
  if (found.kind === 'stopped') return null;
  if (found.kind === 'none') {
    add(
      state,
      diagnostic(
        'authorization-server-metadata-unreachable',
        `No metadata for the authorization server ${shown(issuer)} at any location MCP clients try, in order: ${found.tried.join('; ')}. The server must publish RFC 8414 or OpenID Connect Discovery metadata.`,
        null,
      ),
    );
    return null;
  }
  const { document, object, at } = found;
  for (const d of checkAuthorizationServerMetadata(object, {
    at,
    issuer,
    localHttp: state.localHttp,
  })) {
    add(state, d, document);
  }
  return { document, object };
}

/** Requests one location, following redirects under the same rules, each counted. */
function* request(
  state: State,
  location: Location<DocumentSource>,
  role: DocumentRole,
  quietScheme: boolean,
): Steps<Answer> {
  const { chain } = state;
  let url = location.url;
  let source: DocumentSource = location.source;
  const visited = new Set<string>();
  for (;;) {
    const refusal = refuse(state, url, visited);
    if (refusal) {
      chain.notFollowed.push({ url, role, reason: refusal.reason });
      if (!(quietScheme && refusal.scheme && url === location.url)) {
        add(state, notFollowed(url, refusal.reason, role));
      }
      return { kind: 'stopped' };
    }
    visited.add(url);
    let seen = state.seen.get(url);
    if (!seen) {
      state.requests++;
      const outcome: FetchOutcome = (yield url) ?? { kind: 'failed', error: 'no outcome' };
      seen = { outcome, document: null };
      if (outcome.kind !== 'refused') {
        seen.document = chain.documents.length;
        chain.documents.push({
          role,
          url,
          source,
          describes: location.identifier,
          status: outcome.kind === 'response' ? outcome.status : null,
          error: outcome.kind === 'failed' ? outcome.error : null,
          location: null,
          used: false,
          fields: null,
        });
      } else {
        state.requests--; // the fetcher made no request
      }
      state.seen.set(url, seen);
    }
    const { outcome, document } = seen;
    if (outcome.kind === 'refused') {
      chain.notFollowed.push({ url, role, reason: outcome.reason });
      add(state, notFollowed(url, outcome.reason, role));
      return { kind: 'stopped' };
    }
    if (outcome.kind === 'failed') return { kind: 'failed', document, error: outcome.error };
    if (isRedirect(outcome.status) && outcome.location !== undefined) {
      chain.documents[document!]!.location = outcome.location;
      url = outcome.location;
      source = 'redirect';
      continue;
    }
    return { kind: 'response', document: document!, status: outcome.status, outcome };
  }
}

const isRedirect = (status: number) => [301, 302, 303, 307, 308].includes(status);

function refuse(
  state: State,
  url: string,
  visited: ReadonlySet<string>,
): { reason: string; scheme?: true } | null {
  const parsed = readHttpUrl(url);
  if (!parsed) return { reason: 'not an absolute http(s) URL', scheme: true };
  if (parsed.userinfo) {
    return {
      reason: 'the URL carries a user name or password, and discovery never sends credentials',
    };
  }
  if (parsed.scheme !== 'https' && !(state.localHttp && isLoopback(parsed))) {
    return {
      reason: state.localHttp
        ? 'plain http to a host that is not loopback'
        : 'plain http, while discovery follows only https (plain http only on loopback, when the checked URL is plain http on loopback too)',
      scheme: true,
    };
  }
  if (!state.origins.has(originOf(parsed))) {
    return {
      reason: `another origin, ${originOf(parsed)}, that is neither the resource's nor one of the authorization servers its metadata names`,
    };
  }
  if (visited.has(url)) return { reason: 'a redirect loop' };
  if (!state.seen.has(url) && state.requests >= state.maxRequests) {
    return { reason: `the limit of ${state.maxRequests} requests per checked URL is reached` };
  }
  return null;
}

function notFollowed(url: string, reason: string, role: DocumentRole): Diagnostic {
  const what = role === 'resource-metadata' ? 'resource metadata' : 'authorization server metadata';
  return diagnostic(
    'discovery-not-followed',
    `The ${what} at ${shown(url)} was not requested: ${reason}. The chain cannot be verified past this point, and a client with the same safety rules stops here too.`,
    null,
  );
}

function add(state: State, d: Diagnostic, document?: number): void {
  state.chain.diagnostics.push(document === undefined ? d : { ...d, document });
}

/** A browser-based client reads a cross-origin document only with Access-Control-Allow-Origin. */
function checkCorsReadable(
  state: State,
  document: number,
  outcome: FetchOutcome & { kind: 'response' },
): void {
  if (headerOf(outcome.headers, 'access-control-allow-origin') !== undefined) return;
  add(
    state,
    diagnostic(
      'metadata-not-cors-readable',
      `The metadata at ${state.chain.documents[document]!.url} has no Access-Control-Allow-Origin, so MCP clients running in a browser (on another origin) cannot read it.`,
      null,
    ),
    document,
  );
}

/** What the challenge asks for against what the documents offer: scopes and DPoP algorithms. */
function crossCheck(
  state: State,
  facts: ChallengeFacts,
  resource: ResourceFound,
  servers: readonly Found[],
): void {
  if (facts.scopes.length > 0) {
    // The resource's list is the one that speaks for it; the server's only when the resource has none.
    const resourceScopes = stringsMember(resource.object, 'scopes_supported');
    const [where, listed, whose] =
      resourceScopes !== null
        ? [resource.document, resourceScopes, 'resource']
        : [
            servers[0]?.document,
            servers[0] ? stringsMember(servers[0].object, 'scopes_supported') : null,
            'authorization server',
          ];
    const missing = listed === null ? [] : facts.scopes.filter((s) => !listed.includes(s));
    if (where !== undefined && missing.length > 0) {
      add(
        state,
        diagnostic(
          'scope-not-in-scopes-supported',
          `The challenge asks for scope ${shown(missing.join(' '))}, which the ${whose} metadata's scopes_supported does not list. MCP lets the two differ, but a client that requests only listed scopes, or an authorization server that refuses unlisted ones, leaves the user without access.`,
          null,
          { challenge: facts.index },
        ),
        where,
      );
    }
  }
  const algs = facts.dpopAlgs;
  if (algs === null || algs.length === 0) return;
  const sides: Array<{ found: Found; whose: string }> = [
    { found: resource, whose: 'resource' },
    ...servers.map((found) => ({ found, whose: 'authorization server' })),
  ];
  for (const { found, whose } of sides) {
    const listed = stringsMember(found.object, 'dpop_signing_alg_values_supported');
    // The resource may leave its list out (RFC 9728 §2: OPTIONAL); the server's list is how a
    // client learns that it accepts DPoP proofs at all (RFC 9449 §5.1).
    if (listed === null && whose === 'resource') continue;
    if (listed !== null && algs.some((a) => listed.includes(a))) continue;
    add(
      state,
      diagnostic(
        'dpop-algs-not-supported',
        listed === null
          ? `The DPoP challenge accepts ${shown(algs.join(' '))}, but the authorization server metadata lists no dpop_signing_alg_values_supported, so a client cannot tell whether it binds tokens to a DPoP key (RFC 9449 §5.1).`
          : `The DPoP challenge accepts ${shown(algs.join(' '))}, the ${whose} metadata lists ${shown(listed.join(' '))}: no algorithm in common, so one DPoP key cannot serve both (RFC 9449 §5.1, §7.1).`,
        null,
        { challenge: facts.index },
      ),
      found.document,
    );
  }
}

function isLoopbackUrl(url: string): boolean {
  const parsed = readHttpUrl(url);
  return parsed !== null && isLoopback(parsed);
}

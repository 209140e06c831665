// Checks on a protected resource's metadata document (RFC 9728 §2, §3.3) once it has been read as a
// JSON object: the resource it names and the authorization servers it points to. Pure; never
// throws.
import { diagnostic } from '../codes.ts';
import type { Diagnostic } from '../types.ts';
import { member, shown, stringMember, type JsonObject } from './documents.ts';
import { isLoopback, readHttpUrl, sameResource, type HttpUrl } from './urls.ts';

export interface ResourceContext {
  /** Where the document came from. */
  at: string;
  /**
   * The identifier `resource` must equal (RFC 9728 §3.3): the URL requested when the document was
   * named by resource_metadata, else the identifier the well-known URL was formed from.
   */
  identifier: string;
  viaChallenge: boolean;
  /** The checked URL is plain http on loopback: a local lab, where http is a warning only. */
  localHttp: boolean;
}

export interface ResourceFindings {
  diagnostics: Diagnostic[];
  /** The authorization_servers entries that are strings, each once, in order. */
  authorizationServers: string[];
}

export function checkResourceMetadata(
  document: JsonObject,
  context: ResourceContext,
): ResourceFindings {
  const diagnostics: Diagnostic[] = [];
  const add = (...args: Parameters<typeof diagnostic>) => diagnostics.push(diagnostic(...args));
  const { at } = context;
  const resource = stringMember(document, 'resource');
  if (resource === undefined) {
    add(
      'resource-metadata-missing-resource',
      `The resource metadata at ${at} has no "resource" string, which RFC 9728 §2 requires; clients cannot tell which resource it describes and must not use it.`,
      null,
    );
  } else {
    const url = readHttpUrl(resource);
    if (!url || url.scheme !== 'https' || url.fragment !== null) {
      const local = url !== null && url.fragment === null && context.localHttp && isLoopback(url);
      add(
        'resource-metadata-resource-not-https',
        `"resource" is ${shown(resource)}; RFC 9728 §2 makes it an https URL without a fragment${local ? ' (harmless in a loopback lab, never in a deployment)' : ''}.`,
        null,
        local ? { severity: 'warning' } : {},
      );
    }
    const expected = readHttpUrl(context.identifier);
    if (!url || !expected || !sameResource(url, expected)) {
      add(
        'resource-metadata-resource-mismatch',
        mismatchMessage(resource, url, context, expected),
        null,
      );
    }
  }
  const servers = member(document, 'authorization_servers');
  const named = Array.isArray(servers)
    ? [...new Set(servers.filter((s): s is string => typeof s === 'string' && s !== ''))]
    : [];
  if (named.length === 0) {
    const what = !Array.isArray(servers)
      ? servers === undefined
        ? 'has no "authorization_servers"'
        : '"authorization_servers" is not an array'
      : servers.length === 0
        ? 'lists no authorization server ("authorization_servers" is empty)'
        : '"authorization_servers" holds no issuer URL string';
    add(
      'resource-metadata-no-authorization-servers',
      `The resource metadata at ${at} ${what}. MCP servers MUST name at least one, or clients cannot find where to get a token.`,
      null,
    );
  } else if (Array.isArray(servers) && named.length < servers.length) {
    const skipped = servers.length - named.length;
    add(
      'resource-metadata-no-authorization-servers',
      `${skipped} of the ${servers.length} "authorization_servers" entries are not issuer URL strings (or repeat one); clients skip them.`,
      null,
      { severity: 'warning' },
    );
  }
  return { diagnostics, authorizationServers: named };
}

function mismatchMessage(
  resource: string,
  url: HttpUrl | null,
  context: ResourceContext,
  expected: HttpUrl | null,
): string {
  const rule = context.viaChallenge
    ? `the URL the client requested, ${context.identifier} (RFC 9728 §3.3: the metadata was named by the challenge's resource_metadata)`
    : `${context.identifier}, the identifier its well-known URL was formed from (RFC 9728 §3.3)`;
  let hint = '';
  if (url && expected && url.host === expected.host && url.port === expected.port) {
    const path = url.path === '' ? '/' : url.path;
    const wanted = expected.path === '' ? '/' : expected.path;
    if (path.replace(/\/$/, '') === wanted.replace(/\/$/, '')) {
      hint = ' Only a trailing "/" differs, and that is enough for a client comparing exactly.';
    } else if (wanted.startsWith(path.endsWith('/') ? path : `${path}/`)) {
      hint =
        ' It names a parent of the resource: some MCP SDKs accept that, but RFC 9728 asks for the exact URL and strict clients refuse the document.';
    }
  }
  return `The resource metadata names resource ${shown(resource)}, which is not ${rule}. Clients must not use metadata for another resource.${hint}`;
}

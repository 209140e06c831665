// The URLs of the discovery chain, built as the specifications say: the RFC 9728 §3.1 well-known
// URL of a protected resource, the RFC 8414 §3.1 and OpenID Connect locations of an authorization
// server's metadata, in the order MCP clients try them. src/core has no URL API, so URLs are read
// by hand (splitUrl, plus what discovery needs besides); the fetcher does the real resolution. Pure.
import { splitUrl } from '../url-pattern.ts';

/** An absolute URL's parts, as discovery needs them. */
export interface HttpUrl {
  /** Lower-cased, without "://". */
  scheme: string;
  /** Whether a user name or password is written before the host. */
  userinfo: boolean;
  /** Lower-cased host; IPv6 keeps its brackets. */
  host: string;
  /** Decimal port, the scheme's default when none is written. */
  port: string;
  /** As written, "/" when empty. */
  path: string;
  /** Without the "?", null when absent. */
  query: string | null;
  /** Without the "#", null when absent. */
  fragment: string | null;
}

const defaultPorts: Record<string, string> = { http: '80', https: '443' };

/** An absolute http or https URL, or null. Never throws. */
export function readHttpUrl(url: string): HttpUrl | null {
  const parts = splitUrl(url);
  if (!parts || (parts.scheme !== 'http' && parts.scheme !== 'https')) return null;
  const afterScheme = url.indexOf('://') + 3;
  const authorityEnd = url.slice(afterScheme).search(/[/?#]|$/) + afterScheme;
  const authority = url.slice(afterScheme, authorityEnd);
  if (/[\s\\]/.test(authority) || parts.port.length > 5) return null;
  const hash = url.indexOf('#', authorityEnd);
  const beforeHash = hash === -1 ? url : url.slice(0, hash);
  const question = beforeHash.indexOf('?', authorityEnd);
  return {
    ...parts,
    userinfo: authority.includes('@'),
    query: question === -1 ? null : beforeHash.slice(question + 1),
    fragment: hash === -1 ? null : url.slice(hash + 1),
  };
}

/** scheme://host[:port], the port only when it is not the scheme's default (RFC 6454 §6.2). */
export function originOf(url: HttpUrl): string {
  const port = url.port === defaultPorts[url.scheme] ? '' : `:${url.port}`;
  return `${url.scheme}://${url.host}${port}`;
}

/** Loopback hosts never put traffic on a network (the same test as diagnose's transport checks). */
export function isLoopback(url: HttpUrl): boolean {
  const host = url.host;
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/**
 * Whether two URLs name the same resource: scheme, host and port compared as RFC 3986 §6.2.2–6.2.3
 * normalises them (case, default port, an empty path is "/"), the path exactly, query and fragment
 * aside. RFC 9728 §3.3 asks for identical values; this forgives only spellings of the same URL.
 */
export function sameResource(a: HttpUrl, b: HttpUrl): boolean {
  const path = (u: HttpUrl) => (u.path === '' ? '/' : u.path);
  return a.scheme === b.scheme && a.host === b.host && a.port === b.port && path(a) === path(b);
}

/** A candidate location of a metadata document: its URL and what the spec calls it. */
export interface Location<Source extends string> {
  url: string;
  source: Source;
  /** The identifier the document found there must name (RFC 9728 §3.3, RFC 8414 §3.3). */
  identifier: string;
}

export type ResourceMetadataSource = 'resource_metadata' | 'well-known' | 'well-known-root';
export type AuthorizationServerSource =
  'oauth-authorization-server' | 'openid-configuration' | 'openid-configuration-appended';

const PROTECTED_RESOURCE = '/.well-known/oauth-protected-resource';
const AUTHORIZATION_SERVER = '/.well-known/oauth-authorization-server';
const OPENID_CONFIGURATION = '/.well-known/openid-configuration';

/**
 * Where a client looks for a resource's metadata when the challenge names none: the well-known
 * suffix inserted between the host and the path (RFC 9728 §3.1), then, for a resource with a path,
 * the root (MCP 2025-11-25, "Protected Resource Metadata Discovery Requirements"). Query and
 * fragment are not part of the identifier (RFC 8707 §2).
 */
export function resourceMetadataLocations(resource: HttpUrl): Location<ResourceMetadataSource>[] {
  const origin = originOf(resource);
  const root = { url: `${origin}${PROTECTED_RESOURCE}`, identifier: origin };
  if (resource.path === '' || resource.path === '/') return [{ ...root, source: 'well-known' }];
  return [
    {
      url: `${origin}${PROTECTED_RESOURCE}${resource.path}`,
      source: 'well-known',
      identifier: `${origin}${resource.path}`,
    },
    { ...root, source: 'well-known-root' },
  ];
}

/**
 * Where an authorization server's metadata may be, in the order MCP 2025-11-25 ("Authorization
 * Server Metadata Discovery") tells clients to try: for an issuer with a path, RFC 8414 §3.1 path
 * insertion, OpenID Connect path insertion, then OpenID Connect Discovery §4 path appending; for
 * one without, the two root documents. A terminating "/" of the path is removed first (RFC 8414
 * §3.1, OpenID Connect Discovery §4). The identifier is the issuer exactly as the resource named it.
 */
export function authorizationServerLocations(
  issuer: string,
  url: HttpUrl,
): Location<AuthorizationServerSource>[] {
  const origin = originOf(url);
  const path = url.path.replace(/\/$/, '');
  if (path === '') {
    return [
      {
        url: `${origin}${AUTHORIZATION_SERVER}`,
        source: 'oauth-authorization-server',
        identifier: issuer,
      },
      {
        url: `${origin}${OPENID_CONFIGURATION}`,
        source: 'openid-configuration',
        identifier: issuer,
      },
    ];
  }
  return [
    {
      url: `${origin}${AUTHORIZATION_SERVER}${path}`,
      source: 'oauth-authorization-server',
      identifier: issuer,
    },
    {
      url: `${origin}${OPENID_CONFIGURATION}${path}`,
      source: 'openid-configuration',
      identifier: issuer,
    },
    {
      url: `${origin}${path}${OPENID_CONFIGURATION}`,
      source: 'openid-configuration-appended',
      identifier: issuer,
    },
  ];
}

// Checks on an authorization server: its issuer identifier as the resource names it (RFC 8414 §2),
// and its metadata document once read as a JSON object (RFC 8414 §2, §3.3; OpenID Connect
// Discovery §4.3; the MCP authorization rules on PKCE). Pure; never throws.
import { diagnostic } from '../codes.ts';
import type { Diagnostic } from '../types.ts';
import { shown, stringMember, stringsMember, type JsonObject } from './documents.ts';
import { isLoopback, readHttpUrl, type HttpUrl } from './urls.ts';

/** How an issuer identifier fares: followable, followable in a loopback lab only, or not at all. */
export type IssuerVerdict =
  | { follow: true; url: HttpUrl; diagnostic: Diagnostic | null }
  | { follow: false; diagnostic: Diagnostic };

/**
 * RFC 8414 §2: the issuer is an https URL with no query or fragment. Plain http on loopback is
 * followed (with a warning) only when the checked URL is plain http on loopback too.
 */
export function judgeIssuer(issuer: string, localHttp: boolean): IssuerVerdict {
  const url = readHttpUrl(issuer);
  const problem =
    url === null
      ? 'is not an absolute http(s) URL'
      : url.query !== null || url.fragment !== null
        ? 'has a query or fragment'
        : url.scheme !== 'https'
          ? 'is plain http'
          : null;
  if (url && problem === null) return { follow: true, url, diagnostic: null };
  const message = `The authorization server ${shown(issuer)} ${problem}; RFC 8414 §2 makes an issuer an https URL without query or fragment, and MCP requires every authorization server endpoint to be served over https.`;
  if (url && problem === 'is plain http' && localHttp && isLoopback(url)) {
    return {
      follow: true,
      url,
      diagnostic: diagnostic(
        'authorization-server-issuer-not-https',
        `${message} Followed here because the checked URL is plain http on loopback too.`,
        null,
        { severity: 'warning' },
      ),
    };
  }
  return {
    follow: false,
    diagnostic: diagnostic('authorization-server-issuer-not-https', message, null),
  };
}

export interface ServerContext {
  at: string;
  /** The issuer identifier, exactly as authorization_servers gave it. */
  issuer: string;
  localHttp: boolean;
}

const ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'registration_endpoint'] as const;

export function checkAuthorizationServerMetadata(
  document: JsonObject,
  context: ServerContext,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const add = (...args: Parameters<typeof diagnostic>) => out.push(diagnostic(...args));
  const { at, issuer } = context;
  const named = stringMember(document, 'issuer');
  if (named !== issuer) {
    add(
      'authorization-server-issuer-mismatch',
      named === undefined
        ? `The metadata at ${at} has no "issuer" string; RFC 8414 §3.3 requires it to equal ${shown(issuer)}, so clients must not use this metadata.`
        : `The metadata at ${at} says issuer ${shown(named)}, but it was fetched for ${shown(issuer)}. RFC 8414 §3.3 (and OpenID Connect Discovery §4.3) require them to be identical, character for character${trailingSlashHint(named, issuer)}; clients must not use this metadata.`,
      null,
    );
  }
  const responseTypes = stringsMember(document, 'response_types_supported');
  if (responseTypes === null || responseTypes.length === 0) {
    add(
      'authorization-server-missing-response-types',
      `The metadata at ${at} has no "response_types_supported", which RFC 8414 §2 requires (MCP SDKs reject metadata without it); an authorization-code server lists ["code"].`,
      null,
    );
  }
  const missing = ENDPOINTS.slice(0, 2).filter(
    (name) => stringMember(document, name) === undefined,
  );
  if (missing.length > 0) {
    add(
      'authorization-server-missing-endpoint',
      `The metadata at ${at} has no ${missing.map((m) => `"${m}"`).join(' and ')}; the authorization code flow MCP clients use needs both (RFC 8414 §2).`,
      null,
    );
  }
  for (const name of ENDPOINTS) {
    const value = stringMember(document, name);
    if (value === undefined) continue;
    const url = readHttpUrl(value);
    if (url?.scheme === 'https') continue;
    if (url && context.localHttp && isLoopback(url)) continue; // the issuer warning already says it
    add(
      'authorization-server-endpoint-not-https',
      `"${name}" is ${shown(value)}; the authorization server must require TLS there (RFC 6749 §3.1, §3.2; MCP: every authorization server endpoint over https).`,
      null,
    );
  }
  const methods = stringsMember(document, 'code_challenge_methods_supported');
  if (methods === null || !methods.includes('S256')) {
    add(
      'authorization-server-no-s256',
      methods === null
        ? `The metadata at ${at} has no "code_challenge_methods_supported". MCP clients read that as "no PKCE" and must refuse to proceed; list ["S256"].`
        : `"code_challenge_methods_supported" is ${shown(JSON.stringify(methods))}, without "S256"; OAuth 2.1 and MCP clients use S256 and must refuse a server that does not offer it.`,
      null,
    );
  }
  return out;
}

function trailingSlashHint(named: string, issuer: string): string {
  if (named.replace(/\/$/, '') === issuer.replace(/\/$/, ''))
    return ' (here only a trailing "/" differs)';
  if (named.toLowerCase() === issuer.toLowerCase()) return ' (here only letter case differs)';
  return '';
}

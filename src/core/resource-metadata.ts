// Judges an OAuth protected resource metadata document (RFC 9728) fetched from a Bearer
// challenge's resource_metadata URL. The caller does the fetching; this module only reads what came
// back. Pure; never throws.
import { diagnostic } from './codes.ts';
import { isRecord } from './is-record.ts';
import type { Diagnostic } from './types.ts';
import { splitUrl } from './url.ts';

/** What fetching a resource_metadata URL gave: a network error, or a status, type and body. */
export interface MetadataFetch {
  /** The URL of the protected resource, the request that got the challenge. */
  resourceUrl: string;
  /** The resource_metadata value that was fetched. */
  metadataUrl: string;
  /** Set when no response arrived (refused, timed out, TLS failure…). */
  error?: string;
  status?: number;
  contentType?: string;
  body?: string;
}

export function checkResourceMetadata(fetched: MetadataFetch): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = fetched.metadataUrl;
  if (fetched.error !== undefined) {
    out.push(
      diagnostic(
        'resource-metadata-unreachable',
        `Could not fetch the resource metadata at ${at}: ${fetched.error}. Clients cannot discover how to get a token.`,
        null,
      ),
    );
    return out;
  }
  // RFC 9728 §3.2: a successful response MUST use 200 OK and an application/json object.
  if (fetched.status !== 200) {
    out.push(
      diagnostic(
        'resource-metadata-unreachable',
        `The resource metadata at ${at} answered status ${fetched.status ?? 'none'}; it must answer 200 with a JSON object.`,
        null,
      ),
    );
    return out;
  }
  const mediaType = (fetched.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    out.push(
      diagnostic(
        'resource-metadata-invalid',
        `The resource metadata at ${at} is served as "${mediaType || 'no content type'}"; it must be application/json.`,
        null,
      ),
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(fetched.body ?? '');
  } catch {
    document = undefined;
  }
  if (!isRecord(document)) {
    out.push(
      diagnostic(
        'resource-metadata-invalid',
        `The resource metadata at ${at} is not a JSON object.`,
        null,
      ),
    );
    return out;
  }
  const { resource } = document;
  if (typeof resource !== 'string') {
    out.push(
      diagnostic(
        'resource-metadata-invalid',
        `The resource metadata at ${at} has no "resource" string, which RFC 9728 §2 requires.`,
        null,
      ),
    );
  } else {
    const fit = compareResource(resource, fetched.resourceUrl);
    if (fit !== 'identical') {
      out.push(
        diagnostic(
          'resource-metadata-resource-mismatch',
          fit === 'prefix'
            ? `The metadata names resource "${resource}", a parent of ${fetched.resourceUrl}. RFC 9728 §3.3 requires the exact URL; clients that follow it strictly will reject this metadata.`
            : `The metadata names resource "${resource}", which is not ${fetched.resourceUrl}; clients must reject metadata for another resource (RFC 9728 §3.3).`,
          null,
          // Same origin and a parent path is what MCP clients and draft-mcguinness-oauth-rfc9728bis
          // accept, so it is an interoperability trap rather than a broken configuration.
          fit === 'prefix' ? { severity: 'warning' } : {},
        ),
      );
    }
  }
  const servers = document.authorization_servers;
  if (
    !Array.isArray(servers) ||
    servers.length === 0 ||
    !servers.every((s) => typeof s === 'string' && s.length > 0)
  ) {
    out.push(
      diagnostic(
        'resource-metadata-no-authorization-servers',
        `The resource metadata at ${at} names no authorization_servers, so a client cannot find where to get a token.`,
        null,
      ),
    );
  }
  return out;
}

/**
 * RFC 9728 §3.3: the resource value must be identical to the URL the client requested (compared
 * without query and fragment, with default ports and host case normalised).
 */
function compareResource(resource: string, requestUrl: string): 'identical' | 'prefix' | 'other' {
  const a = splitUrl(resource);
  const b = splitUrl(requestUrl);
  if (!a || !b || a.scheme !== b.scheme || a.host !== b.host || a.port !== b.port) return 'other';
  if (a.path === b.path) return 'identical';
  const parent = a.path.endsWith('/') ? a.path : `${a.path}/`;
  return b.path.startsWith(parent) ? 'prefix' : 'other';
}

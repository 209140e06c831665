// Response headers → the AuthFields of a response step, parsed and diagnosed by src/core. One
// builder for every source of responses (live capture, HAR import, the CLI), so all of them
// explain the same header the same way. Pure.
import {
  analyzeChallenges,
  diagnose,
  parseAuthenticationInfo,
  type Diagnostic,
  type ParseOptions,
} from '../core/index.ts';
import { authFieldNames, type AuthField, type AuthFieldName } from './exchange.ts';

export interface HeaderLine {
  name: string;
  value: string;
}

export interface ResponseFacts {
  statusCode: number;
  url: string;
  /** Whether the request carried credentials, when known. */
  requestHadCredentials?: boolean;
}

const canonical = new Map(authFieldNames.map((name) => [name.toLowerCase(), name] as const));

/** The canonical auth field name for a header name (case-insensitive), or undefined. */
export function authFieldName(headerName: string): AuthFieldName | undefined {
  return canonical.get(headerName.toLowerCase());
}

/** Whether any header is one AuthLens records; cheap enough for every response the browser sees. */
export function hasAuthField(headers: readonly HeaderLine[]): boolean {
  for (const h of headers) {
    const n = h.name.length;
    // Length first: no auth field name has the length of the most common headers.
    if ((n === 16 || n === 18 || n === 19 || n === 25) && canonical.has(h.name.toLowerCase()))
      return true;
  }
  return false;
}

/**
 * Groups the auth headers of a response by field (each repeated line kept as its own field line,
 * in order) and analyses each; findings about the response as a whole (a 401 without any
 * challenge) come back separately.
 */
export function buildAuthFields(
  headers: readonly HeaderLine[],
  facts: ResponseFacts,
  options: ParseOptions = {},
): { fields: AuthField[]; diagnostics: Diagnostic[] } {
  const lines = new Map<AuthFieldName, string[]>();
  for (const h of headers) {
    const name = authFieldName(h.name);
    if (name) (lines.get(name) ?? lines.set(name, []).get(name)!).push(h.value);
  }
  const context = {
    status: facts.statusCode,
    url: facts.url,
    responseHeaders: headers,
    ...(facts.requestHadCredentials === undefined
      ? {}
      : { requestHadCredentials: facts.requestHadCredentials }),
  };
  const fields: AuthField[] = [];
  for (const name of authFieldNames) {
    const fieldLines = lines.get(name);
    if (!fieldLines) continue;
    if (name === 'WWW-Authenticate' || name === 'Proxy-Authenticate') {
      const { challenges, diagnostics } = analyzeChallenges(
        fieldLines,
        { ...context, field: name },
        options,
      );
      fields.push({ name, lines: fieldLines, challenges, params: [], diagnostics });
    } else {
      const { params, diagnostics } = parseAuthenticationInfo(fieldLines, options);
      fields.push({ name, lines: fieldLines, challenges: [], params, diagnostics });
    }
  }
  // A 401/407 without its challenge field at all: the finding belongs to the response.
  const missing: Diagnostic[] = [];
  if (facts.statusCode === 401 && !lines.has('WWW-Authenticate')) {
    missing.push(...diagnose([], { ...context, field: 'WWW-Authenticate' }));
  }
  if (facts.statusCode === 407 && !lines.has('Proxy-Authenticate')) {
    missing.push(...diagnose([], { ...context, field: 'Proxy-Authenticate' }));
  }
  return { fields, diagnostics: missing };
}

// webRequest event details → Observation: plain data, the first pure step after the browser edge.
// Credentials are reduced to their scheme HERE, before anything is stored or sent to the panel, and
// only the headers AuthLens needs are kept (auth fields and the CORS fields diagnostics read).
import { authFieldName, hasAuthField, type HeaderLine } from '../shared/auth-fields.ts';
import type { CredentialsSummary } from '../shared/exchange.ts';
import { credentialHeaderName, redactUrl, summarizeCredentials } from '../shared/redact.ts';

/** The fields every webRequest event detail shares (Chrome and Firefox). */
export interface RequestDetails {
  requestId: string;
  tabId: number;
  frameId: number;
  url: string;
  method: string;
  type: string;
  timeStamp: number;
  initiator?: string;
  /** Firefox's name for the initiator. */
  originUrl?: string;
}

export interface RawHeader {
  name: string;
  value?: string;
  binaryValue?: ArrayLike<number>;
}

interface Base {
  requestId: string;
  tabId: number;
  frameId: number;
  url: string;
  method: string;
  type: string;
  initiator: string | null;
  at: number;
}

export type Observation =
  | (Base & { kind: 'request'; credentials: CredentialsSummary[] })
  | (Base & {
      kind: 'response';
      statusCode: number;
      statusLine: string;
      fromCache: boolean;
      headers: HeaderLine[];
      /** Whether the response itself makes this request worth recording. */
      relevant: boolean;
    })
  | (Base & { kind: 'redirect'; statusCode: number; redirectUrl: string })
  | (Base & {
      kind: 'auth-required';
      scheme: string;
      realm: string;
      isProxy: boolean;
      challenger: string;
    })
  | (Base & {
      kind: 'completed';
      statusCode: number;
      statusLine: string;
      /** The final response's auth and context headers, when the browser reported them. */
      headers: HeaderLine[];
    })
  | (Base & { kind: 'error'; error: string })
  | (Base & { kind: 'navigation' });

/** Response headers kept besides the auth fields, because diagnostics read them. */
const contextHeaders = new Set([
  'access-control-allow-origin',
  'access-control-expose-headers',
  'location',
]);

function base(d: RequestDetails): Base {
  return {
    requestId: d.requestId,
    tabId: d.tabId,
    frameId: d.frameId,
    url: redactUrl(d.url),
    method: d.method,
    type: d.type,
    // Firefox's originUrl is a whole URL, query and all: redacted like every URL kept.
    initiator: d.initiator ?? (d.originUrl === undefined ? null : redactUrl(d.originUrl)),
    at: d.timeStamp,
  };
}

/**
 * A header's value as text. Chrome gives `binaryValue` (bytes) when the value is not valid UTF-8;
 * each byte becomes one code unit, so obs-text stays undecoded as RFC 9110 §5.5 wants.
 */
export function headerText(header: RawHeader): string {
  if (header.value !== undefined) return header.value;
  if (!header.binaryValue) return '';
  let text = '';
  for (let i = 0; i < header.binaryValue.length; i++)
    text += String.fromCharCode(header.binaryValue[i]! & 0xff);
  return text;
}

/**
 * The auth fields and the context headers diagnostics read, one entry per field line as the server
 * sent it; nothing else is kept. Firefox hands over repeated WWW-Authenticate / Proxy-Authenticate
 * lines as one header whose value joins them with "\n" (a line break no field value can contain,
 * RFC 9110 §5.5), so such a value is split back into its lines: line numbers and the raw view then
 * match the wire in both browsers.
 */
function keptHeaders(raw: readonly RawHeader[] | undefined): HeaderLine[] {
  const headers: HeaderLine[] = [];
  for (const h of raw ?? []) {
    if (authFieldName(h.name) || contextHeaders.has(h.name.toLowerCase())) {
      const value = headerText(h);
      if (value.indexOf('\n') === -1) headers.push({ name: h.name, value });
      else for (const line of value.split('\n')) headers.push({ name: h.name, value: line });
    }
  }
  return headers;
}

/**
 * Whether a response is worth recording on its own: it carries an auth field, or is a 401/407
 * (a 401 without a challenge is itself a finding). Called for every response the browser sees,
 * so it looks only at status and header name lengths before anything else.
 */
export function isAuthResponse(
  statusCode: number,
  headers: readonly RawHeader[] | undefined,
): boolean {
  return (
    statusCode === 401 ||
    statusCode === 407 ||
    (headers !== undefined && hasAuthField(headers as HeaderLine[]))
  );
}

export function responseObservation(
  d: RequestDetails & {
    statusCode: number;
    statusLine?: string;
    fromCache?: boolean;
    responseHeaders?: RawHeader[];
  },
): Observation {
  const headers = keptHeaders(d.responseHeaders);
  return {
    ...base(d),
    kind: 'response',
    statusCode: d.statusCode,
    statusLine: d.statusLine ?? String(d.statusCode),
    fromCache: d.fromCache ?? false,
    headers,
    relevant: isAuthResponse(d.statusCode, d.responseHeaders),
  };
}

/**
 * The credentials a request carried, reduced to their scheme (src/shared/redact.ts) unless the
 * user opted in to keeping values. Chrome shows page-set Authorization headers (fetch/XHR) but
 * never the ones its own network stack adds when it answers a challenge.
 */
export function credentialsOf(
  headers: readonly RawHeader[] | undefined,
  reveal: boolean,
): CredentialsSummary[] {
  if (!headers?.some((h) => credentialHeaderName(h.name))) return [];
  return summarizeCredentials(
    headers.map((h) => ({ name: h.name, value: headerText(h) })),
    reveal,
  );
}

export function requestObservation(
  d: RequestDetails & { requestHeaders?: RawHeader[] },
  reveal: boolean,
): Observation {
  return { ...base(d), kind: 'request', credentials: credentialsOf(d.requestHeaders, reveal) };
}

export function redirectObservation(
  d: RequestDetails & { statusCode: number; redirectUrl: string },
): Observation {
  return {
    ...base(d),
    kind: 'redirect',
    statusCode: d.statusCode,
    redirectUrl: redactUrl(d.redirectUrl),
  };
}

export function authRequiredObservation(
  d: RequestDetails & {
    scheme: string;
    realm?: string;
    isProxy: boolean;
    challenger: { host: string; port: number };
  },
): Observation {
  return {
    ...base(d),
    kind: 'auth-required',
    scheme: d.scheme,
    realm: d.realm ?? '',
    isProxy: d.isProxy,
    challenger: `${d.challenger.host}:${d.challenger.port}`,
  };
}

export function completedObservation(
  d: RequestDetails & { statusCode: number; statusLine?: string; responseHeaders?: RawHeader[] },
): Observation {
  return {
    ...base(d),
    kind: 'completed',
    statusCode: d.statusCode,
    statusLine: d.statusLine ?? String(d.statusCode),
    headers: keptHeaders(d.responseHeaders),
  };
}

export function errorObservation(d: RequestDetails & { error: string }): Observation {
  return { ...base(d), kind: 'error', error: d.error };
}

export function navigationObservation(d: RequestDetails): Observation {
  return { ...base(d), kind: 'navigation' };
}

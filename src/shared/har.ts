// Exchange records → HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/). Writing redacts
// credentials unless the caller opts in. Reading is src/shared/har-read.ts. Pure; linear in the
// size of the log.
import type {
  Entry as HarEntry,
  Har,
  Header as HarHeader,
  Response as HarResponse,
} from 'har-format';
import { token68SpanOf } from '../core/index.ts';
import type { AuthLensEntry, AuthLensFollowUp, AuthLensHeader } from './har-read.ts';
import { redactUrlForExport, REDACTED } from './redact.ts';
import type { AuthField, CredentialsSummary, Exchange, RequestStep } from './exchange.ts';

export { REDACTED };

// ---- Writing ------------------------------------------------------------------------------------

export interface HarWriteOptions {
  /** Keep Authorization values and challenge token68s; redacted when false. */
  includeCredentials: boolean;
  creator?: { name: string; version: string };
}

/**
 * A HAR 1.2 log of the exchanges: one entry per response (redirect hops included). Only the
 * headers AuthLens keeps are written, and of the credentials only those that were seen (an
 * inferred Authorization is not a header anyone saw). What HAR has no place for — prompts,
 * completions, how each request joined its exchange — goes in each entry's `_authlens` field
 * (AuthLensEntry), so that reading the file back gives the same exchanges. Unless
 * `includeCredentials`, credential values, challenge token68s (NTLM and Negotiate handshake
 * tokens) and credential query parameters are masked.
 */
export function exchangesToHar(exchanges: readonly Exchange[], options: HarWriteOptions): Har {
  const entries: HarEntry[] = [];
  exchanges.forEach((exchange, i) => entries.push(...entriesOf(exchange, i + 1, options)));
  return {
    log: {
      version: '1.2',
      creator: options.creator ?? { name: 'AuthLens', version: '0' },
      entries,
    },
  };
}

type WrittenEntry = HarEntry & { _authlens: AuthLensEntry };

function entriesOf(exchange: Exchange, number: number, options: HarWriteOptions): HarEntry[] {
  const out: WrittenEntry[] = [];
  let request: RequestStep | undefined;
  let startedAt = exchange.startedAt;
  const entry = (url: string, endAt: number, response: HarResponse, fromCache: boolean) => {
    const ext: AuthLensEntry = { exchange: number };
    const how = request && joinOf(request);
    if (how) ext.request = how;
    if (request && wasSeen(request)) ext.seen = true;
    if (request?.answer?.kind === 'cancelled' && request.answer.evidence.basis === 'inferred') {
      ext.closed = request.answer.evidence.reason;
    }
    const written: WrittenEntry = {
      startedDateTime: isoDate(startedAt),
      time: Math.max(0, endAt - startedAt),
      request: {
        method: exchange.method,
        url: options.includeCredentials ? url : redactUrlForExport(url),
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: (request?.credentials ?? [])
          .filter((c) => c.evidence.basis === 'observed')
          .map((c): AuthLensHeader => ({
            name: c.header,
            value:
              options.includeCredentials && c.value !== undefined ? c.value : maskCredentials(c),
            _source: c.source,
          })),
        queryString: [],
        headersSize: -1,
        bodySize: 0,
      },
      response,
      cache: {},
      timings: { send: 0, wait: Math.max(0, endAt - startedAt), receive: 0 },
      _resourceType: resourceTypes[exchange.type] ?? 'other',
      _authlens: ext,
    };
    if (fromCache) written._fromCache = 'memory';
    if (exchange.initiator !== null)
      written._initiator = { type: 'other', url: exchange.initiator };
    out.push(written);
    startedAt = endAt;
    request = undefined;
  };
  const then = (followUp: AuthLensFollowUp) => {
    const last = out.at(-1);
    if (last) (last._authlens.then ??= []).push(followUp);
  };
  for (const step of exchange.steps) {
    switch (step.kind) {
      case 'request':
        request = step;
        startedAt = step.at;
        break;
      case 'redirect': {
        const location = options.includeCredentials
          ? step.redirectUrl
          : redactUrlForExport(step.redirectUrl);
        entry(
          step.url,
          step.at,
          responseOf(step.statusCode, 'HTTP/1.1', '', location, [
            { name: 'Location', value: location },
          ]),
          false,
        );
        break;
      }
      case 'response': {
        const [version, , ...text] = step.statusLine.split(' ');
        const headers: HarHeader[] = [];
        for (const field of step.fields) {
          const lines = options.includeCredentials ? field.lines : maskToken68s(field);
          for (const value of lines) headers.push({ name: field.name, value });
        }
        const httpVersion = version?.startsWith('HTTP/') ? version : 'HTTP/1.1';
        entry(
          step.url,
          step.at,
          responseOf(step.statusCode, httpVersion, text.join(' '), '', headers),
          step.fromCache,
        );
        break;
      }
      case 'auth-required': {
        const { kind, at, scheme, realm, isProxy, challenger } = step;
        then({ kind, at, scheme, realm, isProxy, challenger });
        break;
      }
      case 'completed':
        then({ kind: 'completed', at: step.at, statusCode: step.statusCode });
        break;
      case 'error':
        then({ kind: 'error', at: step.at, error: step.error });
        break;
    }
  }
  return out;
}

/** webRequest's resource types by the names DevTools writes in `_resourceType`. */
const resourceTypes: Record<string, HarEntry['_resourceType']> = {
  main_frame: 'document',
  sub_frame: 'document',
  document: 'document',
  stylesheet: 'stylesheet',
  script: 'script',
  image: 'image',
  font: 'font',
  media: 'media',
  xmlhttprequest: 'xhr',
  xhr: 'xhr',
  fetch: 'fetch',
  ping: 'ping',
  websocket: 'websocket',
};

/**
 * How a request joined its exchange, for the reader to replay: seen by the browser, a new request
 * answering a login prompt, a file's retry; none for a retry the browser hid (the reader infers it
 * again from the responses around it).
 */
function joinOf(request: RequestStep): AuthLensEntry['request'] {
  if (request.answer) return 'answer';
  if (request.evidence.basis === 'observed') return 'observed';
  return request.credentials.some((c) => c.evidence.basis === 'observed') ? 'retry' : undefined;
}

/** Whether the request's credentials were seen on the wire (DevTools' network log). */
function wasSeen(request: RequestStep): boolean {
  return (
    request.answer?.evidence.basis === 'observed' ||
    request.credentials.some((c) => c.source === 'browser' && c.evidence.basis === 'observed')
  );
}

function responseOf(
  status: number,
  httpVersion: string,
  statusText: string,
  redirectURL: string,
  headers: HarHeader[],
): HarResponse {
  return {
    status,
    statusText,
    httpVersion,
    cookies: [],
    headers,
    content: { size: 0, mimeType: 'x-unknown' },
    redirectURL,
    headersSize: -1,
    bodySize: -1,
  };
}

function isoDate(ms: number): string {
  const date = new Date(Number.isFinite(ms) ? ms : 0);
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
}

function maskCredentials(c: CredentialsSummary): string {
  return c.scheme ? `${c.scheme} ${REDACTED}` : REDACTED;
}

/**
 * Challenge token68s are handshake tokens (NTLM type-2 messages name hosts and domains;
 * Negotiate carries Kerberos tickets), so they are masked in place, keeping the field parseable.
 */
function maskToken68s(field: AuthField): string[] {
  const lines = [...field.lines];
  // Right to left, so earlier spans stay valid after each replacement.
  for (let i = field.challenges.length - 1; i >= 0; i--) {
    const span = token68SpanOf(field.challenges[i]!);
    if (!span || span.line !== span.endLine) continue;
    const line = lines[span.line];
    if (line === undefined) continue;
    lines[span.line] = line.slice(0, span.start) + REDACTED + line.slice(span.end);
  }
  return lines;
}

// Exchange records → a HAR 1.2 log (http://www.softwareishard.com/blog/har-12-spec/); har-read.ts
// reads them back. The records are written as given: the caller redacts them first (redactExchange
// in redact.ts), once, and says so, and the log says whether it is redacted. Only the headers
// AuthLens keeps are written; no cookie ever; and of the credentials only those that were seen (an
// inferred Authorization is not a header anyone saw). What HAR has no place for — prompts,
// completions, how each request joined its exchange — goes in each entry's `_authlens` field
// (AuthLensEntry), so that reading the file back gives the same exchanges. Pure; linear.
import type {
  Entry as HarEntry,
  Har,
  Header as HarHeader,
  Log,
  Response as HarResponse,
} from 'har-format';
import type { Exchange, RequestStep } from './exchange.ts';
import type { AuthLensEntry, AuthLensFollowUp, AuthLensHeader } from './har-read.ts';
import { credentialsPlaceholder, REDACTION_SUMMARY } from './redact.ts';

export interface HarWriteOptions {
  /** Whether the records went through redactExchange; the log's comment says which. */
  redacted: boolean;
  creator?: { name: string; version: string };
}

/** A HAR 1.2 log of the exchanges: one entry per response (redirect hops included). */
export function exchangesToHar(exchanges: readonly Exchange[], options: HarWriteOptions): Har {
  const entries: HarEntry[] = [];
  exchanges.forEach((exchange, i) => entries.push(...entriesOf(exchange, i + 1)));
  const log: Log & { _redacted: boolean } = {
    version: '1.2',
    creator: options.creator ?? { name: 'AuthLens', version: '0' },
    comment: options.redacted
      ? `Redacted by AuthLens: ${REDACTION_SUMMARY}`
      : 'NOT redacted: AuthLens wrote the credential values, challenge tokens and URLs it kept. Anyone with this file can use them.',
    _redacted: options.redacted,
    entries,
  };
  return { log };
}

type WrittenEntry = HarEntry & { _authlens: AuthLensEntry };

function entriesOf(exchange: Exchange, number: number): HarEntry[] {
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
    // What AuthLens left out of the record, on the exchange's first entry.
    if (out.length === 0 && exchange.truncated) ext.truncated = exchange.truncated;
    const written: WrittenEntry = {
      ...(out.length === 0 && exchange.truncated ? { comment: exchange.truncated.join(' ') } : {}),
      startedDateTime: isoDate(startedAt),
      time: Math.max(0, endAt - startedAt),
      request: {
        method: exchange.method,
        url,
        httpVersion: 'HTTP/1.1',
        cookies: [],
        // A value only when the record holds one (the user revealed it); else scheme and a mask.
        headers: (request?.credentials ?? [])
          .filter((c) => c.evidence.basis === 'observed')
          .map((c): AuthLensHeader => ({
            name: c.header,
            value: c.value ?? credentialsPlaceholder(c),
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
      case 'redirect':
        entry(
          step.url,
          step.at,
          responseOf(step.statusCode, 'HTTP/1.1', '', step.redirectUrl, [
            { name: 'Location', value: step.redirectUrl },
          ]),
          false,
        );
        break;
      case 'response': {
        const [version, , ...text] = step.statusLine.split(' ');
        const headers: HarHeader[] = [];
        for (const field of step.fields) {
          for (const value of field.lines) headers.push({ name: field.name, value });
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
      case 'auth-required':
      case 'completed':
      case 'error':
        then(step);
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

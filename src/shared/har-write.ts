// Exchange records → a HAR 1.2 log (http://www.softwareishard.com/blog/har-12-spec/); har.ts reads
// them back. The records are written as given: the caller redacts them first (redactExchange in
// redact.ts), once, and says so, and the log says whether it is redacted. Only the headers
// AuthLens keeps are written; no cookie ever. Pure; linear in the records.
import { credentialsPlaceholder, REDACTION_SUMMARY } from './redact.ts';
import type { Exchange, Step } from './exchange.ts';

export interface HarWriteOptions {
  /** Whether the records went through redactExchange; the log's comment says which. */
  redacted: boolean;
  creator?: { name: string; version: string };
}

interface HarHeader {
  name: string;
  value: string;
}

/** A HAR 1.2 log of the exchanges: one entry per response (redirect hops included). */
export function exchangesToHar(exchanges: readonly Exchange[], options: HarWriteOptions): object {
  const entries: object[] = [];
  for (const exchange of exchanges) entries.push(...entriesOf(exchange));
  return {
    log: {
      version: '1.2',
      creator: options.creator ?? { name: 'AuthLens', version: '0' },
      comment: options.redacted
        ? `Redacted by AuthLens: ${REDACTION_SUMMARY}`
        : 'NOT redacted: AuthLens wrote the credential values, challenge tokens and URLs it kept. Anyone with this file can use them.',
      _redacted: options.redacted,
      entries,
    },
  };
}

function entriesOf(exchange: Exchange): object[] {
  const out: object[] = [];
  let request: Extract<Step, { kind: 'request' }> | undefined;
  let startedAt = exchange.startedAt;
  const entry = (url: string, endAt: number, response: object, headers: HarHeader[]) => {
    const credentials = request?.credentials ?? [];
    out.push({
      // What AuthLens left out of the record, on the exchange's first entry.
      ...(out.length === 0 && exchange.truncated ? { comment: exchange.truncated.join(' ') } : {}),
      startedDateTime: isoDate(startedAt),
      time: Math.max(0, endAt - startedAt),
      request: {
        method: exchange.method,
        url,
        httpVersion: 'HTTP/1.1',
        cookies: [],
        // A value only when the record holds one (the user revealed it); else scheme and a mask.
        headers: credentials.map((c) => ({
          name: c.header,
          value: c.value ?? credentialsPlaceholder(c),
        })),
        queryString: [],
        headersSize: -1,
        bodySize: 0,
      },
      response: { ...response, headers },
      cache: {},
      timings: { send: 0, wait: Math.max(0, endAt - startedAt), receive: 0 },
      _resourceType: exchange.type,
    });
    startedAt = endAt;
    request = undefined;
  };
  for (const step of exchange.steps) {
    if (step.kind === 'request') {
      request = step;
      startedAt = step.at;
    } else if (step.kind === 'redirect') {
      entry(step.url, step.at, responseOf(step.statusCode, 'HTTP/1.1', '', step.redirectUrl), [
        { name: 'Location', value: step.redirectUrl },
      ]);
    } else if (step.kind === 'response') {
      const [version, , ...text] = step.statusLine.split(' ');
      const headers: HarHeader[] = [];
      for (const field of step.fields) {
        for (const value of field.lines) headers.push({ name: field.name, value });
      }
      entry(
        step.url,
        step.at,
        responseOf(
          step.statusCode,
          version?.startsWith('HTTP/') ? version : 'HTTP/1.1',
          text.join(' '),
          '',
        ),
        headers,
      );
    }
  }
  return out;
}

function responseOf(status: number, httpVersion: string, statusText: string, redirectURL: string) {
  return {
    status,
    statusText,
    httpVersion,
    cookies: [],
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

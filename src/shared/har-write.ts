// Exchange records → a HAR 1.2 log (http://www.softwareishard.com/blog/har-12-spec/); har.ts reads
// them back. Writing redacts credentials unless the caller opts in. Pure; linear in the records.
import { token68SpanOf } from '../core/index.ts';
import { redactUrlForExport, REDACTED } from './redact.ts';
import type { AuthField, CredentialsSummary, Exchange, Step } from './exchange.ts';

export interface HarWriteOptions {
  /** Keep Authorization values and challenge token68s; redacted when false. */
  includeCredentials: boolean;
  creator?: { name: string; version: string };
}

interface HarHeader {
  name: string;
  value: string;
}

/**
 * A HAR 1.2 log of the exchanges: one entry per response (redirect hops included). Only the
 * headers AuthLens keeps are written. Unless `includeCredentials`, credential values, challenge
 * token68s (NTLM and Negotiate handshake tokens) and access_token query parameters are masked.
 */
export function exchangesToHar(exchanges: readonly Exchange[], options: HarWriteOptions): object {
  const entries: object[] = [];
  for (const exchange of exchanges) entries.push(...entriesOf(exchange, options));
  return {
    log: {
      version: '1.2',
      creator: options.creator ?? { name: 'AuthLens', version: '0' },
      entries,
    },
  };
}

function entriesOf(exchange: Exchange, options: HarWriteOptions): object[] {
  const out: object[] = [];
  let request: Extract<Step, { kind: 'request' }> | undefined;
  let startedAt = exchange.startedAt;
  const entry = (url: string, endAt: number, response: object, headers: HarHeader[]) => {
    const credentials = request?.credentials ?? [];
    out.push({
      startedDateTime: isoDate(startedAt),
      time: Math.max(0, endAt - startedAt),
      request: {
        method: exchange.method,
        url: options.includeCredentials ? url : redactUrlForExport(url),
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: credentials.map((c) => ({
          name: c.header,
          value: options.includeCredentials && c.value !== undefined ? c.value : maskCredentials(c),
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
      const location = options.includeCredentials
        ? step.redirectUrl
        : redactUrlForExport(step.redirectUrl);
      entry(step.url, step.at, responseOf(step.statusCode, 'HTTP/1.1', '', location), [
        { name: 'Location', value: location },
      ]);
    } else if (step.kind === 'response') {
      const [version, , ...text] = step.statusLine.split(' ');
      const headers: HarHeader[] = [];
      for (const field of step.fields) {
        const lines = options.includeCredentials ? field.lines : maskToken68s(field);
        for (const value of lines) headers.push({ name: field.name, value });
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

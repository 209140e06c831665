// One GET over node:http/https, redirects followed by hand so each hop is reported. Uses the raw
// header list, not fetch: a repeated WWW-Authenticate must stay separate lines (RFC 9110 §5.3),
// and fetch's Headers joins them with ", ". Node only; never throws (failures are values).
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { HeaderLine } from '../shared/auth-fields.ts';
import type { Hop } from './result.ts';

export const MAX_REDIRECTS = 10;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
/** Headers a client must not carry to another origin (as browsers and curl do). */
const originBound = new Set(['authorization', 'proxy-authorization', 'cookie']);

export interface ProbeOptions {
  headers: readonly HeaderLine[];
  /** Per request, from connecting to the last byte read. */
  timeout: number;
  /** Read the body (up to this many bytes); 0 drops it unread. */
  maxBody?: number;
  accept?: string;
  userAgent: string;
  /** false: a redirect is the result, not followed (discovery follows them under its own rules). */
  followRedirects?: boolean;
  /** Resolves host names instead of the system resolver, e.g. to refuse private addresses. */
  lookup?: LookupFunction;
}

export type ProbeResult =
  | {
      ok: true;
      url: string;
      status: number;
      statusText: string;
      httpVersion: string;
      headers: HeaderLine[];
      redirects: Hop[];
      body: string;
      /** Whether the final request still carried an Authorization header. */
      sentCredentials: boolean;
      /** The address the final response came from. */
      remoteAddress: string | null;
    }
  | { ok: false; error: string; redirects: Hop[]; refused?: boolean };

export async function probe(url: string, options: ProbeOptions): Promise<ProbeResult> {
  const redirects: Hop[] = [];
  let current = url;
  let headers = [...options.headers];
  for (;;) {
    const response = await requestOnce(current, headers, options);
    if (!response.ok) return { ...response, redirects };
    const location = response.headers.find((h) => h.name.toLowerCase() === 'location')?.value;
    if (
      !redirectStatuses.has(response.status) ||
      location === undefined ||
      options.followRedirects === false
    ) {
      return {
        ...response,
        url: current,
        redirects,
        sentCredentials: headers.some((h) => h.name.toLowerCase() === 'authorization'),
      };
    }
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      return {
        ok: false,
        error: `${current} redirected to an invalid Location "${location}"`,
        redirects,
      };
    }
    redirects.push({ status: response.status, from: current, to: next.href });
    if (redirects.length > MAX_REDIRECTS) {
      return {
        ok: false,
        error: `more than ${MAX_REDIRECTS} redirects starting at ${url}`,
        redirects,
      };
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return {
        ok: false,
        error: `${current} redirected to a non-http URL ${next.href}`,
        redirects,
      };
    }
    if (next.origin !== new URL(current).origin) {
      headers = headers.filter((h) => !originBound.has(h.name.toLowerCase()));
    }
    current = next.href;
  }
}

type Once =
  | {
      ok: true;
      status: number;
      statusText: string;
      httpVersion: string;
      headers: HeaderLine[];
      body: string;
      remoteAddress: string | null;
    }
  | { ok: false; error: string; refused?: boolean };

function requestOnce(
  url: string,
  headers: readonly HeaderLine[],
  options: ProbeOptions,
): Promise<Once> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Once) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const outgoing: Record<string, string | string[]> = {
      'user-agent': options.userAgent,
      accept: options.accept ?? '*/*',
    };
    for (const h of headers) {
      const key = h.name.toLowerCase();
      const prior = outgoing[key];
      // Repeated --header lines stay repeated, except the defaults they replace.
      outgoing[key] =
        prior === undefined || key === 'user-agent' || key === 'accept'
          ? h.value
          : [...(Array.isArray(prior) ? prior : [prior]), h.value];
    }
    let req: http.ClientRequest | undefined;
    const timer = setTimeout(() => {
      finish({
        ok: false,
        error: `no response from ${url} within ${options.timeout} ms (timed out)`,
      });
      req?.destroy();
    }, options.timeout);
    try {
      const target = new URL(url);
      const transport = target.protocol === 'https:' ? https : http;
      req = transport.request(target, {
        method: 'GET',
        headers: outgoing,
        agent: false,
        ...(options.lookup ? { lookup: options.lookup } : {}),
        // A verifier must see a malformed field rather than fail on it: llhttp's strict mode
        // rejects control characters and obs-fold (RFC 9112 §5.2) before core could report them.
        insecureHTTPParser: true,
      });
    } catch (error) {
      finish({ ok: false, error: `cannot request ${url}: ${describe(error)}` });
      return;
    }
    req.on('error', (error) =>
      finish(
        error instanceof AddressRefused
          ? { ok: false, error: error.message, refused: true }
          : { ok: false, error: `cannot reach ${url}: ${describe(error)}` },
      ),
    );
    req.on('response', (res) => {
      const lines: HeaderLine[] = [];
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
        lines.push({ name: res.rawHeaders[i]!, value: utf8(res.rawHeaders[i + 1]!) });
      }
      const base = {
        ok: true as const,
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        httpVersion: `HTTP/${res.httpVersion}`,
        headers: lines,
        remoteAddress: res.socket?.remoteAddress ?? null,
      };
      const max = options.maxBody ?? 0;
      if (max === 0) {
        // Only the head matters; a large or endless body must not keep the check waiting.
        res.destroy();
        finish({ ...base, body: '' });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > max) {
          res.destroy();
          finish({ ok: false, error: `${url} sent more than ${max} bytes` });
        } else chunks.push(chunk);
      });
      res.on('end', () => finish({ ...base, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) =>
        finish({ ok: false, error: `cannot read ${url}: ${describe(error)}` }),
      );
    });
    req.end();
  });
}

/** Thrown by a lookup that refuses an address; the probe reports it as refused, not unreachable. */
export class AddressRefused extends Error {}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  // Node 20 reports a failed connection to every address of a name as an AggregateError whose
  // own message is empty; the first inner error says what happened.
  const inner =
    error instanceof AggregateError ? (error.errors[0] as Error | undefined) : undefined;
  const message = error.message || inner?.message || 'failed';
  return code && !message.includes(code) ? `${code} ${message}` : message;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Node hands header bytes over as latin1. Non-ASCII in a field is obs-text (RFC 9110 §5.5) and is
 * diagnosed either way; shown as UTF-8 when it is valid UTF-8, it reads as the server meant it.
 */
function utf8(value: string): string {
  let ascii = true;
  for (let i = 0; i < value.length && ascii; i++) ascii = value.charCodeAt(i) < 0x80;
  if (ascii) return value;
  try {
    return strictUtf8.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}

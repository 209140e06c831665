// HAR 1.2 → Exchange records (http://www.softwareishard.com/blog/har-12-spec/); har-write.ts
// writes them. Reading never throws: a bad entry becomes a problem string and is skipped. Pure;
// linear in the size of the log.
import { redactUrl, REDACTED, summarizeCredentials } from './redact.ts';
import { buildAuthFields, hasAuthField, type HeaderLine } from './auth-fields.ts';
import type { Exchange, Outcome, Step } from './exchange.ts';

type ResponseStep = Extract<Step, { kind: 'response' }>;

export interface HarReadOptions {
  /** Recorded as `imported` on every exchange: a file name, "DevTools", … */
  source?: string;
  /** Number of the first exchange id (`import:<n>`), so several imports do not collide. */
  firstId?: number;
  /** Keep Authorization values on the exchanges; otherwise only their scheme is kept. */
  revealCredentials?: boolean;
}

export interface HarReadResult {
  exchanges: Exchange[];
  /** One readable line per entry (or file) that could not be used, capped at MAX_PROBLEMS. */
  problems: string[];
}

/** Past this many problems the rest are counted in one line: a broken file should not flood. */
const MAX_PROBLEMS = 50;
/** A redirect chain longer than this is cut (browsers stop at 20; 10 is plenty to explain). */
const MAX_REDIRECTS = 10;
/** How many same-URL neighbours are looked at for a redirect or a retry: they come right before or after. */
const LOOKAROUND = 8;
export { REDACTED };

interface Entry {
  index: number;
  method: string;
  url: string;
  /** The URL normalised, to compare with resolved redirect targets. */
  key: string;
  startedAt: number;
  time: number;
  requestHeaders: HeaderLine[];
  status: number;
  statusText: string;
  httpVersion: string;
  responseHeaders: HeaderLine[];
  redirectUrl: string;
  fromCache: boolean;
  type: string;
  initiator: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Exchanges from a HAR log: every entry whose response carries an auth field or is a 401/407. */
export function exchangesFromHar(har: unknown, options: HarReadOptions = {}): HarReadResult {
  const problems: string[] = [];
  let dropped = 0;
  const report = (problem: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
    else dropped++;
  };
  const log = isRecord(har) ? har.log : undefined;
  if (!isRecord(log) || !Array.isArray(log.entries)) {
    return { exchanges: [], problems: ['Not a HAR file: there is no "log.entries" array.'] };
  }
  const entries: Entry[] = [];
  log.entries.forEach((raw: unknown, index: number) => {
    const entry = readEntry(raw, index, report, options.revealCredentials === true);
    if (entry) entries.push(entry);
  });
  const exchanges = buildExchanges(entries, options);
  if (dropped > 0) problems.push(`…and ${dropped} more problems.`);
  return { exchanges, problems };
}

function readEntry(
  raw: unknown,
  index: number,
  report: (p: string) => void,
  reveal: boolean,
): Entry | null {
  const where = `Entry ${index + 1}`;
  if (!isRecord(raw)) return (report(`${where}: not an object; skipped.`), null);
  const { request, response } = raw;
  if (!isRecord(request) || typeof request.url !== 'string') {
    return (report(`${where}: no request URL; skipped.`), null);
  }
  const label = `${where} (${typeof request.method === 'string' ? request.method : '?'} ${request.url})`;
  if (!isRecord(response) || typeof response.status !== 'number') {
    return (report(`${label}: no response status; skipped.`), null);
  }
  // Chrome and Firefox write status 0 for requests that never got a response (blocked,
  // cancelled, failed); there is nothing to diagnose.
  if (response.status === 0) {
    return (report(`${label}: status 0, the request got no response; skipped.`), null);
  }
  const responseHeaders = readHeaders(response.headers);
  if (!responseHeaders)
    return (report(`${label}: response.headers is not an array; skipped.`), null);
  const requestHeaders = readHeaders(request.headers) ?? [];
  // Redacted as it is read: a token in a URL is as secret in a file as on the wire.
  const url = reveal ? request.url : redactUrl(request.url);
  const started = typeof raw.startedDateTime === 'string' ? Date.parse(raw.startedDateTime) : NaN;
  const initiator = isRecord(raw._initiator) ? raw._initiator.url : undefined;
  return {
    index,
    method: typeof request.method === 'string' ? request.method : 'GET',
    url,
    key: resolve(url, url),
    startedAt: Number.isFinite(started) ? started : 0,
    time: typeof raw.time === 'number' && raw.time >= 0 ? raw.time : 0,
    requestHeaders,
    status: response.status,
    statusText: typeof response.statusText === 'string' ? response.statusText : '',
    httpVersion: typeof response.httpVersion === 'string' ? response.httpVersion : 'HTTP/1.1',
    responseHeaders,
    redirectUrl:
      typeof response.redirectURL !== 'string'
        ? ''
        : reveal
          ? response.redirectURL
          : redactUrl(response.redirectURL),
    // Chrome's own extension field: "memory" or "disk" when served from cache.
    fromCache: typeof raw._fromCache === 'string',
    type: typeof raw._resourceType === 'string' ? raw._resourceType : 'other',
    initiator: typeof initiator !== 'string' ? null : reveal ? initiator : redactUrl(initiator),
  };
}

/**
 * HAR headers are [{name, value}], one object per header line: Chrome writes a repeated
 * WWW-Authenticate as separate objects, which is exactly the field-line list the parser wants.
 * Malformed header objects are dropped; a non-array is reported by the caller.
 */
function readHeaders(value: unknown): HeaderLine[] | null {
  if (!Array.isArray(value)) return null;
  const out: HeaderLine[] = [];
  for (const h of value) {
    if (isRecord(h) && typeof h.name === 'string' && typeof h.value === 'string') {
      out.push({ name: h.name, value: h.value });
    }
  }
  return out;
}

function buildExchanges(entries: readonly Entry[], options: HarReadOptions): Exchange[] {
  // Entries keyed by the URL they were requested at, to find the redirect that led to an entry
  // and the retry that answered a challenge, without a quadratic scan.
  const byUrl = new Map<string, Entry[]>();
  for (const e of entries) (byUrl.get(e.key) ?? byUrl.set(e.key, []).get(e.key)!).push(e);
  const redirects = indexRedirects(entries);
  const used = new Set<number>();
  const exchanges: Exchange[] = [];
  let next = options.firstId ?? 1;
  for (const entry of entries) {
    if (used.has(entry.index) || !isRelevant(entry)) continue;
    const chain = redirectChain(entry, redirects, used);
    const retry = isChallengeStatus(entry.status) ? findRetry(entry, byUrl, used) : undefined;
    for (const e of [...chain, entry, ...(retry ? [retry] : [])]) used.add(e.index);
    exchanges.push(toExchange(`import:${next++}`, chain, entry, retry, options));
  }
  return exchanges;
}

function isRelevant(entry: Entry): boolean {
  return isChallengeStatus(entry.status) || hasAuthField(entry.responseHeaders);
}

function isChallengeStatus(status: number): boolean {
  return status === 401 || status === 407;
}

/** 3xx entries by the absolute URL they redirected to. */
function indexRedirects(entries: readonly Entry[]): Map<string, Entry[]> {
  const index = new Map<string, Entry[]>();
  for (const e of entries) {
    if (e.status < 300 || e.status >= 400 || !e.redirectUrl) continue;
    const to = resolve(e.redirectUrl, e.url);
    (index.get(to) ?? index.set(to, []).get(to)!).push(e);
  }
  return index;
}

/** The earlier 3xx entries whose redirectURL led to this one, first hop first. */
function redirectChain(entry: Entry, redirects: Map<string, Entry[]>, used: Set<number>): Entry[] {
  const chain: Entry[] = [];
  let target = entry;
  while (chain.length < MAX_REDIRECTS) {
    // The latest redirect before the target that no other exchange has claimed.
    const candidates = redirects.get(target.key) ?? [];
    let from: Entry | undefined;
    const before = countBefore(candidates, target.index);
    for (let i = before - 1; i >= Math.max(0, before - LOOKAROUND) && !from; i--) {
      const c = candidates[i]!;
      if (!used.has(c.index) && !chain.includes(c)) from = c;
    }
    if (!from) break;
    chain.unshift(from);
    target = from;
  }
  return chain;
}

/** How many entries of a list (in file order) come before the given entry index. */
function countBefore(list: readonly Entry[], index: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.index < index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Location may be relative (RFC 9110 §10.2.2); HAR writers copy it as sent. */
function resolve(location: string, base: string): string {
  try {
    return new URL(location, base).href;
  } catch {
    return location;
  }
}

/** The next request to the same URL that carried the credentials the challenge asked for. */
function findRetry(
  entry: Entry,
  byUrl: Map<string, Entry[]>,
  used: Set<number>,
): Entry | undefined {
  const header = entry.status === 407 ? 'proxy-authorization' : 'authorization';
  const list = byUrl.get(entry.key) ?? [];
  const after = countBefore(list, entry.index + 1);
  for (let i = after; i < Math.min(list.length, after + LOOKAROUND); i++) {
    const e = list[i]!;
    if (
      !used.has(e.index) &&
      e.method === entry.method &&
      e.requestHeaders.some((h) => h.name.toLowerCase() === header)
    ) {
      return e;
    }
  }
  return undefined;
}

function toExchange(
  id: string,
  chain: readonly Entry[],
  entry: Entry,
  retry: Entry | undefined,
  options: HarReadOptions,
): Exchange {
  const first = chain[0] ?? entry;
  const reveal = options.revealCredentials === true;
  const steps: Step[] = [
    {
      kind: 'request',
      at: first.startedAt,
      url: first.url,
      credentials: summarizeCredentials(first.requestHeaders, reveal),
    },
  ];
  for (const hop of chain) {
    steps.push({
      kind: 'redirect',
      at: hop.startedAt + hop.time,
      url: hop.url,
      redirectUrl: resolve(hop.redirectUrl, hop.url),
      statusCode: hop.status,
    });
  }
  if (chain.length > 0) {
    const credentials = summarizeCredentials(entry.requestHeaders, reveal);
    if (credentials.length > 0) {
      steps.push({ kind: 'request', at: entry.startedAt, url: entry.url, credentials });
    }
  }
  steps.push(responseStep(entry, steps));
  if (retry) {
    steps.push({
      kind: 'request',
      at: retry.startedAt,
      url: retry.url,
      credentials: summarizeCredentials(retry.requestHeaders, reveal),
    });
    steps.push(responseStep(retry, steps));
  }
  const last = retry ?? entry;
  steps.push({ kind: 'completed', at: last.startedAt + last.time, statusCode: last.status });
  const exchange: Exchange = {
    id,
    tabId: -1,
    frameId: 0,
    method: first.method,
    type: first.type,
    initiator: first.initiator,
    url: first.url,
    startedAt: first.startedAt,
    steps,
    outcome: outcomeOf(steps),
  };
  if (options.source !== undefined) exchange.imported = options.source;
  return exchange;
}

function responseStep(entry: Entry, steps: readonly Step[]): ResponseStep {
  const request = steps.findLast((s) => s.kind === 'request');
  // A HAR shows what was sent, but a browser-answered challenge may be missing from it: only a
  // credential we can see is a fact, its absence is not.
  const sent = request?.kind === 'request' && request.credentials.length > 0;
  const { fields, diagnostics } = buildAuthFields(entry.responseHeaders, {
    statusCode: entry.status,
    url: entry.url,
    ...(sent ? { requestHadCredentials: true } : {}),
  });
  return {
    kind: 'response',
    at: entry.startedAt + entry.time,
    url: entry.url,
    statusCode: entry.status,
    statusLine: `${entry.httpVersion} ${entry.status} ${entry.statusText}`.trim(),
    fromCache: entry.fromCache,
    fields,
    diagnostics,
  };
}

/** The same reading of steps as the live reducer: challenge, then retry, then how it ended. */
function outcomeOf(steps: readonly Step[]): Outcome {
  const responses = steps.filter((s): s is ResponseStep => s.kind === 'response');
  const last = responses.at(-1);
  if (!last) return 'failed';
  const challengedBefore = responses.slice(0, -1).some((r) => isChallengeStatus(r.statusCode));
  if (last.statusCode >= 200 && last.statusCode < 400) {
    return challengedBefore ? 'authenticated' : 'succeeded';
  }
  if (isChallengeStatus(last.statusCode) || last.fields.some((f) => f.challenges.length > 0)) {
    return challengedBefore ? 'rejected' : 'challenged';
  }
  return 'failed';
}

// HAR 1.2 → Exchange records (http://www.softwareishard.com/blog/har-12-spec/). Each entry is turned
// into the observations the browser edge produces (request, response or redirect, completion) and
// they go through the same exchange reducer as live capture, so an exchange read back from a file
// is the exchange that was recorded. What HAR has no place for, AuthLens's own export writes in an
// `_authlens` field on each entry (see AuthLensEntry); files from elsewhere are grouped by evidence
// the file holds (a redirect's Location, a retry carrying the credentials a challenge asked for).
//
// Reading never throws: a bad entry becomes a problem string and is skipped. Credentials and URLs
// are redacted as they are read. It stops at `maxExchanges` and says how many entries it did not
// read, so a huge or hostile file costs at most that many exchanges. Pure.
import type { Header as HarHeader } from 'har-format';
import { authFieldName, hasAuthField, type HeaderLine } from './auth-fields.ts';
import {
  inferred,
  isChallengeStatus,
  type CredentialsSummary,
  type Evidence,
  type Exchange,
  type Step,
} from './exchange.ts';
import {
  advanceExchange,
  answersPrompt,
  applySighting,
  contextStep,
  continueWithRequest,
  promptClosed,
  resumeAfterPrompt,
  startExchange,
} from './exchange-reducer.ts';
import type { Observation, ResponseObservation } from './observation.ts';
import { isRecord } from '../core/is-record.ts';
import { redactUrl, summarizeCredentials } from './redact.ts';

export interface HarReadOptions {
  /** Recorded as `imported` on every exchange: a file name, "DevTools", … */
  source?: string;
  /** Number of the first exchange id (`import:<n>`), so several imports do not collide. */
  firstId?: number;
  /** Keep Authorization values on the exchanges; otherwise only their scheme is kept. */
  revealCredentials?: boolean;
  /** Stop after this many exchanges (the rest of the file is not read). */
  maxExchanges?: number;
}

export interface HarReadResult {
  exchanges: Exchange[];
  /** One readable line per entry (or file) that could not be used, capped at MAX_PROBLEMS. */
  problems: string[];
  /** Entries not read because `maxExchanges` was reached. */
  unread: number;
}

/**
 * What AuthLens's HAR export adds to each entry (a custom field, as HAR 1.2 allows): the facts of
 * an exchange that HAR has no place for, so that reading the file back gives the same exchange.
 */
export interface AuthLensEntry {
  /** Entries of one exchange share this number and follow each other. */
  exchange: number;
  /**
   * How the request of this entry came to be: `observed` (the browser reported it), `answer` (a new
   * request that answered a login prompt), `retry` (a retry a file's evidence joined). Absent when the entry continues the previous one's
   * request (a redirect hop, a retry the browser made without telling extensions).
   */
  request?: 'observed' | 'answer' | 'retry';
  /**
   * The request's credential headers were seen on the wire (in DevTools' network log): the
   * headers listed are all it carried, and none listed means none was sent.
   */
  seen?: boolean;
  /** What followed the entry's response before the next entry: prompts, completion, error. */
  then?: AuthLensFollowUp[];
  /**
   * The request answered a login prompt, and the page shown next said it was a Cancel: why, as the
   * recorder put it (promptClosed).
   */
  closed?: string;
}

export type AuthLensFollowUp =
  | {
      kind: 'auth-required';
      at: number;
      scheme: string;
      realm: string;
      isProxy: boolean;
      challenger: string;
    }
  | { kind: 'completed'; at: number; statusCode: number }
  | { kind: 'error'; at: number; error: string };

/** A header object as AuthLens writes it: who set a credential header, when it knows. */
export type AuthLensHeader = HarHeader & { _source?: 'page' | 'browser' };

/** Past this many problems the rest are counted in one line: a broken file should not flood. */
const MAX_PROBLEMS = 50;
/** A redirect chain longer than this is cut (browsers stop at 20; 10 is plenty to explain). */
const MAX_REDIRECTS = 10;
/** How far ahead a retry of a challenged request is looked for: it comes right after. */
const RETRY_LOOKAHEAD = 32;
/** Schemes a browser answers by itself; a page's own retry sets Bearer, DPoP… */
const BROWSER_SCHEMES = new Set(['basic', 'digest', 'ntlm', 'negotiate']);

/** One HAR entry as the importer uses it: redacted, with only the headers AuthLens reads. */
interface Entry {
  index: number;
  method: string;
  url: string;
  /** The URL normalised, to compare with resolved redirect targets. */
  key: string;
  startedAt: number;
  time: number;
  credentials: CredentialsSummary[];
  status: number;
  statusLine: string;
  /** Auth fields and the context headers diagnostics read. */
  headers: HeaderLine[];
  redirectUrl: string;
  fromCache: boolean;
  type: string;
  initiator: string | null;
  authlens: AuthLensEntry | null;
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
    return {
      exchanges: [],
      problems: ['Not a HAR file: there is no "log.entries" array.'],
      unread: 0,
    };
  }
  const reader = new EntryReader(log.entries as unknown[], report, options.revealCredentials);
  const exchanges: Exchange[] = [];
  const max = options.maxExchanges ?? Infinity;
  let next = options.firstId ?? 1;
  let cursor = 0;
  while (cursor < reader.length && exchanges.length < max) {
    const entry = reader.at(cursor);
    if (!entry || reader.used.has(cursor)) {
      cursor++;
      continue;
    }
    const group = entry.authlens ? reader.authlensGroup(cursor) : reader.foreignGroup(cursor);
    if (group) {
      const exchange = group.build(`import:${next}`);
      if (exchange) {
        next++;
        if (options.source !== undefined) exchange.imported = options.source;
        exchanges.push(exchange);
      }
    }
    cursor++;
  }
  reader.forget();
  if (dropped > 0) problems.push(`…and ${dropped} more problems.`);
  return { exchanges, problems, unread: reader.length - cursor };
}

interface Group {
  build(id: string): Exchange | null;
}

/** Reads entries on demand (each at most once) and remembers which ones an exchange took. */
class EntryReader {
  readonly length: number;
  readonly used = new Set<number>();
  private readonly read = new Map<number, Entry | null>();
  /** 3xx entries read so far, by the absolute URL they redirect to, in file order. */
  private readonly redirects = new Map<string, Entry[]>();

  constructor(
    private readonly raw: unknown[],
    private readonly report: (problem: string) => void,
    private readonly reveal = false,
  ) {
    this.length = raw.length;
  }

  at(index: number): Entry | null {
    let entry = this.read.get(index);
    if (entry === undefined) {
      entry = readEntry(this.raw[index], index, this.report, this.reveal);
      this.read.set(index, entry);
      if (entry && entry.status >= 300 && entry.status < 400 && entry.redirectUrl) {
        const to = resolve(entry.redirectUrl, entry.url);
        (this.redirects.get(to) ?? this.redirects.set(to, []).get(to)!).push(entry);
      }
    }
    return entry;
  }

  /** Lets go of what was read: the caller keeps only the exchanges. */
  forget(): void {
    this.read.clear();
    this.redirects.clear();
  }

  /** The consecutive entries AuthLens wrote for one exchange. */
  authlensGroup(start: number): Group {
    const first = this.at(start)!;
    const entries: Entry[] = [];
    for (let i = start; i < this.length; i++) {
      const entry = this.at(i);
      if (entry?.authlens?.exchange !== first.authlens!.exchange) break;
      entries.push(entry);
      this.used.add(i);
    }
    return { build: (id) => fromAuthLensEntries(id, entries) };
  }

  /**
   * An exchange of a file from elsewhere: a relevant entry, the redirects that led to it, and the
   * next request to the same URL carrying the credentials its challenge asked for.
   */
  foreignGroup(start: number): Group | null {
    const entry = this.at(start)!;
    if (!isRelevant(entry)) return null;
    const chain = this.redirectChain(entry);
    const retry = isChallengeStatus(entry.status) ? this.retryOf(entry) : undefined;
    for (const e of [...chain, entry, ...(retry ? [retry] : [])]) this.used.add(e.index);
    return { build: (id) => fromForeignEntries(id, chain, entry, retry) };
  }

  /** The earlier 3xx entries whose redirectURL led to this one, first hop first. */
  private redirectChain(entry: Entry): Entry[] {
    const chain: Entry[] = [];
    let target = entry;
    while (chain.length < MAX_REDIRECTS) {
      // The latest redirect before the target that no other exchange has claimed.
      const from = this.redirects
        .get(target.key)
        ?.findLast((c) => c.index < target.index && !this.used.has(c.index) && !chain.includes(c));
      if (!from) break;
      chain.unshift(from);
      target = from;
    }
    return chain;
  }

  /** The next request to the same URL and method that carried the header the challenge asks for. */
  private retryOf(entry: Entry): Entry | undefined {
    const header = entry.status === 407 ? 'Proxy-Authorization' : 'Authorization';
    const end = Math.min(this.length, entry.index + 1 + RETRY_LOOKAHEAD);
    for (let i = entry.index + 1; i < end; i++) {
      const e = this.at(i);
      if (
        e &&
        !this.used.has(i) &&
        e.key === entry.key &&
        e.method === entry.method &&
        e.credentials.some((c) => c.header === header)
      ) {
        return e;
      }
    }
    return undefined;
  }
}

function isRelevant(entry: Entry): boolean {
  return isChallengeStatus(entry.status) || hasAuthField(entry.headers);
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
  const label = `${where} (${typeof request.method === 'string' ? request.method : '?'} ${request.url.slice(0, 200)})`;
  if (!isRecord(response) || typeof response.status !== 'number') {
    return (report(`${label}: no response status; skipped.`), null);
  }
  // Chrome and Firefox write status 0 for requests that never got a response (blocked,
  // cancelled, failed); there is nothing to diagnose.
  if (response.status === 0) {
    return (report(`${label}: status 0, the request got no response; skipped.`), null);
  }
  if (!Array.isArray(response.headers)) {
    return (report(`${label}: response.headers is not an array; skipped.`), null);
  }
  // Redacted as it is read: a token in a URL is as secret in a file as on the wire.
  const url = reveal ? request.url : redactUrl(request.url);
  const started = typeof raw.startedDateTime === 'string' ? Date.parse(raw.startedDateTime) : NaN;
  const initiator = isRecord(raw._initiator) ? raw._initiator.url : undefined;
  const httpVersion = typeof response.httpVersion === 'string' ? response.httpVersion : 'HTTP/1.1';
  const statusText = typeof response.statusText === 'string' ? response.statusText : '';
  return {
    index,
    method: typeof request.method === 'string' ? request.method : 'GET',
    url,
    key: resolve(url, url),
    startedAt: Number.isFinite(started) ? started : 0,
    time: typeof raw.time === 'number' && raw.time >= 0 ? raw.time : 0,
    credentials: readCredentials(request.headers, reveal),
    status: response.status,
    statusLine: `${httpVersion} ${response.status} ${statusText}`.trim(),
    headers: keptHeaders(response.headers),
    redirectUrl:
      typeof response.redirectURL !== 'string'
        ? ''
        : reveal
          ? response.redirectURL
          : redactUrl(response.redirectURL),
    // Chrome's own extension field: "memory" or "disk" when served from cache.
    fromCache: typeof raw._fromCache === 'string',
    type: typeof raw._resourceType === 'string' ? raw._resourceType : 'other',
    initiator: typeof initiator === 'string' ? initiator : null,
    authlens: readAuthLens(raw._authlens),
  };
}

/** Response headers kept besides the auth fields, because diagnostics read them. */
const CONTEXT_HEADERS = new Set([
  'access-control-allow-origin',
  'access-control-expose-headers',
  'location',
]);

/**
 * HAR headers are [{name, value}], one object per header line: Chrome writes a repeated
 * WWW-Authenticate as separate objects, which is exactly the field-line list the parser wants.
 * Only the headers AuthLens reads are kept; malformed header objects are dropped.
 */
function keptHeaders(value: unknown[]): HeaderLine[] {
  const out: HeaderLine[] = [];
  for (const h of value) {
    if (!isRecord(h) || typeof h.name !== 'string' || typeof h.value !== 'string') continue;
    if (authFieldName(h.name) || CONTEXT_HEADERS.has(h.name.toLowerCase())) {
      out.push({ name: h.name, value: h.value });
    }
  }
  return out;
}

/** The request's credential headers, each reduced to its scheme (unless revealed). */
function readCredentials(value: unknown, reveal: boolean): CredentialsSummary[] {
  if (!Array.isArray(value)) return [];
  const headers: AuthLensHeader[] = value.filter(
    (h): h is AuthLensHeader =>
      isRecord(h) && typeof h.name === 'string' && typeof h.value === 'string',
  );
  const credentials = summarizeCredentials(headers, reveal);
  // summarizeCredentials keeps the order of the credential headers; match the setters to them.
  const setters = headers
    .filter((h) => /^(proxy-)?authorization$/i.test(h.name))
    .map((h) => (h._source === 'browser' ? 'browser' : h._source === 'page' ? 'page' : null));
  return credentials.map((c, i) => {
    const setter = setters[i];
    return setter ? { ...c, source: setter } : c;
  });
}

function readAuthLens(value: unknown): AuthLensEntry | null {
  if (!isRecord(value) || typeof value.exchange !== 'number') return null;
  const entry: AuthLensEntry = { exchange: value.exchange };
  if (value.request === 'observed' || value.request === 'answer' || value.request === 'retry') {
    entry.request = value.request;
  }
  if (value.seen === true) entry.seen = true;
  if (typeof value.closed === 'string') entry.closed = value.closed;
  if (Array.isArray(value.then)) {
    entry.then = value.then.flatMap((t: unknown): AuthLensFollowUp[] => {
      if (!isRecord(t) || typeof t.at !== 'number') return [];
      if (t.kind === 'completed' && typeof t.statusCode === 'number') {
        return [{ kind: 'completed', at: t.at, statusCode: t.statusCode }];
      }
      if (t.kind === 'error' && typeof t.error === 'string') {
        return [{ kind: 'error', at: t.at, error: t.error }];
      }
      if (t.kind === 'auth-required') {
        return [
          {
            kind: 'auth-required',
            at: t.at,
            scheme: typeof t.scheme === 'string' ? t.scheme : '',
            realm: typeof t.realm === 'string' ? t.realm : '',
            isProxy: t.isProxy === true,
            challenger: typeof t.challenger === 'string' ? t.challenger : '',
          },
        ];
      }
      return [];
    });
  }
  return entry;
}

/** Location may be relative (RFC 9110 §10.2.2); HAR writers copy it as sent. */
function resolve(location: string, base: string): string {
  try {
    return new URL(location, base).href;
  } catch {
    return location;
  }
}

// ---- Entries → observations → the exchange reducer ------------------------------------------------

/** The observations one entry stands for, all of one request (`requestId`) of one exchange. */
function observationsOf(entry: Entry, requestId: string, type: string, initiator: string | null) {
  const base = {
    requestId,
    tabId: -1,
    frameId: 0,
    url: entry.url,
    method: entry.method,
    type,
    initiator,
  };
  const request: Observation = {
    ...base,
    kind: 'request',
    at: entry.startedAt,
    credentials: entry.credentials.filter((c) => c.source === 'page'),
  };
  const endsAt = entry.startedAt + entry.time;
  const reply: Observation =
    entry.status >= 300 && entry.status < 400 && entry.redirectUrl
      ? {
          ...base,
          kind: 'redirect',
          at: endsAt,
          statusCode: entry.status,
          redirectUrl: resolve(entry.redirectUrl, entry.url),
        }
      : {
          ...base,
          kind: 'response',
          at: endsAt,
          statusCode: entry.status,
          statusLine: entry.statusLine,
          fromCache: entry.fromCache,
          headers: entry.headers,
          relevant: true,
        };
  const completed: Observation = {
    ...base,
    kind: 'completed',
    at: endsAt,
    statusCode: entry.status,
    statusLine: entry.statusLine,
    headers: [],
  };
  return { request, reply, completed, base };
}

/** What the entry's request carried on the wire, as DevTools' network log records it. */
function sightingOf(entry: Entry) {
  return {
    url: entry.url,
    method: entry.method,
    startedAt: entry.startedAt,
    endedAt: entry.startedAt + entry.time,
    status: entry.status,
    credentials: entry.credentials,
  };
}

/** Replays what AuthLens recorded, observation by observation, through the reducer. */
function fromAuthLensEntries(id: string, entries: readonly Entry[]): Exchange | null {
  const first = entries[0]!;
  let exchange: Exchange | null = null;
  const context: Step[] = [];
  for (const entry of entries) {
    const ext = entry.authlens!;
    const { request, reply, base } = observationsOf(entry, id, first.type, first.initiator);
    if (ext.request === 'observed') {
      if (exchange) exchange = advanceExchange(exchange, request);
      else {
        const step = contextStep(request);
        if (step) context.push(step);
      }
    }
    if (!exchange) {
      if (reply.kind === 'response') exchange = startExchange(reply, context);
      else {
        const step = contextStep(reply);
        if (step) context.push(step);
      }
    } else if (ext.request === 'answer' && reply.kind === 'response') {
      exchange = resumeAfterPrompt(exchange, reply, answerEvidence(exchange, reply));
    } else if (ext.request === 'retry') {
      exchange = continueWithRequest(
        exchange,
        { at: entry.startedAt, url: entry.url, credentials: entry.credentials },
        inferred(RETRY_IN_FILE),
      );
      exchange = advanceExchange(exchange, reply);
    } else {
      exchange = advanceExchange(exchange, reply);
    }
    if (!exchange) continue;
    if (ext.seen) exchange = applySighting(exchange, sightingOf(entry)) ?? exchange;
    for (const step of ext.then ?? []) {
      const then: Observation =
        step.kind === 'completed'
          ? { ...base, ...step, statusLine: '', headers: [] }
          : { ...base, ...step };
      exchange = advanceExchange(exchange, then);
    }
    if (ext.closed !== undefined) exchange = promptClosed(exchange, inferred(ext.closed));
  }
  return exchange ? { ...exchange, id } : null;
}

/** The same judgement as when it was recorded, or what the file says when that cannot be made. */
function answerEvidence(exchange: Exchange, reply: ResponseObservation): Evidence {
  return (
    answersPrompt(exchange, {
      ...reply,
      tabId: exchange.tabId,
      frameId: exchange.frameId,
      type: exchange.type,
      initiator: exchange.initiator,
    }) ?? inferred('The file says this request answered the login prompt.')
  );
}

const RETRY_IN_FILE =
  "Taken as the retry of the challenge: the file's next request to the same URL carries the credentials the challenge asked for.";

/** An exchange of a file from elsewhere, read as its entries' observations. */
function fromForeignEntries(
  id: string,
  chain: readonly Entry[],
  entry: Entry,
  retry: Entry | undefined,
): Exchange | null {
  const first = chain[0] ?? entry;
  const type = first.type;
  const context: Step[] = [];
  const opening = contextStep(observationsOf(first, id, type, first.initiator).request);
  if (opening) context.push(opening);
  for (const hop of chain) {
    const step = contextStep(observationsOf(hop, id, type, first.initiator).reply);
    if (step) context.push(step);
  }
  const own = observationsOf(entry, id, type, first.initiator);
  if (chain.length > 0) {
    const step = contextStep(own.request);
    if (step) context.push(step);
  }
  if (own.reply.kind !== 'response') return null;
  let exchange = advanceExchange(startExchange(own.reply, context), own.completed);
  if (retry) {
    const again = observationsOf(retry, id, type, first.initiator);
    // A browser answers Basic, Digest, NTLM and Negotiate challenges itself; other schemes in a
    // retry are the page's own.
    const credentials = retry.credentials.map((c): CredentialsSummary =>
      BROWSER_SCHEMES.has(c.scheme.toLowerCase()) ? { ...c, source: 'browser' } : c,
    );
    exchange = continueWithRequest(
      exchange,
      { at: retry.startedAt, url: retry.url, credentials },
      inferred(RETRY_IN_FILE),
    );
    if (again.reply.kind === 'response') exchange = advanceExchange(exchange, again.reply);
    exchange = advanceExchange(exchange, again.completed);
  }
  return { ...exchange, id };
}

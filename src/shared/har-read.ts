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
import { locateArray } from './json-array.ts';
import { credentialHeaderName, redactUrl, summarizeCredentials } from './redact.ts';

export interface HarReadOptions {
  /** Recorded as `imported` on every exchange: a file name, "DevTools", … */
  source?: string;
  /** Number of the first exchange id (`import:<n>`), so several imports do not collide. */
  firstId?: number;
  /** Keep Authorization values on the exchanges; otherwise only their scheme is kept. */
  revealCredentials?: boolean;
  /** Stop before this many exchanges would be exceeded (the rest of the file is not read). */
  maxExchanges?: number;
  /**
   * Stop before the exchanges built would exceed this many bytes (as JSON): a hostile header can
   * make one record megabytes large, so a count alone bounds nothing.
   */
  maxBytes?: number;
}

export interface HarReadResult {
  exchanges: Exchange[];
  /** One readable line per entry (or file) that could not be used, capped at MAX_PROBLEMS. */
  problems: string[];
  /** Entries not read because a limit was reached. */
  unread: number;
  /** Which limit stopped the reading, if one did. */
  stoppedAt: 'maxExchanges' | 'maxBytes' | null;
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
  /** On an exchange's first entry: what AuthLens left out of the record (Exchange.truncated). */
  truncated?: string[];
}

/** The steps that follow a response in an exchange and have no place in HAR. */
export type AuthLensFollowUp = Extract<Step, { kind: 'auth-required' | 'completed' | 'error' }>;

/** A header object as AuthLens writes it: who set a credential header, when it knows. */
export type AuthLensHeader = HarHeader & { _source?: 'page' | 'browser' };

/** Past this many problems the rest are counted in one line: a broken file should not flood. */
const MAX_PROBLEMS = 50;
/** A redirect chain longer than this is cut (browsers stop at 20; 10 is plenty to explain). */
const MAX_REDIRECTS = 10;
/** How far back (in entries) the hops of a redirect chain are looked for. */
const REDIRECT_REACH = 1024;
/** How far ahead a retry of a challenged request is looked for: it comes right after. */
const RETRY_LOOKAHEAD = 32;
/** Chrome's longest URL (url/url_constants.h kMaxURLChars): longer ones no browser sent. */
const MAX_URL_CHARS = 2 * 1024 * 1024;
/**
 * Chrome refuses a response whose header block exceeds 256 KiB (net's kMaxHeaderBufSize): more
 * authentication header text than that in one entry did not come from a browser, and parsing it
 * would let one entry cost seconds and megabytes.
 */
const MAX_AUTH_HEADER_CHARS = 256 * 1024;
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
  /** Where a 3xx led, absolute; '' when it has no Location. */
  redirectUrl: string;
  fromCache: boolean;
  type: string;
  initiator: string | null;
  authlens: AuthLensEntry | null;
}

/** Exchanges from a HAR log: every entry whose response carries an auth field or is a 401/407. */
export function exchangesFromHar(har: unknown, options: HarReadOptions = {}): HarReadResult {
  const log = isRecord(har) ? har.log : undefined;
  if (!isRecord(log) || !Array.isArray(log.entries)) {
    return {
      exchanges: [],
      problems: ['Not a HAR file: there is no "log.entries" array.'],
      unread: 0,
      stoppedAt: null,
    };
  }
  const entries = log.entries as unknown[];
  return readEntries({ length: entries.length, get: (i) => entries[i] }, options);
}

/**
 * The same, from the text of the file, parsing each entry only when it is read: a huge file then
 * costs what the exchanges read from it cost, not a parse of all of it (json-array.ts). Null when
 * the text is not a HAR log's shape (the caller parses it whole, for the message).
 */
export function exchangesFromHarText(
  text: string,
  options: HarReadOptions = {},
): HarReadResult | null {
  const spans = locateArray(text, ['log', 'entries']);
  if (!spans) return null;
  const get = (i: number): unknown => {
    try {
      return JSON.parse(text.slice(spans.starts[i], spans.ends[i])) as unknown;
    } catch {
      return NOT_JSON;
    }
  };
  return readEntries({ length: spans.starts.length, get }, options);
}

/** An entry whose text does not parse. */
const NOT_JSON = Symbol('not JSON');

interface EntrySource {
  length: number;
  get(index: number): unknown;
}

function readEntries(source: EntrySource, options: HarReadOptions): HarReadResult {
  const problems: string[] = [];
  let dropped = 0;
  const report = (problem: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
    else dropped++;
  };
  const reader = new EntryReader(source, report, options.revealCredentials);
  const exchanges: Exchange[] = [];
  const maxExchanges = options.maxExchanges ?? Infinity;
  const maxBytes = options.maxBytes ?? Infinity;
  let bytes = 0;
  let stoppedAt: HarReadResult['stoppedAt'] = null;
  let next = options.firstId ?? 1;
  let cursor = 0;
  for (; cursor < reader.length; cursor++) {
    if (exchanges.length >= maxExchanges) {
      stoppedAt = 'maxExchanges';
      break;
    }
    const entry = reader.at(cursor);
    if (!entry || reader.used.has(cursor)) {
      reader.passed(cursor);
      continue;
    }
    const group = entry.authlens ? reader.authlensGroup(cursor) : reader.foreignGroup(cursor);
    const exchange = group?.build(`import:${next}`);
    if (!exchange) {
      reader.passed(cursor);
      continue;
    }
    const size = maxBytes === Infinity ? 0 : JSON.stringify(exchange).length;
    if (bytes + size > maxBytes) {
      stoppedAt = 'maxBytes';
      break;
    }
    bytes += size;
    next++;
    if (options.source !== undefined) exchange.imported = options.source;
    exchanges.push(exchange);
    reader.passed(cursor);
  }
  reader.forget();
  if (dropped > 0) problems.push(`…and ${dropped} more problems.`);
  return { exchanges, problems, unread: reader.length - cursor, stoppedAt };
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
    private readonly source: EntrySource,
    private readonly report: (problem: string) => void,
    private readonly reveal = false,
  ) {
    this.length = source.length;
  }

  at(index: number): Entry | null {
    let entry = this.read.get(index);
    if (entry === undefined) {
      entry = readEntry(this.source.get(index), index, this.report, this.reveal);
      this.read.set(index, entry);
      if (entry && entry.status >= 300 && entry.status < 400 && entry.redirectUrl) {
        const to = entry.redirectUrl;
        (this.redirects.get(to) ?? this.redirects.set(to, []).get(to)!).push(entry);
      }
    }
    return entry;
  }

  /**
   * The reading moved past this entry: nothing looks at it again but a redirect chain, which keeps
   * its hops in `redirects` — and only for REDIRECT_REACH entries: a chain's hops come right before
   * the entry they lead to.
   */
  passed(index: number): void {
    this.read.delete(index);
    this.used.delete(index);
    if (index % REDIRECT_REACH !== 0) return;
    for (const [to, hops] of this.redirects) {
      const recent = hops.filter((h) => h.index >= index - REDIRECT_REACH);
      if (recent.length === 0) this.redirects.delete(to);
      else if (recent.length < hops.length) this.redirects.set(to, recent);
    }
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
  if (raw === NOT_JSON) return (report(`${where}: not valid JSON; skipped.`), null);
  if (!isRecord(raw)) return (report(`${where}: not an object; skipped.`), null);
  const { request, response } = raw;
  if (!isRecord(request) || typeof request.url !== 'string') {
    return (report(`${where}: no request URL; skipped.`), null);
  }
  const requested = request.url;
  const label = () =>
    `${where} (${typeof request.method === 'string' ? request.method.slice(0, 32) : '?'} ${requested.slice(0, 200)})`;
  if (!isRecord(response) || typeof response.status !== 'number') {
    return (report(`${label()}: no response status; skipped.`), null);
  }
  // Chrome and Firefox write status 0 for requests that never got a response (blocked,
  // cancelled, failed); there is nothing to diagnose.
  if (response.status === 0) {
    return (report(`${label()}: status 0, the request got no response; skipped.`), null);
  }
  if (!Array.isArray(response.headers)) {
    return (report(`${label()}: response.headers is not an array; skipped.`), null);
  }
  // Most entries of a file are about nothing AuthLens reads: decided by status and header names
  // before any URL is parsed or redacted.
  const status = response.status;
  if (
    raw._authlens === undefined &&
    !isChallengeStatus(status) &&
    !(status >= 300 && status < 400) &&
    !hasHeader(response.headers, (name) => authFieldName(name) !== undefined) &&
    !hasHeader(request.headers, (name) => credentialHeaderName(name) !== undefined)
  ) {
    return null;
  }
  if (request.url.length > MAX_URL_CHARS) {
    return (report(`${where}: its URL is longer than any browser sends (2 MiB); skipped.`), null);
  }
  const httpVersion = typeof response.httpVersion === 'string' ? response.httpVersion : 'HTTP/1.1';
  const statusText = typeof response.statusText === 'string' ? response.statusText : '';
  const method = typeof request.method === 'string' ? request.method : 'GET';
  if (httpVersion.length + statusText.length > MAX_AUTH_HEADER_CHARS || method.length > 1024) {
    return (
      report(`${where}: its method or status line is longer than HTTP allows; skipped.`),
      null
    );
  }
  const headers = keptHeaders(response.headers);
  const authChars = headers.reduce((n, h) => n + h.name.length + h.value.length, 0);
  if (authChars > MAX_AUTH_HEADER_CHARS) {
    const kib = Math.round(authChars / 1024).toLocaleString('en-US');
    return (
      report(
        `${label()}: ${kib} KiB of authentication headers, more than a browser accepts in a response (256 KiB); skipped.`,
      ),
      null
    );
  }
  // Redacted as it is read: a token in a URL is as secret in a file as on the wire.
  const url = reveal ? request.url : redactUrl(request.url);
  const started = typeof raw.startedDateTime === 'string' ? Date.parse(raw.startedDateTime) : NaN;
  const initiator = isRecord(raw._initiator) ? raw._initiator.url : undefined;
  return {
    index,
    method,
    url,
    key: resolve(url, url),
    startedAt: Number.isFinite(started) ? started : 0,
    time: typeof raw.time === 'number' && raw.time >= 0 ? raw.time : 0,
    credentials: readCredentials(request.headers, reveal),
    status: response.status,
    statusLine: `${httpVersion} ${response.status} ${statusText}`.trim(),
    headers,
    // Resolved once here: Location may be relative (RFC 9110 §10.2.2), as HAR writers copy it.
    redirectUrl:
      typeof response.redirectURL !== 'string' ||
      response.redirectURL === '' ||
      response.redirectURL.length > MAX_URL_CHARS
        ? ''
        : resolve(reveal ? response.redirectURL : redactUrl(response.redirectURL), url),
    // Chrome's own extension field: "memory" or "disk" when served from cache.
    fromCache: typeof raw._fromCache === 'string',
    type: typeof raw._resourceType === 'string' ? raw._resourceType : 'other',
    // The initiator is a URL too: redacted like every URL kept.
    initiator:
      typeof initiator !== 'string' || initiator.length > MAX_URL_CHARS
        ? null
        : reveal
          ? initiator
          : redactUrl(initiator),
    authlens: readAuthLens(raw._authlens),
  };
}

function hasHeader(headers: unknown, matches: (name: string) => boolean): boolean {
  if (!Array.isArray(headers)) return false;
  for (const h of headers) {
    if (isRecord(h) && typeof h.name === 'string' && matches(h.name)) return true;
  }
  return false;
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
  if (Array.isArray(value.truncated)) {
    entry.truncated = value.truncated.filter((t): t is string => typeof t === 'string');
  }
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

/** Who an entry's observations are about: one request (`requestId`) of one exchange. */
interface Subject {
  requestId: string;
  type: string;
  initiator: string | null;
}

/** What every observation of the entry shares. */
function baseOf(entry: Entry, who: Subject) {
  return {
    requestId: who.requestId,
    tabId: -1,
    frameId: 0,
    url: entry.url,
    method: entry.method,
    type: who.type,
    initiator: who.initiator,
  };
}

function requestOf(entry: Entry, who: Subject): Observation {
  return {
    ...baseOf(entry, who),
    kind: 'request',
    at: entry.startedAt,
    credentials: entry.credentials.filter((c) => c.source === 'page'),
  };
}

/** The entry's response, or its redirect when it is a 3xx with a Location. */
function replyOf(entry: Entry, who: Subject): Observation {
  const base = { ...baseOf(entry, who), at: entry.startedAt + entry.time };
  if (entry.status >= 300 && entry.status < 400 && entry.redirectUrl) {
    return {
      ...base,
      kind: 'redirect',
      statusCode: entry.status,
      redirectUrl: entry.redirectUrl,
    };
  }
  return {
    ...base,
    kind: 'response',
    statusCode: entry.status,
    statusLine: entry.statusLine,
    fromCache: entry.fromCache,
    headers: entry.headers,
    relevant: true,
  };
}

/** What came after the entry's response (AuthLensFollowUp), or its completion. */
function followUpOf(entry: Entry, who: Subject, step?: AuthLensFollowUp): Observation {
  const base = baseOf(entry, who);
  if (step?.kind === 'auth-required' || step?.kind === 'error') return { ...base, ...step };
  return {
    ...base,
    kind: 'completed',
    at: step?.at ?? entry.startedAt + entry.time,
    statusCode: step?.statusCode ?? entry.status,
    statusLine: step ? '' : entry.statusLine,
    headers: [],
  };
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
  const who: Subject = { requestId: id, type: first.type, initiator: first.initiator };
  let exchange: Exchange | null = null;
  const context: Step[] = [];
  for (const entry of entries) {
    const ext = entry.authlens!;
    const request = requestOf(entry, who);
    const reply = replyOf(entry, who);
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
    for (const step of ext.then ?? [])
      exchange = advanceExchange(exchange, followUpOf(entry, who, step));
    if (ext.closed !== undefined) exchange = promptClosed(exchange, inferred(ext.closed));
  }
  if (!exchange) return null;
  const truncated = first.authlens!.truncated;
  return truncated && truncated.length > 0 ? { ...exchange, id, truncated } : { ...exchange, id };
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
  const who: Subject = { requestId: id, type: first.type, initiator: first.initiator };
  const context: Step[] = [];
  const opening = contextStep(requestOf(first, who));
  if (opening) context.push(opening);
  for (const hop of chain) {
    const step = contextStep(replyOf(hop, who));
    if (step) context.push(step);
  }
  if (chain.length > 0) {
    const step = contextStep(requestOf(entry, who));
    if (step) context.push(step);
  }
  const reply = replyOf(entry, who);
  if (reply.kind !== 'response') return null;
  let exchange = advanceExchange(startExchange(reply, context), followUpOf(entry, who));
  if (retry) {
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
    const answer = replyOf(retry, who);
    if (answer.kind === 'response') exchange = advanceExchange(exchange, answer);
    exchange = advanceExchange(exchange, followUpOf(retry, who));
  }
  return { ...exchange, id };
}

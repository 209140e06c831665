// The recorder: per-tab exchanges in memory (the source of truth while the worker lives), written
// through to the TabStore, reloaded from it when the worker restarts, and announced to the panels
// as events. Bounded so that no page can crowd out another: each record is cut to a size bound
// (record-bounds.ts), each tab has its own count and byte budget and evicts its own oldest records,
// and when all tabs together reach the total budget the tab holding the most gives up its oldest.
import type { ParseOptions } from '../core/index.ts';
import type { Exchange, Step } from '../shared/exchange.ts';
import type { BackgroundEvent, Notice, PanelCommand, RecorderState } from '../shared/protocol.ts';
import {
  advanceExchange,
  contextStep,
  isFinished,
  promptedUrl,
  resumeAfterPrompt,
  startExchange,
} from './exchanges.ts';
import { boundRecord, MAX_RECORD_CHARS } from '../shared/record-bounds.ts';
import { redactUrl } from '../shared/redact.ts';
import type { Observation } from './observation.ts';
import { isQuotaError, type StoredTab, type TabStore } from './tab-store.ts';

/** Sizes are characters of serialised JSON: bytes for the ASCII that headers and URLs are. */
export interface Limits {
  /** Exchanges kept per tab. */
  perTab: number;
  /** Serialised size of one tab's exchanges: no tab takes more than its share of storage. */
  perTabBytes: number;
  /** Serialised size of all exchanges, kept under storage.session's 10 MB quota. */
  totalBytes: number;
  /** Serialised size of one exchange; boundRecord cuts a larger one and says so in it. */
  recordBytes: number;
  /** Requests remembered as context before they turn out to be about authentication. */
  pendingContext: number;
}

export const defaultLimits: Limits = {
  perTab: 1000,
  perTabBytes: 2 * 1024 * 1024,
  totalBytes: 8 * 1024 * 1024,
  recordBytes: MAX_RECORD_CHARS,
  pendingContext: 500,
};

interface TabLog {
  /** In capture order: the first key is the oldest record. */
  exchanges: Map<string, Exchange>;
  /** Serialised size of `exchanges`. */
  bytes: number;
  state: RecorderState;
  notices: Notice[];
}

const MAX_NOTICES = 20;
/** How long a login prompt may stay open before its answer no longer counts as a retry. */
const PROMPT_WINDOW_MS = 10 * 60 * 1000;
const MAX_PROMPTS = 100;

const promptKey = (tabId: number, method: string, url: string) => `${tabId} ${method} ${url}`;
const replayKey = (method: string, url: string) => `${method.toUpperCase()} ${redactUrl(url)}`;
/** After a full store, evict this share of the oldest records before trying again. */
const EVICT_SHARE_WHEN_FULL = 0.1;
const MAX_QUOTA_RETRIES = 5;

export class Recorder {
  private readonly tabs = new Map<number, TabLog>();
  /** Unfinished exchanges by requestId: later events of these requests are always recorded. */
  private readonly live = new Map<string, { tabId: number; exchangeId: string }>();
  /**
   * Exchanges whose last challenge made Chrome prompt the user, by tab, method and URL: the
   * retry, a new request once the user answers, continues them.
   */
  private readonly prompts = new Map<string, { tabId: number; exchangeId: string; at: number }>();
  /**
   * Requests "try credentials" announced it is about to send from the panel, by method and URL,
   * with the tab to record them for (one-shot).
   */
  private readonly replays = new Map<string, number>();
  /** The panel's replays under way, by requestId, with their tab. */
  private readonly replaying = new Map<string, number>();
  /** Redirects and credentialed requests of requests not (yet) known to be about authentication. */
  private readonly context = new Map<string, Step[]>();
  private readonly sizes = new Map<string, number>();
  private totalBytes = 0;
  private quotaRetries = 0;

  constructor(
    private readonly store: TabStore,
    private readonly emit: (tabId: number, event: BackgroundEvent) => void,
    private readonly limits: Limits = defaultLimits,
    private readonly parseOptions: ParseOptions = {},
  ) {}

  /** Restores what the store kept; called once when the worker starts. */
  restore(stored: Map<number, StoredTab>, restartedAt: number): void {
    for (const [tabId, { exchanges, state }] of stored) {
      const log = this.tab(tabId);
      log.state = state;
      for (const exchange of exchanges) {
        log.exchanges.set(exchange.id, exchange);
        this.track(exchange, JSON.stringify(exchange).length);
        if (!isFinished(exchange)) this.live.set(exchange.id, { tabId, exchangeId: exchange.id });
        this.awaitRetry(exchange);
      }
      if (exchanges.length > 0) {
        this.notify(tabId, {
          level: 'info',
          code: 'worker-restarted',
          message: `The background restarted; ${exchanges.length} recorded exchange(s) were restored from storage.`,
          at: restartedAt,
        });
      }
    }
  }

  /** Whether later events of this request must be recorded. */
  isTracked(requestId: string): boolean {
    return this.live.has(requestId) || this.context.has(requestId) || this.replaying.has(requestId);
  }

  /** Whether a response to this request answers a login prompt. */
  awaitsResponse(tabId: number, method: string, url: string): boolean {
    // Asked of every response: only when something is awaited is the URL worth normalising.
    if (this.prompts.size === 0) return false;
    return this.prompts.has(promptKey(tabId, method, redactUrl(url)));
  }

  /**
   * The tab one of AuthLens's own requests is to be recorded for: the first request matching an
   * announced replay claims it, and its later events follow. Null for anything else AuthLens sends.
   */
  replayTab(requestId: string, method: string, url: string): number | null {
    const claimed = this.replaying.get(requestId);
    if (claimed !== undefined) return claimed;
    if (this.replays.size === 0) return null;
    const key = replayKey(method, url);
    const tabId = this.replays.get(key);
    if (tabId === undefined) return null;
    this.replays.delete(key);
    if (this.replaying.size >= MAX_PROMPTS)
      this.replaying.delete(this.replaying.keys().next().value!);
    this.replaying.set(requestId, tabId);
    return tabId;
  }

  observe(obs: Observation): void {
    if (obs.tabId < 0) return;
    const log = this.tab(obs.tabId);
    if (obs.kind === 'navigation') {
      if (!log.state.preserveLog && !log.state.paused) this.clear(obs.tabId);
      return;
    }
    if (log.state.paused) return;
    const live = this.live.get(obs.requestId);
    const existing = live && this.tabs.get(live.tabId)?.exchanges.get(live.exchangeId);
    // An exchange evicted while in flight leaves its request behind; it is forgotten here.
    if (live && !existing) this.live.delete(obs.requestId);
    const prompted = obs.kind === 'response' && !existing ? this.promptedExchange(obs) : undefined;
    if (existing) {
      this.update(
        advanceExchange(existing, obs, this.parseOptions),
        'exchangeUpdated',
        obs.requestId,
      );
    } else if (prompted && obs.kind === 'response') {
      this.update(
        resumeAfterPrompt(prompted, obs, this.parseOptions),
        'exchangeUpdated',
        obs.requestId,
      );
    } else if (obs.kind === 'response' && (obs.relevant || this.isAnnouncedReplay(obs))) {
      const steps = this.context.get(obs.requestId) ?? [];
      this.context.delete(obs.requestId);
      this.update(startExchange(obs, steps, this.parseOptions), 'exchangeAdded', obs.requestId);
    } else if (obs.kind === 'completed' || obs.kind === 'error') {
      this.context.delete(obs.requestId);
    } else {
      this.remember(obs);
    }
    if (obs.kind === 'completed' || obs.kind === 'error') this.replaying.delete(obs.requestId);
  }

  command(tabId: number, command: PanelCommand): void {
    const log = this.tab(tabId);
    switch (command.type) {
      case 'clear':
        this.clear(tabId);
        return;
      case 'setPaused':
        this.setState(tabId, { ...log.state, paused: command.paused });
        return;
      case 'setPreserveLog':
        this.setState(tabId, { ...log.state, preserveLog: command.preserveLog });
        return;
      case 'expectReplay':
        if (this.replays.size >= MAX_PROMPTS)
          this.replays.delete(this.replays.keys().next().value!);
        this.replays.set(replayKey(command.method, command.url), tabId);
        this.emit(tabId, { type: 'replayExpected', id: command.id });
        return;
    }
  }

  /** Everything a panel needs when it connects. */
  snapshot(tabId: number): BackgroundEvent {
    const log = this.tab(tabId);
    return {
      type: 'snapshot',
      tabId,
      exchanges: [...log.exchanges.values()],
      state: log.state,
      notices: [...log.notices],
    };
  }

  /** The tab was closed: its records go. */
  removeTab(tabId: number): void {
    const log = this.tabs.get(tabId);
    if (!log) return;
    this.drop(tabId, [...log.exchanges.keys()]);
    this.tabs.delete(tabId);
    this.store.removeState(tabId);
  }

  /** The store could not write; make room if it is full, and say what happened. */
  storageFailed(error: unknown, at: number): void {
    const quota = isQuotaError(error);
    if (quota && this.quotaRetries < MAX_QUOTA_RETRIES) {
      this.quotaRetries++;
      const share = Math.max(1, Math.ceil(this.sizes.size * EVICT_SHARE_WHEN_FULL));
      const evicted = this.evictLargestFirst(null, (_, count) => count < share);
      for (const tabId of this.tabs.keys()) {
        this.notify(tabId, {
          level: 'warning',
          code: 'storage-full',
          message: `Storage is full: ${evicted} oldest exchange(s) were dropped to keep recording.`,
          at,
        });
      }
      this.store.retry();
      return;
    }
    for (const tabId of this.tabs.keys()) {
      this.notify(tabId, {
        level: 'error',
        code: 'storage-failed',
        message: `Recorded exchanges could not be saved (${error instanceof Error ? error.message : String(error)}). They are shown, but will be lost if the background stops.`,
        at,
      });
    }
  }

  /** The store wrote successfully again. */
  storageRecovered(): void {
    this.quotaRetries = 0;
  }

  private tab(tabId: number): TabLog {
    let log = this.tabs.get(tabId);
    if (!log) {
      log = {
        exchanges: new Map(),
        bytes: 0,
        state: { paused: false, preserveLog: true, evicted: 0 },
        notices: [],
      };
      this.tabs.set(tabId, log);
    }
    return log;
  }

  private remember(obs: Observation): void {
    const step = contextStep(obs);
    if (!step) return;
    const steps = this.context.get(obs.requestId);
    if (steps) steps.push(step);
    else {
      if (this.context.size >= this.limits.pendingContext) {
        this.context.delete(this.context.keys().next().value!);
      }
      this.context.set(obs.requestId, [step]);
    }
  }

  private isAnnouncedReplay(obs: Extract<Observation, { kind: 'response' }>): boolean {
    return this.replaying.has(obs.requestId);
  }

  /** The exchange a response retries after a login prompt, if any and if recent enough. */
  private promptedExchange(obs: Extract<Observation, { kind: 'response' }>): Exchange | undefined {
    const key = promptKey(obs.tabId, obs.method, obs.url);
    const waiting = this.prompts.get(key);
    if (!waiting) return undefined;
    this.prompts.delete(key);
    if (obs.at - waiting.at > PROMPT_WINDOW_MS) return undefined;
    return this.tabs.get(waiting.tabId)?.exchanges.get(waiting.exchangeId);
  }

  private awaitRetry(exchange: Exchange): void {
    const url = promptedUrl(exchange);
    if (url === null) return;
    if (this.prompts.size >= MAX_PROMPTS) this.prompts.delete(this.prompts.keys().next().value!);
    this.prompts.set(promptKey(exchange.tabId, exchange.method, url), {
      tabId: exchange.tabId,
      exchangeId: exchange.id,
      at: exchange.steps.at(-1)!.at,
    });
  }

  private update(
    reduced: Exchange,
    type: 'exchangeAdded' | 'exchangeUpdated',
    requestId: string,
  ): void {
    const { exchange, size } = boundRecord(reduced, this.limits.recordBytes);
    const log = this.tab(exchange.tabId);
    log.exchanges.set(exchange.id, exchange);
    if (isFinished(exchange)) this.live.delete(requestId);
    else this.live.set(requestId, { tabId: exchange.tabId, exchangeId: exchange.id });
    this.awaitRetry(exchange);
    this.track(exchange, size);
    this.store.putExchange(exchange);
    this.emit(exchange.tabId, { type, exchange });
    // A tab pays for its own records first: its oldest go when it is over its count or bytes.
    const keep = `${exchange.tabId}:${exchange.id}`;
    const own: string[] = [];
    let count = log.exchanges.size;
    let bytes = log.bytes;
    for (const id of log.exchanges.keys()) {
      if (count <= this.limits.perTab && bytes <= this.limits.perTabBytes) break;
      const key = `${exchange.tabId}:${id}`;
      if (key === keep) continue;
      own.push(id);
      count--;
      bytes -= this.sizes.get(key) ?? 0;
    }
    this.evict(exchange.tabId, own);
    if (this.totalBytes > this.limits.totalBytes) {
      this.evictLargestFirst(keep, (total) => total > this.limits.totalBytes);
    }
  }

  private track(exchange: Exchange, size: number): void {
    const key = `${exchange.tabId}:${exchange.id}`;
    const delta = size - (this.sizes.get(key) ?? 0);
    this.totalBytes += delta;
    this.tab(exchange.tabId).bytes += delta;
    this.sizes.set(key, size);
  }

  /**
   * Evicts, while `more` says so, the oldest record of whichever tab then holds the most bytes,
   * never `keep` (the record that just arrived): a tab loses records to others only while it
   * holds more than any of them, so no page can crowd out the records of another. Returns how
   * many went.
   */
  private evictLargestFirst(
    keep: string | null,
    more: (totalBytes: number, evicted: number) => boolean,
  ): number {
    const bytes = new Map<number, number>();
    for (const [tabId, log] of this.tabs) if (log.exchanges.size > 0) bytes.set(tabId, log.bytes);
    const oldest = new Map<number, Iterator<string>>();
    const plan = new Map<number, string[]>();
    let total = this.totalBytes;
    let evicted = 0;
    while (more(total, evicted)) {
      let largest: number | undefined;
      let most = -1;
      for (const [tabId, b] of bytes) {
        if (b > most) [largest, most] = [tabId, b];
      }
      if (largest === undefined) break;
      const ids = oldest.get(largest) ?? this.tab(largest).exchanges.keys();
      oldest.set(largest, ids);
      let next = ids.next();
      if (!next.done && `${largest}:${next.value}` === keep) next = ids.next();
      if (next.done) {
        bytes.delete(largest);
        continue;
      }
      const size = this.sizes.get(`${largest}:${next.value}`) ?? 0;
      bytes.set(largest, most - size);
      total -= size;
      evicted++;
      (plan.get(largest) ?? plan.set(largest, []).get(largest)!).push(next.value);
    }
    for (const [tabId, ids] of plan) this.evict(tabId, ids);
    return evicted;
  }

  private evict(tabId: number, ids: string[]): void {
    if (ids.length === 0) return;
    const log = this.tab(tabId);
    this.drop(tabId, ids);
    this.setState(tabId, { ...log.state, evicted: log.state.evicted + ids.length }, false);
    this.emit(tabId, { type: 'exchangesEvicted', ids, evicted: log.state.evicted });
  }

  private drop(tabId: number, ids: readonly string[]): void {
    const log = this.tab(tabId);
    // Requests and prompts of dropped exchanges are forgotten when next looked up (observe,
    // promptedExchange): scanning them here would make every eviction cost O(in flight).
    for (const id of ids) {
      log.exchanges.delete(id);
      const key = `${tabId}:${id}`;
      const size = this.sizes.get(key) ?? 0;
      this.totalBytes -= size;
      log.bytes -= size;
      this.sizes.delete(key);
    }
    this.store.removeExchanges(tabId, ids);
  }

  private clear(tabId: number): void {
    const log = this.tab(tabId);
    this.drop(tabId, [...log.exchanges.keys()]);
    log.notices = [];
    this.emit(tabId, { type: 'cleared' });
  }

  private setState(tabId: number, state: RecorderState, announce = true): void {
    this.tab(tabId).state = state;
    this.store.putState(tabId, state);
    if (announce) this.emit(tabId, { type: 'stateChanged', state });
  }

  private notify(tabId: number, notice: Notice): void {
    const log = this.tab(tabId);
    log.notices = [...log.notices, notice].slice(-MAX_NOTICES);
    this.emit(tabId, { type: 'notice', notice });
  }
}

// Persists exchanges and per-tab recorder state in a StorageArea (storage.session: it survives the
// service worker being stopped, not a browser restart). One key per exchange, so an update writes
// only what changed; writes are coalesced and strictly sequential, so no write can overtake or
// undo a newer one. Failures are reported, never thrown.
import type { Exchange } from '../shared/exchange.ts';
import type { RecorderState } from '../shared/protocol.ts';

/** The part of browser.storage.StorageArea the store needs; tests pass a fake. */
export interface StorageAreaLike {
  get(keys: null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

export interface StoredTab {
  exchanges: Exchange[];
  state: RecorderState;
}

const EXCHANGE = 'x:';
const STATE = 't:';

export const exchangeKey = (tabId: number, id: string) => `${EXCHANGE}${tabId}:${id}`;
export const stateKey = (tabId: number) => `${STATE}${tabId}`;

export class TabStore {
  /** Writes not yet flushed: a value to set, or undefined to remove the key. */
  private pending = new Map<string, unknown>();
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly area: StorageAreaLike,
    private readonly events: { failed(error: unknown): void; flushed(): void },
  ) {}

  /** Everything stored, grouped by tab, exchanges in capture order. */
  async load(): Promise<Map<number, StoredTab>> {
    const all = await this.area.get(null);
    const tabs = new Map<number, StoredTab>();
    const tab = (id: number) =>
      tabs.get(id) ??
      tabs
        .set(id, { exchanges: [], state: { paused: false, preserveLog: true, evicted: 0 } })
        .get(id)!;
    for (const [key, value] of Object.entries(all)) {
      if (key.startsWith(EXCHANGE)) {
        const tabId = Number(key.slice(EXCHANGE.length, key.indexOf(':', EXCHANGE.length)));
        if (Number.isInteger(tabId)) tab(tabId).exchanges.push(value as Exchange);
      } else if (key.startsWith(STATE)) {
        const tabId = Number(key.slice(STATE.length));
        if (Number.isInteger(tabId)) tab(tabId).state = value as RecorderState;
      }
    }
    for (const stored of tabs.values()) stored.exchanges.sort(byCaptureOrder);
    return tabs;
  }

  putExchange(exchange: Exchange): void {
    this.write(exchangeKey(exchange.tabId, exchange.id), exchange);
  }

  removeExchanges(tabId: number, ids: readonly string[]): void {
    for (const id of ids) this.write(exchangeKey(tabId, id), undefined);
  }

  putState(tabId: number, state: RecorderState): void {
    this.write(stateKey(tabId), state);
  }

  removeState(tabId: number): void {
    this.write(stateKey(tabId), undefined);
  }

  /** Resolves once every write requested so far has been attempted. */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** Retries what failed, e.g. after the recorder made room. */
  retry(): void {
    this.schedule();
  }

  private write(key: string, value: unknown): void {
    this.pending.set(key, value);
    this.schedule();
  }

  private schedule(): void {
    if (this.flushing || this.pending.size === 0) return;
    // A microtask later, so that the writes of one event (or one burst) go out as one batch.
    this.flushing = Promise.resolve().then(() => this.flush());
  }

  private async flush(): Promise<void> {
    while (this.pending.size > 0) {
      const batch = this.pending;
      this.pending = new Map();
      const sets: Array<[string, unknown]> = [];
      const removes: string[] = [];
      for (const [key, value] of batch) {
        if (value === undefined) removes.push(key);
        else sets.push([key, value]);
      }
      try {
        if (removes.length > 0) await this.area.remove(removes);
        // fromEntries defines own properties: no key can reach Object.prototype.
        if (sets.length > 0) await this.area.set(Object.fromEntries(sets));
      } catch (error) {
        // Keep what failed unless something newer replaced it meanwhile; the owner decides when
        // to retry (after making room, for a full store).
        for (const [key, value] of batch) if (!this.pending.has(key)) this.pending.set(key, value);
        this.flushing = null;
        this.events.failed(error);
        return;
      }
    }
    this.flushing = null;
    this.events.flushed();
  }
}

function byCaptureOrder(a: Exchange, b: Exchange): number {
  return a.startedAt - b.startedAt || a.id.localeCompare(b.id, 'en', { numeric: true });
}

/** Whether a storage error means the area is full (Chrome: "QUOTA_BYTES quota exceeded"). */
export function isQuotaError(error: unknown): boolean {
  return /quota/i.test(error instanceof Error ? error.message : String(error));
}

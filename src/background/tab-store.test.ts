import { describe, expect, it } from 'vitest';
import type { Exchange } from '../shared/exchange.ts';
import { TabStore, isQuotaError, type StorageAreaLike } from './tab-store.ts';

/** An in-memory StorageArea that can be told to fail, and records every call. */
function fakeArea(options: { quotaBytes?: number; delay?: number } = {}) {
  const data = new Map<string, string>();
  const calls: string[] = [];
  const used = () => [...data.values()].reduce((n, v) => n + v.length, 0);
  const area: StorageAreaLike = {
    async get() {
      return Object.fromEntries([...data].map(([k, v]) => [k, JSON.parse(v)]));
    },
    async set(items) {
      calls.push(`set ${Object.keys(items).join(',')}`);
      await new Promise((r) => setTimeout(r, options.delay ?? 0));
      const next = new Map(data);
      for (const [k, v] of Object.entries(items)) next.set(k, JSON.stringify(v));
      if (
        options.quotaBytes !== undefined &&
        [...next.values()].reduce((n, v) => n + v.length, 0) > options.quotaBytes
      ) {
        throw new Error('QUOTA_BYTES quota exceeded');
      }
      for (const [k, v] of next) data.set(k, v);
    },
    async remove(keys) {
      calls.push(`remove ${keys.join(',')}`);
      for (const k of keys) data.delete(k);
    },
  };
  return { area, data, calls, used };
}

const exchange = (id: string, tabId = 1, startedAt = Number(id)): Exchange => ({
  id,
  tabId,
  frameId: 0,
  method: 'GET',
  type: 'main_frame',
  initiator: null,
  url: `https://example.com/${id}`,
  startedAt,
  steps: [],
  outcome: 'pending',
  outcomeEvidence: { basis: 'observed' },
});

const noEvents = { failed: () => undefined, flushed: () => undefined };

describe('TabStore', () => {
  it('round-trips exchanges and state per tab, in capture order', async () => {
    const { area } = fakeArea();
    const store = new TabStore(area, noEvents);
    store.putExchange(exchange('10', 1));
    store.putExchange(exchange('2', 1));
    store.putExchange(exchange('3', 2));
    store.putState(1, { paused: true, preserveLog: false, evicted: 4 });
    await store.idle();
    const tabs = await new TabStore(area, noEvents).load();
    expect(tabs.get(1)!.exchanges.map((e) => e.id)).toEqual(['2', '10']);
    expect(tabs.get(1)!.state).toEqual({ paused: true, preserveLog: false, evicted: 4 });
    expect(tabs.get(2)!.exchanges.map((e) => e.id)).toEqual(['3']);
    expect(tabs.get(2)!.state.preserveLog).toBe(true);
  });

  it('coalesces a burst of writes and never lets an older value overwrite a newer one', async () => {
    const { area, calls, data } = fakeArea({ delay: 5 });
    const store = new TabStore(area, noEvents);
    for (let i = 0; i < 200; i++)
      store.putExchange({ ...exchange('1'), url: `https://example.com/v${i}` });
    store.putExchange(exchange('2'));
    await store.idle();
    expect(calls.length).toBeLessThanOrEqual(2);
    expect(JSON.parse(data.get('x:1:1')!).url).toBe('https://example.com/v199');
    expect(data.has('x:1:2')).toBe(true);
  });

  it('writes strictly one batch at a time while events keep arriving', async () => {
    const { area, data } = fakeArea({ delay: 2 });
    const store = new TabStore(area, noEvents);
    for (let i = 0; i < 50; i++) {
      store.putExchange(exchange(String(i)));
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    store.removeExchanges(1, ['0', '1']);
    await store.idle();
    expect([...data.keys()].filter((k) => k.startsWith('x:')).length).toBe(48);
  });

  it('reports a failed write, keeps it pending, and writes it on retry', async () => {
    const quota = fakeArea({ quotaBytes: 250 });
    const failures: unknown[] = [];
    const store = new TabStore(quota.area, {
      failed: (e) => failures.push(e),
      flushed: () => undefined,
    });
    store.putExchange(exchange('1'));
    store.putExchange(exchange('2'));
    await store.idle();
    expect(failures).toHaveLength(1);
    expect(isQuotaError(failures[0])).toBe(true);
    store.removeExchanges(1, ['1']);
    store.retry();
    await store.idle();
    expect([...quota.data.keys()]).toEqual(['x:1:2']);
  });
});

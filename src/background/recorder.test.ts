import { describe, expect, it } from 'vitest';
import type { BackgroundEvent } from '../shared/protocol.ts';
import type { Observation } from './observation.ts';
import { defaultLimits, Recorder, type Limits } from './recorder.ts';
import { TabStore, type StorageAreaLike } from './tab-store.ts';

function memoryArea(
  failWith?: () => Error | null,
): StorageAreaLike & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    async get() {
      return Object.fromEntries(data);
    },
    async set(items) {
      const error = failWith?.();
      if (error) throw error;
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    async remove(keys) {
      for (const k of keys) data.delete(k);
    },
  };
}

function setup(limits?: Partial<Limits>, area = memoryArea()) {
  const events: Array<[number, BackgroundEvent]> = [];
  const store = new TabStore(area, {
    failed: (e) => recorder.storageFailed(e, 0),
    flushed: () => recorder.storageRecovered(),
  });
  const recorder: Recorder = new Recorder(store, (tabId, e) => events.push([tabId, e]), {
    ...defaultLimits,
    ...limits,
  });
  return { recorder, store, events, area };
}

let seq = 0;
const base = (requestId: string, tabId = 1) => ({
  requestId,
  tabId,
  frameId: 0,
  url: `http://127.0.0.1/r${requestId}`,
  method: 'GET',
  type: 'xmlhttprequest',
  initiator: null,
  at: ++seq,
});
const challenge = (requestId: string, tabId = 1): Observation => ({
  ...base(requestId, tabId),
  kind: 'response',
  statusCode: 401,
  statusLine: 'HTTP/1.1 401 Unauthorized',
  fromCache: false,
  headers: [{ name: 'WWW-Authenticate', value: 'Basic realm="lab"' }],
  relevant: true,
});
const plain = (requestId: string, statusCode = 200): Observation => ({
  ...base(requestId),
  kind: 'response',
  statusCode,
  statusLine: `HTTP/1.1 ${statusCode}`,
  fromCache: false,
  headers: [],
  relevant: false,
});
const completed = (requestId: string, statusCode: number): Observation => ({
  ...base(requestId),
  kind: 'completed',
  statusLine: '',
  headers: [],
  statusCode,
});

/** ~229 KB with 20,000 distinct Digest parameters (issue 10, item 6), or smaller. */
const hostile = (requestId: string, tabId: number, params: number): Observation => ({
  ...base(requestId, tabId),
  kind: 'response',
  statusCode: 401,
  statusLine: 'HTTP/1.1 401 Unauthorized',
  fromCache: false,
  headers: [
    {
      name: 'WWW-Authenticate',
      value: `Digest realm="x", nonce="n", ${Array.from({ length: params }, (_, i) => `p${i}="v${i}"`).join(', ')}`,
    },
  ],
  relevant: true,
});

const exchangesOf = (recorder: Recorder, tabId: number) => {
  const snap = recorder.snapshot(tabId);
  return snap.type === 'snapshot' ? snap.exchanges : [];
};
const ids = (recorder: Recorder, tabId: number) => exchangesOf(recorder, tabId).map((e) => e.id);
const storedBytes = (recorder: Recorder, tabId: number) =>
  exchangesOf(recorder, tabId).reduce((sum, e) => sum + JSON.stringify(e).length, 0);

describe('Recorder', () => {
  it('records only challenged requests, and follows them to their outcome', () => {
    const { recorder } = setup();
    recorder.observe(plain('1'));
    recorder.observe(completed('1', 200));
    recorder.observe(challenge('2'));
    recorder.observe(plain('2'));
    recorder.observe(completed('2', 200));
    const snap = recorder.snapshot(1);
    expect(snap.type === 'snapshot' && snap.exchanges.map((e) => [e.id, e.outcome])).toEqual([
      ['2', 'authenticated'],
    ]);
    expect(recorder.isTracked('1')).toBe(false);
    expect(recorder.isTracked('2')).toBe(false);
  });

  it('keeps a redirect chain that ends in a challenge, and forgets chains that do not', () => {
    const { recorder } = setup();
    recorder.observe({
      ...base('7'),
      kind: 'redirect',
      statusCode: 302,
      redirectUrl: 'http://127.0.0.1/idp',
    });
    recorder.observe({
      ...base('8'),
      kind: 'redirect',
      statusCode: 302,
      redirectUrl: 'http://127.0.0.1/home',
    });
    recorder.observe(challenge('7'));
    recorder.observe(completed('8', 200));
    expect(recorder.isTracked('8')).toBe(false);
    const snap = recorder.snapshot(1);
    expect(snap.type === 'snapshot' && snap.exchanges[0]!.steps.map((s) => s.kind)).toEqual([
      'request',
      'redirect',
      'response',
    ]);
  });

  it('records a burst of 500 challenges among 2000 requests, each once', async () => {
    const { recorder, store, area } = setup();
    for (let i = 0; i < 2000; i++) {
      const id = String(1000 + i);
      recorder.observe(i % 4 === 0 ? challenge(id) : plain(id));
      recorder.observe(completed(id, i % 4 === 0 ? 401 : 200));
    }
    await store.idle();
    const snap = recorder.snapshot(1);
    expect(snap.type === 'snapshot' && snap.exchanges.length).toBe(500);
    expect([...area.data.keys()].filter((k) => k.startsWith('x:')).length).toBe(500);
  });

  it('survives a worker restart: a new recorder restores everything from storage', async () => {
    const first = setup();
    first.recorder.observe(challenge('1'));
    first.recorder.observe(challenge('2', 2));
    await first.store.idle();
    const second = setup(undefined, first.area);
    second.recorder.restore(await second.store.load(), 99);
    const snap = second.recorder.snapshot(1);
    expect(snap.type === 'snapshot' && snap.exchanges.map((e) => e.id)).toEqual(['1']);
    expect(snap.type === 'snapshot' && snap.notices[0]!.code).toBe('worker-restarted');
    // The unfinished exchange is still followed after the restart.
    second.recorder.observe(plain('1'));
    second.recorder.observe(completed('1', 200));
    const after = second.recorder.snapshot(1);
    expect(after.type === 'snapshot' && after.exchanges[0]!.outcome).toBe('authenticated');
  });

  it('evicts the oldest first beyond the per-tab bound, and counts what it evicted', () => {
    const { recorder, events } = setup({ perTab: 3 });
    for (const id of ['1', '2', '3', '4', '5']) recorder.observe(challenge(id));
    const snap = recorder.snapshot(1);
    expect(snap.type === 'snapshot' && snap.exchanges.map((e) => e.id)).toEqual(['3', '4', '5']);
    expect(snap.type === 'snapshot' && snap.state.evicted).toBe(2);
    expect(events.filter(([, e]) => e.type === 'exchangesEvicted')).toHaveLength(2);
  });

  it('evicts the oldest across tabs to stay within the byte budget, never the newest', () => {
    const { recorder } = setup({ totalBytes: 3000 });
    for (let i = 0; i < 10; i++) recorder.observe(challenge(String(i), i % 2));
    const ids = [0, 1].flatMap((t) => {
      const s = recorder.snapshot(t);
      return s.type === 'snapshot' ? s.exchanges.map((e) => e.id) : [];
    });
    expect(ids).toContain('9');
    expect(ids).not.toContain('0');
    expect(ids.length).toBeLessThan(10);
  });

  it('makes a tab over its byte budget pay with its own oldest records', () => {
    const { recorder } = setup({ perTabBytes: 3500, totalBytes: 1e6 });
    for (let i = 0; i < 3; i++) recorder.observe(challenge(`quiet${i}`, 1));
    for (let i = 0; i < 30; i++) recorder.observe(challenge(`busy${i}`, 2));
    expect(ids(recorder, 1)).toEqual(['quiet0', 'quiet1', 'quiet2']);
    const busy = ids(recorder, 2);
    expect(busy.at(-1)).toBe('busy29');
    expect(busy.length).toBeLessThan(30);
    expect(storedBytes(recorder, 2)).toBeLessThanOrEqual(3500);
  });

  it('never lets one tab evict another’s records to stay within the total budget', () => {
    // Each tab may take the whole budget; a flood still only ever evicts its own records, since
    // the tab holding the most bytes gives up its oldest first.
    const { recorder } = setup({ perTabBytes: 1e6, totalBytes: 30_000 });
    for (let i = 0; i < 4; i++) recorder.observe(challenge(`a${i}`, 1));
    for (let i = 0; i < 4; i++) recorder.observe(challenge(`b${i}`, 3));
    for (let i = 0; i < 500; i++) recorder.observe(hostile(`flood${i}`, 2, 10));
    expect(ids(recorder, 1)).toEqual(['a0', 'a1', 'a2', 'a3']);
    expect(ids(recorder, 3)).toEqual(['b0', 'b1', 'b2', 'b3']);
    expect(ids(recorder, 2).at(-1)).toBe('flood499');
    const total = [1, 2, 3].reduce((sum, tab) => sum + storedBytes(recorder, tab), 0);
    expect(total).toBeLessThanOrEqual(30_000);
  });

  it('cuts a hostile 229 KB challenge to the per-record bound, says so, and keeps recording', async () => {
    const { recorder, store, area } = setup();
    recorder.observe(challenge('before', 1));
    recorder.observe(hostile('big', 1, 20_000));
    recorder.observe(challenge('after', 1));
    expect(ids(recorder, 1)).toEqual(['before', 'big', 'after']);
    const big = exchangesOf(recorder, 1).find((e) => e.id === 'big')!;
    expect(JSON.stringify(big).length).toBeLessThanOrEqual(defaultLimits.recordBytes);
    expect(big.truncated?.[0]).toMatch(/^AuthLens keeps at most 256 KiB of each record/);
    await store.idle();
    expect(area.data.get('x:1:big')).toEqual(big);
  });

  it('keeps every tab’s newest record and all of storage within the quota, whatever tabs send', async () => {
    // storage.session holds 10 MB (QUOTA_BYTES) for keys and values; the budgets leave room.
    const quota = 10 * 1024 * 1024;
    expect(defaultLimits.recordBytes).toBeLessThan(defaultLimits.perTabBytes);
    expect(defaultLimits.perTabBytes).toBeLessThan(defaultLimits.totalBytes);
    const { recorder, store, area } = setup();
    for (let round = 0; round < 6; round++) {
      for (let tab = 1; tab <= 8; tab++) recorder.observe(hostile(`t${tab}r${round}`, tab, 3000));
    }
    await store.idle();
    let stored = 0;
    for (const [key, value] of area.data) stored += key.length + JSON.stringify(value).length;
    expect(stored).toBeLessThanOrEqual(defaultLimits.totalBytes);
    expect(stored).toBeLessThan(quota);
    for (let tab = 1; tab <= 8; tab++) expect(ids(recorder, tab)).toContain(`t${tab}r5`);
  }, 60_000);

  it('turns a full store into a notice and keeps the newest record', async () => {
    let full = true;
    const area = memoryArea(() => (full ? new Error('QUOTA_BYTES quota exceeded') : null));
    const { recorder, store, events } = setup(undefined, area);
    for (let i = 0; i < 20; i++) recorder.observe(challenge(String(i)));
    await new Promise((r) => setTimeout(r, 0));
    full = false;
    store.retry();
    await store.idle();
    const notices = events.filter(([, e]) => e.type === 'notice');
    expect(notices.length).toBeGreaterThan(0);
    expect(notices[0]![1].type === 'notice' && notices[0]![1].notice.code).toBe('storage-full');
    const snap = recorder.snapshot(1);
    expect(snap.type === 'snapshot' && snap.exchanges.at(-1)!.id).toBe('19');
    expect(area.data.has('x:1:19')).toBe(true);
  });

  it('pauses without losing what it has, and clears on navigation only when preserve log is off', () => {
    const { recorder } = setup();
    recorder.observe(challenge('1'));
    recorder.command(1, { type: 'setPaused', paused: true });
    recorder.observe(challenge('2'));
    recorder.command(1, { type: 'setPaused', paused: false });
    recorder.observe({ ...base('3'), kind: 'navigation' });
    let snap = recorder.snapshot(1);
    expect(snap.type === 'snapshot' && snap.exchanges.map((e) => e.id)).toEqual(['1']);
    recorder.command(1, { type: 'setPreserveLog', preserveLog: false });
    recorder.observe({ ...base('4'), kind: 'navigation' });
    snap = recorder.snapshot(1);
    expect(snap.type === 'snapshot' && snap.exchanges).toEqual([]);
  });

  it('drops a closed tab and its stored records', async () => {
    const { recorder, store, area } = setup();
    recorder.observe(challenge('1', 5));
    await store.idle();
    recorder.removeTab(5);
    await store.idle();
    expect([...area.data.keys()]).toEqual([]);
  });
});

describe('login prompts', () => {
  const prompt = (requestId: string): Observation => ({
    ...base(requestId),
    url: 'http://127.0.0.1/r1',
    kind: 'auth-required',
    scheme: 'basic',
    realm: 'lab',
    isProxy: false,
    challenger: '127.0.0.1:80',
  });
  const at = (requestId: string, o: Observation, url = 'http://127.0.0.1/r1'): Observation => ({
    ...o,
    requestId,
    url,
  });

  it('continues the challenged exchange with the retry Chrome sends after the user answers', () => {
    const { recorder } = setup();
    recorder.observe(at('1', challenge('1')));
    recorder.observe(prompt('1'));
    recorder.observe(at('1', completed('1', 401)));
    expect(recorder.awaitsResponse(1, 'GET', 'http://127.0.0.1/r1')).toBe(true);
    // Wrong password first: a new request, 401 again, another prompt; then the right one.
    recorder.observe(at('2', challenge('2')));
    recorder.observe({ ...prompt('2') });
    recorder.observe(at('2', completed('2', 401)));
    recorder.observe(at('3', plain('3')));
    recorder.observe(at('3', completed('3', 200)));
    const snap = recorder.snapshot(1);
    if (snap.type !== 'snapshot') throw new Error('no snapshot');
    expect(snap.exchanges).toHaveLength(1);
    const [x] = snap.exchanges;
    expect(x!.outcome).toBe('authenticated');
    expect(x!.steps.map((s) => s.kind)).toEqual([
      'request',
      'response',
      'auth-required',
      'completed',
      'request',
      'response',
      'auth-required',
      'completed',
      'request',
      'response',
      'completed',
    ]);
    expect(x!.steps[4]).toMatchObject({ credentials: [{ scheme: 'Basic', source: 'browser' }] });
    expect(recorder.awaitsResponse(1, 'GET', 'http://127.0.0.1/r1')).toBe(false);
  });

  it('does not take a much later request to the same URL for an answer', () => {
    const { recorder } = setup();
    recorder.observe(at('1', challenge('1')));
    recorder.observe(prompt('1'));
    recorder.observe(at('1', completed('1', 401)));
    recorder.observe({ ...at('2', plain('2')), at: seq + 11 * 60 * 1000 });
    const snap = recorder.snapshot(1);
    expect(snap.type === 'snapshot' && snap.exchanges.map((e) => e.outcome)).toEqual([
      'challenged',
    ]);
  });

  it('only awaits a retry when Chrome actually prompted', () => {
    const { recorder } = setup();
    recorder.observe(at('1', challenge('1')));
    recorder.observe(at('1', completed('1', 401)));
    expect(recorder.awaitsResponse(1, 'GET', 'http://127.0.0.1/r1')).toBe(false);
  });
});

describe('replays announced by "try credentials"', () => {
  const url = 'http://127.0.0.1/r1';

  it('acknowledges the announcement, then records the replay for the announcing tab, once', () => {
    const { recorder, events } = setup();
    recorder.command(4, { type: 'expectReplay', id: 'k1', method: 'get', url });
    expect(events).toEqual([[4, { type: 'replayExpected', id: 'k1' }]]);
    // Only the first of AuthLens's own requests to that method and URL is the replay.
    expect(recorder.replayTab('9', 'GET', 'http://127.0.0.1/other')).toBeNull();
    expect(recorder.replayTab('1', 'GET', url)).toBe(4);
    expect(recorder.replayTab('2', 'GET', url)).toBeNull();
    expect(recorder.replayTab('1', 'GET', url)).toBe(4);
    expect(recorder.isTracked('1')).toBe(true);
    const inTab = { ...base('1', 4), url };
    recorder.observe({
      ...inTab,
      kind: 'request',
      credentials: [{ header: 'Authorization', scheme: 'Basic', source: 'page' }],
    });
    recorder.observe({ ...plain('1'), tabId: 4, url });
    recorder.observe({ ...completed('1', 200), tabId: 4, url });
    const snap = recorder.snapshot(4);
    if (snap.type !== 'snapshot') throw new Error('no snapshot');
    expect(snap.exchanges.map((e) => [e.id, e.outcome])).toEqual([['1', 'succeeded']]);
    expect(snap.exchanges[0]!.steps[0]).toMatchObject({
      credentials: [{ scheme: 'Basic', source: 'page' }],
    });
    // Finished: its requestId no longer belongs to the tab.
    expect(recorder.replayTab('1', 'GET', url)).toBeNull();
    expect(recorder.isTracked('1')).toBe(false);
    expect(recorder.awaitsResponse(4, 'GET', url)).toBe(false);
  });

  it("records nothing of AuthLens's own requests that were not announced", () => {
    const { recorder } = setup();
    expect(recorder.replayTab('1', 'GET', url)).toBeNull();
    expect(recorder.isTracked('1')).toBe(false);
  });

  it('keeps a bounded number of announcements', () => {
    const { recorder } = setup();
    for (let i = 0; i < 500; i++) {
      recorder.command(1, { type: 'expectReplay', id: `k${i}`, method: 'GET', url: `${url}?${i}` });
    }
    expect(recorder.replayTab('a', 'GET', `${url}?0`)).toBeNull();
    expect(recorder.replayTab('b', 'GET', `${url}?499`)).toBe(1);
  });
});

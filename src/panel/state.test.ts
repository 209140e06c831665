import { describe, expect, it } from 'vitest';
import type { BackgroundEvent, Notice, RecorderState } from '../shared/protocol.ts';
import {
  MAX_NOTICES,
  initialState,
  reduce,
  selectExchanges,
  selectLatestNotice,
  type PanelAction,
  type PanelState,
} from './state.ts';
import { fixtures } from './test-fixtures.ts';

const recorder: RecorderState = { paused: false, preserveLog: true, evicted: 0 };
const notice = (message: string, code: Notice['code'] = 'storage-full'): Notice => ({
  level: 'warning',
  code,
  message,
  at: 5,
});

function snapshot(
  exchanges = [fixtures.basic(), fixtures.digest()],
  notices: Notice[] = [],
): BackgroundEvent {
  return { type: 'snapshot', tabId: 7, exchanges, state: recorder, notices };
}

function run(...actions: PanelAction[]): PanelState {
  return actions.reduce(reduce, initialState(7));
}

describe('reduce: background events', () => {
  it('snapshot replaces the live records, the recorder state and the background notices', () => {
    const s = run(
      snapshot([fixtures.basic()], [notice('old')]),
      snapshot([fixtures.digest(), fixtures.bearer()], [notice('new')]),
    );
    expect(s.live.map((e) => e.id)).toEqual(['digest-1', 'bearer-1']);
    expect(s.notices.map((n) => n.message)).toEqual(['new']);
    expect(s.snapshots).toBe(2);
    expect(s.tabId).toBe(7);
  });

  it('snapshot keeps imported records and the panel’s own notices', () => {
    const s = run(
      snapshot(),
      { type: 'exchangesImported', exchanges: [fixtures.proxy()], source: 'a.har' },
      { type: 'panelNotice', level: 'info', code: 'imported', message: 'Imported 1', at: 1 },
      snapshot([]),
    );
    expect(s.live).toEqual([]);
    expect(s.imported.map((e) => e.imported)).toEqual(['a.har']);
    expect(s.notices.map((n) => n.code)).toEqual(['imported']);
  });

  it('exchangeAdded appends, newest last; a repeated id replaces instead of duplicating', () => {
    const basic = fixtures.basic();
    const s = run(
      snapshot([]),
      { type: 'exchangeAdded', exchange: basic },
      { type: 'exchangeAdded', exchange: fixtures.digest() },
    );
    expect(s.live.map((e) => e.id)).toEqual(['basic-1', 'digest-1']);
    const again = reduce(s, { type: 'exchangeAdded', exchange: { ...basic, outcome: 'rejected' } });
    expect(again.live.map((e) => [e.id, e.outcome])).toEqual([
      ['basic-1', 'rejected'],
      ['digest-1', 'authenticated'],
    ]);
  });

  it('exchangeUpdated replaces the record in place and leaves the others untouched', () => {
    const s = run(snapshot());
    const updated = { ...fixtures.basic(), outcome: 'authenticated' as const };
    const next = reduce(s, { type: 'exchangeUpdated', exchange: updated });
    expect(next.live[0]).toBe(updated);
    expect(next.live[1]).toBe(s.live[1]);
    expect(s.live[0]!.outcome).toBe('challenged');
  });

  it('exchangeUpdated for an unknown id adds it rather than losing it', () => {
    const s = run(snapshot([]), { type: 'exchangeUpdated', exchange: fixtures.proxy() });
    expect(s.live.map((e) => e.id)).toEqual(['proxy-1']);
  });

  it('exchangesEvicted drops those ids and records the eviction count', () => {
    const s = run(snapshot(), { type: 'exchangesEvicted', ids: ['basic-1', 'nope'], evicted: 12 });
    expect(s.live.map((e) => e.id)).toEqual(['digest-1']);
    expect(s.recorder.evicted).toBe(12);
  });

  it('cleared empties the live records but not the imported ones', () => {
    const s = run(
      snapshot(),
      { type: 'exchangesImported', exchanges: [fixtures.proxy()], source: 'a.har' },
      { type: 'cleared' },
    );
    expect(s.live).toEqual([]);
    expect(s.imported).toHaveLength(1);
  });

  it('stateChanged replaces the recorder state', () => {
    const s = run(snapshot(), {
      type: 'stateChanged',
      state: { paused: true, preserveLog: false, evicted: 3 },
    });
    expect(s.recorder).toEqual({ paused: true, preserveLog: false, evicted: 3 });
  });

  it('notice appends with a fresh id, bounded to the newest ones', () => {
    let s = run(snapshot());
    for (let i = 0; i < MAX_NOTICES + 5; i++)
      s = reduce(s, { type: 'notice', notice: notice(`n${i}`) });
    expect(s.notices).toHaveLength(MAX_NOTICES);
    expect(selectLatestNotice(s)?.message).toBe(`n${MAX_NOTICES + 4}`);
    expect(new Set(s.notices.map((n) => n.id)).size).toBe(MAX_NOTICES);
  });
});

describe('reduce: panel actions', () => {
  it('connectionChanged after a reconnect says so, with how many records came back', () => {
    const s = run(
      { type: 'connectionChanged', status: { kind: 'connecting' } },
      snapshot(),
      { type: 'connectionChanged', status: { kind: 'connected', reconnects: 0, at: 1 } },
      { type: 'connectionChanged', status: { kind: 'reconnecting', attempt: 1, retryInMs: 0 } },
      snapshot([fixtures.basic(), fixtures.digest(), fixtures.proxy()]),
      { type: 'connectionChanged', status: { kind: 'connected', reconnects: 1, at: 2 } },
    );
    expect(s.connection).toEqual({ kind: 'connected', reconnects: 1, at: 2 });
    const n = selectLatestNotice(s);
    expect(n?.code).toBe('reconnected');
    expect(n?.message).toMatch(/background had stopped; reconnected and reloaded 3 records/);
  });

  it('the first connection adds no notice', () => {
    const s = run(snapshot(), {
      type: 'connectionChanged',
      status: { kind: 'connected', reconnects: 0, at: 1 },
    });
    expect(s.notices).toEqual([]);
  });

  it('imports get unique ids across files and are marked with their source', () => {
    const s = run(
      {
        type: 'exchangesImported',
        exchanges: [fixtures.basic(), fixtures.digest()],
        source: 'one.har',
      },
      { type: 'exchangesImported', exchanges: [fixtures.basic()], source: 'two.json' },
    );
    expect(s.imported.map((e) => [e.id, e.imported])).toEqual([
      ['import:1', 'one.har'],
      ['import:2', 'one.har'],
      ['import:3', 'two.json'],
    ]);
    expect(selectExchanges(s.live, s.imported).find((e) => e.id === 'import:3')?.url).toBe(
      'https://app.example.com/basic',
    );
    // The first record of each file is selected as it arrives.
    expect(s.selectedId).toBe('import:3');
  });

  it('keeps the selection and the filter text, and forgets an imported selection on clear', () => {
    let s = run({ type: 'selected', id: 'basic-1' }, { type: 'filterChanged', text: 'has:error' });
    expect([s.selectedId, s.filterText]).toEqual(['basic-1', 'has:error']);
    s = run(
      { type: 'exchangesImported', exchanges: [fixtures.basic()], source: 'a.har' },
      { type: 'importsCleared' },
    );
    expect(s.selectedId).toBeNull();
    // An empty file selects nothing new.
    s = run(
      { type: 'selected', id: 'x' },
      { type: 'exchangesImported', exchanges: [], source: 'empty.har' },
    );
    expect(s.selectedId).toBe('x');
  });

  it('treats a replay acknowledgement as no change (the connection hook takes it)', () => {
    const s = initialState(1);
    expect(reduce(s, { type: 'replayExpected', id: 'k' })).toBe(s);
  });

  it('importsCleared and noticeDismissed remove what they name', () => {
    let s = run(
      { type: 'exchangesImported', exchanges: [fixtures.basic()], source: 'one.har' },
      { type: 'panelNotice', level: 'error', code: 'import-failed', message: 'bad', at: 1 },
    );
    const id = s.notices[0]!.id;
    s = reduce(reduce(s, { type: 'importsCleared' }), { type: 'noticeDismissed', id });
    expect(s.imported).toEqual([]);
    expect(s.notices).toEqual([]);
  });

  it('starts idle without a tab, connecting with one', () => {
    expect(initialState(null).connection.kind).toBe('idle');
    expect(initialState(3).connection.kind).toBe('connecting');
  });

  it('rejects an action it does not know instead of ignoring it silently', () => {
    expect(() => reduce(initialState(1), { type: 'bogus' } as unknown as PanelAction)).toThrow(
      /Unhandled/,
    );
  });
});

describe('selectors', () => {
  it('lists imported records first (history), then live ones', () => {
    const s = run(snapshot([fixtures.proxy()]), {
      type: 'exchangesImported',
      exchanges: [fixtures.basic()],
      source: 'a.har',
    });
    expect(selectExchanges(s.live, s.imported).map((e) => e.id)).toEqual(['import:1', 'proxy-1']);
  });
});

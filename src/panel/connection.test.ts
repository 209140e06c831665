import { describe, expect, it } from 'vitest';
import type { BackgroundEvent } from '../shared/protocol.ts';
import type { PortLike } from '../shared/protocol.ts';
import { openConnection, type Timers } from './connection.ts';
import type { ConnectionStatus } from './state.ts';

/** A fake Port: records what the panel posts; the test plays the background. */
function fakePort(name: string) {
  const messageListeners = new Set<(m: unknown) => void>();
  const disconnectListeners = new Set<() => void>();
  const port = {
    name,
    posted: [] as unknown[],
    alive: true,
    postMessage(m: unknown) {
      if (!port.alive) throw new Error('Attempting to use a disconnected port object');
      port.posted.push(m);
    },
    disconnect() {
      port.alive = false;
    },
    onMessage: {
      addListener: (f: (m: unknown) => void) => messageListeners.add(f),
      removeListener: (f: (m: unknown) => void) => messageListeners.delete(f),
    },
    onDisconnect: {
      addListener: (f: () => void) => disconnectListeners.add(f),
      removeListener: (f: () => void) => disconnectListeners.delete(f),
    },
    deliver: (m: unknown) => messageListeners.forEach((f) => f(m)),
    /** The worker stopped: Chrome disconnects the port from the other side. */
    drop: () => {
      port.alive = false;
      disconnectListeners.forEach((f) => f());
    },
    listeners: () => messageListeners.size + disconnectListeners.size,
  };
  return port satisfies PortLike;
}

/** Timers the test advances by hand. */
function manualTimers() {
  const pending: Array<{ callback: () => void; ms: number; id: number }> = [];
  let next = 1;
  const timers: Timers & { run(): number | undefined; pending: typeof pending } = {
    pending,
    set(callback, ms) {
      pending.push({ callback, ms, id: next });
      return next++;
    },
    clear(handle) {
      const i = pending.findIndex((p) => p.id === handle);
      if (i >= 0) pending.splice(i, 1);
    },
    run() {
      const p = pending.shift();
      p?.callback();
      return p?.ms;
    },
  };
  return timers;
}

const snapshot = (): BackgroundEvent => ({
  type: 'snapshot',
  tabId: 4,
  exchanges: [],
  state: { paused: false, preserveLog: true, evicted: 0 },
  notices: [],
});

function setup(options: { connect?: (name: string) => PortLike } = {}) {
  const ports: ReturnType<typeof fakePort>[] = [];
  const events: BackgroundEvent[] = [];
  const statuses: ConnectionStatus[] = [];
  const timers = manualTimers();
  const connection = openConnection({
    tabId: 4,
    connect:
      options.connect ??
      ((name) => {
        const p = fakePort(name);
        ports.push(p);
        return p;
      }),
    onEvent: (e) => events.push(e),
    onStatus: (s) => statuses.push(s),
    timers,
    delays: [0, 100, 1000],
    now: () => 42,
  });
  return { connection, ports, events, statuses, timers };
}

describe('openConnection', () => {
  it('connects with the panel port name for the tab and is connected once the snapshot arrives', () => {
    const { ports, events, statuses } = setup();
    expect(ports.map((p) => p.name)).toEqual(['authlens-panel:4']);
    expect(statuses).toEqual([{ kind: 'connecting' }]);
    ports[0]!.deliver(snapshot());
    expect(events.map((e) => e.type)).toEqual(['snapshot']);
    expect(statuses.at(-1)).toEqual({ kind: 'connected', reconnects: 0, at: 42 });
  });

  it('reconnects with backoff when the worker stops, and counts the reconnect', () => {
    const { ports, statuses, timers } = setup();
    ports[0]!.deliver(snapshot());
    ports[0]!.drop();
    expect(ports[0]!.listeners()).toBe(0);
    expect(statuses.at(-1)).toEqual({ kind: 'reconnecting', attempt: 1, retryInMs: 0 });
    expect(timers.run()).toBe(0);
    expect(ports).toHaveLength(2);
    // The new worker is slow to answer and dies again: the next wait is longer.
    ports[1]!.drop();
    expect(statuses.at(-1)).toEqual({ kind: 'reconnecting', attempt: 2, retryInMs: 100 });
    expect(timers.run()).toBe(100);
    ports[2]!.deliver(snapshot());
    expect(statuses.at(-1)).toEqual({ kind: 'connected', reconnects: 1, at: 42 });
    // A successful snapshot resets the backoff.
    ports[2]!.drop();
    expect(statuses.at(-1)).toEqual({ kind: 'reconnecting', attempt: 1, retryInMs: 0 });
  });

  it('ignores messages that fail the protocol guard and counts them', () => {
    const { connection, ports, events } = setup();
    ports[0]!.deliver({ type: 'snapshot' });
    ports[0]!.deliver('<script>');
    ports[0]!.deliver({ type: 'exchangeAdded', exchange: { id: 1 } });
    expect(events).toEqual([]);
    expect(connection.ignored).toBe(3);
  });

  it('queues commands while disconnected, keeps only the last of each kind, and sends them after the snapshot', () => {
    const { connection, ports, timers } = setup();
    connection.send({ type: 'setPaused', paused: true });
    connection.send({ type: 'setPaused', paused: false });
    connection.send({ type: 'clear' });
    expect(ports[0]!.posted).toEqual([]);
    ports[0]!.deliver(snapshot());
    expect(ports[0]!.posted).toEqual([{ type: 'setPaused', paused: false }, { type: 'clear' }]);
    ports[0]!.drop();
    connection.send({ type: 'setPreserveLog', preserveLog: false });
    timers.run();
    ports[1]!.deliver(snapshot());
    expect(ports[1]!.posted).toEqual([{ type: 'setPreserveLog', preserveLog: false }]);
  });

  it('treats a throwing postMessage as a disconnect and resends after reconnecting', () => {
    const { connection, ports, statuses, timers } = setup();
    ports[0]!.deliver(snapshot());
    ports[0]!.alive = false;
    connection.send({ type: 'clear' });
    expect(statuses.at(-1)?.kind).toBe('reconnecting');
    timers.run();
    ports[1]!.deliver(snapshot());
    expect(ports[1]!.posted).toEqual([{ type: 'clear' }]);
  });

  it('retryNow skips the wait', () => {
    const { connection, ports, timers } = setup();
    ports[0]!.drop();
    timers.run();
    ports[1]!.drop();
    expect(timers.pending).toHaveLength(1);
    connection.retryNow();
    expect(timers.pending).toHaveLength(0);
    expect(ports).toHaveLength(3);
  });

  it('retries when connect throws, and gives up with a reason when the extension was reloaded', () => {
    let calls = 0;
    const { statuses, timers } = setup({
      connect: () => {
        calls++;
        throw new Error(
          calls === 1 ? 'Could not establish connection' : 'Extension context invalidated.',
        );
      },
    });
    expect(statuses.at(-1)).toEqual({ kind: 'reconnecting', attempt: 1, retryInMs: 0 });
    timers.run();
    expect(statuses.at(-1)).toMatchObject({
      kind: 'closed',
      reason: expect.stringMatching(/reopen DevTools/),
    });
    expect(timers.pending).toHaveLength(0);
  });

  it('close disconnects and stops reconnecting', () => {
    const { connection, ports, timers } = setup();
    connection.close();
    expect(ports[0]!.alive).toBe(false);
    expect(ports[0]!.listeners()).toBe(0);
    connection.send({ type: 'clear' });
    expect(timers.pending).toHaveLength(0);
  });
});

// A typed connection to the background over a Port that a passed-in connect function opens. The
// MV3 service worker is assumed to die: when the port drops, it reconnects with backoff, and the
// background answers every connect with a full snapshot, so nothing needs replaying but the
// commands sent while disconnected. No browser API here: main.tsx passes runtime.connect in.
import {
  isBackgroundEvent,
  panelPortName,
  type BackgroundEvent,
  type PanelCommand,
  type PortLike,
} from '../shared/protocol.ts';
import type { ConnectionStatus } from './state.ts';

export type ConnectFn = (name: string) => PortLike;

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface ConnectionOptions {
  tabId: number;
  connect: ConnectFn;
  onEvent(event: BackgroundEvent): void;
  onStatus(status: ConnectionStatus): void;
  /** Delays before each reconnect attempt; the last one repeats. */
  delays?: readonly number[];
  timers?: Timers;
  now?: () => number;
}

export interface Connection {
  /** Sends now, or once reconnected; of repeated settings only the last is kept. */
  send(command: PanelCommand): void;
  /** Skips the wait before the next reconnect attempt. */
  retryNow(): void;
  close(): void;
  /** Messages that failed the protocol guard: never trusted, only counted. */
  readonly ignored: number;
}

/** A restarted worker usually answers at once; a crashing one should not be hammered. */
export const DEFAULT_DELAYS = [0, 250, 1000, 2000, 5000] as const;

const defaultTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

// Chrome throws this once the extension was reloaded or updated under an open DevTools window;
// no retry can succeed, only reopening DevTools.
const INVALIDATED = /context invalidated/i;

export function openConnection(options: ConnectionOptions): Connection {
  const delays = options.delays ?? DEFAULT_DELAYS;
  const timers = options.timers ?? defaultTimers;
  const now = options.now ?? Date.now;
  const name = panelPortName(options.tabId);
  let port: PortLike | null = null;
  let ready = false;
  let closed = false;
  let attempt = 0;
  let reconnects = 0;
  let everConnected = false;
  let timer: unknown = null;
  let ignored = 0;
  let queue: PanelCommand[] = [];

  const onMessage = (message: unknown): void => {
    if (!isBackgroundEvent(message)) {
      ignored++;
      return;
    }
    options.onEvent(message);
    if (message.type === 'snapshot' && !ready) {
      ready = true;
      attempt = 0;
      if (everConnected) reconnects++;
      everConnected = true;
      options.onStatus({ kind: 'connected', reconnects, at: now() });
      flush();
    }
  };

  const onDisconnect = (): void => {
    detach();
    scheduleReconnect();
  };

  function detach(): void {
    if (!port) return;
    port.onMessage.removeListener(onMessage);
    port.onDisconnect.removeListener(onDisconnect);
    port = null;
    ready = false;
  }

  function scheduleReconnect(): void {
    if (closed) return;
    const delay = delays[Math.min(attempt, delays.length - 1)] ?? 1000;
    attempt++;
    options.onStatus({ kind: 'reconnecting', attempt, retryInMs: delay });
    timer = timers.set(() => {
      timer = null;
      open();
    }, delay);
  }

  function open(): void {
    if (closed) return;
    if (!everConnected && attempt === 0) options.onStatus({ kind: 'connecting' });
    let next: PortLike;
    try {
      next = options.connect(name);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (INVALIDATED.test(message)) {
        closed = true;
        options.onStatus({
          kind: 'closed',
          reason: 'AuthLens was reloaded or updated. Close and reopen DevTools to reconnect.',
        });
        return;
      }
      scheduleReconnect();
      return;
    }
    port = next;
    port.onMessage.addListener(onMessage);
    port.onDisconnect.addListener(onDisconnect);
  }

  function post(command: PanelCommand): boolean {
    if (!port || !ready) return false;
    try {
      port.postMessage(command);
      return true;
    } catch {
      // A port whose worker just died throws before onDisconnect arrives.
      detach();
      scheduleReconnect();
      return false;
    }
  }

  function enqueue(command: PanelCommand): void {
    queue = queue.filter((c) => c.type !== command.type);
    queue.push(command);
  }

  function flush(): void {
    const pending = queue;
    queue = [];
    for (const command of pending) if (!post(command)) enqueue(command);
  }

  open();

  return {
    send(command) {
      if (closed) return;
      if (!post(command)) enqueue(command);
    },
    retryNow() {
      if (closed || timer === null) return;
      timers.clear(timer);
      timer = null;
      open();
    },
    close() {
      closed = true;
      if (timer !== null) timers.clear(timer);
      const current = port;
      detach();
      current?.disconnect();
    },
    get ignored() {
      return ignored;
    },
  };
}

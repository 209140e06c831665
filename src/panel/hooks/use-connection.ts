// The panel's link to the background: opens the connection for the inspected tab (reconnecting on
// its own, see connection.ts), feeds its events to the reducer, and lets the panel send commands
// and announce a "try credentials" replay, waiting for the background's acknowledgement.
import { useEffect, useMemo, useRef, type Dispatch } from 'react';
import type { PanelCommand } from '../../shared/protocol.ts';
import { openConnection, type Connection } from '../connection.ts';
import type { PanelHost } from '../host.ts';
import type { PanelAction } from '../state.ts';

/** A live worker answers at once; a stopped one restarts in well under this. */
const ANNOUNCE_TIMEOUT_MS = 3000;

export interface PanelLink {
  send(command: PanelCommand): void;
  /** Skips the wait before the next reconnect attempt. */
  retryNow(): void;
  /**
   * Tells the background the panel is about to send this request itself, to be recorded as an
   * exchange of the tab; true once the background acknowledged, false if it did not in time.
   */
  announceReplay(method: string, url: string): Promise<boolean>;
}

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export function useConnection(host: PanelHost, dispatch: Dispatch<PanelAction>): PanelLink {
  const connection = useRef<Connection | null>(null);
  const acknowledgements = useRef(new Map<string, () => void>());

  useEffect(() => {
    const { tabId, connect } = host;
    if (tabId === null || connect === null) return;
    const c = openConnection({
      tabId,
      connect,
      onEvent: (event) =>
        event.type === 'replayExpected'
          ? acknowledgements.current.get(event.id)?.()
          : dispatch(event),
      onStatus: (status) => dispatch({ type: 'connectionChanged', status }),
      now: host.now,
    });
    connection.current = c;
    return () => {
      c.close();
      connection.current = null;
    };
  }, [host, dispatch]);

  return useMemo(
    () => ({
      send: (command) => connection.current?.send(command),
      retryNow: () => connection.current?.retryNow(),
      announceReplay: (method, url) =>
        new Promise<boolean>((resolve) => {
          const c = connection.current;
          if (!c) return resolve(false);
          const id = hex(host.random(8));
          const waiting = acknowledgements.current;
          const settle = (answered: boolean) => {
            clearTimeout(timer);
            waiting.delete(id);
            resolve(answered);
          };
          const timer = setTimeout(() => settle(false), ANNOUNCE_TIMEOUT_MS);
          waiting.set(id, () => settle(true));
          c.send({ type: 'expectReplay', id, method, url });
        }),
    }),
    [host],
  );
}

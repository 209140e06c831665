// The panel ↔ background protocol: one long-lived Port per panel, named with the inspected tab id
// (a DevTools page has no sender.tab). Commands flow panel → background and are named as
// imperatives; events flow background → panel and are named as facts. Each side validates what
// it receives with the guard below and ignores anything else.
//
// No protocol version: both sides ship in one bundle and Chrome reloads extension pages when the
// extension updates (React DevTools needs one because its backend lives in the inspected page).
import type { Exchange } from './exchange.ts';

const PORT_PREFIX = 'authlens-panel:';

export function panelPortName(tabId: number): string {
  return `${PORT_PREFIX}${tabId}`;
}

/** The tab id a panel port was named with, or null for ports that are not AuthLens panels. */
export function tabIdFromPortName(name: string): number | null {
  if (!name.startsWith(PORT_PREFIX)) return null;
  const digits = name.slice(PORT_PREFIX.length);
  if (!/^\d{1,10}$/.test(digits)) return null;
  return Number(digits);
}

/** Per-tab recording state, shown in the panel's toolbar. */
export interface RecorderState {
  paused: boolean;
  /** Keep records across navigations (the default: SSO flows navigate). */
  preserveLog: boolean;
  /** Records dropped, oldest first, to stay within the storage bounds. */
  evicted: number;
}

/** Something the user should know that is not an exchange: storage full, worker restarted… */
export interface Notice {
  level: 'info' | 'warning' | 'error';
  code: 'storage-full' | 'storage-failed' | 'evicted' | 'worker-restarted' | 'invalid-command';
  message: string;
  at: number;
}

export type PanelCommand =
  | { type: 'clear' }
  | { type: 'setPaused'; paused: boolean }
  | { type: 'setPreserveLog'; preserveLog: boolean }
  /**
   * "Try credentials" is about to send this request from the panel itself (AuthLens's own
   * request, so not one of the tab's in webRequest): record it as an exchange of this tab, even if
   * its response carries nothing about authentication (a 200 to Basic credentials, say). Answered
   * with `replayExpected` carrying the same id once the background is ready for it.
   */
  | { type: 'expectReplay'; id: string; method: string; url: string };

export type BackgroundEvent =
  | {
      type: 'snapshot';
      tabId: number;
      exchanges: Exchange[];
      state: RecorderState;
      notices: Notice[];
    }
  | { type: 'exchangeAdded'; exchange: Exchange }
  | { type: 'exchangeUpdated'; exchange: Exchange }
  | { type: 'exchangesEvicted'; ids: string[]; evicted: number }
  | { type: 'cleared' }
  | { type: 'stateChanged'; state: RecorderState }
  | { type: 'notice'; notice: Notice }
  /** The background will record the replay announced with this id: the panel may send it now. */
  | { type: 'replayExpected'; id: string };

/** Replay ids: the panel draws them at random; short, so a guard can check them cheaply. */
const REPLAY_ID = /^[A-Za-z0-9_-]{1,64}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isPanelCommand(value: unknown): value is PanelCommand {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'clear':
      return true;
    case 'setPaused':
      return typeof value.paused === 'boolean';
    case 'setPreserveLog':
      return typeof value.preserveLog === 'boolean';
    case 'expectReplay':
      return (
        typeof value.id === 'string' &&
        REPLAY_ID.test(value.id) &&
        typeof value.method === 'string' &&
        /^[A-Za-z]{1,16}$/.test(value.method) &&
        typeof value.url === 'string' &&
        value.url.length <= 8192
      );
    default:
      return false;
  }
}

function isExchange(value: unknown): value is Exchange {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.url === 'string' &&
    typeof value.tabId === 'number' &&
    Array.isArray(value.steps)
  );
}

function isState(value: unknown): value is RecorderState {
  return (
    isRecord(value) &&
    typeof value.paused === 'boolean' &&
    typeof value.preserveLog === 'boolean' &&
    typeof value.evicted === 'number'
  );
}

function isNotice(value: unknown): value is Notice {
  return isRecord(value) && typeof value.message === 'string' && typeof value.code === 'string';
}

/**
 * Checks the envelope of an event (its type and the shape of its top-level fields); the records
 * inside come from our own background and are trusted past that.
 */
export function isBackgroundEvent(value: unknown): value is BackgroundEvent {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'snapshot':
      return (
        typeof value.tabId === 'number' &&
        Array.isArray(value.exchanges) &&
        value.exchanges.every(isExchange) &&
        isState(value.state) &&
        Array.isArray(value.notices)
      );
    case 'exchangeAdded':
    case 'exchangeUpdated':
      return isExchange(value.exchange);
    case 'exchangesEvicted':
      return Array.isArray(value.ids) && typeof value.evicted === 'number';
    case 'cleared':
      return true;
    case 'stateChanged':
      return isState(value.state);
    case 'notice':
      return isNotice(value.notice);
    case 'replayExpected':
      return typeof value.id === 'string' && REPLAY_ID.test(value.id);
    default:
      return false;
  }
}

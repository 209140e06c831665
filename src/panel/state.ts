// The panel's state and its pure reducer: background events (snapshot, added, updated, evicted,
// cleared, state, notice) and the panel's own actions (connection status, imports, selection,
// filter text, notices) in, a new PanelState out. Live and imported records are kept apart so a
// fresh snapshot after a reconnect replaces the live ones and leaves imports alone.
import type { Exchange } from '../shared/exchange.ts';
import type { BackgroundEvent, Notice, RecorderState } from '../shared/protocol.ts';

export type ConnectionStatus =
  | { kind: 'idle'; reason: string }
  | { kind: 'connecting' }
  | { kind: 'connected'; reconnects: number; at: number }
  | { kind: 'reconnecting'; attempt: number; retryInMs: number }
  | { kind: 'closed'; reason: string };

export interface PanelNotice {
  id: number;
  level: Notice['level'];
  /** The background's notice codes, or the panel's own (import, export, copy, reconnected). */
  code: string;
  message: string;
  at: number;
}

export interface PanelState {
  tabId: number | null;
  live: readonly Exchange[];
  imported: readonly Exchange[];
  recorder: RecorderState;
  connection: ConnectionStatus;
  notices: readonly PanelNotice[];
  snapshots: number;
  nextId: number;
  /** The selected exchange; shown only while the filter shows it, as in DevTools. */
  selectedId: string | null;
  filterText: string;
}

export type PanelAction =
  | BackgroundEvent
  | { type: 'connectionChanged'; status: ConnectionStatus }
  | { type: 'exchangesImported'; exchanges: readonly Exchange[]; source: string }
  | { type: 'importsCleared' }
  | { type: 'selected'; id: string | null }
  | { type: 'filterChanged'; text: string }
  | { type: 'panelNotice'; level: Notice['level']; code: string; message: string; at: number }
  | { type: 'noticeDismissed'; id: number };

/** Enough to explain what happened recently without growing for ever. */
export const MAX_NOTICES = 50;
/** Imports beyond this would make the panel sluggish; the importer says so. */
export const MAX_IMPORTED = 20_000;

export function initialState(tabId: number | null): PanelState {
  return {
    tabId,
    live: [],
    imported: [],
    recorder: { paused: false, preserveLog: true, evicted: 0 },
    connection:
      tabId === null ? { kind: 'idle', reason: 'No inspected tab.' } : { kind: 'connecting' },
    notices: [],
    snapshots: 0,
    nextId: 1,
    selectedId: null,
    filterText: '',
  };
}

function pushNotice(
  state: PanelState,
  notice: Omit<PanelNotice, 'id'>,
): Pick<PanelState, 'notices' | 'nextId'> {
  const notices = [...state.notices, { ...notice, id: state.nextId }];
  return {
    notices: notices.length > MAX_NOTICES ? notices.slice(-MAX_NOTICES) : notices,
    nextId: state.nextId + 1,
  };
}

/** Replaces the record with the same id (searching from the end: updates concern recent ones). */
function upsert(list: readonly Exchange[], exchange: Exchange): readonly Exchange[] {
  for (let i = list.length - 1; i >= 0; i--) {
    if (list[i]!.id === exchange.id) {
      const next = list.slice();
      next[i] = exchange;
      return next;
    }
  }
  return [...list, exchange];
}

export function reduce(state: PanelState, action: PanelAction): PanelState {
  switch (action.type) {
    case 'snapshot': {
      const next: PanelState = {
        ...state,
        tabId: action.tabId,
        live: action.exchanges,
        recorder: action.state,
        snapshots: state.snapshots + 1,
      };
      // Background notices are re-sent with every snapshot; keep only the panel's own ones.
      const own = state.notices.filter((n) => !isBackgroundCode(n.code));
      let ids = state.nextId;
      const fromBackground = action.notices.map((n) => ({ ...n, id: ids++ }));
      const notices = [...own, ...fromBackground].slice(-MAX_NOTICES);
      return { ...next, notices, nextId: ids };
    }
    case 'exchangeAdded':
    case 'exchangeUpdated':
      return { ...state, live: upsert(state.live, action.exchange) };
    case 'exchangesEvicted': {
      const gone = new Set(action.ids);
      return {
        ...state,
        live: state.live.filter((e) => !gone.has(e.id)),
        recorder: { ...state.recorder, evicted: action.evicted },
      };
    }
    case 'cleared':
      return { ...state, live: [] };
    case 'stateChanged':
      return { ...state, recorder: action.state };
    case 'notice':
      return { ...state, ...pushNotice(state, action.notice) };
    case 'connectionChanged': {
      const next = { ...state, connection: action.status };
      const s = action.status;
      if (s.kind !== 'connected' || s.reconnects === 0 || state.connection.kind === 'connected') {
        return next;
      }
      return {
        ...next,
        ...pushNotice(next, {
          level: 'info',
          code: 'reconnected',
          message: `The background had stopped; reconnected and reloaded ${plural(state.live.length, 'record')}.`,
          at: s.at,
        }),
      };
    }
    case 'exchangesImported': {
      const start = state.imported.length;
      const room = Math.max(0, MAX_IMPORTED - start);
      const added = action.exchanges.slice(0, room).map((e, i) => ({
        ...e,
        // Ids are unique per panel, whatever the file said; "import:" keeps them apart from live ids.
        id: `import:${start + i + 1}`,
        imported: action.source,
      }));
      // The first record of the file is selected, so its detail is what the user sees next.
      return {
        ...state,
        imported: [...state.imported, ...added],
        selectedId: added[0]?.id ?? state.selectedId,
      };
    }
    case 'importsCleared':
      return { ...state, imported: [], selectedId: null };
    case 'selected':
      return { ...state, selectedId: action.id };
    case 'filterChanged':
      return { ...state, filterText: action.text };
    case 'panelNotice':
      return {
        ...state,
        ...pushNotice(state, {
          level: action.level,
          code: action.code,
          message: action.message,
          at: action.at,
        }),
      };
    case 'noticeDismissed':
      return { ...state, notices: state.notices.filter((n) => n.id !== action.id) };
    case 'replayExpected':
      // An acknowledgement for the connection hook (use-connection.ts); no state of its own.
      return state;
    default:
      return assertNever(action);
  }
}

const backgroundCodes = new Set<string>([
  'storage-full',
  'storage-failed',
  'evicted',
  'worker-restarted',
  'invalid-command',
]);

function isBackgroundCode(code: string): boolean {
  return backgroundCodes.has(code);
}

function assertNever(value: never): never {
  throw new Error(`Unhandled panel action: ${JSON.stringify(value)}`);
}

export function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** Everything the list shows, oldest first: imported records are history, live ones are now. */
export function selectExchanges(
  live: PanelState['live'],
  imported: PanelState['imported'],
): readonly Exchange[] {
  if (imported.length === 0) return live;
  if (live.length === 0) return imported;
  return [...imported, ...live];
}

/** The notice the status line shows: the newest one. */
export function selectLatestNotice(state: PanelState): PanelNotice | undefined {
  return state.notices[state.notices.length - 1];
}

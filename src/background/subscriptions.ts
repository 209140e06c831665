// Which webRequest listeners AuthLens registers, when, and with what filter — not what an event
// becomes (listeners.ts, observation.ts). Chrome pays for every listener whose filter matches a
// request, on every request of every tab: it builds the event, copies the headers asked for, and
// wakes the worker; a listener with 'extraHeaders' makes the network service stop twice per
// request to ask the browser for headers. So AuthLens listens broadly only where it must:
//
// - one onHeadersReceived listener for every request (the floor: challenges can come on any);
// - onSendHeaders only for fetch() and XMLHttpRequest, the only requests a page can give an
//   Authorization field of its own;
// - onCompleted only for documents, frames and fetch/XHR, where logins and API calls happen (with
//   the response's headers: when Chrome answers a challenge itself, the completion is the only
//   place it shows the final response's);
// - onBeforeRequest only for top-level navigations; onAuthRequired, onBeforeRedirect and
//   onErrorOccurred for every request, because they fire only on rare events;
// - 'extraHeaders' switched on (through onBeforeRedirect, a rare event, so that it adds no event
//   per request) only for documents, frames and fetch/XHR: there Chrome hides, without it, the
//   challenges it answers itself and the CORS preflights;
// - in a tab where authentication was seen (a challenge, an auth field, credentials sent, a
//   login prompt), onCompleted for its other requests too, so that a challenged image, script or
//   style sheet is followed to its end; removed when the tab has been quiet for a while or closes.
//
// Listeners that exist when the worker's first turn ends wake a stopped worker; those added later
// may not. The static ones are registered synchronously at start (registerStatic); a tab's
// following is re-established from what the recorder restored (TabFollowing.restore).
import type { Exchange } from '../shared/exchange.ts';
import type { Observation } from '../shared/observation.ts';

export type WebRequestEvent =
  | 'onBeforeRequest'
  | 'onSendHeaders'
  | 'onHeadersReceived'
  | 'onAuthRequired'
  | 'onBeforeRedirect'
  | 'onCompleted'
  | 'onErrorOccurred';

export interface RequestFilter {
  urls: string[];
  types?: string[];
  tabId?: number;
}

/** The part of a webRequest event AuthLens uses; tests pass a fake. */
export interface EventLike {
  addListener(callback: (details: never) => void, filter: RequestFilter, extra?: string[]): void;
  removeListener(callback: (details: never) => void): void;
}

export type WebRequestEvents = Record<WebRequestEvent, EventLike>;

/** The listener bodies (listeners.ts), one per event. */
export type Handlers = Record<WebRequestEvent, (details: never) => void>;

export interface Subscription {
  event: WebRequestEvent;
  filter: RequestFilter;
  extraInfoSpec?: string[];
}

export interface PlanOptions {
  /** The browser's name for 'extraHeaders', or undefined where it has none (Firefox). */
  extraHeaders: string | undefined;
  /** Every resource type the browser knows (webRequest.ResourceType). */
  resourceTypes: readonly string[];
}

const ALL_URLS = ['<all_urls>'];
/** fetch() and XMLHttpRequest: the only requests whose page can set Authorization itself. */
export const PAGE_CREDENTIAL_TYPES = ['xmlhttprequest'];
/** Where logins and API calls happen: their completion is always followed. */
export const ALWAYS_COMPLETED_TYPES = ['main_frame', 'sub_frame', 'xmlhttprequest'];
/**
 * Where Chrome hides something from listeners without 'extraHeaders': the challenge it answers
 * itself (credentials in the URL, given to XHR, cached, or from automation) and CORS preflights.
 */
export const EXTRA_HEADERS_TYPES = ['main_frame', 'sub_frame', 'xmlhttprequest'];

/** The resource types Chrome 156 and Firefox 140 name, for a browser that lists none. */
export const KNOWN_RESOURCE_TYPES = [
  'main_frame',
  'sub_frame',
  'stylesheet',
  'script',
  'image',
  'font',
  'object',
  'xmlhttprequest',
  'ping',
  'csp_report',
  'media',
  'websocket',
  'other',
];

function without(types: readonly string[], removed: readonly string[]): string[] {
  return types.filter((t) => !removed.includes(t));
}

/** The listeners registered at start, for every tab. */
export function staticPlan({ extraHeaders, resourceTypes }: PlanOptions): Subscription[] {
  const plan: Subscription[] = [
    { event: 'onBeforeRequest', filter: { urls: ALL_URLS, types: ['main_frame'] } },
    {
      event: 'onSendHeaders',
      filter: { urls: ALL_URLS, types: PAGE_CREDENTIAL_TYPES },
      extraInfoSpec: ['requestHeaders'],
    },
    {
      event: 'onHeadersReceived',
      filter: { urls: ALL_URLS },
      extraInfoSpec: ['responseHeaders'],
    },
    // Non-blocking: only marks "the browser asked the user for credentials" (blocking would need
    // the webRequestAuthProvider permission). The empty extraInfoSpec is for Firefox, which reads
    // it unconditionally and throws on every prompting 401 without it.
    { event: 'onAuthRequired', filter: { urls: ALL_URLS }, extraInfoSpec: [] },
    {
      event: 'onCompleted',
      filter: { urls: ALL_URLS, types: ALWAYS_COMPLETED_TYPES },
      extraInfoSpec: ['responseHeaders'],
    },
    { event: 'onErrorOccurred', filter: { urls: ALL_URLS } },
  ];
  if (extraHeaders === undefined) {
    plan.push({ event: 'onBeforeRedirect', filter: { urls: ALL_URLS } });
    return plan;
  }
  // A request goes through Chrome's header client when any listener matching it asks for
  // 'extraHeaders'; putting the option on a rare event switches that on without adding an event
  // to every request. The other resource types get a redirect listener of their own.
  plan.push(
    {
      event: 'onBeforeRedirect',
      filter: { urls: ALL_URLS, types: EXTRA_HEADERS_TYPES },
      extraInfoSpec: [extraHeaders],
    },
    {
      event: 'onBeforeRedirect',
      filter: { urls: ALL_URLS, types: without(resourceTypes, EXTRA_HEADERS_TYPES) },
    },
  );
  return plan;
}

/** The listeners added for a tab where authentication was seen. */
export function followPlan(tabId: number, { resourceTypes }: PlanOptions): Subscription[] {
  return [
    {
      event: 'onCompleted',
      filter: { urls: ALL_URLS, tabId, types: without(resourceTypes, ALWAYS_COMPLETED_TYPES) },
      extraInfoSpec: ['responseHeaders'],
    },
  ];
}

function add(events: WebRequestEvents, handlers: Handlers, s: Subscription): void {
  const event = events[s.event];
  if (s.extraInfoSpec) event.addListener(handlers[s.event], s.filter, s.extraInfoSpec);
  else event.addListener(handlers[s.event], s.filter);
}

/** Registers the static plan; call it synchronously at the worker's start. */
export function registerStatic(
  events: WebRequestEvents,
  handlers: Handlers,
  options: PlanOptions,
): void {
  for (const s of staticPlan(options)) add(events, handlers, s);
}

/** Whether an observation shows authentication happening in its tab. */
export function showsAuthentication(obs: Observation): boolean {
  switch (obs.kind) {
    case 'response':
      return obs.relevant;
    case 'request':
      return obs.credentials.length > 0;
    case 'auth-required':
      return true;
    default:
      return false;
  }
}

/** When each tab with records last saw something happen, for TabFollowing.restore. */
export function lastActivity(
  tabs: ReadonlyMap<number, { exchanges: readonly Exchange[] }>,
): Map<number, number> {
  const last = new Map<number, number>();
  for (const [tabId, { exchanges }] of tabs) {
    let at = -Infinity;
    for (const e of exchanges) at = Math.max(at, e.steps.at(-1)?.at ?? e.startedAt);
    if (exchanges.length > 0) last.set(tabId, at);
  }
  return last;
}

/** How long a tab stays followed after the last authentication seen in it. */
export const FOLLOW_WINDOW_MS = 10 * 60 * 1000;

/**
 * The tabs being followed beyond the static plan. Each followed tab has listeners of its own
 * (a filter per tab), added when authentication is first seen in it and removed when the tab has
 * been quiet for FOLLOW_WINDOW_MS or is closed.
 */
export class TabFollowing {
  private readonly tabs = new Map<
    number,
    { lastSeen: number; handlers: Array<[WebRequestEvent, (details: never) => void]> }
  >();

  constructor(
    private readonly events: WebRequestEvents,
    private readonly handlers: Handlers,
    private readonly options: PlanOptions,
    private readonly clock: {
      now(): number;
      setTimeout(callback: () => void, ms: number): unknown;
    } = { now: () => Date.now(), setTimeout: (callback, ms) => setTimeout(callback, ms) },
  ) {}

  /** Follows the observation's tab if it shows authentication; called for every observation. */
  notice(obs: Observation): void {
    if (obs.tabId < 0 || !showsAuthentication(obs)) return;
    this.follow(obs.tabId, this.clock.now());
  }

  /** After a worker restart: follows the tabs whose records show authentication recently. */
  restore(lastActivity: ReadonlyMap<number, number>): void {
    const now = this.clock.now();
    for (const [tabId, at] of lastActivity) {
      if (now - at < FOLLOW_WINDOW_MS) this.follow(tabId, at);
    }
  }

  isFollowing(tabId: number): boolean {
    return this.tabs.has(tabId);
  }

  unfollow(tabId: number): void {
    const tab = this.tabs.get(tabId);
    if (!tab) return;
    this.tabs.delete(tabId);
    for (const [event, handler] of tab.handlers) this.events[event].removeListener(handler);
  }

  private follow(tabId: number, at: number): void {
    const known = this.tabs.get(tabId);
    if (known) {
      known.lastSeen = Math.max(known.lastSeen, at);
      return;
    }
    const handlers: Array<[WebRequestEvent, (details: never) => void]> = [];
    for (const s of followPlan(tabId, this.options)) {
      // A function of its own per tab: removeListener removes by identity.
      const own = (details: never) => this.handlers[s.event](details);
      handlers.push([s.event, own]);
      add(this.events, { ...this.handlers, [s.event]: own }, s);
    }
    this.tabs.set(tabId, { lastSeen: at, handlers });
    this.expireLater(tabId);
  }

  private expireLater(tabId: number): void {
    const tab = this.tabs.get(tabId);
    if (!tab) return;
    const quietFor = this.clock.now() - tab.lastSeen;
    if (quietFor >= FOLLOW_WINDOW_MS) return this.unfollow(tabId);
    this.clock.setTimeout(() => this.expireLater(tabId), FOLLOW_WINDOW_MS - quietFor);
  }
}

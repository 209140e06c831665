import { describe, expect, it } from 'vitest';
import type { Exchange } from '../shared/exchange.ts';
import type { Observation } from '../shared/observation.ts';
import {
  FOLLOW_WINDOW_MS,
  KNOWN_RESOURCE_TYPES,
  lastActivity,
  registerStatic,
  staticPlan,
  TabFollowing,
  type Handlers,
  type RequestFilter,
  type WebRequestEvent,
  type WebRequestEvents,
} from './subscriptions.ts';

const chrome = { extraHeaders: 'extraHeaders', resourceTypes: KNOWN_RESOURCE_TYPES };
const firefox = { extraHeaders: undefined, resourceTypes: KNOWN_RESOURCE_TYPES };
const PER_REQUEST: WebRequestEvent[] = ['onSendHeaders', 'onHeadersReceived', 'onCompleted'];

interface Registered {
  event: WebRequestEvent;
  callback: (details: never) => void;
  filter: RequestFilter;
  extra: string[] | undefined;
}

function fakeWebRequest() {
  const registered: Registered[] = [];
  const events = Object.fromEntries(
    [
      'onBeforeRequest',
      'onSendHeaders',
      'onHeadersReceived',
      'onAuthRequired',
      'onBeforeRedirect',
      'onCompleted',
      'onErrorOccurred',
    ].map((event) => [
      event,
      {
        addListener: (callback: (d: never) => void, filter: RequestFilter, extra?: string[]) =>
          registered.push({ event: event as WebRequestEvent, callback, filter, extra }),
        removeListener: (callback: (d: never) => void) => {
          const at = registered.findIndex((r) => r.callback === callback);
          if (at >= 0) registered.splice(at, 1);
        },
      },
    ]),
  ) as unknown as WebRequestEvents;
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    Object.keys(events).map((event) => [event, () => calls.push(event)]),
  ) as unknown as Handlers;
  return { events, handlers, registered, calls };
}

/** Which listeners of `event` a request of `type` in tab 1 would reach. */
function reaching(registered: Registered[], event: WebRequestEvent, type: string, tabId = 1) {
  return registered.filter(
    (r) =>
      r.event === event &&
      (r.filter.types === undefined || r.filter.types.includes(type)) &&
      (r.filter.tabId === undefined || r.filter.tabId === tabId),
  );
}

describe('the static listeners', () => {
  it('listen to every response once, with its headers and nothing more', () => {
    const plan = staticPlan(chrome);
    const headers = plan.filter((s) => s.event === 'onHeadersReceived');
    expect(headers).toEqual([
      {
        event: 'onHeadersReceived',
        filter: { urls: ['<all_urls>'] },
        extraInfoSpec: ['responseHeaders'],
      },
    ]);
  });

  it('put no per-request event on requests a page cannot give credentials or a login to', () => {
    const { events, handlers, registered } = fakeWebRequest();
    registerStatic(events, handlers, chrome);
    for (const type of ['image', 'script', 'stylesheet', 'font', 'media', 'ping', 'other']) {
      const perRequest = PER_REQUEST.flatMap((e) => reaching(registered, e, type));
      expect(perRequest.map((r) => r.event)).toEqual(['onHeadersReceived']);
      // and no 'extraHeaders' anywhere that reaches them: no header client for them
      const all = registered.filter((r) => reaching(registered, r.event, type).includes(r));
      expect(all.some((r) => r.extra?.includes('extraHeaders'))).toBe(false);
    }
  });

  it('follow credentials and completion of fetch/XHR, completion of documents and frames', () => {
    const { events, handlers, registered } = fakeWebRequest();
    registerStatic(events, handlers, chrome);
    expect(reaching(registered, 'onSendHeaders', 'xmlhttprequest')[0]?.extra).toEqual([
      'requestHeaders',
    ]);
    expect(reaching(registered, 'onSendHeaders', 'main_frame')).toEqual([]);
    for (const type of ['main_frame', 'sub_frame', 'xmlhttprequest']) {
      expect(reaching(registered, 'onCompleted', type)).toHaveLength(1);
    }
  });

  it("switch Chrome's header client on for documents, frames and fetch/XHR through a rare event", () => {
    const plan = staticPlan(chrome);
    const extra = plan.filter((s) => s.extraInfoSpec?.includes('extraHeaders'));
    expect(extra).toEqual([
      {
        event: 'onBeforeRedirect',
        filter: { urls: ['<all_urls>'], types: ['main_frame', 'sub_frame', 'xmlhttprequest'] },
        extraInfoSpec: ['extraHeaders'],
      },
    ]);
    expect(
      plan.filter(
        (s) => PER_REQUEST.includes(s.event) && s.extraInfoSpec?.includes('extraHeaders'),
      ),
    ).toEqual([]);
  });

  it('hear every redirect, rare events and navigations once, whatever the type', () => {
    const { events, handlers, registered } = fakeWebRequest();
    registerStatic(events, handlers, chrome);
    for (const type of KNOWN_RESOURCE_TYPES) {
      for (const event of ['onBeforeRedirect', 'onAuthRequired', 'onErrorOccurred'] as const) {
        expect(reaching(registered, event, type)).toHaveLength(1);
      }
      expect(reaching(registered, 'onBeforeRequest', type)).toHaveLength(
        type === 'main_frame' ? 1 : 0,
      );
    }
  });

  it('in Firefox, which has no extraHeaders, ask for none', () => {
    const plan = staticPlan(firefox);
    // Firefox reads onAuthRequired's extraInfoSpec unconditionally: it must be there, even empty.
    expect(plan.find((s) => s.event === 'onAuthRequired')?.extraInfoSpec).toEqual([]);
    expect(plan.some((s) => s.extraInfoSpec?.some((o) => o.includes('xtra')))).toBe(false);
    expect(plan.filter((s) => s.event === 'onBeforeRedirect')).toEqual([
      { event: 'onBeforeRedirect', filter: { urls: ['<all_urls>'] } },
    ]);
  });
});

const base = {
  requestId: 'r1',
  tabId: 4,
  frameId: 0,
  url: 'https://a.example/x',
  method: 'GET',
  type: 'image',
  initiator: null,
  at: 0,
};
const challenge: Observation = {
  ...base,
  kind: 'response',
  statusCode: 401,
  statusLine: 'HTTP/1.1 401',
  fromCache: false,
  headers: [{ name: 'WWW-Authenticate', value: 'Basic realm="x"' }],
  relevant: true,
};

function fakeClock(start = 1_000_000) {
  const timers: Array<{ at: number; run: () => void }> = [];
  const clock = {
    time: start,
    now: () => clock.time,
    setTimeout: (run: () => void, ms: number) => timers.push({ at: clock.time + ms, run }),
    advance(ms: number) {
      clock.time += ms;
      for (const t of timers.splice(0).sort((a, b) => a.at - b.at)) {
        if (t.at <= clock.time) t.run();
        else timers.push(t);
      }
    },
  };
  return clock;
}

describe('following a tab where authentication was seen', () => {
  it('adds completion of the tab’s other requests at the first challenge, once', () => {
    const { events, handlers, registered, calls } = fakeWebRequest();
    const following = new TabFollowing(events, handlers, chrome, fakeClock());
    following.notice({ ...base, kind: 'navigation' });
    expect(registered).toEqual([]);
    following.notice(challenge);
    following.notice({ ...challenge, requestId: 'r2' });
    expect(registered).toHaveLength(1);
    expect(reaching(registered, 'onCompleted', 'image', 4)).toHaveLength(1);
    expect(reaching(registered, 'onCompleted', 'image', 5)).toEqual([]);
    expect(reaching(registered, 'onCompleted', 'xmlhttprequest', 4)).toEqual([]);
    expect(registered[0]!.extra).toEqual(['responseHeaders']);
    registered[0]!.callback(undefined as never);
    expect(calls).toEqual(['onCompleted']);
  });

  it('follows on credentials sent and on a login prompt, not on a request without them', () => {
    const { events, handlers, registered } = fakeWebRequest();
    const following = new TabFollowing(events, handlers, chrome, fakeClock());
    following.notice({ ...base, kind: 'request', credentials: [] });
    expect(following.isFollowing(4)).toBe(false);
    following.notice({
      ...base,
      kind: 'request',
      credentials: [
        {
          header: 'Authorization',
          scheme: 'Bearer',
          source: 'page',
          evidence: { basis: 'observed' },
        },
      ],
    });
    following.notice({
      ...base,
      tabId: 6,
      kind: 'auth-required',
      scheme: 'basic',
      realm: 'x',
      isProxy: false,
      challenger: 'a.example:443',
    });
    expect([following.isFollowing(4), following.isFollowing(6)]).toEqual([true, true]);
    expect(registered).toHaveLength(2);
  });

  it('stops when the tab closes, or after it was quiet for the follow window', () => {
    const { events, handlers, registered } = fakeWebRequest();
    const clock = fakeClock();
    const following = new TabFollowing(events, handlers, chrome, clock);
    following.notice(challenge);
    following.notice({ ...challenge, tabId: 9 });
    following.unfollow(9);
    expect(following.isFollowing(9)).toBe(false);
    clock.advance(FOLLOW_WINDOW_MS / 2);
    following.notice({ ...challenge, requestId: 'later' });
    clock.advance(FOLLOW_WINDOW_MS / 2 + 1);
    expect(following.isFollowing(4)).toBe(true); // seen again half-way: not quiet yet
    clock.advance(FOLLOW_WINDOW_MS / 2);
    expect(following.isFollowing(4)).toBe(false);
    expect(registered).toEqual([]);
  });

  it('after a worker restart, follows again the tabs whose records are recent', () => {
    const { events, handlers } = fakeWebRequest();
    const clock = fakeClock(5 * FOLLOW_WINDOW_MS);
    const following = new TabFollowing(events, handlers, chrome, clock);
    const exchange = (at: number) =>
      ({
        startedAt: at - 5,
        steps: [{ kind: 'completed', at, statusCode: 401 }],
      }) as unknown as Exchange;
    const stored = new Map([
      [1, { exchanges: [exchange(clock.time - 1000)] }],
      [2, { exchanges: [exchange(clock.time - FOLLOW_WINDOW_MS - 1)] }],
      [3, { exchanges: [] }],
    ]);
    expect(lastActivity(stored)).toEqual(
      new Map([
        [1, clock.time - 1000],
        [2, clock.time - FOLLOW_WINDOW_MS - 1],
      ]),
    );
    following.restore(lastActivity(stored));
    expect([1, 2, 3].map((t) => following.isFollowing(t))).toEqual([true, false, false]);
  });
});

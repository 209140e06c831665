// A PanelHost for component tests: a fake Port the test drives as the background (it acknowledges
// "try credentials" announcements as the background does), a clipboard, a file saver and a fetch
// that record what they were given. Also gives happy-dom a layout size, which the virtualised
// list needs to render any rows, and the panel a width to lay itself out for.
import type { BackgroundEvent } from '../shared/protocol.ts';
import type { Exchange } from '../shared/exchange.ts';
import type { PortLike } from './connection.ts';
import { defaultSettings, type PanelHost, type RuleStore, type Settings } from './host.ts';
import type { ReplayResponse } from './replay.ts';
import type { ExportFile } from './transfer.ts';

export interface TestPort extends PortLike {
  name: string;
  posted: unknown[];
  deliver(message: unknown): void;
  drop(): void;
}

function testPort(name: string, acknowledgeReplays: boolean): TestPort {
  const onMessage = new Set<(m: unknown) => void>();
  const onDisconnect = new Set<() => void>();
  return {
    name,
    posted: [],
    postMessage(m) {
      this.posted.push(m);
      const command = m as { type?: string; id?: string };
      if (acknowledgeReplays && command.type === 'expectReplay') {
        setTimeout(() => onMessage.forEach((f) => f({ type: 'replayExpected', id: command.id })));
      }
    },
    disconnect() {},
    onMessage: { addListener: (f) => onMessage.add(f), removeListener: (f) => onMessage.delete(f) },
    onDisconnect: {
      addListener: (f) => onDisconnect.add(f),
      removeListener: (f) => onDisconnect.delete(f),
    },
    deliver: (m) => onMessage.forEach((f) => f(m)),
    drop: () => onDisconnect.forEach((f) => f()),
  };
}

export interface TestRuleStore extends RuleStore {
  /** What is stored now (undefined: nothing yet). */
  stored: unknown;
  /** Every document saved, in order. */
  saves: unknown[];
  /** Another panel saved this document. */
  changeElsewhere(document: unknown): void;
}

/** storage.local reduced to the rules key; values are copied as structured clone would. */
export function testRuleStore(initial?: unknown): TestRuleStore {
  const listeners = new Set<(d: unknown) => void>();
  const copy = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  const store: TestRuleStore = {
    stored: copy(initial),
    saves: [],
    load: async () => copy(store.stored),
    save: async (document) => {
      store.stored = copy(document);
      store.saves.push(copy(document));
    },
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    changeElsewhere: (document) => {
      store.stored = copy(document);
      listeners.forEach((f) => f(copy(document)));
    },
  };
  return store;
}

export interface TestHost extends PanelHost {
  ports: TestPort[];
  copied: string[];
  saved: ExportFile[];
  settingsSaved: Settings[];
  rules: TestRuleStore;
  /** Every request sent with host.fetch, as a copy of what fetch was given. */
  fetched: Array<{ url: string; init: RequestInit }>;
  /** The port the panel is connected through now. */
  port(): TestPort;
}

export interface TestHostOptions extends Partial<PanelHost> {
  rules?: TestRuleStore;
  /** What host.fetch answers (default: 200 OK, no headers); a thrown error rejects. */
  answer?: (url: string) => {
    status: number;
    statusText?: string;
    headers?: Record<string, string>;
  };
  /** Whether the fake background acknowledges expectReplay (default true). */
  acknowledgeReplays?: boolean;
}

export function testHost({
  answer = () => ({ status: 200 }),
  acknowledgeReplays = true,
  ...overrides
}: TestHostOptions = {}): TestHost {
  const ports: TestPort[] = [];
  const copied: string[] = [];
  const saved: ExportFile[] = [];
  const settingsSaved: Settings[] = [];
  const fetched: TestHost['fetched'] = [];
  return {
    tabId: 7,
    theme: 'light',
    connect: (name) => {
      const p = testPort(name, acknowledgeReplays);
      ports.push(p);
      return p;
    },
    copyText: async (text) => {
      copied.push(text);
    },
    saveFile: (file) => saved.push(file),
    loadSettings: () => ({ ...defaultSettings }),
    saveSettings: (s) => settingsSaved.push(s),
    now: () => 1_700_000_100_000,
    version: '0.1.0-test',
    rules: testRuleStore(),
    // Deterministic "random" octets 0, 1, 2, …, so a generated cnonce is known in advance.
    random: (length) => Uint8Array.from({ length }, (_, i) => i),
    fetch: async (url, init) => {
      const { signal, ...rest } = init;
      fetched.push({ url, init: { ...JSON.parse(JSON.stringify(rest)), signal } });
      const a = answer(url);
      const headers = new Map(
        Object.entries(a.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
      );
      const response: ReplayResponse = {
        status: a.status,
        statusText: a.statusText ?? (a.status === 200 ? 'OK' : ''),
        url,
        headers: { get: (name) => headers.get(name.toLowerCase()) ?? null },
      };
      return response;
    },
    inspectedOrigin: async () => null,
    ports,
    copied,
    saved,
    settingsSaved,
    fetched,
    port: () => ports[ports.length - 1]!,
    ...overrides,
  };
}

export function snapshotOf(exchanges: Exchange[], paused = false): BackgroundEvent {
  return {
    type: 'snapshot',
    tabId: 7,
    exchanges,
    state: { paused, preserveLog: true, evicted: 0 },
    notices: [],
  };
}

/**
 * happy-dom does no layout: the virtualiser reads its scroller's size (offsetHeight/offsetWidth
 * for its viewport, clientHeight/clientWidth and scrollHeight as a browser would), and learns
 * about scrolling from scroll events, which happy-dom's scrollTo does not fire.
 */
export function giveElementsASize(height = 420, width = 900): void {
  const scroll = Element.prototype.scroll;
  Element.prototype.scroll = function (this: Element, ...args: unknown[]) {
    const before = this.scrollTop;
    (scroll as (...a: unknown[]) => void).apply(this, args);
    // Browsers fire scroll only when the position changed.
    if (this.scrollTop !== before) this.dispatchEvent(new Event('scroll'));
  } as Element['scroll'];
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get: () => height,
  });
  // The list's scroller holds one child sized to all rows.
  Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
    configurable: true,
    get(this: HTMLElement) {
      const inner = this.firstElementChild as HTMLElement | null;
      return Math.max(height, parseFloat(inner?.style.height ?? '') || 0);
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get: () => width,
  });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
    configurable: true,
    get: () => height,
  });
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', {
    configurable: true,
    get: () => width,
  });
}

/**
 * Lays the panel out at `width` CSS pixels: happy-dom has no layout, so ResizeObserver is replaced
 * by one that reports this width for every element observed, and again on every later call.
 */
export function setPanelWidth(width: number): void {
  panelWidth = width;
  for (const [observer, targets] of observers) {
    observer.callback(
      [...targets].map((target) => ({ target, contentRect: { width, height: 600 } })) as never,
      observer as never,
    );
  }
}

let panelWidth = 0;
const observers = new Map<FakeResizeObserver, Set<Element>>();

class FakeResizeObserver {
  constructor(readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    const targets = observers.get(this) ?? new Set<Element>();
    targets.add(target);
    observers.set(this, targets);
    if (panelWidth > 0) {
      this.callback(
        [{ target, contentRect: { width: panelWidth, height: 600 } }] as never,
        this as never,
      );
    }
  }
  unobserve(target: Element) {
    observers.get(this)?.delete(target);
  }
  disconnect() {
    observers.delete(this);
  }
}

globalThis.ResizeObserver = FakeResizeObserver as unknown as typeof ResizeObserver;

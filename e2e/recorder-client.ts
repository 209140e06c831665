// Reads what the background recorded the way the panel does: over a panel port, from an
// extension page, taking the snapshot the background sends on connect. Also finds the tab id
// of a page, which the panel gets from chrome.devtools and tests must look up.
import type { BrowserContext, Frame, Page } from 'playwright-core';
import type { Exchange } from '../src/shared/exchange.ts';
import type { BackgroundEvent, PanelCommand } from '../src/shared/protocol.ts';
import { waitFor } from './chromium.ts';

type Chrome = {
  runtime: {
    connect(info: { name: string }): {
      onMessage: { addListener(l: (m: unknown) => void): void };
      postMessage(m: unknown): void;
      disconnect(): void;
    };
  };
  tabs: { query(q: object): Promise<Array<{ id?: number; url?: string }>> };
};

export interface RecorderClient {
  /** The tab id Chrome gave the page. */
  tabId: number;
  /** A fresh snapshot of the page's tab, as a panel would get on connect. */
  snapshot(): Promise<Extract<BackgroundEvent, { type: 'snapshot' }>>;
  exchanges(): Promise<Exchange[]>;
  /** Sends a panel command and waits for the background to apply it. */
  command(command: PanelCommand): Promise<void>;
  /** Polls until `predicate` holds for the recorded exchanges; returns them. */
  until(
    predicate: (exchanges: Exchange[]) => boolean,
    message: string,
    timeout?: number,
  ): Promise<Exchange[]>;
}

/**
 * Opens an extension page (a blank tab of the extension's origin) to talk to the background.
 * The inspected tab is found by its URL: the page's, or `url` when the page shows an error page
 * (whose chrome-error: address is not the tab's).
 */
export async function recorderClient(
  ext: { context: BrowserContext; origin: string },
  inspected: Page,
  url = inspected.url(),
): Promise<RecorderClient> {
  const host = await ext.context.newPage();
  await host.goto(`${ext.origin}/src/devtools/index.html`);
  const tabId = await host.evaluate(async (target) => {
    const chrome = (globalThis as unknown as { chrome: Chrome }).chrome;
    const tabs = await chrome.tabs.query({});
    return tabs.find((t) => t.url === target)?.id ?? -1;
  }, url);
  if (tabId < 0) throw new Error(`no tab found for ${url}`);
  return clientOver(host, tabId);
}

/**
 * The same, through the AuthLens DevTools page of an inspected tab (a frame of its DevTools
 * window): no tab is opened, so the keyboard focus stays where a test put it (Chrome's prompt).
 */
export async function recorderClientIn(devtoolsPage: Frame): Promise<RecorderClient> {
  const tabId = await devtoolsPage.evaluate(
    () =>
      (globalThis as unknown as { chrome: { devtools: { inspectedWindow: { tabId: number } } } })
        .chrome.devtools.inspectedWindow.tabId,
  );
  return clientOver(devtoolsPage, tabId);
}

function clientOver(host: Page | Frame, tabId: number): RecorderClient {
  const exchange = (command: PanelCommand | null) =>
    host.evaluate(
      ({ tabId, command }) =>
        new Promise<unknown>((resolve, reject) => {
          const chrome = (globalThis as unknown as { chrome: Chrome }).chrome;
          const port = chrome.runtime.connect({ name: `authlens-panel:${tabId}` });
          const timer = setTimeout(() => reject(new Error('no snapshot within 5 s')), 5000);
          port.onMessage.addListener((message) => {
            clearTimeout(timer);
            if (command) port.postMessage(command);
            // Give the command a moment to be applied before closing the port.
            setTimeout(
              () => {
                port.disconnect();
                resolve(message);
              },
              command ? 100 : 0,
            );
          });
        }),
      { tabId, command },
    );

  const client: RecorderClient = {
    tabId,
    async snapshot() {
      const event = (await exchange(null)) as BackgroundEvent;
      if (event.type !== 'snapshot') throw new Error(`expected a snapshot, got ${event.type}`);
      return event;
    },
    async exchanges() {
      return (await client.snapshot()).exchanges;
    },
    async command(command) {
      await exchange(command);
    },
    until(predicate, message, timeout = 15_000) {
      return waitFor(
        async () => {
          const list = await client.exchanges();
          return predicate(list) ? list : null;
        },
        { timeout, interval: 150, message },
      );
    },
  };
  return client;
}

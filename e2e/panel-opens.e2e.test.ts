// Guards against an extension that passes unit tests but fails when Chromium loads it: no
// "AuthLens" tab in the real DevTools (wrong devtools_page or panel path, panels.create failing),
// a manifest that drifted from MV3 + minimal permissions, or a worker that loses state when Chrome stops it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser as WebExtension } from 'webextension-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, navigate, waitFor, type ExtensionBrowser } from './chromium.ts';
import { closesAfterEach } from './fixtures.ts';

// Code passed to evaluate runs in the browser, where the extension API is the `chrome` global.
type ExtensionGlobal = { chrome: WebExtension; __authlensE2eInstance?: string };

let server: http.Server;
let baseUrl: string;
const browsers = closesAfterEach<ExtensionBrowser>();

beforeAll(async () => {
  server = http.createServer((_request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end('<!doctype html><title>Inspected</title><p>The page under inspection.</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

/** Launches and registers the browser for afterEach to close, even when the test fails. */
async function launched(...args: Parameters<typeof launchWithExtension>) {
  return browsers.use(await launchWithExtension(...args));
}

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('real DevTools (headful)', () => {
  it('shows the AuthLens panel for the inspected page', async () => {
    const ext = await launched({ devtools: true });
    await ext.page.goto(`${baseUrl}/`);

    const panel = await ext.openPanel(ext.page);

    expect(panel.url()).toBe(`chrome-extension://${ext.extensionId}/src/panel/index.html`);
    const tab = panel.page().getByRole('tab', { name: 'AuthLens', exact: true, selected: true });
    expect((await tab.textContent())?.trim()).toBe('AuthLens');
    await panel.getByText('AuthLens').first().waitFor({ state: 'visible' });
  });
});

describe('extension as loaded (headless)', () => {
  it('runs its MV3 module worker with exactly the declared permissions', async () => {
    const ext = await launched();
    const { origin, serviceWorker } = ext;

    expect(serviceWorker.url()).toBe(`${origin}/service-worker-loader.js`);
    expect(await ext.serviceWorkerRunning()).toBe(true);
    // The manifest as Chromium parsed it, not the file on disk; arrays must match exactly.
    const manifest = await ext.serviceWorkerEval(() =>
      (globalThis as unknown as ExtensionGlobal).chrome.runtime.getManifest(),
    );
    expect(manifest).toMatchObject({
      manifest_version: 3,
      background: { service_worker: 'service-worker-loader.js', type: 'module' },
      permissions: ['webRequest', 'storage'],
      host_permissions: ['<all_urls>'],
    });
  });

  it('restarts a stopped worker with chrome.storage.session intact', async () => {
    const ext = await launched();
    const before = await markWorker(ext);

    await ext.stopServiceWorker();
    await ext.startServiceWorker();

    expect(await readWorker(ext)).toEqual({ instance: null, stored: before });
  });

  it('wakes a stopped worker on the next navigation', async () => {
    const ext = await launched();
    // Only a webRequest listener lets a navigation wake the worker; the background must register them.
    expect(await listensToWebRequest(ext)).toBe(true);
    const before = await markWorker(ext);

    await ext.stopServiceWorker();
    await navigate(ext.page, `${baseUrl}/?after-stop`);

    // serviceWorkerRunning observes without waking; serviceWorkerEval would wake it itself.
    await waitFor(() => ext.serviceWorkerRunning(), { message: 'navigation did not wake the SW' });
    expect(await readWorker(ext)).toEqual({ instance: null, stored: before });
  });
});

/** Tags the running worker instance (a global) and stores the same value in storage.session. */
async function markWorker(ext: ExtensionBrowser): Promise<string> {
  const value = `e2e-${Date.now()}-${Math.random()}`;
  await ext.serviceWorkerEval(async (v) => {
    const self = globalThis as unknown as ExtensionGlobal;
    self.__authlensE2eInstance = v;
    await self.chrome.storage.session.set({ authlensE2eProbe: v });
  }, value);
  return value;
}

/** The instance tag (null in a fresh instance) and the stored value. */
function readWorker(ext: ExtensionBrowser): Promise<{ instance: string | null; stored: unknown }> {
  return ext.serviceWorkerEval(async () => {
    const self = globalThis as unknown as ExtensionGlobal;
    const { authlensE2eProbe } = await self.chrome.storage.session.get('authlensE2eProbe');
    return { instance: self.__authlensE2eInstance ?? null, stored: authlensE2eProbe };
  });
}

function listensToWebRequest(ext: ExtensionBrowser): Promise<boolean> {
  return ext.serviceWorkerEval(() => {
    // Chrome's events have hasListeners(); the polyfill's types only know hasListener(fn).
    type Events = Record<string, { hasListeners(): boolean } | undefined>;
    const { webRequest } = (globalThis as unknown as { chrome: { webRequest: Events } }).chrome;
    const names = [
      'onBeforeRequest',
      'onBeforeSendHeaders',
      'onSendHeaders',
      'onHeadersReceived',
      'onAuthRequired',
      'onResponseStarted',
      'onBeforeRedirect',
      'onCompleted',
      'onErrorOccurred',
    ];
    return names.some((name) => webRequest[name]?.hasListeners());
  });
}

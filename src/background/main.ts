// The service worker's composition root: the only background file that touches browser APIs.
// Listeners are registered synchronously at top level (an MV3 worker woken by an event only
// delivers it to listeners that exist by the end of the first turn); events that arrive before
// storage is loaded wait in order for it.
import browser from 'webextension-polyfill';
import type { WebRequest } from 'webextension-polyfill';
import { createListeners } from './listeners.ts';
import { PanelHub } from './panel-hub.ts';
import { Recorder } from './recorder.ts';
import { TabStore } from './tab-store.ts';

// Chrome shows CORS preflights to extensions only with 'extraHeaders', and a preflight answered
// with 401 (auth middleware before CORS) is a classic staging bug; Firefox shows them anyway and
// has no such option. Firefox also joins repeated header lines with "\n" where Chrome keeps
// them apart, so the flag tells the parser how to read them.
const extraHeaders = (
  browser.webRequest as { OnHeadersReceivedOptions?: { EXTRA_HEADERS?: string } }
).OnHeadersReceivedOptions?.EXTRA_HEADERS;
const joinsRepeatedLines = extraHeaders === undefined;

const store = new TabStore(browser.storage.session, {
  failed: (error) => recorder.storageFailed(error, Date.now()),
  flushed: () => recorder.storageRecovered(),
});
const hub = new PanelHub({
  snapshot: (tabId) => recorder.snapshot(tabId),
  command: (tabId, command) => whenReady(() => recorder.command(tabId, command)),
});
const recorder = new Recorder(store, (tabId, event) => hub.broadcast(tabId, event), undefined, {
  lineBreaks: joinsRepeatedLines ? 'separate' : 'error',
});

let ready = false;
const waiting: Array<() => void> = [];
function whenReady(task: () => void): void {
  if (ready) task();
  else waiting.push(task);
}
void store
  .load()
  .then((stored) => recorder.restore(stored, Date.now()))
  .catch((error: unknown) => recorder.storageFailed(error, Date.now()))
  .finally(() => {
    ready = true;
    for (const task of waiting.splice(0)) task();
  });

const all: WebRequest.RequestFilter = { urls: ['<all_urls>'] };
const on = createListeners(
  recorder,
  (obs) => whenReady(() => recorder.observe(obs)),
  // "Try credentials" replays come from AuthLens's own panel page (see createListeners).
  browser.runtime.getURL('').replace(/\/$/, ''),
);
// Chrome reports headers of Chrome's own auth retries, and CORS preflights, only with extraHeaders.
const headers = extraHeaders
  ? (['responseHeaders', 'extraHeaders'] as const)
  : (['responseHeaders'] as const);

browser.webRequest.onBeforeRequest.addListener(on.onBeforeRequest, {
  ...all,
  types: ['main_frame'],
});
browser.webRequest.onSendHeaders.addListener(on.onSendHeaders, all, ['requestHeaders']);
browser.webRequest.onHeadersReceived.addListener(on.onHeadersReceived, all, [...headers]);
// Non-blocking: only marks "the browser asked the user for credentials". Blocking would need the
// webRequestAuthProvider permission, which AuthLens does not ask for.
browser.webRequest.onAuthRequired.addListener(on.onAuthRequired, all);
browser.webRequest.onBeforeRedirect.addListener(on.onBeforeRedirect, all);
// The completion carries the final response's headers: the only place Chrome shows them when it
// answered a challenge itself (see advanceExchange).
browser.webRequest.onCompleted.addListener(on.onCompleted, all, [...headers]);
browser.webRequest.onErrorOccurred.addListener(on.onErrorOccurred, all);

browser.tabs.onRemoved.addListener((tabId) => whenReady(() => recorder.removeTab(tabId)));

browser.runtime.onConnect.addListener((port) => whenReady(() => hub.connect(port)));

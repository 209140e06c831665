// The background's composition root (Chrome's service worker, Firefox's event page): the only
// background file that touches browser APIs. Listeners are registered synchronously at top level
// (a background woken by an event only delivers it to listeners that exist by the end of the first
// turn); events that arrive before storage is loaded wait in order for it. Which listeners, with
// what filters and options: subscriptions.ts.
import browser from 'webextension-polyfill';
import type { Sighting } from '../shared/observation.ts';
import { acceptDevtoolsPort } from './devtools-link.ts';
import { createListeners } from './listeners.ts';
import { PanelHub } from './panel-hub.ts';
import { Recorder } from './recorder.ts';
import {
  KNOWN_RESOURCE_TYPES,
  lastActivity,
  registerStatic,
  TabFollowing,
  type PlanOptions,
  type WebRequestEvents,
} from './subscriptions.ts';
import { TabStore } from './tab-store.ts';

// Chrome shows CORS preflights to extensions only with 'extraHeaders', and a preflight answered
// with 401 (auth middleware before CORS) is a classic staging bug; Firefox shows them anyway and
// has no such option. (Firefox's repeated header lines, joined with "\n", are split back into
// field lines by the observation step.)
const extraHeaders = (
  browser.webRequest as { OnHeadersReceivedOptions?: { EXTRA_HEADERS?: string } }
).OnHeadersReceivedOptions?.EXTRA_HEADERS;

const store = new TabStore(browser.storage.session, {
  failed: (error) => recorder.storageFailed(error, Date.now()),
  flushed: () => recorder.storageRecovered(),
});
const hub = new PanelHub({
  snapshot: (tabId) => recorder.snapshot(tabId),
  command: (tabId, command) => whenReady(() => recorder.command(tabId, command)),
});
const recorder = new Recorder(store, (tabId, event) => hub.broadcast(tabId, event));

let ready = false;
const waiting: Array<() => void> = [];
function whenReady(task: () => void): void {
  if (ready) task();
  else waiting.push(task);
}
void store
  .load()
  .then((stored) => {
    recorder.restore(stored, Date.now());
    following.restore(lastActivity(stored));
  })
  .catch((error: unknown) => recorder.storageFailed(error, Date.now()))
  .finally(() => {
    ready = true;
    for (const task of waiting.splice(0)) task();
  });

const webRequest = browser.webRequest as unknown as WebRequestEvents;
const resourceTypes = Object.values(
  (browser.webRequest as { ResourceType?: Record<string, string> }).ResourceType ?? {},
);
const plan: PlanOptions = {
  extraHeaders,
  resourceTypes: resourceTypes.length > 0 ? resourceTypes : KNOWN_RESOURCE_TYPES,
};
const on = createListeners(
  recorder,
  (obs) => {
    following.notice(obs);
    whenReady(() => recorder.observe(obs));
  },
  // "Try credentials" replays come from AuthLens's own panel page (see createListeners).
  browser.runtime.getURL('').replace(/\/$/, ''),
);
const following = new TabFollowing(webRequest, on, plan);
registerStatic(webRequest, on, plan);

browser.tabs.onRemoved.addListener((tabId) => {
  following.unfollow(tabId);
  whenReady(() => recorder.removeTab(tabId));
});

browser.runtime.onConnect.addListener((port) => {
  // A DevTools page's port is listened to at once: it reports requests as they finish.
  const deliver = (tabId: number, sighting: Sighting) =>
    whenReady(() => recorder.sighting(tabId, sighting));
  if (!acceptDevtoolsPort(port, deliver)) whenReady(() => hub.connect(port));
});

// The DevTools page, which exists as long as DevTools is open on a tab: creates the AuthLens panel,
// and tells the background what DevTools' network log saw each challenged or credentialed request
// of that tab send (src/devtools/sighting.ts reduces it to schemes before it leaves this page).
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import { devtoolsPortName, type DevtoolsMessage } from '../shared/protocol.ts';
import { sightingOf, type NetworkEntry } from './sighting.ts';

void browser.devtools.panels.create('AuthLens', '/icons/icon-32.png', '/src/panel/index.html');

const tabId = browser.devtools.inspectedWindow.tabId;
let port: Runtime.Port | null = null;

/** The worker may have stopped since the last message: reconnect when the port is gone. */
function send(message: DevtoolsMessage): void {
  if (!port) {
    port = browser.runtime.connect({ name: devtoolsPortName(tabId) });
    port.onDisconnect.addListener(() => {
      port = null;
    });
  }
  try {
    port.postMessage(message);
  } catch {
    port = null;
  }
}

browser.devtools.network.onRequestFinished.addListener((entry) => {
  const sighting = sightingOf(entry as unknown as NetworkEntry);
  if (sighting) send({ type: 'sighting', sighting });
});

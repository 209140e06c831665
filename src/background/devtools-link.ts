// Ports from DevTools pages: each tells what DevTools' network log saw the requests of its tab
// send (src/devtools/sighting.ts); valid sightings go to the recorder, anything else is ignored.
import { isDevtoolsMessage, tabIdFromDevtoolsPortName, type PortLike } from '../shared/protocol.ts';
import type { Sighting } from '../shared/observation.ts';

/** Takes a DevTools page's port; returns false (and ignores it) for any other port. */
export function acceptDevtoolsPort(
  port: PortLike,
  deliver: (tabId: number, sighting: Sighting) => void,
): boolean {
  const tabId = tabIdFromDevtoolsPortName(port.name);
  if (tabId === null) return false;
  port.onMessage.addListener((message) => {
    if (isDevtoolsMessage(message)) deliver(tabId, message.sighting);
  });
  return true;
}

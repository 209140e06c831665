// What "Try credentials" is given: randomness and the clock, the inspected page's origin, and a
// send that first has the background expect the replay (so it is recorded as an exchange of this
// tab) and then sends it from the panel itself (replay.ts).
import { useMemo } from 'react';
import type { TryHost } from '../components/TryCredentials.tsx';
import type { PanelHost } from '../host.ts';
import type { PanelLink } from './use-connection.ts';

export function useTryHost(host: PanelHost, link: PanelLink): TryHost {
  return useMemo(
    () => ({
      random: host.random,
      now: host.now,
      inspectedOrigin: host.inspectedOrigin,
      // Without an inspected tab there is nothing to record the replay for.
      send:
        host.tabId === null
          ? null
          : async (request) => {
              // Loaded with the section that calls it, not at startup.
              const { replay, requestUrl } = await import('../replay.ts');
              const url = requestUrl(request.url);
              const recorded =
                url !== null && (await link.announceReplay(request.method.toUpperCase(), url));
              return { outcome: await replay(host.fetch, request), recorded };
            },
    }),
    [host, link],
  );
}

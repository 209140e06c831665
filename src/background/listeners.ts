// The webRequest listener bodies: which browser events become observations. They run for every
// request of every tab, so the common case — a response with nothing about authentication — is
// decided by a status check and a scan of header-name lengths, and allocates nothing.
import {
  authRequiredObservation,
  completedObservation,
  credentialsOf,
  errorObservation,
  isAuthResponse,
  navigationObservation,
  redirectObservation,
  requestObservation,
  responseObservation,
  type Observation,
  type RawHeader,
  type RequestDetails,
} from './observation.ts';

/** What the listeners ask the recorder before turning an event into an observation. */
export interface Following {
  isTracked(requestId: string): boolean;
  awaitsResponse(tabId: number, method: string, url: string): boolean;
  /** The tab an announced "try credentials" replay (AuthLens's own request) is recorded for. */
  replayTab(requestId: string, method: string, url: string): number | null;
}

type Headers = { responseHeaders?: RawHeader[] };

/**
 * `ownOrigin` is AuthLens's extension origin (chrome-extension://id, no slash): its panel sends
 * "try credentials" replays itself, so they arrive outside any tab (tabId -1 from DevTools) and
 * are recorded only when announced, as an exchange of the inspected tab.
 */
export function createListeners(
  following: Following,
  observe: (obs: Observation) => void,
  ownOrigin: string | null = null,
) {
  const ownPage = ownOrigin === null ? null : `${ownOrigin}/`;
  /** The details with the tab they are recorded for, or null when they are not recorded. */
  const inTab = <D extends RequestDetails>(d: D): D | null => {
    // Chrome names the extension origin as initiator; Firefox gives the page (originUrl).
    if (ownOrigin !== null && (d.initiator === ownOrigin || d.originUrl?.startsWith(ownPage!))) {
      const tabId = following.replayTab(d.requestId, d.method, d.url);
      return tabId === null ? null : { ...d, tabId };
    }
    return d.tabId >= 0 ? d : null;
  };

  return {
    /** Main-frame navigations only: they clear the log when "preserve log" is off. */
    onBeforeRequest(d: RequestDetails): void {
      if (d.tabId >= 0) observe(navigationObservation(d));
    },

    onSendHeaders(raw: RequestDetails & { requestHeaders?: RawHeader[] }): void {
      const d = inTab(raw);
      if (d === null) return;
      if (!following.isTracked(d.requestId) && credentialsOf(d.requestHeaders, false).length === 0)
        return;
      observe(requestObservation(d, false));
    },

    onHeadersReceived(
      raw: RequestDetails &
        Headers & { statusCode: number; statusLine?: string; fromCache?: boolean },
    ): void {
      const d = inTab(raw);
      if (d === null) return;
      const follow =
        isAuthResponse(d.statusCode, d.responseHeaders) ||
        following.isTracked(d.requestId) ||
        following.awaitsResponse(d.tabId, d.method, d.url);
      if (follow) observe(responseObservation(d));
    },

    onAuthRequired(
      d: RequestDetails & {
        scheme: string;
        realm?: string;
        isProxy: boolean;
        challenger: { host: string; port: number };
      },
    ): void {
      if (d.tabId >= 0) observe(authRequiredObservation(d));
    },

    onBeforeRedirect(raw: RequestDetails & { statusCode: number; redirectUrl: string }): void {
      const d = inTab(raw);
      if (d !== null) observe(redirectObservation(d));
    },

    onCompleted(raw: RequestDetails & Headers & { statusCode: number; statusLine?: string }): void {
      const d = inTab(raw);
      if (d !== null && following.isTracked(d.requestId)) observe(completedObservation(d));
    },

    onErrorOccurred(raw: RequestDetails & { error: string }): void {
      const d = inTab(raw);
      if (d !== null && following.isTracked(d.requestId)) observe(errorObservation(d));
    },
  };
}

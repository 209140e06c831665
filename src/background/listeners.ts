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
  type RawHeader,
  type RequestDetails,
} from './observation.ts';
import type { Observation } from '../shared/observation.ts';

/** What the listeners ask the recorder before turning an event into an observation. */
export interface Following {
  isTracked(requestId: string): boolean;
  awaitsResponse(tabId: number, frameId: number, method: string, url: string): boolean;
}

type Headers = { responseHeaders?: RawHeader[] };

export function createListeners(following: Following, observe: (obs: Observation) => void) {
  return {
    /** Main-frame navigations only: they clear the log when "preserve log" is off. */
    onBeforeRequest(d: RequestDetails): void {
      if (d.tabId >= 0) observe(navigationObservation(d));
    },

    onSendHeaders(d: RequestDetails & { requestHeaders?: RawHeader[] }): void {
      if (d.tabId < 0) return;
      if (!following.isTracked(d.requestId) && credentialsOf(d.requestHeaders, false).length === 0)
        return;
      observe(requestObservation(d, false));
    },

    onHeadersReceived(
      d: RequestDetails &
        Headers & { statusCode: number; statusLine?: string; fromCache?: boolean },
    ): void {
      if (d.tabId < 0) return;
      const follow =
        isAuthResponse(d.statusCode, d.responseHeaders) ||
        following.isTracked(d.requestId) ||
        following.awaitsResponse(d.tabId, d.frameId, d.method, d.url);
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

    onBeforeRedirect(d: RequestDetails & { statusCode: number; redirectUrl: string }): void {
      if (d.tabId >= 0) observe(redirectObservation(d));
    },

    onCompleted(d: RequestDetails & Headers & { statusCode: number; statusLine?: string }): void {
      if (d.tabId >= 0 && following.isTracked(d.requestId)) observe(completedObservation(d));
    },

    onErrorOccurred(d: RequestDetails & { error: string }): void {
      if (d.tabId >= 0 && following.isTracked(d.requestId)) observe(errorObservation(d));
    },
  };
}

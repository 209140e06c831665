// Observations: plain data about one request, the first pure step after the browser edge (webRequest
// events, src/background/observation.ts) or after a file (HAR import). Credentials are already
// reduced to their scheme here, and URLs redacted (src/shared/redact.ts). The exchange reducer
// (exchange-reducer.ts) turns them into Exchange records, whichever source they came from.
import type { HeaderLine } from './auth-fields.ts';
import type { CredentialsSummary } from './exchange.ts';

interface Base {
  /** The browser's id of the request; it stays the same across redirects and its own retries. */
  requestId: string;
  tabId: number;
  frameId: number;
  url: string;
  method: string;
  /** webRequest resource type: main_frame, sub_frame, xmlhttprequest, … */
  type: string;
  initiator: string | null;
  at: number;
}

export type Observation =
  | (Base & { kind: 'request'; credentials: CredentialsSummary[] })
  | ResponseObservation
  | (Base & { kind: 'redirect'; statusCode: number; redirectUrl: string })
  | (Base & {
      kind: 'auth-required';
      scheme: string;
      realm: string;
      isProxy: boolean;
      challenger: string;
    })
  | (Base & {
      kind: 'completed';
      statusCode: number;
      statusLine: string;
      /** The final response's auth and context headers, when the browser reported them. */
      headers: HeaderLine[];
    })
  | (Base & { kind: 'error'; error: string })
  | (Base & { kind: 'navigation' });

export type ResponseObservation = Base & {
  kind: 'response';
  statusCode: number;
  statusLine: string;
  fromCache: boolean;
  headers: HeaderLine[];
  /** Whether the response itself makes this request worth recording. */
  relevant: boolean;
};

/**
 * What a record of the network stack — DevTools' network log, or an entry of a HAR file — says one
 * request really carried: the credential headers it sent (their scheme only), which extensions'
 * webRequest events never show for the headers the browser adds itself. An empty list means the
 * request was seen and carried none.
 */
export interface Sighting {
  url: string;
  method: string;
  /** When the request started and when it ended, in ms since the epoch. */
  startedAt: number;
  endedAt: number;
  status: number;
  credentials: CredentialsSummary[];
}

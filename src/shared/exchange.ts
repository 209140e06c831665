// The Exchange record: one authentication exchange as the background recorded it and the panel
// shows it. The contract between the service worker, storage, the panel and export files.
// Types plus tiny pure helpers; credentials appear only as their scheme unless the user opted in.
import type { AuthParam, Challenge, Diagnostic } from '../core/index.ts';

/** The response fields AuthLens records, in their canonical spelling. */
export const authFieldNames = [
  'WWW-Authenticate',
  'Proxy-Authenticate',
  'Authentication-Info',
  'Proxy-Authentication-Info',
] as const;
export type AuthFieldName = (typeof authFieldNames)[number];

/** One header field of a response: its raw lines exactly as received, then what they mean. */
export interface AuthField {
  name: AuthFieldName;
  /** Each repeated header line kept as its own field line, verbatim. */
  lines: string[];
  /** WWW-Authenticate and Proxy-Authenticate only. */
  challenges: Challenge[];
  /** Authentication-Info and Proxy-Authentication-Info only. */
  params: AuthParam[];
  /** Grammar and semantic diagnostics, with spans into `lines`. */
  diagnostics: Diagnostic[];
}

/** What a request said about its credentials, reduced to the scheme at the browser edge. */
export interface CredentialsSummary {
  header: 'Authorization' | 'Proxy-Authorization';
  /** The auth-scheme, e.g. "Bearer"; "" when the value had none. */
  scheme: string;
  /**
   * 'page': the page set the header itself (fetch/XHR) and the browser showed it to us.
   * 'browser': Chrome answered a challenge itself; it never shows that header to extensions, so
   * AuthLens infers it from the retry after a challenge.
   */
  source: 'page' | 'browser';
  /** The full value, only when the user opted in to revealing credentials. */
  value?: string;
}

export type Step =
  | { kind: 'request'; at: number; url: string; credentials: CredentialsSummary[] }
  | {
      kind: 'response';
      at: number;
      url: string;
      statusCode: number;
      statusLine: string;
      fromCache: boolean;
      fields: AuthField[];
      /** Findings about the response as a whole, e.g. a 401 with no WWW-Authenticate at all. */
      diagnostics: Diagnostic[];
    }
  | {
      kind: 'auth-required';
      at: number;
      scheme: string;
      realm: string;
      isProxy: boolean;
      challenger: string;
    }
  | { kind: 'redirect'; at: number; url: string; redirectUrl: string; statusCode: number }
  | { kind: 'completed'; at: number; statusCode: number }
  | { kind: 'error'; at: number; error: string };

/** How an exchange ended, derived from its steps. */
export type Outcome =
  | 'pending' // still in flight
  | 'challenged' // ended on a 401/407 the browser did not answer (or the user cancelled)
  | 'authenticated' // a challenge was answered and the final response succeeded
  | 'rejected' // credentials were sent and refused again
  | 'succeeded' // completed without a challenge (auth headers on a success, e.g. Authentication-Info)
  | 'failed'; // a network error ended it

export interface Exchange {
  /** Unique within the browser session: Chrome's requestId, or "import:<n>" for imported ones. */
  id: string;
  tabId: number;
  frameId: number;
  method: string;
  /** webRequest resource type: main_frame, xmlhttprequest, … */
  type: string;
  initiator: string | null;
  /** The first URL of the exchange; redirects are steps. */
  url: string;
  startedAt: number;
  steps: Step[];
  outcome: Outcome;
  /** Set for exchanges read from a HAR or AuthLens file rather than captured live. */
  imported?: string;
  /**
   * What AuthLens left out of this record to keep it within its size bound (record-bounds.ts),
   * one sentence each; absent when the record is whole.
   */
  truncated?: string[];
}

/** The last response step, which decides the status shown in lists. */
export function lastResponse(exchange: Exchange): Extract<Step, { kind: 'response' }> | undefined {
  for (let i = exchange.steps.length - 1; i >= 0; i--) {
    const step = exchange.steps[i]!;
    if (step.kind === 'response') return step;
  }
  return undefined;
}

/** Every challenge of every response of the exchange, in order. */
export function challengesOf(exchange: Exchange): Challenge[] {
  return exchange.steps.flatMap((s) =>
    s.kind === 'response' ? s.fields.flatMap((f) => f.challenges) : [],
  );
}

/** Every diagnostic of every field of the exchange, in order. */
export function diagnosticsOf(exchange: Exchange): Diagnostic[] {
  return exchange.steps.flatMap((s) =>
    s.kind === 'response' ? [...s.diagnostics, ...s.fields.flatMap((f) => f.diagnostics)] : [],
  );
}

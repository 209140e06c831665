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

/**
 * How AuthLens knows a fact. `observed`: the browser reported it (webRequest, DevTools' network
 * log) or the imported file states it. `inferred`: AuthLens reasoned its way there, and `reason`
 * says how, in a sentence the panel shows. Extensions do not see everything the browser sends
 * (the Authorization its network stack adds, the user's answer to a login prompt), so some facts
 * can only be inferred; none may be presented as seen.
 */
export type Evidence = { basis: 'observed' } | { basis: 'inferred'; reason: string };

export const observed: Evidence = { basis: 'observed' };

export function inferred(reason: string): Evidence {
  return { basis: 'inferred', reason };
}

/** What a request said about its credentials, reduced to the scheme at the browser edge. */
export interface CredentialsSummary {
  header: 'Authorization' | 'Proxy-Authorization';
  /** The auth-scheme, e.g. "Bearer"; "" when the value had none. */
  scheme: string;
  /**
   * 'page': the page set the header itself (fetch/XHR), and the browser showed it to extensions.
   * 'browser': the browser's network stack added it while answering a challenge; extensions never
   * see that header, so it is inferred unless DevTools' network log (or a file) shows it.
   */
  source: 'page' | 'browser';
  /** Whether the header was seen, or inferred (and why). */
  evidence: Evidence;
  /** The full value, only when the user opted in to revealing credentials. */
  value?: string;
}

/**
 * Chrome asks the user for credentials in a login prompt and, for a page load, sends the answer as
 * a NEW request: with the typed credentials, or — after Cancel — without any, to show the 401 page.
 * Extensions see neither the answer nor the Authorization header, so what the user did is known
 * only when evidence decides it (the response, Chrome asking again, the page that was shown,
 * DevTools' network log); otherwise it is `unknown`, with what is known as the reason.
 */
export interface PromptAnswer {
  kind: 'credentials' | 'cancelled' | 'unknown';
  evidence: Evidence;
}

export interface RequestStep {
  kind: 'request';
  at: number;
  url: string;
  credentials: CredentialsSummary[];
  /**
   * Observed: the browser reported this request. Inferred: the browser hid it (its own retry
   * after a challenge), or it joins the exchange only by inference (a new request after a prompt).
   */
  evidence: Evidence;
  /** Set on the request Chrome sent once the user answered its login prompt. */
  answer?: PromptAnswer;
}

export interface ResponseStep {
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

/**
 * One thing that happened in an exchange. Every kind but `request` is recorded only from a
 * browser event or a file entry, so it is observed by construction; a request step carries its
 * evidence.
 */
export type Step =
  | RequestStep
  | ResponseStep
  | {
      /** webRequest.onAuthRequired: the browser needs credentials (and asks the user, unless…). */
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
  | 'challenged' // ended on a 401/407 no credentials are known to have answered
  | 'authenticated' // a challenge was answered and the final response succeeded
  | 'rejected' // credentials are known to have been sent, and were refused with a new challenge
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
  /** Whether the outcome rests only on what was observed, or on an inference (and which). */
  outcomeEvidence: Evidence;
  /** Set for exchanges read from a HAR or AuthLens file rather than captured live. */
  imported?: string;
  /**
   * What AuthLens left out of this record to keep it within its size bound (record-bounds.ts),
   * one sentence each; absent when the record is whole.
   */
  truncated?: string[];
}

/** The last response step, which decides the status shown in lists. */
export function lastResponse(exchange: Exchange): ResponseStep | undefined {
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

/** 401 and 407 are the statuses that carry a challenge (RFC 9110 §15.5.2, §15.5.8). */
export function isChallengeStatus(status: number): boolean {
  return status === 401 || status === 407;
}

// The exchange reducer: observations → one Exchange, challenge → retry → outcome, for live capture
// and HAR import alike (one reading of what happened, wherever it was recorded).
//
// Chrome keeps one requestId across redirects and across the retries its network stack makes on
// its own (an XHR answered from a prompt). A page load it retries differently: it finishes the
// challenged request as soon as it shows its login prompt, and sends the answer — the typed
// credentials, or after Cancel a plain reload — as a NEW request (see e2e/README.md). Extensions see
// neither the Authorization it adds nor what the user chose, so every request step and every
// outcome carries its evidence: observed, or inferred with the reason (src/shared/exchange.ts).
// Pure: returns new Exchange objects and never mutates its inputs.
import type { ParseOptions } from '../core/index.ts';
import { buildAuthFields } from './auth-fields.ts';
import {
  inferred,
  isChallengeStatus,
  observed,
  type CredentialsSummary,
  type Evidence,
  type Exchange,
  type Outcome,
  type PromptAnswer,
  type RequestStep,
  type ResponseStep,
  type Step,
} from './exchange.ts';
import type { Observation, ResponseObservation, Sighting } from './observation.ts';

/**
 * How long after Chrome asked for credentials its answer may still arrive as a new request. Longer
 * than anyone takes to type or look up a password; a request later than this starts an exchange of
 * its own, as it does whenever anything else decides that it is a new visit.
 */
export const PROMPT_ANSWER_WINDOW_MS = 2 * 60 * 1000;

/** Request types Chrome answers a prompt for with a new request (a page or frame load). */
const NAVIGATIONS = new Set(['main_frame', 'sub_frame', 'document']);

export const ANSWER_UNKNOWN =
  'The browser answered the prompt: with credentials, or the user cancelled — extensions cannot see which.';

/**
 * The step an observation adds before anything is known to be about authentication: only redirects
 * and requests that carried credentials are worth keeping as context for a later challenge.
 */
export function contextStep(obs: Observation): Step | null {
  if (obs.kind === 'redirect') {
    return {
      kind: 'redirect',
      at: obs.at,
      url: obs.url,
      redirectUrl: obs.redirectUrl,
      statusCode: obs.statusCode,
    };
  }
  if (obs.kind === 'request' && obs.credentials.length > 0) {
    return requestStep(obs.at, obs.url, obs.credentials, observed);
  }
  return null;
}

/** A new exchange from its first auth-relevant response and the context steps seen before it. */
export function startExchange(
  obs: ResponseObservation,
  context: readonly Step[],
  options: ParseOptions = {},
): Exchange {
  const first = context[0];
  // A response is the browser's report of the request it answers: the request is observed, with
  // whatever credentials the page set (none, or the context step would say so).
  const opening: Step =
    first?.kind === 'request'
      ? first
      : requestStep(
          first?.at ?? obs.at,
          first?.kind === 'redirect' ? first.url : obs.url,
          [],
          observed,
        );
  const steps: Step[] = first?.kind === 'request' ? [...context] : [opening, ...context];
  const exchange: Exchange = {
    id: obs.requestId,
    tabId: obs.tabId,
    frameId: obs.frameId,
    method: obs.method,
    type: obs.type,
    initiator: obs.initiator,
    url: opening.url,
    startedAt: opening.at,
    steps,
    outcome: 'pending',
    outcomeEvidence: observed,
  };
  return advanceExchange(exchange, obs, options);
}

/** Where an exchange waits for the answer to Chrome's login prompt, if it does. */
export interface AwaitedAnswer {
  url: string;
  /** When Chrome asked (its onAuthRequired). */
  askedAt: number;
}

/**
 * The prompt whose answer, a new request, would continue this exchange: it is a page or frame
 * load whose last request was challenged and made Chrome ask for credentials, and no evidence says
 * the prompt was cancelled. Null otherwise.
 */
export function awaitedAnswer(exchange: Exchange): AwaitedAnswer | null {
  if (!NAVIGATIONS.has(exchange.type)) return null;
  const steps = exchange.steps;
  const last = steps.at(-1);
  if (last?.kind !== 'completed' && last?.kind !== 'error') return null;
  const responseAt = steps.findLastIndex((s) => s.kind === 'response');
  const response = steps[responseAt];
  if (response?.kind !== 'response' || !isChallengeStatus(response.statusCode)) return null;
  const asked = steps.slice(responseAt).find((s) => s.kind === 'auth-required');
  if (!asked) return null;
  const request = lastRequest(steps, responseAt);
  if (request?.answer?.kind === 'cancelled') return null;
  return { url: response.url, askedAt: asked.at };
}

/**
 * Whether a response observation is the answer to the prompt the exchange awaits, and on what
 * evidence. URL equality alone is never enough: the answer is the same tab and frame loading the
 * same URL with the same method, type and initiator (Chrome replays the original request), within
 * PROMPT_ANSWER_WINDOW_MS of the prompt; the caller also makes sure nothing else happened in that
 * frame in between (a new document, another navigation), which would mean the prompt is gone.
 */
export function answersPrompt(exchange: Exchange, obs: ResponseObservation): Evidence | null {
  const awaited = awaitedAnswer(exchange);
  if (
    !awaited ||
    obs.tabId !== exchange.tabId ||
    obs.frameId !== exchange.frameId ||
    obs.method !== exchange.method ||
    obs.type !== exchange.type ||
    obs.initiator !== exchange.initiator ||
    obs.url !== awaited.url
  ) {
    return null;
  }
  const after = obs.at - awaited.askedAt;
  if (after < 0 || after > PROMPT_ANSWER_WINDOW_MS) return null;
  return inferred(
    `Taken as the answer to the login prompt: the tab's next load of the same URL, from the same initiator, ${seconds(after)} after the browser asked. Chrome sends that answer as a new request, which extensions cannot tell apart from a new visit.`,
  );
}

/**
 * The exchange continued by the request Chrome sent once the user answered its prompt. What the
 * answer was stays unknown until evidence decides it (settleAnswers, applySighting).
 */
export function resumeAfterPrompt(
  exchange: Exchange,
  obs: ResponseObservation,
  joined: Evidence,
  options: ParseOptions = {},
): Exchange {
  const retry: RequestStep = {
    ...requestStep(obs.at, obs.url, [], joined),
    answer: { kind: 'unknown', evidence: inferred(ANSWER_UNKNOWN) },
  };
  return advanceExchange({ ...exchange, steps: [...exchange.steps, retry] }, obs, options);
}

/**
 * The exchange continued by a request that joins it on the given evidence (a file's retry of the
 * challenge), with the credentials it carried.
 */
export function continueWithRequest(
  exchange: Exchange,
  request: { at: number; url: string; credentials: CredentialsSummary[] },
  joined: Evidence,
): Exchange {
  const step = requestStep(request.at, request.url, request.credentials, joined);
  return settle(exchange, [...exchange.steps, step]);
}

/** The exchange after one more observation of the same request. */
export function advanceExchange(
  exchange: Exchange,
  obs: Observation,
  options: ParseOptions = {},
): Exchange {
  const steps = [...exchange.steps];
  switch (obs.kind) {
    case 'request':
      steps.push(requestStep(obs.at, obs.url, retryCredentials(steps, obs.credentials), observed));
      break;
    case 'response': {
      if (awaitsHiddenRetry(steps)) steps.push(hiddenRetry(steps, obs.at, obs.url));
      const response = responseStep(obs, steps, options);
      inferSilentAnswer(steps, response);
      steps.push(response);
      break;
    }
    case 'redirect':
      steps.push({
        kind: 'redirect',
        at: obs.at,
        url: obs.url,
        redirectUrl: obs.redirectUrl,
        statusCode: obs.statusCode,
      });
      break;
    case 'auth-required':
      // Asked again within one request: the network stack retried with what the user typed, the
      // server refused it, and neither that retry nor its response reached extensions.
      if (steps.at(-1)?.kind === 'auth-required') {
        steps.push(hiddenRetry(steps, obs.at, lastUrl(steps, exchange.url), ASKED_AGAIN_WITHIN));
      }
      steps.push({
        kind: 'auth-required',
        at: obs.at,
        scheme: obs.scheme,
        realm: obs.realm,
        isProxy: obs.isProxy,
        challenger: obs.challenger,
      });
      break;
    case 'completed': {
      // With 'extraHeaders', Chrome reports the challenge it answers itself but not the response
      // to its retry: the completion then carries another status and that response's headers.
      const lastResponse = steps.findLast((s) => s.kind === 'response');
      if (awaitsHiddenRetry(steps) && obs.statusCode !== lastResponse?.statusCode) {
        steps.push(hiddenRetry(steps, obs.at, obs.url));
        const final = responseStep(
          { ...obs, kind: 'response', fromCache: false, relevant: true },
          steps,
          options,
        );
        inferSilentAnswer(steps, final);
        steps.push(final);
      }
      steps.push({ kind: 'completed', at: obs.at, statusCode: obs.statusCode });
      break;
    }
    case 'error':
      steps.push({ kind: 'error', at: obs.at, error: obs.error });
      break;
    case 'navigation':
      return exchange;
  }
  return settle(exchange, steps);
}

/**
 * The prompt the exchange awaits was closed without an answer the recorder saw: the frame went on
 * to show a page (a request of that page's document came next), which Chrome does only after
 * Cancel. The last unknown answer becomes `cancelled`, on that evidence.
 */
export function promptClosed(exchange: Exchange, evidence: Evidence): Exchange {
  const index = exchange.steps.findLastIndex((s) => s.kind === 'request');
  const request = exchange.steps[index];
  if (request?.kind !== 'request' || request.answer?.kind !== 'unknown') return exchange;
  const steps = [...exchange.steps];
  steps[index] = { ...request, answer: { kind: 'cancelled', evidence } };
  return settle(exchange, steps);
}

/**
 * How far a response may lie outside a sighting's start and end: both clocks are the browser's,
 * and they agree within a few milliseconds.
 */
const SIGHTING_SLACK_MS = 50;

/**
 * The exchange with what DevTools' network log (or a file) says one of its requests carried, or
 * null when the sighting is about none of its requests or adds nothing to what it already says.
 * Observed credentials replace inferred ones; a prompt answer without any credentials was a Cancel.
 */
export function applySighting(exchange: Exchange, sighting: Sighting): Exchange | null {
  if (sighting.method !== exchange.method) return null;
  const steps = exchange.steps;
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 0; i < steps.length; i++) {
    const request = steps[i]!;
    if (request.kind !== 'request' || request.url !== sighting.url) continue;
    const response = responseAfter(steps, i);
    if (!response || response.statusCode !== sighting.status) continue;
    const distance = Math.max(0, sighting.startedAt - response.at, response.at - sighting.endedAt);
    if (distance <= SIGHTING_SLACK_MS && distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  }
  const request = steps[best];
  if (request?.kind !== 'request') return null;
  const seen = withSighting(
    request,
    sighting,
    isChallengeStatus(responseAfter(steps, best)!.statusCode),
  );
  if (JSON.stringify(seen) === JSON.stringify(request)) return null;
  const next = [...steps];
  next[best] = seen;
  return settle(exchange, next);
}

function withSighting(request: RequestStep, sighting: Sighting, challenged: boolean): RequestStep {
  const page = request.credentials.filter((c) => c.source === 'page');
  const added = sighting.credentials
    .filter((c) => !page.some((p) => p.header === c.header))
    .map((c): CredentialsSummary => ({ ...c, source: 'browser', evidence: observed }));
  const credentials = [...page, ...added];
  if (!request.answer) return { ...request, credentials };
  if (credentials.length > 0) {
    return { ...request, credentials, answer: { kind: 'credentials', evidence: observed } };
  }
  return challenged
    ? { ...request, credentials, answer: { kind: 'cancelled', evidence: observed } }
    : { ...request, credentials };
}

// ---- Inference ----------------------------------------------------------------------------------

const HIDDEN_RETRY =
  'The browser retried this request itself after the challenge; extensions see how it ended, not the retry.';
const ASKED_AGAIN_WITHIN =
  'The browser asked for credentials again within the same request: it had retried with what the user typed and the server refused it. Extensions see neither that retry nor its response.';
const ACCEPTED = (status: number) =>
  `The server answered this retry with ${status} after the prompt: the browser sent the credentials the user typed, and they were accepted.`;
const INFO_ACCEPTED =
  'The response carries Authentication-Info, which a server sends only in answer to credentials it accepted.';
const ASKED_AGAIN =
  'The browser asked again after this request, which it does only when the credentials it sent were refused; after a Cancel it shows the page instead.';
const SILENT =
  'The response carries Authentication-Info, which a server sends only in answer to credentials: the browser answered a challenge extensions did not see (credentials in the URL, given to XHR, or cached).';
const LAST_ANSWER_HIDDEN =
  'How the user answered the last login prompt is hidden from extensions: they cancelled it, or sent credentials the server refused.';
const CANCELLED_WITHIN =
  'The request ended with the challenge right after the browser asked for credentials, and the browser did not ask again: the prompt was cancelled (or never shown).';
const AWAITING =
  'The browser asked for credentials. For a page load it sends the answer — the credentials typed, or a reload after Cancel — as a new request, which has not come (yet).';
const SCHEME_ASKED =
  'The scheme is the one the browser was asked for; extensions never see the header it adds.';

function requestStep(
  at: number,
  url: string,
  credentials: CredentialsSummary[],
  evidence: Evidence,
): RequestStep {
  return { kind: 'request', at, url, credentials, evidence };
}

/** A request the browser sent without telling extensions, carrying the credentials it added. */
function hiddenRetry(
  steps: readonly Step[],
  at: number,
  url: string,
  reason = HIDDEN_RETRY,
): RequestStep {
  return requestStep(at, url, browserCredentials(steps, reason), inferred(reason));
}

/**
 * Whether a response of the same request now means the browser retried it unseen: the last
 * response was a challenge and no request the browser reported (or that answered a prompt) came
 * after it; a retry that is itself inferred (the browser asking again) does not count.
 */
function awaitsHiddenRetry(steps: readonly Step[]): boolean {
  if (steps.at(-1)?.kind === 'request') return false;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    if (step.kind === 'response') return isChallengeStatus(step.statusCode);
    if (step.kind === 'request' && (step.evidence.basis === 'observed' || step.answer))
      return false;
  }
  return false;
}

function lastUrl(steps: readonly Step[], fallback: string): string {
  const last = steps.findLast((s) => s.kind === 'response' || s.kind === 'request');
  return last?.kind === 'response' || last?.kind === 'request' ? last.url : fallback;
}

function lastRequest(steps: readonly Step[], before: number): RequestStep | undefined {
  for (let i = Math.min(before, steps.length) - 1; i >= 0; i--) {
    const step = steps[i]!;
    if (step.kind === 'request') return step;
  }
  return undefined;
}

/** The first response after the request at `index`, before the next request. */
function responseAfter(steps: readonly Step[], index: number): ResponseStep | undefined {
  for (let i = index + 1; i < steps.length; i++) {
    const step = steps[i]!;
    if (step.kind === 'request') return undefined;
    if (step.kind === 'response') return step;
  }
  return undefined;
}

function responseStep(
  obs: Extract<Observation, { kind: 'response' }>,
  steps: readonly Step[],
  options: ParseOptions,
): ResponseStep {
  const request = lastRequest(steps, steps.length);
  const sentCredentials = request !== undefined && request.credentials.length > 0;
  const { fields, diagnostics } = buildAuthFields(
    obs.headers,
    {
      statusCode: obs.statusCode,
      url: obs.url,
      ...(sentCredentials ? { requestHadCredentials: true } : {}),
    },
    options,
  );
  return {
    kind: 'response',
    at: obs.at,
    url: obs.url,
    statusCode: obs.statusCode,
    statusLine: obs.statusLine,
    fromCache: obs.fromCache,
    fields,
    diagnostics,
  };
}

/**
 * The credentials of a request within one request chain. What the page set is shown as is; when
 * the request follows a challenge and shows none, the browser answered it itself.
 */
function retryCredentials(
  steps: readonly Step[],
  seen: CredentialsSummary[],
): CredentialsSummary[] {
  if (seen.length > 0) return seen;
  return browserCredentials(steps, HIDDEN_RETRY);
}

/**
 * The credentials the browser added in answer to the last challenge of the chain: the scheme it
 * reported in onAuthRequired, or else the first scheme it was offered. Inferred, always: the header
 * is invisible to extensions. None when the last step before is not a challenge.
 */
function browserCredentials(steps: readonly Step[], reason: string): CredentialsSummary[] {
  let asked: Extract<Step, { kind: 'auth-required' }> | undefined;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    if (step.kind === 'auth-required') asked ??= step;
    if (step.kind === 'request' && (step.evidence.basis === 'observed' || step.answer)) return [];
    if (step.kind === 'response') {
      if (!isChallengeStatus(step.statusCode)) return [];
      return [challengeAnswer(step, asked, reason)];
    }
  }
  return [];
}

function challengeAnswer(
  challenge: ResponseStep,
  asked: Extract<Step, { kind: 'auth-required' }> | undefined,
  reason: string,
): CredentialsSummary {
  const proxy = challenge.statusCode === 407;
  const offered = challenge.fields.find(
    (f) => f.name === (proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate'),
  );
  return {
    header: proxy ? 'Proxy-Authorization' : 'Authorization',
    scheme: capitalise(asked?.scheme ?? offered?.challenges[0]?.scheme ?? ''),
    source: 'browser',
    evidence: inferred(reason),
  };
}

/**
 * Chrome answers a challenge on its own when it already has credentials (inline in the URL, given
 * to XHR, cached for the realm, or supplied by automation) and then shows extensions neither the
 * 401 nor the retry, only the final response. An Authentication-Info field on that response is
 * the trace it leaves: mark the request as answered by the browser.
 */
function inferSilentAnswer(steps: Step[], response: ResponseStep): void {
  const info = response.fields.find(
    (f) => f.name === 'Authentication-Info' || f.name === 'Proxy-Authentication-Info',
  );
  const index = steps.findLastIndex((s) => s.kind === 'request');
  const request = steps[index];
  if (!info || request?.kind !== 'request' || request.credentials.length > 0) return;
  if (request.answer) return; // settled from the answer's own evidence (settleAnswers)
  const digestLike = info.params.some((p) =>
    ['rspauth', 'nextnonce', 'cnonce', 'nc'].includes(p.name.toLowerCase()),
  );
  steps[index] = {
    ...request,
    credentials: [
      {
        header: info.name === 'Authentication-Info' ? 'Authorization' : 'Proxy-Authorization',
        scheme: digestLike ? 'Digest' : '',
        source: 'browser',
        evidence: inferred(SILENT),
      },
    ],
  };
}

/** Chrome reports schemes from onAuthRequired in lower case ("basic"); show them as registered. */
function capitalise(scheme: string): string {
  return scheme.length > 0 ? scheme[0]!.toUpperCase() + scheme.slice(1) : scheme;
}

/** The exchange with its prompt answers settled from the evidence now present, and its outcome. */
function settle(exchange: Exchange, steps: Step[]): Exchange {
  settleAnswers(steps);
  const { outcome, evidence } = deriveOutcome(steps, exchange.type);
  return { ...exchange, steps, outcome, outcomeEvidence: evidence };
}

/**
 * Decides unknown prompt answers where the evidence now allows: the retry succeeded, or its
 * response carries Authentication-Info (credentials, accepted), or the browser asked again after
 * it (credentials, refused). Answers already decided are left as they are.
 */
function settleAnswers(steps: Step[]): void {
  let laterAnswer = false;
  for (let i = steps.length - 1; i >= 0; i--) {
    const request = steps[i]!;
    if (request.kind !== 'request' || !request.answer) continue;
    if (request.answer.kind === 'unknown') {
      const response = responseAfter(steps, i);
      const reason =
        response && response.statusCode >= 200 && response.statusCode < 400
          ? ACCEPTED(response.statusCode)
          : response?.fields.some(
                (f) => f.name === 'Authentication-Info' || f.name === 'Proxy-Authentication-Info',
              )
            ? INFO_ACCEPTED
            : laterAnswer && response && isChallengeStatus(response.statusCode)
              ? ASKED_AGAIN
              : null;
      if (reason !== null) steps[i] = answeredWithCredentials(steps, i, request, reason);
    }
    laterAnswer = true;
  }
}

function answeredWithCredentials(
  steps: readonly Step[],
  index: number,
  request: RequestStep,
  reason: string,
): RequestStep {
  const answer: PromptAnswer = { kind: 'credentials', evidence: inferred(reason) };
  if (request.credentials.length > 0) return { ...request, answer };
  // The challenge this request answers, and the scheme the browser was asked for.
  let asked: Extract<Step, { kind: 'auth-required' }> | undefined;
  let challenge: ResponseStep | undefined;
  for (let i = index - 1; i >= 0 && !challenge; i--) {
    const step = steps[i]!;
    if (step.kind === 'auth-required') asked ??= step;
    if (step.kind === 'response' && isChallengeStatus(step.statusCode)) challenge = step;
  }
  const credentials = challenge
    ? [challengeAnswer(challenge, asked, `${reason} ${SCHEME_ASKED}`)]
    : [];
  return { ...request, credentials, answer };
}

/**
 * How an exchange stands, from its steps alone, and on what evidence. `type` is the exchange's:
 * Chrome answers the prompt of a page or frame load with a new request rather than within it.
 */
export function deriveOutcome(
  steps: readonly Step[],
  type = '',
): { outcome: Outcome; evidence: Evidence } {
  const lastStep = steps.at(-1);
  const finished = lastStep?.kind === 'completed' || lastStep?.kind === 'error';
  if (!finished) return { outcome: 'pending', evidence: observed };
  const lastAt = steps.findLastIndex((s) => s.kind === 'response');
  const last = steps[lastAt];
  if (last?.kind !== 'response') return { outcome: 'failed', evidence: observed };
  const request = lastRequest(steps, lastAt);
  const challengedBefore =
    steps.slice(0, lastAt).some((s) => s.kind === 'response' && isChallengeStatus(s.statusCode)) ||
    steps.some((s) => s.kind === 'request' && s.credentials.some((c) => c.source === 'browser'));
  if (last.statusCode >= 200 && last.statusCode < 400) {
    if (!challengedBefore) return { outcome: 'succeeded', evidence: observed };
    return { outcome: 'authenticated', evidence: credentialEvidence(request) };
  }
  if (!isChallengeStatus(last.statusCode) && !last.fields.some((f) => f.challenges.length > 0)) {
    return { outcome: 'failed', evidence: observed };
  }
  // A challenge in answer to credentials (the browser's or the page's own) refuses them.
  if (request && request.credentials.length > 0) {
    return { outcome: 'rejected', evidence: credentialEvidence(request) };
  }
  if (request?.answer) {
    return {
      outcome: 'challenged',
      evidence:
        request.answer.kind === 'cancelled'
          ? request.answer.evidence
          : inferred(LAST_ANSWER_HIDDEN),
    };
  }
  const askedThenEnded = steps.slice(lastAt).some((s) => s.kind === 'auth-required');
  if (!askedThenEnded) return { outcome: 'challenged', evidence: observed };
  return {
    outcome: 'challenged',
    evidence: inferred(NAVIGATIONS.has(type) ? AWAITING : CANCELLED_WITHIN),
  };
}

/** Observed when the request's credentials were seen; else the inference they rest on. */
function credentialEvidence(request: RequestStep | undefined): Evidence {
  if (!request) return observed;
  if (request.credentials.some((c) => c.evidence.basis === 'observed')) return observed;
  if (request.answer && request.answer.kind !== 'unknown') return request.answer.evidence;
  return request.credentials[0]?.evidence ?? observed;
}

/** Whether nothing more will happen to this exchange. */
export function isFinished(exchange: Exchange): boolean {
  return exchange.outcome !== 'pending';
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

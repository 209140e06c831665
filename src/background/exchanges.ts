// The exchange reducer: observations of one request (Chrome keeps one requestId across redirects
// and across its own retry after a challenge) → one Exchange, challenge → retry → outcome.
// Pure: returns new Exchange objects and never mutates its inputs; calls src/core through
// buildAuthFields to parse and diagnose each response.
import type { ParseOptions } from '../core/index.ts';
import { buildAuthFields } from '../shared/auth-fields.ts';
import type { CredentialsSummary, Exchange, Outcome, Step } from '../shared/exchange.ts';
import type { Observation } from './observation.ts';

type ResponseObservation = Extract<Observation, { kind: 'response' }>;
type ResponseStep = Extract<Step, { kind: 'response' }>;

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
    return { kind: 'request', at: obs.at, url: obs.url, credentials: obs.credentials };
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
  const opening: Step =
    first?.kind === 'request'
      ? first
      : {
          kind: 'request',
          at: first?.at ?? obs.at,
          url: first?.kind === 'redirect' ? first.url : obs.url,
          credentials: [],
        };
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
  };
  return advanceExchange(exchange, obs, options);
}

/**
 * Chrome finishes a challenged request as soon as it shows its login prompt, and sends the retry
 * as a NEW request once the user answers. That retry's first response continues the exchange it
 * answers, after a request step that carries the credentials the browser added.
 */
export function resumeAfterPrompt(
  exchange: Exchange,
  obs: ResponseObservation,
  options: ParseOptions = {},
): Exchange {
  const retry: Step = {
    kind: 'request',
    at: obs.at,
    url: obs.url,
    credentials: retryCredentials(exchange.steps, []),
  };
  return advanceExchange({ ...exchange, steps: [...exchange.steps, retry] }, obs, options);
}

/**
 * The URL a retry would request when the exchange ended with Chrome asking the user for
 * credentials (an auth-required step after its last response), else null.
 */
export function promptedUrl(exchange: Exchange): string | null {
  const last = exchange.steps.at(-1);
  if (last?.kind !== 'completed' && last?.kind !== 'error') return null;
  const responseAt = exchange.steps.findLastIndex((s) => s.kind === 'response');
  const response = exchange.steps[responseAt];
  if (response?.kind !== 'response' || !isChallengeStatus(response.statusCode)) return null;
  return exchange.steps.slice(responseAt).some((s) => s.kind === 'auth-required')
    ? response.url
    : null;
}

/** The exchange after one more observation of the same request. */
export function advanceExchange(
  exchange: Exchange,
  obs: Observation,
  options: ParseOptions = {},
): Exchange {
  const steps = [...exchange.steps];
  switch (obs.kind) {
    case 'request': {
      steps.push({
        kind: 'request',
        at: obs.at,
        url: obs.url,
        credentials: retryCredentials(steps, obs.credentials),
      });
      break;
    }
    case 'response': {
      const previous = steps.findLast((s) => s.kind !== 'auth-required');
      // Chrome does not always report its own retry after a challenge; a response right after a
      // 401/407 response means one happened.
      if (previous?.kind === 'response' && isChallengeStatus(previous.statusCode)) {
        steps.push({
          kind: 'request',
          at: obs.at,
          url: obs.url,
          credentials: retryCredentials(steps, []),
        });
      }
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
      if (
        lastResponse?.kind === 'response' &&
        isChallengeStatus(lastResponse.statusCode) &&
        obs.statusCode !== lastResponse.statusCode
      ) {
        steps.push({
          kind: 'request',
          at: obs.at,
          url: obs.url,
          credentials: retryCredentials(steps, []),
        });
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
  return { ...exchange, steps, outcome: deriveOutcome(steps) };
}

function responseStep(
  obs: ResponseObservation,
  steps: readonly Step[],
  options: ParseOptions,
): ResponseStep {
  const request = [...steps].reverse().find((s) => s.kind === 'request');
  const sentCredentials = request?.kind === 'request' && request.credentials.length > 0;
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
 * The credentials of a retry. What the page set is shown as is; when the retry follows a challenge
 * and shows none, the browser answered it itself, with the scheme it reported in onAuthRequired or
 * else the first scheme it was offered.
 */
function retryCredentials(
  steps: readonly Step[],
  seen: CredentialsSummary[],
): CredentialsSummary[] {
  if (seen.length > 0) return seen;
  let asked: Extract<Step, { kind: 'auth-required' }> | undefined;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    if (step.kind === 'auth-required') asked ??= step;
    if (step.kind === 'request') return [];
    if (step.kind === 'response') {
      if (!isChallengeStatus(step.statusCode)) return [];
      const proxy = step.statusCode === 407;
      const offered = step.fields.find(
        (f) => f.name === (proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate'),
      );
      const scheme = asked?.scheme ?? offered?.challenges[0]?.scheme ?? '';
      return [
        {
          header: proxy ? 'Proxy-Authorization' : 'Authorization',
          scheme: capitalise(scheme),
          source: 'browser',
        },
      ];
    }
  }
  return [];
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
      },
    ],
  };
}

/** Chrome reports schemes from onAuthRequired in lower case ("basic"); show them as registered. */
function capitalise(scheme: string): string {
  return scheme.length > 0 ? scheme[0]!.toUpperCase() + scheme.slice(1) : scheme;
}

function isChallengeStatus(status: number): boolean {
  return status === 401 || status === 407;
}

/** How an exchange stands, from its steps alone. */
export function deriveOutcome(steps: readonly Step[]): Outcome {
  const lastStep = steps.at(-1);
  const finished = lastStep?.kind === 'completed' || lastStep?.kind === 'error';
  const responses = steps.filter((s): s is ResponseStep => s.kind === 'response');
  const last = responses.at(-1);
  if (!finished) return 'pending';
  if (!last) return 'failed';
  const challengedBefore =
    responses.slice(0, -1).some((r) => isChallengeStatus(r.statusCode)) ||
    steps.some((s) => s.kind === 'request' && s.credentials.some((c) => c.source === 'browser'));
  if (last.statusCode >= 200 && last.statusCode < 400)
    return challengedBefore ? 'authenticated' : 'succeeded';
  if (isChallengeStatus(last.statusCode) || last.fields.some((f) => f.challenges.length > 0)) {
    // A challenge in answer to credentials (the browser's or the page's own) refuses them.
    const lastRequest = steps
      .slice(0, steps.lastIndexOf(last))
      .findLast((s) => s.kind === 'request');
    const sentCredentials = lastRequest?.kind === 'request' && lastRequest.credentials.length > 0;
    return challengedBefore || sentCredentials ? 'rejected' : 'challenged';
  }
  return 'failed';
}

/** Whether nothing more will happen to this exchange. */
export function isFinished(exchange: Exchange): boolean {
  return exchange.outcome !== 'pending';
}

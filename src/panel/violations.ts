// Expectation violations, computed in the panel from the user's rules: each exchange comes back
// with one `expectation-failed` diagnostic per deviation, placed where the list, the detail and
// the filter already look (field or response diagnostics), so nothing downstream needs to know.
// Pure and memoised per (rules, record): records are immutable, so a WeakMap never goes stale and
// a new rule set re-checks everything at once. Loaded lazily, only when there are rules.
import {
  checkExpectations,
  validateRules,
  type Challenge,
  type ExpectationDiagnostic,
  type ExpectationRule,
  type RuleValidation,
} from '../core/index.ts';
import {
  isChallengeStatus,
  type AuthField,
  type Exchange,
  type ResponseStep,
} from '../shared/exchange.ts';

export function compileRules(document: unknown): RuleValidation {
  return validateRules(document);
}

/** The field whose challenges the response offers: Proxy-Authenticate for a 407 (RFC 9110 §11.7.1). */
function challengeField(step: ResponseStep): AuthField | undefined {
  const name = step.statusCode === 407 ? 'Proxy-Authenticate' : 'WWW-Authenticate';
  return step.fields.find((f) => f.name === name);
}

/**
 * Rules describe how an endpoint challenges. A response is checked when it answers a request
 * without credentials, or when it challenges (a 401/407, or any response offering challenges);
 * the success that answers a retry with credentials is not held to "must offer Bearer".
 */
function isChecked(step: ResponseStep, credentialed: boolean): boolean {
  if (!credentialed) return true;
  if (isChallengeStatus(step.statusCode)) return true;
  return step.fields.some((f) => f.challenges.length > 0);
}

function checkResponse(
  exchange: Exchange,
  step: ResponseStep,
  rules: readonly ExpectationRule[],
): ResponseStep {
  const field = challengeField(step);
  const challenges: readonly Challenge[] = field?.challenges ?? [];
  const found = checkExpectations(rules, {
    url: step.url,
    ...(step.url !== exchange.url ? { requestedUrl: exchange.url } : {}),
    statusCode: step.statusCode,
    challenges,
  });
  if (found.length === 0) return step;
  // What points into the challenges belongs to their field (the raw view marks it there); a
  // deviation of the response as a whole (status, no challenge at all) belongs to the response.
  const inField: ExpectationDiagnostic[] = [];
  const inResponse: ExpectationDiagnostic[] = [];
  for (const d of found) {
    if (field && (d.span !== null || d.challenge !== undefined)) inField.push(d);
    else inResponse.push(d);
  }
  return {
    ...step,
    diagnostics: inResponse.length > 0 ? [...step.diagnostics, ...inResponse] : step.diagnostics,
    fields:
      inField.length > 0
        ? step.fields.map((f) =>
            f === field ? { ...f, diagnostics: [...f.diagnostics, ...inField] } : f,
          )
        : step.fields,
  };
}

/** The exchange with its violations added; the same object when it has none. */
export function checkExchange(exchange: Exchange, rules: readonly ExpectationRule[]): Exchange {
  if (rules.length === 0) return exchange;
  let credentialed = false;
  let changed = false;
  const steps = exchange.steps.map((step) => {
    if (step.kind === 'request') credentialed = step.credentials.length > 0;
    if (step.kind !== 'response' || !isChecked(step, credentialed)) return step;
    const checked = checkResponse(exchange, step, rules);
    if (checked !== step) changed = true;
    return checked;
  });
  return changed ? { ...exchange, steps } : exchange;
}

const caches = new WeakMap<readonly ExpectationRule[], WeakMap<Exchange, Exchange>>();

/**
 * Every exchange checked against the rules, in order. Memoised per rule set and record, so a new
 * record costs one check and a filter change costs nothing; the same array when nothing deviates.
 */
export function withViolations(
  exchanges: readonly Exchange[],
  rules: readonly ExpectationRule[],
): readonly Exchange[] {
  if (rules.length === 0) return exchanges;
  let cache = caches.get(rules);
  if (!cache) {
    cache = new WeakMap();
    caches.set(rules, cache);
  }
  let changed = false;
  const out = exchanges.map((e) => {
    let checked = cache.get(e);
    if (!checked) {
      checked = checkExchange(e, rules);
      cache.set(e, checked);
    }
    if (checked !== e) changed = true;
    return checked;
  });
  return changed ? out : exchanges;
}

/** How many exchanges have at least one violation. */
export function countViolations(
  checked: readonly Exchange[],
  original: readonly Exchange[],
): number {
  let n = 0;
  for (let i = 0; i < checked.length; i++) if (checked[i] !== original[i]) n++;
  return n;
}

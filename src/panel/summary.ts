// What the list, the filter and the status line need to know about an exchange, computed once per
// record and cached: records are immutable (an update is a new object), so a WeakMap keyed by the
// record never goes stale and 10,000 rows are summarised once, not on every keystroke. Pure.
import type { Severity } from '../core/index.ts';
import { diagnosticsOf, lastResponse, type Exchange } from '../shared/exchange.ts';

export interface ExchangeSummary {
  /** The status of the last response; null while nothing came back. */
  status: number | null;
  /** Every response status of the exchange, e.g. [401, 200]. */
  statuses: number[];
  host: string;
  /** Path and query. */
  path: string;
  /** Challenge schemes as first written, without duplicates (case-insensitive). */
  schemes: string[];
  /** Schemes of the credentials the requests carried. */
  credentialSchemes: string[];
  counts: Record<Severity, number>;
  codes: Set<string>;
  realms: string[];
  proxy: boolean;
  authInfo: boolean;
  token68: boolean;
  /** Milliseconds from the first to the last step. */
  duration: number | null;
  /** Lower-cased text that free-text filter terms search. */
  text: string;
}

const cache = new WeakMap<Exchange, ExchangeSummary>();

export function splitUrl(url: string): { host: string; path: string } {
  try {
    const u = new URL(url);
    return { host: u.host, path: u.pathname + u.search };
  } catch {
    return { host: '', path: url };
  }
}

function addUnique(list: string[], seen: Set<string>, value: string): void {
  const key = value.toLowerCase();
  if (seen.has(key)) return;
  seen.add(key);
  list.push(value);
}

export function summarize(exchange: Exchange): ExchangeSummary {
  const cached = cache.get(exchange);
  if (cached) return cached;
  const schemes: string[] = [];
  const credentialSchemes: string[] = [];
  const realms: string[] = [];
  const seenSchemes = new Set<string>();
  const seenCredentials = new Set<string>();
  const seenRealms = new Set<string>();
  const statuses: number[] = [];
  let proxy = false;
  let authInfo = false;
  let token68 = false;
  for (const step of exchange.steps) {
    if (step.kind === 'request') {
      for (const c of step.credentials)
        if (c.scheme) addUnique(credentialSchemes, seenCredentials, c.scheme);
    } else if (step.kind === 'response') {
      statuses.push(step.statusCode);
      for (const field of step.fields) {
        if (field.name.startsWith('Proxy-Authenticate')) proxy = true;
        if (field.params.length > 0 || field.name.endsWith('-Info')) authInfo = true;
        for (const challenge of field.challenges) {
          addUnique(schemes, seenSchemes, challenge.scheme);
          if (challenge.token68 !== null) token68 = true;
          for (const p of challenge.params) {
            if (p.name.toLowerCase() === 'realm') addUnique(realms, seenRealms, p.value);
          }
        }
      }
    } else if (step.kind === 'auth-required') {
      if (step.isProxy) proxy = true;
    }
  }
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const codes = new Set<string>();
  for (const d of diagnosticsOf(exchange)) {
    // An imported file can name any severity; only the three known ones count (no prototype key).
    if (Object.hasOwn(counts, d.severity)) counts[d.severity]++;
    codes.add(d.code);
  }
  const last = lastResponse(exchange);
  const { host, path } = splitUrl(exchange.url);
  const first = exchange.steps[0]?.at;
  const end = exchange.steps[exchange.steps.length - 1]?.at;
  const summary: ExchangeSummary = {
    status: last ? last.statusCode : null,
    statuses,
    host,
    path,
    schemes,
    credentialSchemes,
    counts,
    codes,
    realms,
    proxy,
    authInfo,
    token68,
    duration: first !== undefined && end !== undefined ? Math.max(0, end - first) : null,
    text: [
      exchange.url,
      exchange.method,
      statuses.join(' '),
      schemes.join(' '),
      credentialSchemes.join(' '),
      realms.join(' '),
      [...codes].join(' '),
      exchange.outcome,
    ]
      .join('\n')
      .toLowerCase(),
  };
  cache.set(exchange, summary);
  return summary;
}

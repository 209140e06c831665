// The filter language of the exchange list, in DevTools' style: free text plus key:value terms
// (scheme:, status:, host:, method:, has:, code:, outcome:, realm:, is:), "-" negates a term,
// every term must hold. Parsed once into predicates; matching reads the cached summary only. Pure.
import type { Exchange } from '../shared/exchange.ts';
import { compileGlob } from './glob.ts';
import { summarize, type ExchangeSummary } from './summary.ts';

export type Predicate = (exchange: Exchange, summary: ExchangeSummary) => boolean;

export interface FilterTerm {
  /** 'text' for free text; unknown keys are free text too, so URLs such as http://x work. */
  key: string;
  value: string;
  negated: boolean;
  test: Predicate;
}

export interface Filter {
  terms: FilterTerm[];
  /** Terms that could not be understood, in words; they are left out of the match. */
  problems: string[];
}

/** The values of has:, each a question about the exchange. Extend with parseFilter's options. */
export const hasPredicates: Readonly<Record<string, Predicate>> = {
  error: (_, s) => s.counts.error > 0,
  warning: (_, s) => s.counts.warning > 0,
  info: (_, s) => s.counts.info > 0,
  diagnostic: (_, s) => s.codes.size > 0,
  challenge: (_, s) => s.schemes.length > 0,
  credentials: (_, s) => s.credentialSchemes.length > 0,
  token68: (_, s) => s.token68,
  authinfo: (_, s) => s.authInfo,
  proxy: (_, s) => s.proxy,
  // A user's expectation rule (src/core/expectations.ts) did not hold for this exchange.
  violation: (_, s) => s.codes.has('expectation-failed'),
};

const hasTable: ReadonlyMap<string, Predicate> = new Map(Object.entries(hasPredicates));

const isPredicates: ReadonlyMap<string, Predicate> = new Map<string, Predicate>([
  ['imported', (e) => e.imported !== undefined],
  ['live', (e) => e.imported === undefined],
]);

export interface FilterOptions {
  /** Extra has: values, for questions the panel learns later. */
  has?: Readonly<Record<string, Predicate>>;
}

interface RawTerm {
  negated: boolean;
  key: string | null;
  value: string;
}

/** Splits on whitespace outside double quotes; quotes group words and are dropped. */
function tokenize(text: string): RawTerm[] {
  const terms: RawTerm[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    let negated = false;
    if (text[i] === '-' && i + 1 < text.length && !/\s/.test(text[i + 1]!)) {
      negated = true;
      i++;
    }
    let value = '';
    let key: string | null = null;
    let quoted = false;
    let sawQuote = false;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (c === '"') {
        quoted = !quoted;
        sawQuote = true;
      } else if (!quoted && /\s/.test(c)) break;
      else if (c === ':' && key === null && !sawQuote && /^[a-z]+$/i.test(value)) {
        key = value.toLowerCase();
        value = '';
      } else value += c;
    }
    terms.push({ negated, key, value });
  }
  return terms;
}

function exactOrGlob(value: string): (candidate: string) => boolean {
  if (value.includes('*')) return compileGlob(value);
  const lower = value.toLowerCase();
  return (c) => c.toLowerCase() === lower;
}

function containsOrGlob(value: string): (candidate: string) => boolean {
  if (value.includes('*')) return compileGlob(value);
  const lower = value.toLowerCase();
  return (c) => c.toLowerCase().includes(lower);
}

// Maps, not objects: `has:__proto__` or `is:constructor` must be unknown words, not prototype keys.
function choice(
  key: string,
  value: string,
  table: ReadonlyMap<string, Predicate>,
): Predicate | string {
  return (
    table.get(value.toLowerCase()) ??
    `${key}:${value} is not known; try ${[...table.keys()].join(', ')}.`
  );
}

/** The predicate for one key:value, or a sentence saying why there is none. */
function predicateFor(
  key: string,
  value: string,
  has: ReadonlyMap<string, Predicate>,
): Predicate | string | null {
  switch (key) {
    case 'scheme': {
      const m = exactOrGlob(value);
      return (_, s) => s.schemes.some(m) || s.credentialSchemes.some(m);
    }
    case 'status': {
      if (!/^[1-5][0-9x*]{2}$/i.test(value) && !/^[1-5][x*]?$/i.test(value)) {
        return `status:${value} is not a status; try 401 or 4xx.`;
      }
      const re = new RegExp(`^${value.replace(/[x*]/gi, '.')}`);
      return (_, s) => s.statuses.some((code) => re.test(String(code)));
    }
    case 'host': {
      const m = containsOrGlob(value);
      return (_, s) => m(s.host);
    }
    case 'method': {
      const m = exactOrGlob(value);
      return (e) => m(e.method);
    }
    case 'code': {
      const m = exactOrGlob(value);
      return (_, s) => [...s.codes].some(m);
    }
    case 'realm': {
      const m = containsOrGlob(value);
      return (_, s) => s.realms.some(m);
    }
    case 'outcome': {
      const lower = value.toLowerCase();
      return (e) => e.outcome.startsWith(lower);
    }
    case 'has':
      return choice('has', value, has);
    case 'is':
      return choice('is', value, isPredicates);
    default:
      return null;
  }
}

function textPredicate(text: string): Predicate {
  const lower = text.toLowerCase();
  return (_, s) => s.text.includes(lower);
}

export function parseFilter(text: string, options: FilterOptions = {}): Filter {
  const has = options.has ? new Map([...hasTable, ...Object.entries(options.has)]) : hasTable;
  const terms: FilterTerm[] = [];
  const problems: string[] = [];
  for (const raw of tokenize(text)) {
    if (raw.key !== null) {
      // A key being typed ("scheme:") is not a mistake yet.
      if (raw.value === '') continue;
      const predicate = predicateFor(raw.key, raw.value, has);
      if (typeof predicate === 'string') {
        problems.push(predicate);
        continue;
      }
      if (predicate) {
        terms.push({ key: raw.key, value: raw.value, negated: raw.negated, test: predicate });
        continue;
      }
    }
    const value = raw.key === null ? raw.value : `${raw.key}:${raw.value}`;
    if (value === '') continue;
    terms.push({ key: 'text', value, negated: raw.negated, test: textPredicate(value) });
  }
  return { terms, problems };
}

export function matchesFilter(filter: Filter, exchange: Exchange): boolean {
  if (filter.terms.length === 0) return true;
  const summary = summarize(exchange);
  for (const term of filter.terms) {
    if (term.test(exchange, summary) === term.negated) return false;
  }
  return true;
}

/** The exchanges that match, in order; the same array when the filter is empty. */
export function filterExchanges(
  exchanges: readonly Exchange[],
  filter: Filter,
): readonly Exchange[] {
  if (filter.terms.length === 0) return exchanges;
  return exchanges.filter((e) => matchesFilter(filter, e));
}

// Expectation rules (issue 6): what a deployment's challenges should look like, per URL pattern,
// as a versioned JSON document; validation with precise errors, and checks that turn each
// deviation into an `expectation-failed` diagnostic. Pure; never throws.
import { diagnostic } from './codes.ts';
import { isRecord } from './is-record.ts';
import { isToken } from './scanner.ts';
import type { AuthParam, Challenge, Diagnostic, Span } from './types.ts';
import { compileUrlPattern, matchUrlPattern, type UrlPattern } from './url-pattern.ts';
import { splitUrl } from './url.ts';
import { paramSpanOf, schemeSpanOf } from './spans.ts';

export const EXPECTATIONS_VERSION = 1;
/** Enough for any real deployment, and a bound on the work one response can cost. */
export const MAX_RULES = 1000;

/** What a rule says about one parameter: this exact value, present (true) or absent (false). */
export type ParamExpectation = string | boolean;

export interface ExpectationRule {
  /** Position in the file's `rules` array (0-based); diagnostics and errors refer to it. */
  index: number;
  name?: string;
  /** The pattern as written, for messages. */
  match: string;
  pattern: UrlPattern;
  /** Acceptable status codes. */
  status?: number[];
  /** Schemes that must each be offered (case-insensitive, RFC 9110 §11.1). */
  schemes?: string[];
  /** Parameter expectations, checked on the challenges of `schemes` (or on every challenge). */
  params?: Array<{ name: string; expect: ParamExpectation }>;
  /** Schemes that must not be offered, anywhere or only over plain http. */
  forbid?: Array<{ scheme: string; overHttp: boolean }>;
}

export interface RuleError {
  /** Index of the rule in `rules`, or null for the document itself. */
  rule: number | null;
  /** Where in the rule (or document): "match", "params.realm", "forbid[1]", "version". */
  field: string;
  message: string;
}

export type RuleValidation = { rules: ExpectationRule[] } | { errors: RuleError[] };

/** The response an expectation is checked against. */
export interface ExpectationSubject {
  /** The URL that answered; its scheme decides "over http". */
  url: string;
  /** The URL first asked for, when redirects led elsewhere: rules matching either apply. */
  requestedUrl?: string;
  statusCode: number;
  /** The challenges the response offered (WWW-Authenticate, or Proxy-Authenticate for a 407). */
  challenges: readonly Challenge[];
}

export type ExpectationDiagnostic = Diagnostic & { rule: number };

const ruleFields = ['name', 'match', 'status', 'schemes', 'params', 'forbid'] as const;

/**
 * Reads an expectations document. Every problem is reported, each naming its rule and field; a
 * document with any problem yields no rules at all, so a bad file never half-applies.
 */
export function validateRules(json: unknown): RuleValidation {
  const errors: RuleError[] = [];
  const fail = (rule: number | null, field: string, message: string) => {
    errors.push({
      rule,
      field,
      message: `${rule === null ? '' : `rules[${rule}].`}${field}: ${message}`,
    });
  };
  if (!isRecord(json)) {
    fail(
      null,
      '(document)',
      'expected a JSON object { "authlens": "expectations", "version": 1, "rules": [...] }',
    );
    return { errors };
  }
  if (json.authlens !== 'expectations') {
    fail(null, 'authlens', 'must be "expectations" (this is how AuthLens recognises a rules file)');
  }
  if (json.version !== EXPECTATIONS_VERSION) {
    fail(
      null,
      'version',
      typeof json.version === 'number'
        ? `version ${json.version} is not supported; this AuthLens reads version ${EXPECTATIONS_VERSION}`
        : `must be the number ${EXPECTATIONS_VERSION}`,
    );
  }
  for (const key of Object.keys(json)) {
    if (!['authlens', 'version', 'rules', 'description'].includes(key)) {
      fail(null, key, 'is not a known field (expected authlens, version, rules, description)');
    }
  }
  if (!Array.isArray(json.rules)) {
    fail(null, 'rules', 'must be an array of rules');
    return { errors };
  }
  if (json.rules.length > MAX_RULES) {
    fail(null, 'rules', `has ${json.rules.length} rules; at most ${MAX_RULES} are allowed`);
    return { errors };
  }
  const rules: ExpectationRule[] = [];
  json.rules.forEach((raw: unknown, index: number) => {
    const rule = readRule(raw, index, (field, message) => fail(index, field, message));
    if (rule) rules.push(rule);
  });
  return errors.length > 0 ? { errors } : { rules };
}

function readRule(
  raw: unknown,
  index: number,
  fail: (field: string, message: string) => void,
): ExpectationRule | null {
  if (!isRecord(raw)) {
    fail('(rule)', 'must be an object with "match" and at least one expectation');
    return null;
  }
  const before = { failed: false };
  const error = (field: string, message: string) => {
    before.failed = true;
    fail(field, message);
  };
  for (const key of Object.keys(raw)) {
    if (!(ruleFields as readonly string[]).includes(key)) {
      const hint = ruleFields.find((f) => f.startsWith(key.slice(0, 4).toLowerCase()));
      error(
        key,
        `is not a known field${hint ? ` (did you mean "${hint}"?)` : ''}; rules have ${ruleFields.join(', ')}`,
      );
    }
  }
  const rule: ExpectationRule = { index, match: '', pattern: { kind: 'any' } };
  if (raw.name !== undefined) {
    if (typeof raw.name === 'string') rule.name = raw.name;
    else error('name', 'must be a string');
  }
  if (typeof raw.match !== 'string') {
    error(
      'match',
      'is required: "*" or an origin and path glob such as "https://staging.example.com/api/*"',
    );
  } else {
    const pattern = compileUrlPattern(raw.match);
    if (typeof pattern === 'string') error('match', `"${raw.match}" ${pattern}`);
    else {
      rule.match = raw.match;
      rule.pattern = pattern;
    }
  }
  if (raw.status !== undefined) {
    const list = Array.isArray(raw.status) ? raw.status : [raw.status];
    const bad = list.findIndex(
      (s) => !Number.isInteger(s) || (s as number) < 100 || (s as number) > 599,
    );
    if (list.length === 0 || bad !== -1) {
      error(
        Array.isArray(raw.status) && bad !== -1 ? `status[${bad}]` : 'status',
        'must be a status code (100–599) or a non-empty array of them',
      );
    } else rule.status = list as number[];
  }
  if (raw.schemes !== undefined) {
    const schemes = readSchemeList(raw.schemes, 'schemes', error);
    if (schemes) rule.schemes = schemes;
  }
  if (raw.params !== undefined) {
    if (!isRecord(raw.params) || Object.keys(raw.params).length === 0) {
      error(
        'params',
        'must be a non-empty object of parameter name → "exact value", true (present) or false (absent)',
      );
    } else {
      const params: NonNullable<ExpectationRule['params']> = [];
      for (const [name, expect] of Object.entries(raw.params)) {
        if (!isToken(name))
          error(`params.${name}`, 'is not a valid parameter name (an HTTP token)');
        else if (typeof expect !== 'string' && typeof expect !== 'boolean') {
          error(
            `params.${name}`,
            'must be a string (exact value), true (present) or false (absent)',
          );
        } else params.push({ name, expect });
      }
      rule.params = params;
    }
  }
  if (raw.forbid !== undefined) {
    if (!Array.isArray(raw.forbid) || raw.forbid.length === 0) {
      error('forbid', 'must be a non-empty array such as ["Basic over http", "Digest"]');
    } else {
      const forbid: NonNullable<ExpectationRule['forbid']> = [];
      raw.forbid.forEach((item: unknown, i: number) => {
        const parts = typeof item === 'string' ? item.trim().split(/\s+/) : [];
        const overHttp =
          parts.length === 3 &&
          parts[1]!.toLowerCase() === 'over' &&
          parts[2]!.toLowerCase() === 'http';
        if ((parts.length !== 1 && !overHttp) || !isToken(parts[0] ?? '')) {
          error(
            `forbid[${i}]`,
            'must be a scheme ("Basic") or a scheme over plain http ("Basic over http")',
          );
        } else forbid.push({ scheme: parts[0]!, overHttp });
      });
      rule.forbid = forbid;
    }
  }
  // An unknown field was probably meant as the expectation, so it already explains the rule.
  if (
    !before.failed &&
    typeof raw.match === 'string' &&
    raw.status === undefined &&
    raw.schemes === undefined &&
    raw.params === undefined &&
    raw.forbid === undefined
  ) {
    error('(rule)', 'checks nothing: give at least one of status, schemes, params, forbid');
  }
  return before.failed ? null : rule;
}

function readSchemeList(
  value: unknown,
  field: string,
  error: (field: string, message: string) => void,
): string[] | null {
  if (typeof value === 'string') value = [value];
  if (!Array.isArray(value) || value.length === 0) {
    error(field, 'must be a non-empty array of scheme names such as ["Bearer"]');
    return null;
  }
  let ok = true;
  value.forEach((s: unknown, i: number) => {
    if (typeof s !== 'string' || !isToken(s)) {
      error(`${field}[${i}]`, 'must be a scheme name (an HTTP token such as "Bearer")');
      ok = false;
    }
  });
  return ok ? (value as string[]) : null;
}

/** The rules whose pattern covers the URL, in file order. */
export function matchingRules(rules: readonly ExpectationRule[], url: string): ExpectationRule[] {
  return rules.filter((rule) => matchUrlPattern(rule.pattern, url));
}

/** Every deviation of the response from every rule that matches its URL, one diagnostic each. */
export function checkExpectations(
  rules: readonly ExpectationRule[],
  subject: ExpectationSubject,
): ExpectationDiagnostic[] {
  const out: ExpectationDiagnostic[] = [];
  const { url, requestedUrl } = subject;
  for (const rule of rules) {
    const applies =
      matchUrlPattern(rule.pattern, url) ||
      (requestedUrl !== undefined && matchUrlPattern(rule.pattern, requestedUrl));
    if (applies) checkRule(rule, subject, out);
  }
  return out;
}

function label(rule: ExpectationRule): string {
  return `Expectation rules[${rule.index}]${rule.name ? ` "${rule.name}"` : ''} (${rule.match})`;
}

function sameScheme(a: string, b: string): boolean {
  return a.length === b.length && a.toLowerCase() === b.toLowerCase();
}

function describeOffer(challenges: readonly Challenge[], statusCode: number): string {
  if (challenges.length === 0) return `the response (status ${statusCode}) offered no challenge`;
  const names = [...new Set(challenges.map((c) => c.scheme))];
  return `the response offered ${names.join(', ')}`;
}

function checkRule(
  rule: ExpectationRule,
  subject: ExpectationSubject,
  out: ExpectationDiagnostic[],
): void {
  const { challenges, statusCode } = subject;
  const fail = (message: string, span: Span | null, challenge?: number) => {
    const d = diagnostic('expectation-failed', `${label(rule)}: ${message}`, span, {
      ...(challenge === undefined ? {} : { challenge }),
    });
    out.push({ ...d, rule: rule.index });
  };
  if (rule.status && !rule.status.includes(statusCode)) {
    fail(`expected status ${rule.status.join(' or ')}, got ${statusCode}.`, null);
  }
  for (const scheme of rule.schemes ?? []) {
    if (!challenges.some((c) => sameScheme(c.scheme, scheme))) {
      fail(`expected a ${scheme} challenge, but ${describeOffer(challenges, statusCode)}.`, null);
    }
  }
  if (rule.params) checkParams(rule, rule.params, subject, fail);
  const overHttp = splitUrl(subject.url)?.scheme === 'http';
  for (const forbidden of rule.forbid ?? []) {
    if (forbidden.overHttp && !overHttp) continue;
    challenges.forEach((c, index) => {
      if (sameScheme(c.scheme, forbidden.scheme)) {
        fail(
          `${c.scheme} is forbidden${forbidden.overHttp ? ' over plain http' : ''}, but the response offers it.`,
          schemeSpanOf(c),
          index,
        );
      }
    });
  }
}

type Fail = (message: string, span: Span | null, challenge?: number) => void;

/**
 * With `schemes`, each named scheme that is offered needs one challenge meeting every parameter
 * expectation (a server may offer the same scheme twice, e.g. Digest with SHA-256 and MD5).
 * Without it, every challenge must meet them.
 */
function checkParams(
  rule: ExpectationRule,
  params: NonNullable<ExpectationRule['params']>,
  { challenges, statusCode }: ExpectationSubject,
  fail: Fail,
): void {
  const groups: number[][] = [];
  if (rule.schemes) {
    for (const scheme of rule.schemes) {
      const group = challenges.flatMap((c, i) => (sameScheme(c.scheme, scheme) ? [i] : []));
      if (group.length > 0) groups.push(group);
    }
  } else {
    challenges.forEach((_, i) => groups.push([i]));
    if (challenges.length === 0) {
      fail(
        `expected a challenge with ${params.map((p) => describeExpectation(p.name, p.expect)).join(', ')}, but ${describeOffer(challenges, statusCode)}.`,
        null,
      );
    }
  }
  for (const group of groups) {
    const deviations = group.map((i) => paramDeviations(challenges[i]!, params));
    if (deviations.some((d) => d.length === 0)) continue;
    const first = group[0]!;
    for (const d of deviations[0]!)
      fail(d.message, d.span ?? schemeSpanOf(challenges[first]!), first);
  }
}

function describeExpectation(name: string, expect: ParamExpectation): string {
  if (expect === true) return `"${name}"`;
  if (expect === false) return `no "${name}"`;
  return `${name}="${expect}"`;
}

function paramDeviations(
  challenge: Challenge,
  params: NonNullable<ExpectationRule['params']>,
): Array<{ message: string; span: Span | null }> {
  const out: Array<{ message: string; span: Span | null }> = [];
  for (const { name, expect } of params) {
    const found: AuthParam | undefined = challenge.params.find((p) => sameScheme(p.name, name));
    if (expect === true && !found) {
      out.push({
        message: `the ${challenge.scheme} challenge has no "${name}" parameter.`,
        span: null,
      });
    } else if (expect === false && found) {
      out.push({
        message: `the ${challenge.scheme} challenge has "${name}" (="${found.value}"), which should be absent.`,
        span: paramSpanOf(found),
      });
    } else if (typeof expect === 'string') {
      if (!found) {
        out.push({
          message: `the ${challenge.scheme} challenge has no "${name}"; expected ${name}="${expect}".`,
          span: null,
        });
      } else if (found.value !== expect) {
        out.push({
          message: `the ${challenge.scheme} challenge has ${name}="${found.value}"; expected ${name}="${expect}".`,
          span: paramSpanOf(found),
        });
      }
    }
  }
  return out;
}

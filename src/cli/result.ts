// The report the check and parse commands produce: the documented --json shape (version 1) and
// the few helpers that build it from core records. Pure.
import type { Challenge, Diagnostic, Reference, Severity, Span } from '../core/index.ts';
import type { AuthField } from '../shared/exchange.ts';
import type { DiscoveryOut } from './discovery-report.ts';

export const REPORT_VERSION = 1;

export interface ChallengeOut {
  /** The header it came from: WWW-Authenticate or Proxy-Authenticate. */
  field: string;
  scheme: string;
  token68: string | null;
  /** Values unquoted and unescaped; `quoted` says whether the server sent a quoted-string. */
  params: Array<{ name: string; value: string; quoted: boolean }>;
}

export interface DiagnosticOut {
  severity: Severity;
  code: string;
  message: string;
  reference: Reference;
  /** The header the finding is about, when it is about one. */
  field?: string;
  /** Index into `challenges`, when the finding is about one challenge. */
  challenge?: number;
  /** Index into the rules file's `rules`, for expectation-failed. */
  rule?: number;
  /** Where in the field's lines: line index and UTF-16 offsets [start, end). */
  span?: Span;
  /** Index into `discovery.documents`, for a finding about one fetched document. */
  document?: number;
}

export interface Hop {
  status: number;
  from: string;
  to: string;
}

export interface UrlResult {
  /** The URL as asked for (or, from a HAR, the first URL of the exchange). */
  url: string;
  /** The URL that gave the final response, after redirects. */
  finalUrl: string;
  /** null when no response arrived (see `error`). */
  status: number | null;
  redirects: Hop[];
  /** The auth header fields of the final response, each repeated line kept, verbatim. */
  fields: Array<{ name: string; lines: string[] }>;
  challenges: ChallengeOut[];
  diagnostics: DiagnosticOut[];
  /** Why the URL could not be checked (network failure, timeout, too many redirects). */
  error: string | null;
  /** With --follow-metadata only: the discovery chain (see discovery-report.ts). */
  discovery?: DiscoveryOut;
}

export interface CheckReport {
  authlens: 'check';
  version: typeof REPORT_VERSION;
  results: UrlResult[];
  /** Entries of a HAR file that could not be read, one line each. */
  problems: string[];
  summary: { urls: number; errors: number; warnings: number; info: number; failed: number };
}

export function challengeOut(field: string, c: Challenge): ChallengeOut {
  return {
    field,
    scheme: c.scheme,
    token68: c.token68,
    params: c.params.map((p) => ({ name: p.name, value: p.value, quoted: p.quoted })),
  };
}

export function diagnosticOut(
  d: Diagnostic & { rule?: number },
  field?: string,
  challengeOffset = 0,
): DiagnosticOut {
  const out: DiagnosticOut = {
    severity: d.severity,
    code: d.code,
    message: d.message,
    reference: d.reference,
  };
  if (field !== undefined) out.field = field;
  if (d.challenge !== undefined) out.challenge = d.challenge + challengeOffset;
  if (d.rule !== undefined) out.rule = d.rule;
  if (d.span) out.span = d.span;
  return out;
}

/**
 * The challenges and diagnostics of one response's auth fields. Challenge indexes in diagnostics
 * are made to point into the combined `challenges` list.
 */
export function fieldsOut(
  fields: readonly AuthField[],
  responseDiagnostics: readonly Diagnostic[],
): {
  fields: UrlResult['fields'];
  challenges: ChallengeOut[];
  diagnostics: DiagnosticOut[];
} {
  const challenges: ChallengeOut[] = [];
  const diagnostics: DiagnosticOut[] = responseDiagnostics.map((d) => diagnosticOut(d));
  for (const field of fields) {
    const offset = challenges.length;
    challenges.push(...field.challenges.map((c) => challengeOut(field.name, c)));
    diagnostics.push(...field.diagnostics.map((d) => diagnosticOut(d, field.name, offset)));
  }
  return {
    fields: fields.map((f) => ({ name: f.name, lines: [...f.lines] })),
    challenges,
    diagnostics,
  };
}

export function buildReport(results: UrlResult[], problems: string[] = []): CheckReport {
  const count = (severity: Severity) =>
    results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === severity).length, 0);
  return {
    authlens: 'check',
    version: REPORT_VERSION,
    results,
    problems,
    summary: {
      urls: results.length,
      errors: count('error'),
      warnings: count('warning'),
      info: count('info'),
      failed: results.filter((r) => r.error !== null).length,
    },
  };
}

/** 2 when a URL could not be checked; 1 when a diagnostic reaches the threshold; else 0. */
export function exitStatus(report: CheckReport, failOn: 'error' | 'warning'): 0 | 1 | 2 {
  if (report.summary.failed > 0) return 2;
  const failing = report.summary.errors + (failOn === 'warning' ? report.summary.warnings : 0);
  return failing > 0 ? 1 : 0;
}

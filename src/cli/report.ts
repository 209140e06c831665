// Human-readable text for the check and parse reports. Colour is a parameter (main.ts turns it on
// only for a TTY without NO_COLOR), so the text itself is testable. Pure.
import { formatChallenge, type Reference, type Severity } from '../core/index.ts';
import type { ParseReport } from './parse-values.ts';
import type { CheckReport, DiagnosticOut, UrlResult } from './result.ts';
import { discoveryLines } from './discovery-report.ts';

export interface Style {
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const ansi = (open: number, close: number) => (text: string) =>
  `\x1b[${open}m${text}\x1b[${close}m`;

export function makeStyle(colour: boolean): Style {
  if (!colour) {
    const plain = (text: string) => text;
    return { red: plain, yellow: plain, blue: plain, green: plain, dim: plain, bold: plain };
  }
  return {
    red: ansi(31, 39),
    yellow: ansi(33, 39),
    blue: ansi(34, 39),
    green: ansi(32, 39),
    dim: ansi(2, 22),
    bold: ansi(1, 22),
  };
}

const severityWidth = 'warning'.length;

function severityLabel(severity: Severity, style: Style): string {
  const text = severity.padEnd(severityWidth);
  if (severity === 'error') return style.red(text);
  if (severity === 'warning') return style.yellow(text);
  return style.blue(text);
}

function cite(reference: Reference): string {
  return reference.section ? `${reference.document} §${reference.section}` : reference.document;
}

function diagnosticLines(d: DiagnosticOut, style: Style, indent: string): string[] {
  return [
    `${indent}${severityLabel(d.severity, style)} ${style.bold(d.code)}  ${d.message}`,
    `${indent}${' '.repeat(severityWidth + 1)}${style.dim(`${cite(d.reference)}  ${d.reference.url}`)}`,
  ];
}

function mark(result: UrlResult, style: Style): string {
  if (result.error !== null) return style.red('✗');
  if (result.diagnostics.some((d) => d.severity === 'error')) return style.red('✗');
  if (result.diagnostics.some((d) => d.severity === 'warning')) return style.yellow('!');
  return style.green('✓');
}

export function formatCheckReport(report: CheckReport, style: Style): string {
  const lines: string[] = [];
  for (const result of report.results) {
    const status = result.status === null ? style.red('no response') : String(result.status);
    lines.push(`${mark(result, style)} ${style.bold(result.url)}  ${status}`);
    for (const hop of result.redirects) {
      lines.push(`  ${style.dim(`redirect ${hop.status}`)} ${hop.from} → ${hop.to}`);
    }
    if (result.error !== null) {
      lines.push(`  ${style.red(result.error)}`);
      lines.push('');
      continue;
    }
    for (const field of result.fields) {
      for (const line of field.lines) lines.push(`  ${style.dim(`${field.name}:`)} ${line}`);
    }
    if (result.challenges.length === 0) lines.push(`  ${style.dim('no challenge')}`);
    result.challenges.forEach((c, i) => {
      lines.push(`  ${style.dim(`challenge ${i + 1}`)} ${formatChallenge(c)}`);
    });
    if (result.discovery) lines.push(...discoveryLines(result.discovery, style.dim));
    for (const d of result.diagnostics) lines.push(...diagnosticLines(d, style, '  '));
    lines.push('');
  }
  for (const problem of report.problems) lines.push(style.yellow(`note: ${problem}`));
  if (report.problems.length > 0) lines.push('');
  const { urls, errors, warnings, info, failed } = report.summary;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  let summary = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${info} info in ${plural(urls, 'URL')}`;
  if (failed > 0) summary += `; ${failed} could not be checked`;
  lines.push(errors > 0 || failed > 0 ? style.red(summary) : summary);
  return `${lines.join('\n')}\n`;
}

export function formatParseReport(report: ParseReport, style: Style): string {
  const lines: string[] = [];
  for (const parsed of report.values) {
    lines.push(`${style.dim(`${parsed.field}:`)} ${parsed.value}`);
    if (parsed.challenges.length === 0) lines.push(`  ${style.dim('no challenge')}`);
    parsed.challenges.forEach((c, i) => {
      lines.push(`  ${style.bold(`challenge ${i + 1}`)}  scheme ${c.scheme}`);
      if (c.token68 !== null) lines.push(`    token68 ${c.token68}`);
      for (const p of c.params) lines.push(`    ${p.name} = ${JSON.stringify(p.value)}`);
    });
    for (const d of parsed.diagnostics) {
      lines.push(...diagnosticLines(d, style, '  '));
      // A caret under the spot, for one-line values: the fastest way to see a grammar problem.
      if (d.span && d.span.line === 0 && !/[\r\n]/.test(parsed.value)) {
        const pad = ' '.repeat(severityWidth + 3);
        const width = d.span.endLine === d.span.line ? Math.max(1, d.span.end - d.span.start) : 1;
        lines.push(`${pad}${style.dim(parsed.value)}`);
        lines.push(`${pad}${' '.repeat(d.span.start)}${style.red('^'.repeat(width))}`);
      }
    }
    if (parsed.diagnostics.length === 0) lines.push(`  ${style.green('no diagnostics')}`);
    lines.push('');
  }
  return lines.join('\n');
}

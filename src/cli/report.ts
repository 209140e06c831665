// Human-readable text for the check and parse reports. Colour is a parameter (main.ts turns it on
// only for a TTY without NO_COLOR), so the text itself is testable. Every piece of text that came
// from a server, a file or the command line goes through visibleText: a header holding ESC or BEL
// must not drive the terminal (retitle it, clear it, hide findings), nor a bidi override reorder
// what is read. --json prints the exact text instead. Pure.
import type { Reference, Severity } from '../core/index.ts';
import { visibleText as shown } from '../shared/visible-text.ts';
import type { ParseReport } from './parse-values.ts';
import type { ChallengeOut, CheckReport, DiagnosticOut, UrlResult } from './result.ts';
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
    `${indent}${severityLabel(d.severity, style)} ${style.bold(shown(d.code))}  ${shown(d.message)}`,
    `${indent}${' '.repeat(severityWidth + 1)}${style.dim(shown(`${cite(d.reference)}  ${d.reference.url}`))}`,
  ];
}

/** A challenge broken down: its scheme, then its token68 or each parameter on a line. */
function challengeLines(c: ChallengeOut, n: number, style: Style, note = ''): string[] {
  const lines = [`  ${style.bold(`challenge ${n}`)}  scheme ${shown(c.scheme)}${note}`];
  if (c.token68 !== null) lines.push(`    token68 ${shown(c.token68)}`);
  for (const p of c.params) lines.push(`    ${shown(p.name)} = ${shown(JSON.stringify(p.value))}`);
  return lines;
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
    lines.push(`${mark(result, style)} ${style.bold(shown(result.url))}  ${status}`);
    for (const hop of result.redirects) {
      lines.push(`  ${style.dim(`redirect ${hop.status}`)} ${shown(hop.from)} → ${shown(hop.to)}`);
    }
    if (result.error !== null) {
      lines.push(`  ${style.red(shown(result.error))}`);
      lines.push('');
      continue;
    }
    // Each field line once, as received; then what was parsed from it, as "parse" shows it.
    for (const field of result.fields) {
      for (const line of field.lines) {
        lines.push(`  ${style.dim(`${shown(field.name)}:`)} ${shown(line)}`);
      }
    }
    if (result.challenges.length === 0) lines.push(`  ${style.dim('no challenge')}`);
    const oneField = new Set(result.challenges.map((c) => c.field)).size <= 1;
    result.challenges.forEach((c, i) => {
      lines.push(
        ...challengeLines(c, i + 1, style, oneField ? '' : style.dim(`  (${shown(c.field)})`)),
      );
    });
    if (result.discovery) lines.push(...discoveryLines(result.discovery, style.dim));
    for (const d of result.diagnostics) lines.push(...diagnosticLines(d, style, '  '));
    lines.push('');
  }
  for (const problem of report.problems) lines.push(style.yellow(`note: ${shown(problem)}`));
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
    lines.push(`${style.dim(`${parsed.field}:`)} ${shown(parsed.value)}`);
    if (parsed.challenges.length === 0) lines.push(`  ${style.dim('no challenge')}`);
    parsed.challenges.forEach((c, i) => lines.push(...challengeLines(c, i + 1, style)));
    for (const d of parsed.diagnostics) {
      lines.push(...diagnosticLines(d, style, '  '));
      // A caret under the spot, for one-line values: the fastest way to see a grammar problem.
      // Offsets are measured in the shown text, where a control character is a wider mark.
      if (d.span && d.span.line === 0 && !/[\r\n]/.test(parsed.value)) {
        const { start, end } = d.span;
        const pad = ' '.repeat(severityWidth + 3);
        const spot = d.span.endLine === d.span.line ? parsed.value.slice(start, end) : '';
        const width = Math.max(1, shown(spot).length);
        lines.push(`${pad}${style.dim(shown(parsed.value))}`);
        lines.push(
          `${pad}${' '.repeat(shown(parsed.value.slice(0, start)).length)}${style.red('^'.repeat(width))}`,
        );
      }
    }
    if (parsed.diagnostics.length === 0) lines.push(`  ${style.green('no diagnostics')}`);
    lines.push('');
  }
  return lines.join('\n');
}

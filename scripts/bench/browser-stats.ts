// Medians, spreads and goal marks for the browser benchmark's figures. Each figure is printed
// with its spread (the interquartile range of its samples) and, where there is one, its goal.
import { loadavg } from 'node:os';
import { median, quantile } from './measure.ts';

export interface Spread {
  median: number;
  q1: number;
  q3: number;
  n: number;
}

export function spread(values: readonly number[]): Spread {
  return {
    median: median(values),
    q1: quantile(values, 0.25),
    q3: quantile(values, 0.75),
    n: values.length,
  };
}

/** Per-round ratios a[i] / b[i]: interleaved rounds share the machine's mood, so each pairs up. */
export function ratios(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.min(a.length, b.length);
  return Array.from({ length: n }, (_, i) => a[i]! / b[i]!);
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

export function formatMs(s: Spread, digits = 0): string {
  return `${fixed(s.median, digits)} ms (IQR ${fixed(s.q1, digits)}–${fixed(s.q3, digits)}, n=${s.n})`;
}

export function formatRatio(s: Spread): string {
  return `${fixed(s.median, 3)}× (IQR ${fixed(s.q1, 3)}–${fixed(s.q3, 3)}, n=${s.n})`;
}

/** "✓ goal ≤ 1.05×" or "✗ goal ≤ 1.05× (missed by 7 %)". */
export function goalMark(value: number, limit: number, unit = '×'): string {
  if (!Number.isFinite(value)) return `? goal ≤ ${limit}${unit}`;
  if (value <= limit) return `✓ goal ≤ ${limit}${unit}`;
  return `✗ goal ≤ ${limit}${unit} (missed by ${fixed((value / limit - 1) * 100, 1)} %)`;
}

export function loadAverage(): number {
  return loadavg()[0]!;
}

export function formatLoad(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

export function printTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

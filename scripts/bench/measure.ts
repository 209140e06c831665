// Timing primitives shared by the runner and its scaling worker. Calls are timed in batches with
// one clock read before and after, so the clock's own cost (tens of nanoseconds, the order of a
// short parse) does not blur the figures; rounds interleave contenders, and medians are reported.
import { setImmediate as tick } from 'node:timers/promises';

/** Keeps every result reachable so that no call can be optimised away. */
export let sink: unknown;

/** Nanoseconds per call of `call` over `n` back-to-back calls. */
export function timeBatch(call: () => unknown, n: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink = call();
  return Number(process.hrtime.bigint() - start) / n;
}

/** How many calls make a batch of about `targetMs`, judged by a doubling probe. */
export function calibrate(call: () => unknown, targetMs: number): number {
  let n = 1;
  for (;;) {
    const ns = timeBatch(call, n) * n;
    if (ns >= targetMs * 1e6 * 0.25 || n >= 1 << 24) {
      return Math.max(1, Math.round((targetMs * 1e6 * n) / Math.max(ns, 1)));
    }
    n *= 2;
  }
}

/** Runs `call` for about `ms` milliseconds, in small batches, to let the JIT settle. */
export async function warmUp(call: () => unknown, ms: number): Promise<void> {
  const until = performance.now() + ms;
  let n = 1;
  while (performance.now() < until) {
    timeBatch(call, n);
    n = Math.min(n * 2, 4096);
    await tick(); // settle promises a call may have left behind (and let timers run)
  }
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** A short account of a thrown value: its name and the start of its message. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}

/** Default size of an input in units: its length, or the sum of its lines' lengths. */
export function defaultUnits(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((n: number, s: unknown) => n + String(s).length, 0);
  return 1;
}

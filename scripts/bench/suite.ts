// What a benchmark module exports, so that `npm run bench` can find and run it. A module is any
// `src/**/*.bench.ts` file that exports `suites: Suite[]` (and/or `reports: Report[]`); scripts/bench.ts discovers it, runs
// every suite in one process (scaling measurements in a worker thread each, under a time cap) and
// prints one table per suite. This is a benchmark, not a test: nothing here asserts on time.

/** One way of doing the work: AuthLens's parser, a peer library, a no-op baseline… */
export interface Contender<I> {
  name: string;
  /**
   * Untimed: turns one input into the call that is timed (build a Response, join field lines…).
   * The call must be synchronous; what it returns is kept (so it cannot be optimised away) but
   * not awaited. Throwing here, or from the call, marks the contender as unable to take the input.
   */
  prepare(input: I): () => unknown;
  /** Untimed: a short account of what one call produced ("2 challenges, 3 params"). */
  describe?(result: unknown): string | Promise<string>;
  /**
   * Shown for context (a floor, a baseline), not a peer: never the "fastest peer" of a ratio and
   * never marked as returning something else.
   */
  reference?: boolean;
}

interface SuiteBase<I> {
  /** Unique across all modules; `--filter` matches it. */
  name: string;
  /** One line printed above the table. */
  title: string;
  /** Printed under the table: what exactly each contender's call measures, caveats. */
  notes?: string[];
  /**
   * The contender the ratios are about (e.g. "AuthLens"); the others are its peers. In a compare
   * suite the ratio printed is subject ops/s ÷ the fastest peer's ops/s.
   */
  subject: string;
  contenders: Array<Contender<I>>;
}

/** Same inputs, every contender, side by side: ops/s and the subject's ratio to the fastest peer. */
export interface CompareSuite<I> extends SuiteBase<I> {
  kind: 'compare';
  inputs: Array<{ name: string; value: I }>;
}

/**
 * Cost per unit (byte, exchange…) of a small and a large instance of each input: the large
 * per-unit cost divided by the small one is 1 for linear work. Each (input, contender) pair runs
 * in its own worker thread, which is terminated when one call on the large input exceeds the cap.
 */
export interface ScalingSuite<I> extends SuiteBase<I> {
  kind: 'scaling';
  sizes: { small: number; large: number; unit: string; smallLabel: string; largeLabel: string };
  inputs: Array<{
    name: string;
    /** An instance of about `size` units. */
    make(size: number): I;
    /** Its exact size in units; defaults to the string length (or the sum of an array's). */
    units?(value: I): number;
  }>;
  /** The goal: large per-unit cost ≤ limit × small per-unit cost (printed as ✓ or ✗). */
  limit?: number;
  /**
   * The small size is large too (megabytes): time it in batches as long as the large size's, so
   * that they include the garbage collections its calls cause rather than leave them between batches.
   */
  largeSmall?: boolean;
  /**
   * A reference contender (by name) to set every contender's large per-unit cost against, e.g. a
   * plain scan of the same bytes: printed as one more column.
   */
  baseline?: string;
}

export type Suite<I = never> = CompareSuite<I> | ScalingSuite<I>;

/** A measurement that is not a timing (a size, a count), printed as lines after the suites. */
export interface Report {
  /** Unique across all modules; `--filter` matches it. */
  name: string;
  title: string;
  run(): Promise<string[]>;
}

/** What the runner accepts from a module; contenders are checked by name at run time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySuite = CompareSuite<any> | ScalingSuite<any>;

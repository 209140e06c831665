// The diagnostics of one parse, bounded: at most MAX_PER_CODE of each code are listed, the rest
// only counted and summed up in one diagnostic per code at the end, so that a hostile megabyte of
// empty list elements yields a readable report rather than half a million entries. Counting is
// cheap enough to sit in the parser's loops (the first code inline, others in two short lists).
import { codes, diagnostic, type Code } from './codes.ts';
import type { Diagnostic, Severity, Span } from './types.ts';

/** At most this many diagnostics of one code are listed; the rest are counted in one summary. */
export const MAX_PER_CODE = 100;

export interface ReportExtra {
  severity?: Severity;
  challenge?: number;
  line?: number;
}

export class ParseDiagnostics {
  /** Listed diagnostics; null until the first, which then makes a list of exactly one. */
  private list: Diagnostic[] | null = null;
  /**
   * How many diagnostics of each code were met, in order of first appearance: the first code
   * inline, any others in two short lists (most parses meet none or one, and few codes in all).
   */
  private firstCode: Code | null = null;
  private firstCount = 0;
  private moreCodes: Code[] | null = null;
  private moreCounts: number[] | null = null;
  /** How many errors were met, listed or not. */
  errors = 0;
  /** The last code looked up in the codes table and its severity (floods repeat one code). */
  private lastCode: Code | null = null;
  private lastSeverity: Severity = 'error';

  /** Forgets everything, for the next parse. */
  reset(): void {
    this.list = null;
    this.firstCode = null;
    this.firstCount = 0;
    this.moreCodes = null;
    this.moreCounts = null;
    this.errors = 0;
  }

  /** Records a diagnostic, or only counts it once MAX_PER_CODE of its code are listed. */
  report(code: Code, message: string, at: Span | null, extra?: ReportExtra): void {
    if (this.tally(code, 1, extra?.severity) <= MAX_PER_CODE) {
      const d = diagnostic(code, message, at, extra);
      if (this.list === null) this.list = [d];
      else this.list.push(d);
    }
  }

  /** Counts `n` diagnostics of a code and returns the new count. */
  tally(code: Code, n: number, severity?: Severity): number {
    if (code !== this.lastCode) {
      this.lastSeverity = codes[code].severity;
      this.lastCode = code;
    }
    if ((severity ?? this.lastSeverity) === 'error') this.errors += n;
    this.firstCode ??= code;
    if (this.firstCode === code) return (this.firstCount += n);
    const list = (this.moreCodes ??= []);
    const counts = (this.moreCounts ??= []);
    let k = list.indexOf(code);
    if (k < 0) {
      k = list.length;
      list.push(code);
      counts.push(0);
    }
    return (counts[k]! += n);
  }

  /** How many diagnostics of a code were met so far. */
  countOf(code: Code): number {
    if (this.firstCode === code) return this.firstCount;
    const k = this.moreCodes === null ? -1 : this.moreCodes.indexOf(code);
    return k < 0 ? 0 : this.moreCounts![k]!;
  }

  /** The diagnostics, with a summary for each code met more than MAX_PER_CODE times. */
  finish(): Diagnostic[] {
    if (this.firstCode === null || this.list === null) return [];
    this.summarize(this.firstCode, this.firstCount);
    const more = this.moreCodes;
    if (more !== null) {
      for (let k = 0; k < more.length; k++) this.summarize(more[k]!, this.moreCounts![k]!);
    }
    const list = this.list;
    this.reset();
    return list;
  }

  /**
   * One summary for the diagnostics of a code beyond MAX_PER_CODE, after the listed ones: the
   * first's fields, no span of its own, and `count` the number it stands for.
   */
  private summarize(code: Code, count: number): void {
    if (count <= MAX_PER_CODE) return;
    const first = this.list!.find((d) => d.code === code)!;
    this.list!.push({
      ...first,
      message: `…and ${count - MAX_PER_CODE} more like this (${count} in all).`,
      span: null,
      count: count - MAX_PER_CODE,
    });
  }
}

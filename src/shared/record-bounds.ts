// The size bound of one record. A hostile or broken server can send a quarter of a megabyte of
// header (Chromium's limit; a file has none) that parses into tens of thousands of parameters and
// findings — megabytes of record for one response. Storage is shared by every tab, so a record
// keeps at most MAX_RECORD_CHARS of serialised JSON: past that, what it keeps of its longest parts
// is cut, step by step, until it fits, and the record says what was left out (`truncated`).
// What is kept stays consistent: a challenge, parameter or diagnostic is kept only when the text it
// points into is, and lists keep their first items, so every index and span stays valid. Pure;
// never throws; a record within the bound comes back as it was.
import type { AuthParam, Challenge, Diagnostic } from '../core/index.ts';
import type { AuthField, Exchange, Step } from './exchange.ts';

/** 256 KiB: the lab's 64 KiB header (a 132 KB record) fits whole, with room to spare. */
export const MAX_RECORD_CHARS = 256 * 1024;

/** How much of each part a record keeps at one level of cutting. */
interface Level {
  /** Characters kept of each field line (and of status lines and realms). */
  line: number;
  /** Characters kept of each URL. */
  url: number;
  /** Characters kept of each diagnostic message. */
  message: number;
  /** Items kept of each list: lines of a field, challenges, parameters, diagnostics, credentials. */
  items: number;
  /** Steps kept, half from the start and half from the end. */
  steps: number;
}

// Tried in order; the first that fits wins. The last keeps no header text at all.
const LEVELS: readonly Level[] = [
  { line: 64 * 1024, url: 8 * 1024, message: 1000, items: 100, steps: 100 },
  { line: 8 * 1024, url: 2 * 1024, message: 300, items: 20, steps: 40 },
  { line: 1024, url: 512, message: 200, items: 5, steps: 12 },
  { line: 0, url: 256, message: 100, items: 0, steps: 12 },
];

/** A record and its serialised size, which callers budget with. */
export interface Bounded {
  exchange: Exchange;
  size: number;
}

export function sizeOf(exchange: Exchange): number {
  return JSON.stringify(exchange).length;
}

/** The exchange within `maxChars` of JSON, cut as little as the levels allow. */
export function boundRecord(exchange: Exchange, maxChars = MAX_RECORD_CHARS): Bounded {
  const size = sizeOf(exchange);
  if (size <= maxChars) return { exchange, size };
  let last: Bounded = { exchange, size };
  for (const level of LEVELS) {
    const cut = new Cut(level);
    const bounded = cut.exchange(exchange);
    const earlier = (exchange.truncated ?? []).filter((n) => !n.startsWith(HEADLINE));
    bounded.truncated = [
      `${HEADLINE} ${kib(maxChars)} of each record; this one was ${kib(size)}, so it does not keep:`,
      ...new Set([...earlier, ...cut.notes()]),
    ];
    last = { exchange: bounded, size: sizeOf(bounded) };
    if (last.size <= maxChars) return last;
  }
  return last;
}

const HEADLINE = 'AuthLens keeps at most';
/** Credentials are a scheme each and a request carries one or two: never the size problem. */
const MAX_CREDENTIALS = 8;
const kib = (chars: number) => `${Math.ceil(chars / 1024).toLocaleString('en-US')} KiB`;
const count = (n: number) => n.toLocaleString('en-US');
/** "1 header line", "2 header lines". */
const some = (n: number, noun: string) => `${count(n)} ${noun}${n === 1 ? '' : 's'}`;

class Cut {
  private linesCut = 0;
  private longestLine = 0;
  private linesDropped = 0;
  private challengesDropped = 0;
  private paramsDropped = 0;
  private diagnosticsDropped = 0;
  private credentialsDropped = 0;
  private urlsCut = 0;
  private textsCut = 0;
  private stepsDropped = 0;
  private fieldsDropped = 0;

  constructor(private readonly level: Level) {}

  exchange(exchange: Exchange): Exchange {
    const { steps: max } = this.level;
    let steps = exchange.steps;
    if (steps.length > max) {
      this.stepsDropped = steps.length - max;
      steps = [...steps.slice(0, max / 2), ...steps.slice(steps.length - max / 2)];
    }
    return {
      ...exchange,
      method: this.text(exchange.method, this.level.url),
      type: this.text(exchange.type, this.level.url),
      initiator: exchange.initiator === null ? null : this.url(exchange.initiator),
      url: this.url(exchange.url),
      steps: steps.map((s) => this.step(s)),
    };
  }

  /** One sentence per kind of thing left out, for the record's `truncated`. */
  notes(): string[] {
    const { line, url, items } = this.level;
    const notes: string[] = [];
    if (this.stepsDropped > 0) {
      notes.push(
        `${some(this.stepsDropped, 'step')} in the middle of the exchange (the first and last ${count(this.level.steps / 2)} are kept).`,
      );
    }
    if (this.fieldsDropped > 0) {
      notes.push(
        `The authentication headers of its responses (${some(this.fieldsDropped, 'field')}) and what was parsed from them: even cut short they did not fit.`,
      );
    }
    if (this.linesCut > 0) {
      notes.push(
        `Everything after the first ${count(line)} characters of ${some(this.linesCut, 'header line')} (the longest had ${count(this.longestLine)}), and what was parsed from that part.`,
      );
    }
    const lists: string[] = [];
    if (this.linesDropped > 0) lists.push(some(this.linesDropped, 'field line'));
    if (this.challengesDropped > 0) lists.push(some(this.challengesDropped, 'challenge'));
    if (this.paramsDropped > 0) lists.push(some(this.paramsDropped, 'parameter'));
    if (this.diagnosticsDropped > 0) lists.push(some(this.diagnosticsDropped, 'diagnostic'));
    if (lists.length > 0) {
      const beyond = items > 0 ? ` beyond the first ${count(items)} of their list` : '';
      notes.push(`${lists.join(', ')}${beyond}.`);
    }
    if (this.credentialsDropped > 0) {
      notes.push(
        `${some(this.credentialsDropped, 'credential')} beyond the first ${MAX_CREDENTIALS} of a request.`,
      );
    }
    if (this.urlsCut > 0) {
      notes.push(
        `Everything after the first ${count(url)} characters of ${some(this.urlsCut, 'URL')}.`,
      );
    }
    if (this.textsCut > 0) {
      notes.push(
        `The end of ${some(this.textsCut, 'long text')} (messages, status lines, realms).`,
      );
    }
    return notes;
  }

  private step(step: Step): Step {
    const { line, message } = this.level;
    switch (step.kind) {
      case 'request':
        return {
          ...step,
          url: this.url(step.url),
          credentials: this.first(step.credentials, MAX_CREDENTIALS, (n) => {
            this.credentialsDropped += n;
          }),
        };
      case 'response':
        return {
          ...step,
          url: this.url(step.url),
          statusLine: this.text(step.statusLine, line || 64),
          fields: this.fields(step.fields),
          diagnostics: this.first(step.diagnostics, this.level.items, (n) => {
            this.diagnosticsDropped += n;
          }).map((d) => this.message(d)),
        };
      case 'redirect':
        return { ...step, url: this.url(step.url), redirectUrl: this.url(step.redirectUrl) };
      case 'auth-required':
        return {
          ...step,
          scheme: this.text(step.scheme, 64),
          realm: this.text(step.realm, line || 64),
          challenger: this.text(step.challenger, this.level.url),
        };
      case 'error':
        return { ...step, error: this.text(step.error, message) };
      default:
        return step;
    }
  }

  /**
   * The field's first lines, each cut to the level's length, and of what was parsed only what
   * lies in the text kept: a challenge whose scheme is kept stays, with the parameters that are
   * kept whole; it ends where its last kept part ends.
   */
  private fields(fields: readonly AuthField[]): AuthField[] {
    if (this.level.items > 0) return fields.map((f) => this.field(f));
    this.fieldsDropped += fields.length;
    return [];
  }

  private field(field: AuthField): AuthField {
    const { items, line: max } = this.level;
    const lines = this.first(field.lines, items, (n) => {
      this.linesDropped += n;
    }).map((l) => {
      if (l.length <= max) return l;
      this.linesCut++;
      this.longestLine = Math.max(this.longestLine, l.length);
      return l.slice(0, max);
    });
    const kept = (line: number, end: number) => line < lines.length && end <= lines[line]!.length;
    const params = (list: readonly AuthParam[]): AuthParam[] => {
      const out = prefix(list, (p) => kept(p.line, p.end), items);
      this.paramsDropped += list.length - out.length;
      return out;
    };
    const challenges = prefix(
      field.challenges,
      (c) =>
        kept(c.line, c.start + c.scheme.length) &&
        (c.token68Start === null || kept(c.line, c.token68Start + (c.token68?.length ?? 0))),
      items,
    ).map((c): Challenge => {
      const all = params(c.params);
      const whole = all.length === c.params.length && kept(c.endLine, c.end);
      return whole ? c : { ...c, params: all, ...endOf(c, all) };
    });
    this.challengesDropped += field.challenges.length - challenges.length;
    const diagnostics = prefix(
      field.diagnostics,
      (d) =>
        (d.challenge === undefined || d.challenge < challenges.length) &&
        (d.span === null ? d.line < lines.length : kept(d.span.endLine, d.span.end)),
      items,
    ).map((d) => this.message(d));
    this.diagnosticsDropped += field.diagnostics.length - diagnostics.length;
    return { ...field, lines, challenges, params: params(field.params), diagnostics };
  }

  private message(diagnostic: Diagnostic): Diagnostic {
    const message = this.text(diagnostic.message, this.level.message);
    return message === diagnostic.message ? diagnostic : { ...diagnostic, message };
  }

  private url(url: string): string {
    if (url.length <= this.level.url) return url;
    this.urlsCut++;
    return `${url.slice(0, this.level.url)}…`;
  }

  private text(text: string, max: number): string {
    if (text.length <= max) return text;
    this.textsCut++;
    return `${text.slice(0, max)}…`;
  }

  private first<T>(list: readonly T[], max: number, dropped: (n: number) => void): T[] {
    if (list.length <= max) return list as T[];
    dropped(list.length - max);
    return list.slice(0, max);
  }
}

/** The longest prefix of a list whose items all pass, at most `max` long. */
function prefix<T>(list: readonly T[], ok: (item: T) => boolean, max: number): T[] {
  let n = 0;
  while (n < list.length && n < max && ok(list[n]!)) n++;
  return list.slice(0, n);
}

/** Where a challenge ends when only these parameters of it are kept. */
function endOf(
  challenge: Challenge,
  params: readonly AuthParam[],
): { endLine: number; end: number } {
  const last = params.at(-1);
  if (last) return { endLine: last.line, end: last.end };
  const token68End =
    challenge.token68Start === null
      ? -1
      : challenge.token68Start + (challenge.token68?.length ?? 0);
  return {
    endLine: challenge.line,
    end: Math.max(challenge.start + challenge.scheme.length, token68End),
  };
}

// Display text for times, durations, references and outcomes, shared by the list and the detail.
// Pure.
import type { Reference } from '../core/index.ts';
import type { Outcome } from '../shared/exchange.ts';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local wall-clock time with milliseconds, the precision logs use. */
export function formatClock(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '';
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** "RFC 7616 §3.3", or the document alone when the whole of it is meant. */
export function formatReference(reference: Reference): string {
  return reference.section ? `${reference.document} §${reference.section}` : reference.document;
}

export const outcomeText: Record<Outcome, string> = {
  pending: 'Waiting for the response.',
  challenged:
    'The server asked for credentials and the exchange ended there: nobody answered the challenge, or the prompt was cancelled.',
  authenticated: 'The challenge was answered and the server accepted the credentials.',
  rejected: 'Credentials were sent and the server refused them with a new challenge.',
  succeeded:
    'The request succeeded without a challenge; the server sent authentication fields anyway.',
  failed: 'A network error ended the exchange before a usable response.',
};

/**
 * The class a CSS module has for `key`, a value from a record (an outcome, a severity): an imported
 * file can say "constructor", which must not reach Object.prototype.
 */
export function classFor(
  styles: Readonly<Record<string, string>>,
  key: string,
): string | undefined {
  return Object.hasOwn(styles, key) ? styles[key] : undefined;
}

/** A long header value is shown in part until asked for; 4,000 characters fill a screen. */
export const SHOW_CHARS = 4000;

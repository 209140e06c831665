// Redaction for everything that leaves the panel (export files, cURL): credential values,
// challenge token68s and token-bearing URL parts are removed or masked. Pure.
import { token68SpanOf } from '../core/index.ts';
import type { AuthField, Exchange, Step } from '../shared/exchange.ts';
import { redactUrlForExport, REDACTED } from '../shared/redact.ts';

/**
 * The exchange as it may leave the machine: credential values dropped (the scheme stays, which is
 * what the panel explains), challenge token68s masked (NTLM and Negotiate handshake tokens name
 * hosts and carry tickets) and URL userinfo and token parameters masked, as har.ts does for HAR.
 */
export function redactExchange(exchange: Exchange): Exchange {
  const steps = exchange.steps.map((step): Step => {
    switch (step.kind) {
      case 'request':
        return {
          ...step,
          url: redactUrlForExport(step.url),
          credentials: step.credentials.map(({ value: _value, ...rest }) => rest),
        };
      case 'response':
        return {
          ...step,
          url: redactUrlForExport(step.url),
          fields: step.fields.map(maskToken68s),
        };
      case 'redirect':
        return {
          ...step,
          url: redactUrlForExport(step.url),
          redirectUrl: redactUrlForExport(step.redirectUrl),
        };
      default:
        return step;
    }
  });
  return { ...exchange, url: redactUrlForExport(exchange.url), steps };
}

/** Same length, so every span and diagnostic stays valid; still a token68, so it re-parses. */
function mask(length: number): string {
  return length >= REDACTED.length
    ? REDACTED + '.'.repeat(length - REDACTED.length)
    : 'x'.repeat(length);
}

function maskToken68s(field: AuthField): AuthField {
  if (!field.challenges.some((c) => c.token68 !== null)) return field;
  const lines = [...field.lines];
  const challenges = field.challenges.map((c) => {
    const span = token68SpanOf(c);
    const line = span ? lines[span.line] : undefined;
    if (c.token68 === null || !span || span.line !== span.endLine || line === undefined) return c;
    const masked = mask(span.end - span.start);
    lines[span.line] = line.slice(0, span.start) + masked + line.slice(span.end);
    return { ...c, token68: masked };
  });
  return { ...field, lines, challenges };
}

/** Whether any exchange holds a credential value (only when the user revealed them). */
export function holdsCredentials(exchanges: readonly Exchange[]): boolean {
  return exchanges.some((e) =>
    e.steps.some((s) => s.kind === 'request' && s.credentials.some((c) => c.value !== undefined)),
  );
}

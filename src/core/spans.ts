// Spans of challenges, parameters and their parts, derived from the offsets each keeps and the
// text it read. Challenges and parameters carry plain offsets rather than span objects: one object
// per part instead of two (or six), which makes parsing cheaper and results smaller — a megabyte
// of challenges is mostly these objects — while every part stays locatable in its field line. Pure.
import type { AuthParam, Challenge, Span } from './types.ts';

function on(line: number, start: number, end: number): Span {
  return { line, start, endLine: line, end };
}

/** The whole challenge: from its scheme to the end of its token68 or last parameter. */
export function challengeSpanOf(challenge: Challenge): Span {
  const { line, start, endLine, end } = challenge;
  return { line, start, endLine, end };
}

/** The whole parameter: from its name to the end of its value, closing quote included. */
export function paramSpanOf(param: AuthParam): Span {
  return on(param.line, param.start, param.end);
}

/** The scheme: the first token of the challenge, always on its first line. */
export function schemeSpanOf(challenge: Challenge): Span {
  return on(challenge.line, challenge.start, challenge.start + challenge.scheme.length);
}

/** The token68, which stands on the scheme's line when there is one. */
export function token68SpanOf(challenge: Challenge): Span | null {
  if (challenge.token68 === null || challenge.token68Start === null) return null;
  const start = challenge.token68Start;
  return on(challenge.line, start, start + challenge.token68.length);
}

/** The parameter's name, as written. */
export function nameSpanOf(param: AuthParam): Span {
  return on(param.line, param.start, param.start + param.name.length);
}

/** The parameter's value as written: quotes and escapes included. */
export function valueSpanOf(param: AuthParam): Span {
  return on(param.line, param.valueStart, param.end);
}

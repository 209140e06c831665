// `authlens parse`: header values given on the command line, parsed and diagnosed as if received,
// for teaching and debugging. Pure.
import { analyzeChallenges, type ExchangeContext } from '../core/index.ts';
import { challengeOut, diagnosticOut, type ChallengeOut, type DiagnosticOut } from './result.ts';

export interface ParsedValue {
  /** The header the value was read as. */
  field: 'WWW-Authenticate' | 'Proxy-Authenticate';
  value: string;
  challenges: ChallengeOut[];
  diagnostics: DiagnosticOut[];
}

export interface ParseReport {
  authlens: 'parse';
  version: 1;
  values: ParsedValue[];
}

/**
 * Each argument is one field value; a leading "WWW-Authenticate:" or "Proxy-Authenticate:" (as
 * copied from DevTools or curl -v) is read as the field name.
 */
export function parseValues(
  values: readonly string[],
  context: { status: number | null; url: string | null },
): ParseReport {
  return {
    authlens: 'parse',
    version: 1,
    values: values.map((raw) => {
      const match = /^\s*(www-authenticate|proxy-authenticate)\s*:\s?/i.exec(raw);
      const field =
        match?.[1]!.toLowerCase() === 'proxy-authenticate'
          ? 'Proxy-Authenticate'
          : 'WWW-Authenticate';
      const value = match ? raw.slice(match[0].length) : raw;
      const exchange: ExchangeContext = { field };
      if (context.status !== null) exchange.status = context.status;
      if (context.url !== null) exchange.url = context.url;
      const { challenges, diagnostics } = analyzeChallenges(value, exchange);
      return {
        field,
        value,
        challenges: challenges.map((c) => challengeOut(field, c)),
        diagnostics: diagnostics.map((d) => diagnosticOut(d, field)),
      };
    }),
  };
}

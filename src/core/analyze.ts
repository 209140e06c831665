// One call for what every consumer wants: parse a challenge field and diagnose it in its exchange.
import { diagnose, type ExchangeContext } from './diagnose.ts';
import { parseChallenges, type FieldLines, type ParseOptions } from './parse.ts';
import type { ChallengeParse } from './types.ts';

/** parseChallenges, then diagnose: grammar and semantic diagnostics in one list, grammar first. */
export function analyzeChallenges(
  fieldLines: FieldLines,
  context: ExchangeContext = {},
  options: ParseOptions = {},
): ChallengeParse {
  const parsed = parseChallenges(fieldLines, options);
  return {
    challenges: parsed.challenges,
    diagnostics: [...parsed.diagnostics, ...diagnose(parsed.challenges, context)],
  };
}

// analyzeChallenges (parse, then diagnose) on fields built to make many findings: its cost per
// byte must stay flat, and its result small, however many parameters or challenges repeat a
// finding (issue 10: 20,000 unknown parameters once gave 20,000 diagnostics). Run with
// `npm run bench`.
import type { Contender, Suite } from '../../scripts/bench/suite.ts';
import { analyzeChallenges } from './analyze.ts';
import type { ChallengeParse } from './types.ts';

const analyze: Contender<string> = {
  name: 'analyzeChallenges',
  prepare: (field) => () => analyzeChallenges(field, { status: 401, url: 'https://a.example/' }),
  describe(result) {
    const { challenges, diagnostics } = result as ChallengeParse;
    const bytes = JSON.stringify(diagnostics).length;
    return `${challenges.length} challenges, ${diagnostics.length} diagnostics (${bytes} B)`;
  },
};

/** `prefix` + units until about `size` characters, as one flat string. */
function fill(size: number, prefix: string, unit: (i: number) => string): string {
  const parts = [prefix];
  let length = prefix.length;
  for (let i = 0; length < size; i++) {
    const part = unit(i);
    parts.push(part);
    length += part.length;
  }
  return JSON.parse(JSON.stringify(parts.join(''))) as string;
}

export const suites: Array<Suite<string>> = [
  {
    kind: 'scaling',
    name: 'analyze: scaling',
    title: 'fields full of findings, cost per byte at 1 KB and at 1 MiB (1.00× = linear)',
    subject: 'analyzeChallenges',
    contenders: [analyze],
    sizes: { small: 1024, large: 1 << 20, unit: 'B', smallLabel: '1 KB', largeLabel: '1 MiB' },
    inputs: [
      {
        name: 'unknown Digest parameters',
        make: (size) =>
          fill(size, 'Digest realm="r", nonce="n", qop="auth"', (i) => `, p${i}="v${i}"`),
      },
      {
        name: 'unregistered schemes',
        make: (size) => fill(size, 'Scheme0', (i) => `, Scheme${i + 1}`),
      },
      {
        name: 'Basic challenges without realm',
        make: (size) => fill(size, 'Basic charset="UTF-8"', () => ', Basic charset="UTF-8"'),
      },
    ],
    limit: 2,
  },
];

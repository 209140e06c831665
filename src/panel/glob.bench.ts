// The filter's globs against adversarial realms (issue 10 item 9): cost per character at 1 KB and
// at 100 KB. The backtracking regular expression the filter used before is shown for contrast;
// `npm run bench -- --filter "panel: glob"`.
import type { Contender, Suite } from '../../scripts/bench/suite.ts';
import { compileGlob } from './glob.ts';

type Input = { pattern: string; text: string };

const linear: Contender<Input> = {
  name: 'AuthLens',
  prepare: ({ pattern, text }) => {
    const match = compileGlob(pattern);
    return () => match(text);
  },
};

/** What filter.ts did until issue 10: every `*` became `.*` in an anchored regular expression. */
const backtracking: Contender<Input> = {
  name: 'RegExp .*',
  reference: true,
  prepare: ({ pattern, text }) => {
    const body = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    const re = new RegExp(`^${body}$`, 'i');
    return () => re.test(text);
  },
};

function adversarial(name: string, pattern: string, unit: string) {
  return {
    name,
    make: (n: number): Input => ({ pattern, text: unit.repeat(Math.ceil(n / unit.length)) }),
    units: (input: Input) => input.text.length,
  };
}

export const suites: Suite<Input>[] = [
  {
    kind: 'scaling',
    name: 'panel: glob',
    title:
      'filter globs on adversarial realms, cost per character at 1 KB and 100 KB (1.00× = linear)',
    subject: 'AuthLens',
    contenders: [linear, backtracking],
    sizes: { small: 1024, large: 100 * 1024, unit: 'B', smallLabel: '1 KB', largeLabel: '100 KB' },
    inputs: [
      adversarial('realm:*a*b, all a', '*a*b', 'a'),
      adversarial('realm:*a*a*a*b, all a', '*a*a*a*b', 'a'),
      adversarial('realm:*aaaab*, all a', '*aaaab*', 'a'),
      adversarial('realm:*ab*ab*c, abab…', '*ab*ab*c', 'ab'),
    ],
    limit: 2,
  },
];

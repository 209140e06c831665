// @vitest-environment happy-dom
// The panel's cost at 100 and at 10,000 exchanges, in one run: a filter change (parse the filter,
// match every record, re-render the virtualised list and the selected detail). The goal from
// issue 4 is that 10,000 costs at most 2× what 100 costs: filtering is linear but cheap, and the
// list renders one screenful whatever the count. Run: npx vitest bench --run src/panel/panel.bench.tsx
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { bench, describe } from 'vitest';
import { ExchangeDetail } from './components/ExchangeDetail.tsx';
import { ExchangeList } from './components/ExchangeList.tsx';
import { filterExchanges, parseFilter } from './filter.ts';
import { giveElementsASize } from './test-host.ts';
import { manyExchanges } from './test-fixtures.ts';

giveElementsASize(600, 1200);
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;

// Two filters that each keep a different part of the list, so every call re-renders rows.
const filters = ['scheme:basic -has:info', 'has:error status:4xx'];

function setup(count: number) {
  const all = manyExchanges(count);
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  let turn = 0;
  return () => {
    const shown = filterExchanges(all, parseFilter(filters[turn++ % 2]!));
    const selected = shown[shown.length - 1]!;
    flushSync(() =>
      root.render(
        <>
          <ExchangeList
            exchanges={shown}
            selectedId={selected.id}
            onSelect={() => {}}
            onActivate={() => {}}
            time="clock"
          />
          <ExchangeDetail exchange={selected} onCopy={() => {}} />
        </>,
      ),
    );
  };
}

describe('filter change: parse, match, render list and detail', () => {
  const small = setup(100);
  const large = setup(10_000);
  bench('100 exchanges', small, { time: 2000 });
  bench('10,000 exchanges', large, { time: 2000 });
});

// The list as the filter shows it. The filter language (filter.ts) is not needed until the user
// types: it loads in the background after the first render, and an empty filter shows everything.
import { useEffect, useMemo, useState } from 'react';
import type { Exchange } from '../../shared/exchange.ts';

const loadFilter = () => import('../filter.ts');
type FilterModule = Awaited<ReturnType<typeof loadFilter>>;

const noProblems: readonly string[] = [];

export function useFilter(exchanges: readonly Exchange[], text: string) {
  const [language, setLanguage] = useState<FilterModule | null>(null);
  useEffect(() => {
    let live = true;
    void loadFilter().then((m) => live && setLanguage(m));
    return () => {
      live = false;
    };
  }, []);
  const filter = useMemo(
    () => (language && text.trim() !== '' ? language.parseFilter(text) : null),
    [language, text],
  );
  const shown = useMemo(
    () => (language && filter ? language.filterExchanges(exchanges, filter) : exchanges),
    [language, filter, exchanges],
  );
  return { shown, problems: filter?.problems ?? noProblems };
}

// The records as the list, the filter and the detail see them: with an `expectation-failed`
// diagnostic wherever a rule does not hold, and the toolbar badge's counts. The checker loads only
// once there are rules, so the startup chunk never carries it.
import { useEffect, useLayoutEffect, useMemo, useState } from 'react';
import type { Exchange } from '../../shared/exchange.ts';
import type { RulesBadge } from '../components/Toolbar.tsx';
import type { RulesDocument } from '../rules.ts';
import type { Notify } from './use-notify.ts';

const loadChecker = () => import('../violations.ts');
type Checker = Awaited<ReturnType<typeof loadChecker>>;

export function useViolations(all: readonly Exchange[], document: RulesDocument, notify: Notify) {
  const [checker, setChecker] = useState<Checker | null>(null);
  const hasRules = document.rules.length > 0;
  useEffect(() => {
    if (hasRules && !checker) void loadChecker().then(setChecker);
  }, [hasRules, checker]);

  const validation = useMemo(
    () => (checker && hasRules ? checker.compileRules(document) : null),
    [checker, hasRules, document],
  );
  const rules = validation && 'rules' in validation ? validation.rules : null;
  const firstError = validation && 'errors' in validation ? validation.errors[0]!.message : null;
  // A layout effect, so the notice shows in the same frame as the badge that says "invalid".
  useLayoutEffect(() => {
    // The editor saves only valid rules: an invalid document came from storage (another version?).
    if (firstError !== null) {
      notify(
        'error',
        'rules-invalid',
        `The stored expectation rules are invalid, so none applies: ${firstError}`,
      );
    }
  }, [firstError, notify]);

  const checked = useMemo(
    () => (checker && rules ? checker.withViolations(all, rules) : all),
    [checker, rules, all],
  );
  const badge: RulesBadge = useMemo(
    () => ({
      count: document.rules.length,
      invalid: firstError !== null,
      violations: checker && rules ? checker.countViolations(checked, all) : null,
    }),
    [document, firstError, checker, rules, checked, all],
  );
  return { checked, badge };
}

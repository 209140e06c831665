// Diagnostics grouped by severity, errors first: message, code, where it is, and the RFC section
// that grounds it. Hovering an item highlights its span in the raw view; "Show" moves focus there.
import { useState } from 'react';
import type { Diagnostic, Severity } from '../../core/index.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { formatReference } from '../format.ts';
import buttons from './buttons.module.css';
import styles from './DiagnosticList.module.css';

export interface DiagnosticItem {
  /** `${fieldKey}:${index}`, the key RawHeader marks it with. */
  key: string;
  diagnostic: Diagnostic;
  /** The field it concerns; null for findings about the response as a whole. */
  field: string | null;
  /** Whether the raw view marks it (it points at text). */
  placed: boolean;
}

interface Props {
  items: readonly DiagnosticItem[];
  onHighlight(key: string | null): void;
  onReveal(key: string): void;
  /** Opens the rules editor on the rule a violation names. */
  onEditRule?(index: number): void;
}

/** The rule an `expectation-failed` diagnostic names (its index in the rules file). */
function ruleOf(d: Diagnostic): number | null {
  const rule = (d as Diagnostic & { rule?: unknown }).rule;
  return d.code === 'expectation-failed' && typeof rule === 'number' ? rule : null;
}

const groups: Array<[Severity, string]> = [
  ['error', 'Errors'],
  ['warning', 'Warnings'],
  ['info', 'Info'],
];

/** Enough to read; a pathological field can produce thousands. */
const MAX_PER_GROUP = 100;

export function DiagnosticList({ items, onHighlight, onReveal, onEditRule }: Props) {
  const [all, setAll] = useState(false);
  if (items.length === 0) {
    return (
      <p className={styles.none} data-testid="no-diagnostics">
        No problems found: the fields follow the grammar and the rules AuthLens checks.
      </p>
    );
  }
  return (
    <div className={styles.list} data-testid="diagnostics">
      {groups.map(([severity, title]) => {
        const group = items.filter((i) => i.diagnostic.severity === severity);
        if (group.length === 0) return null;
        return (
          <section key={severity} aria-label={title} data-severity={severity}>
            <h4 className={`${styles.title} ${styles[severity]}`}>
              {title} ({group.length})
            </h4>
            <ul className={styles.items}>
              {(all ? group : group.slice(0, MAX_PER_GROUP)).map(
                ({ key, diagnostic: d, field, placed }) => {
                  const rule = ruleOf(d);
                  return (
                    <li
                      key={key}
                      className={styles.item}
                      data-code={d.code}
                      data-severity={d.severity}
                      data-rule={rule ?? undefined}
                      onMouseEnter={() => onHighlight(key)}
                      onMouseLeave={() => onHighlight(null)}
                    >
                      <span className={`${styles.dot} ${styles[severity]}`} aria-hidden="true" />
                      <span className={styles.message}>{visibleText(d.message)}</span>
                      <span className={styles.meta}>
                        <code>{d.code}</code>
                        {rule !== null && (
                          <span className={styles.rule} data-testid="violation-rule">
                            rules[{rule}]
                            {onEditRule && (
                              <button
                                type="button"
                                className={`${buttons.button} ${styles.show}`}
                                aria-label={`Edit rule ${rule + 1}`}
                                onClick={() => onEditRule(rule)}
                              >
                                Edit rule
                              </button>
                            )}
                          </span>
                        )}
                        {field && (
                          <span>
                            {field}
                            {placed && `, line ${d.line + 1} col ${d.offset + 1}`}
                          </span>
                        )}
                        <a href={d.reference.url} target="_blank" rel="noreferrer">
                          {formatReference(d.reference)}
                        </a>
                        {placed && (
                          <button
                            type="button"
                            className={`${buttons.button} ${styles.show}`}
                            aria-label={`Show ${d.code} in the raw header`}
                            onClick={() => onReveal(key)}
                            onFocus={() => onHighlight(key)}
                            onBlur={() => onHighlight(null)}
                          >
                            Show
                          </button>
                        )}
                      </span>
                    </li>
                  );
                },
              )}
            </ul>
            {!all && group.length > MAX_PER_GROUP && (
              <button
                type="button"
                className={`${buttons.button} ${styles.show}`}
                onClick={() => setAll(true)}
              >
                Show all {group.length}
              </button>
            )}
          </section>
        );
      })}
    </div>
  );
}

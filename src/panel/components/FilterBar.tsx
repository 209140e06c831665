// The filter input in DevTools' style: `/` focuses it (wired in App), Esc clears it, and terms it
// cannot read are said next to it instead of silently matching nothing.
import type { Ref } from 'react';
import styles from './FilterBar.module.css';

interface Props {
  value: string;
  onChange(value: string): void;
  problems: readonly string[];
  inputRef?: Ref<HTMLInputElement>;
}

export const FILTER_HELP =
  'Free text, or scheme:digest status:401 status:4xx host:example.com method:POST ' +
  'has:error|warning|info|violation|challenge|credentials|token68|authinfo|proxy code:digest-md5-only ' +
  'realm:lab outcome:rejected is:imported. Prefix a term with - to exclude; all terms must match.';

export function FilterBar({ value, onChange, problems, inputRef }: Props) {
  return (
    <div className={styles.bar}>
      <input
        ref={inputRef}
        className={styles.input}
        type="search"
        aria-label="Filter exchanges"
        aria-describedby="filter-help"
        data-testid="filter"
        placeholder="Filter  (scheme:digest status:401 -has:error)"
        title={FILTER_HELP}
        spellCheck={false}
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.preventDefault();
          if (!value) return e.currentTarget.blur();
          // Clearing is this Esc's whole job: DevTools must not also toggle its console drawer.
          e.stopPropagation();
          onChange('');
        }}
      />
      <span id="filter-help" className="sr-only">
        {FILTER_HELP}
      </span>
      {problems.length > 0 && (
        <span className={styles.problem} role="alert" data-testid="filter-problem">
          {problems[0]}
        </span>
      )}
    </div>
  );
}

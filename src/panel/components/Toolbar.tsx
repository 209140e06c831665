// The top toolbar in DevTools' order: record, clear, the filter, preserve log, import, export,
// the expectation-rules badge and settings. Icons are inline SVG shapes (no icon font); every
// button has a name for screen readers.
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { RecorderState } from '../../shared/protocol.ts';
import type { Settings } from '../host.ts';
import buttons from './buttons.module.css';
import styles from './Toolbar.module.css';

/** What the rules badge says: how many rules apply, and how many exchanges break them. */
export interface RulesBadge {
  count: number;
  /** The stored rules do not validate (saved by another version?): none of them applies. */
  invalid: boolean;
  /** Exchanges with at least one violation; null while they are being checked. */
  violations: number | null;
}

interface Props {
  recorder: RecorderState;
  rules: RulesBadge;
  onRules(): void;
  settings: Settings;
  onTogglePause(): void;
  onClear(): void;
  onPreserveLog(preserve: boolean): void;
  onImport(file: File): void;
  onExport(): void;
  onSettings(settings: Settings): void;
  /** Opens the file picker from elsewhere (the empty state). */
  importRef?: RefObject<HTMLInputElement | null>;
  children: ReactNode;
}

function Icon({ d, filled }: { d: string; filled?: boolean }) {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" className={styles.icon}>
      <path d={d} fill={filled ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

const RECORD = 'M8 3.5a4.5 4.5 0 1 1 0 9a4.5 4.5 0 1 1 0-9z';
const CLEAR = 'M8 2.5a5.5 5.5 0 1 1 0 11a5.5 5.5 0 1 1 0-11zM4.2 4.2l7.6 7.6';
const IMPORT = 'M8 11V2.5M4.5 6L8 2.5L11.5 6M2.5 13.5h11';
const EXPORT = 'M8 2.5V11M4.5 7.5L8 11l3.5-3.5M2.5 13.5h11';
const GEAR =
  'M8 5.5a2.5 2.5 0 1 1 0 5a2.5 2.5 0 1 1 0-5zM8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.5 1.5M11.5 11.5L13 13M3 13l1.5-1.5M11.5 4.5L13 3';

function rulesLabel({ count, invalid, violations }: RulesBadge): string {
  if (invalid) return 'The stored expectation rules are invalid, so none applies';
  const rules = `${count} expectation rule${count === 1 ? '' : 's'} active`;
  if (violations === null) return rules;
  return `${rules}; ${violations === 0 ? 'no exchange breaks them' : `${violations} exchange${violations === 1 ? '' : 's'} with violations`}`;
}

export function Toolbar(props: Props) {
  const { recorder, settings, rules } = props;
  const [open, setOpen] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const inputRef = props.importRef ?? fileRef;

  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (
        e instanceof KeyboardEvent
          ? e.key === 'Escape'
          : !menuRef.current?.contains(e.target as Node)
      ) {
        setOpen(false);
      }
    };
    document.addEventListener('keydown', close);
    document.addEventListener('mousedown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('mousedown', close);
    };
  }, [open]);

  const recording = !recorder.paused;
  return (
    <header>
      <h1 className="sr-only">AuthLens</h1>
      <div className={styles.toolbar} role="toolbar" aria-label="AuthLens">
        <button
          type="button"
          className={recording ? styles.recording : styles.button}
          aria-pressed={recording}
          aria-label="Record"
          title={
            recording
              ? 'Stop recording authentication exchanges'
              : 'Record authentication exchanges'
          }
          data-testid="record"
          onClick={props.onTogglePause}
        >
          <Icon d={RECORD} filled />
        </button>
        <button
          type="button"
          className={styles.button}
          aria-label="Clear"
          title="Clear the list (live and imported)"
          data-testid="clear"
          onClick={props.onClear}
        >
          <Icon d={CLEAR} />
        </button>
        <span className={styles.separator} />
        {props.children}
        <label className={styles.check} title="Keep records when the page navigates">
          <input
            type="checkbox"
            checked={recorder.preserveLog}
            data-testid="preserve-log"
            onChange={(e) => props.onPreserveLog(e.target.checked)}
          />
          Preserve log
        </label>
        <span className={styles.separator} />
        <button
          type="button"
          className={styles.button}
          aria-label="Import HAR or AuthLens file"
          title="Import a HAR or AuthLens JSON file"
          data-testid="import"
          onClick={() => inputRef.current?.click()}
        >
          <Icon d={IMPORT} />
        </button>
        <input
          ref={inputRef}
          type="file"
          accept=".har,.json,application/json"
          hidden
          data-testid="import-input"
          aria-label="Choose a file to import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) props.onImport(file);
          }}
        />
        <button
          type="button"
          className={styles.button}
          aria-label="Export"
          title="Export as HAR or AuthLens JSON"
          data-testid="export"
          onClick={props.onExport}
        >
          <Icon d={EXPORT} />
        </button>
        {(rules.count > 0 || rules.invalid) && (
          <button
            type="button"
            className={rules.invalid || rules.violations ? styles.rulesBad : styles.rules}
            data-testid="rules-badge"
            data-count={rules.count}
            data-violations={rules.violations ?? undefined}
            aria-label={rulesLabel(rules)}
            title={`${rulesLabel(rules)}. Edit the rules`}
            onClick={props.onRules}
          >
            {rules.invalid ? 'rules invalid' : `${rules.count} rule${rules.count === 1 ? '' : 's'}`}
            {!rules.invalid && rules.violations ? ` · ${rules.violations} ✕` : ''}
          </button>
        )}
        <div className={styles.menuHost} ref={menuRef}>
          <button
            type="button"
            className={styles.button}
            aria-label="Settings"
            aria-expanded={open}
            title="Settings"
            data-testid="settings"
            onClick={() => setOpen(!open)}
          >
            <Icon d={GEAR} />
          </button>
          {open && (
            <div className={styles.menu} role="group" aria-label="Settings">
              <label>
                Theme{' '}
                <select
                  value={settings.theme}
                  onChange={(e) =>
                    props.onSettings({ ...settings, theme: e.target.value as Settings['theme'] })
                  }
                >
                  <option value="auto">Follow DevTools</option>
                  <option value="light">Light</option>
                  <option value="dark">Dark</option>
                </select>
              </label>
              <label>
                Time column{' '}
                <select
                  value={settings.time}
                  onChange={(e) =>
                    props.onSettings({ ...settings, time: e.target.value as Settings['time'] })
                  }
                >
                  <option value="clock">Start time</option>
                  <option value="duration">Duration</option>
                </select>
              </label>
              <button
                type="button"
                className={`${buttons.button} ${styles.menuButton}`}
                data-testid="edit-rules"
                onClick={() => {
                  setOpen(false);
                  props.onRules();
                }}
              >
                Expectation rules…{rules.count > 0 ? ` (${rules.count})` : ''}
              </button>
            </div>
          )}
        </div>
      </div>
    </header>
  );
}

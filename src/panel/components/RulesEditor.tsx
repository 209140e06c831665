// The expectation-rules editor (issue 6), a dialog opened from Settings or the toolbar's rules
// badge: the rules as a list, the form (RuleForm.tsx) to add or edit one, and import/export of
// the versioned JSON file. Every change is validated by src/core's validateRules before it is
// kept; an invalid file or form changes nothing. Loaded lazily: the startup chunk never carries it.
import { useEffect, useRef, useState } from 'react';
import { describeRule, draftOf, importRules } from '../rules-draft.ts';
import type { RulesDocument } from '../rules.ts';
import type { RuleError } from '../../core/index.ts';
import buttons from './buttons.module.css';
import { Dialog, DialogButtons } from './Dialog.tsx';
import { RuleForm } from './RuleForm.tsx';
import styles from './RulesEditor.module.css';

interface Props {
  document: RulesDocument;
  /** Keep this document (already valid); `message` says what changed, for the status line. */
  onChange(document: RulesDocument, message: string): void;
  onExport(): void;
  onClose(): void;
  /** Open the form on this rule (from a violation's "Edit rule"). */
  editIndex?: number;
}

type ImportProblem = { message: string; problems: RuleError[] };

export function RulesEditor({ document, onChange, onExport, onClose, editIndex }: Props) {
  const [editing, setEditing] = useState<number | null>(
    editIndex !== undefined && editIndex < document.rules.length ? editIndex : null,
  );
  const [importProblem, setImportProblem] = useState<ImportProblem | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const dialogRef = useRef<HTMLElement>(null);
  const count = document.rules.length;

  useEffect(() => {
    if (editIndex === undefined) dialogRef.current?.querySelector<HTMLElement>('button')?.focus();
  }, [editIndex]);

  const importFile = async (file: File) => {
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      setImportProblem({
        message: `${file.name} could not be read (${String(error)}); nothing changed.`,
        problems: [],
      });
      return;
    }
    const result = importRules(text, file.name);
    if (!result.ok) {
      setImportProblem({ message: result.message, problems: result.problems });
      return;
    }
    setImportProblem(null);
    setEditing(null);
    onChange(
      result.document,
      `Imported ${result.count} rule${result.count === 1 ? '' : 's'} from ${file.name}` +
        (count > 0 ? `, replacing ${count}.` : '.'),
    );
  };

  return (
    <Dialog
      title="Expectation rules"
      onClose={onClose}
      testId="rules-editor"
      wide
      dialogRef={dialogRef}
    >
      <p className={styles.note}>
        Every response of every exchange is checked against the rules whose URL pattern matches;
        each deviation is an <code>expectation-failed</code> error (filter with{' '}
        <code>has:violation</code>). The file is the versioned schema{' '}
        <code>authlens check --expect</code> reads. Rules are kept in this browser profile.
      </p>
      {importProblem && (
        <div className={styles.alert} role="alert" data-testid="rules-error">
          <p>{importProblem.message}</p>
          {importProblem.problems.length > 0 && (
            <ul>
              {importProblem.problems.map((p, i) => (
                <li
                  key={i}
                  data-rule={p.rule ?? 'document'}
                  data-field={p.field}
                  data-testid="rules-error-item"
                >
                  {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {count === 0 ? (
        <p className={styles.empty} data-testid="no-rules">
          No rules yet. Add one, or import a rules file.
        </p>
      ) : (
        <ol className={styles.rules} data-testid="rule-list">
          {document.rules.map((rule, i) => {
            const d = draftOf(rule);
            return (
              <li
                key={i}
                className={editing === i ? styles.editingRow : styles.row}
                data-testid="rule-row"
                data-index={i}
              >
                <span className={styles.ruleText}>
                  <code className={styles.index} title="How messages and the file refer to it">
                    rules[{i}]
                  </code>{' '}
                  <span className={styles.ruleName}>{d.name || `Rule ${i + 1}`}</span>{' '}
                  <code className={styles.match}>{d.match}</code>
                  <span className={styles.expects}>{describeRule(rule)}</span>
                </span>
                <button
                  type="button"
                  className={buttons.button}
                  aria-label={`Edit rule ${i + 1}`}
                  data-testid="rule-edit"
                  onClick={() => setEditing(i)}
                >
                  Edit
                </button>
                <button
                  type="button"
                  className={buttons.button}
                  aria-label={`Delete rule ${i + 1}`}
                  data-testid="rule-delete"
                  onClick={() => {
                    setEditing(null);
                    onChange(
                      { ...document, rules: document.rules.filter((_, j) => j !== i) },
                      `Deleted rule ${i + 1}${d.name ? ` "${d.name}"` : ''}.`,
                    );
                  }}
                >
                  Delete
                </button>
              </li>
            );
          })}
        </ol>
      )}
      {editing === null ? (
        <button
          type="button"
          className={buttons.button}
          data-testid="rule-add"
          onClick={() => setEditing(count)}
        >
          Add rule
        </button>
      ) : (
        <RuleForm
          key={editing}
          document={document}
          index={editing}
          onSave={(next) => {
            setEditing(null);
            onChange(next, `${editing === count ? 'Added' : 'Saved'} rule ${editing + 1}.`);
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      <DialogButtons>
        <button
          type="button"
          className={buttons.button}
          data-testid="rules-import"
          onClick={() => fileRef.current?.click()}
        >
          Import rules…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".json,application/json"
          hidden
          aria-label="Choose a rules file to import"
          data-testid="rules-import-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
        <button
          type="button"
          className={buttons.button}
          data-testid="rules-export"
          disabled={count === 0}
          onClick={onExport}
        >
          Export rules…
        </button>
        <button
          type="button"
          className={buttons.button}
          data-testid="rules-close"
          onClick={onClose}
        >
          Close
        </button>
      </DialogButtons>
    </Dialog>
  );
}

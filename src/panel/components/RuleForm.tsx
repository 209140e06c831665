// The form that adds or edits one expectation rule, inside the rules editor: each field as the
// rules file spells it, every problem said next to the input it concerns (aria-invalid,
// aria-describedby), and nothing kept until src/core's validator accepts the whole document.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  applyDraft,
  draftOf,
  emptyDraft,
  type DraftError,
  type DraftPart,
  type ForbidDraft,
  type ParamDraft,
  type ParamMode,
  type RuleDraft,
} from '../rules-draft.ts';
import type { RulesDocument } from '../rules.ts';
import buttons from './buttons.module.css';
import { DialogButtons } from './Dialog.tsx';
import styles from './RuleForm.module.css';

function samePart(a: DraftPart, b: DraftPart): boolean {
  if (a.part !== b.part) return false;
  return !('row' in a) || !('row' in b) || a.row === b.row;
}

export function RuleForm({
  document,
  index,
  onSave,
  onCancel,
}: {
  document: RulesDocument;
  index: number;
  onSave(document: RulesDocument): void;
  onCancel(): void;
}) {
  const [draft, setDraft] = useState<RuleDraft>(() =>
    index < document.rules.length ? draftOf(document.rules[index]) : emptyDraft(),
  );
  const [tried, setTried] = useState(false);
  const id = useId();
  const matchRef = useRef<HTMLInputElement>(null);
  useEffect(() => matchRef.current?.focus(), []);

  const checked = applyDraft(document, index, draft);
  const errors: DraftError[] = tried ? checked.errors : [];
  const errorsAt = (at: DraftPart) => errors.filter((e) => samePart(e.at, at));
  const update = (patch: Partial<RuleDraft>) => setDraft({ ...draft, ...patch });
  const setParam = (row: number, patch: Partial<ParamDraft>) =>
    update({ params: draft.params.map((p, i) => (i === row ? { ...p, ...patch } : p)) });
  const setForbid = (row: number, patch: Partial<ForbidDraft>) =>
    update({ forbid: draft.forbid.map((f, i) => (i === row ? { ...f, ...patch } : f)) });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (checked.errors.length === 0) onSave(checked.document);
  };

  /** aria-invalid and aria-describedby for an input, and the messages below it. */
  const problem = (at: DraftPart, key: string, hint = false) => {
    const list = errorsAt(at);
    const errorId = `${id}-${key}-error`;
    const described = [hint ? `${id}-${key}-hint` : '', list.length > 0 ? errorId : '']
      .filter((x) => x !== '')
      .join(' ');
    return {
      input: {
        ...(list.length > 0 ? { 'aria-invalid': true } : {}),
        ...(described ? { 'aria-describedby': described } : {}),
      },
      text:
        list.length > 0 ? (
          <span id={errorId} className={styles.error} data-testid="field-error" data-part={key}>
            {list.map((e) => e.message).join(' ')}
          </span>
        ) : null,
    };
  };

  const name = problem({ part: 'name' }, 'name');
  const match = problem({ part: 'match' }, 'match', true);
  const status = problem({ part: 'status' }, 'status');
  const schemes = problem({ part: 'schemes' }, 'schemes', true);
  const params = problem({ part: 'params' }, 'params');
  const forbid = problem({ part: 'forbid' }, 'forbid');
  const whole = problem({ part: 'rule' }, 'rule');

  return (
    <form
      className={styles.form}
      aria-label={index < document.rules.length ? `Edit rule ${index + 1}` : 'New rule'}
      data-testid="rule-form"
      noValidate
      onSubmit={submit}
    >
      <div className={styles.field}>
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          value={draft.name}
          placeholder="API uses Bearer"
          data-testid="rule-name"
          {...name.input}
          onChange={(e) => update({ name: e.target.value })}
        />
        {name.text}
      </div>
      <div className={styles.field}>
        <label htmlFor={`${id}-match`}>URL pattern</label>
        <input
          id={`${id}-match`}
          ref={matchRef}
          value={draft.match}
          placeholder="https://staging.example.com/api/**"
          spellCheck={false}
          data-testid="rule-match"
          {...match.input}
          onChange={(e) => update({ match: e.target.value })}
        />
        <span id={`${id}-match-hint`} className={styles.hint}>
          <code>*</code> for every URL, or origin + path glob: <code>*</code> within a segment,{' '}
          <code>**</code> across segments, <code>*.example.com</code> for subdomains.
        </span>
        {match.text}
      </div>
      <div className={styles.field}>
        <label htmlFor={`${id}-status`}>Status codes</label>
        <input
          id={`${id}-status`}
          value={draft.status}
          placeholder="401, 403"
          data-testid="rule-status"
          {...status.input}
          onChange={(e) => update({ status: e.target.value })}
        />
        {status.text}
      </div>
      <div className={styles.field}>
        <label htmlFor={`${id}-schemes`}>Expected schemes</label>
        <input
          id={`${id}-schemes`}
          value={draft.schemes}
          placeholder="Bearer"
          spellCheck={false}
          data-testid="rule-schemes"
          {...schemes.input}
          onChange={(e) => update({ schemes: e.target.value })}
        />
        <span id={`${id}-schemes-hint`} className={styles.hint}>
          Each one must be offered.
        </span>
        {schemes.text}
      </div>
      <fieldset className={styles.group}>
        <legend>Required parameters</legend>
        {draft.params.map((p, row) => {
          const rowProblem = problem({ part: 'param', row }, `param-${row}`);
          return (
            <div key={row} className={styles.paramRow} data-testid="param-row">
              <input
                value={p.name}
                placeholder="realm"
                spellCheck={false}
                aria-label={`Parameter ${row + 1} name`}
                {...rowProblem.input}
                onChange={(e) => setParam(row, { name: e.target.value })}
              />
              <select
                value={p.mode}
                aria-label={`Parameter ${row + 1} expectation`}
                onChange={(e) => setParam(row, { mode: e.target.value as ParamMode })}
              >
                <option value="equals">equals</option>
                <option value="present">is present</option>
                <option value="absent">is absent</option>
              </select>
              {p.mode === 'equals' && (
                <input
                  value={p.value}
                  placeholder="exact value"
                  spellCheck={false}
                  aria-label={`Parameter ${row + 1} value`}
                  onChange={(e) => setParam(row, { value: e.target.value })}
                />
              )}
              <button
                type="button"
                className={buttons.button}
                aria-label={`Remove parameter ${row + 1}`}
                onClick={() => update({ params: draft.params.filter((_, i) => i !== row) })}
              >
                ×
              </button>
              {rowProblem.text}
            </div>
          );
        })}
        <button
          type="button"
          className={buttons.button}
          data-testid="param-add"
          onClick={() =>
            update({ params: [...draft.params, { name: '', mode: 'equals', value: '' }] })
          }
        >
          Add parameter
        </button>
        {params.text}
      </fieldset>
      <fieldset className={styles.group}>
        <legend>Forbidden schemes</legend>
        {draft.forbid.map((f, row) => {
          const rowProblem = problem({ part: 'forbid-row', row }, `forbid-${row}`);
          return (
            <div key={row} className={styles.paramRow} data-testid="forbid-row">
              <input
                value={f.scheme}
                placeholder="Basic"
                spellCheck={false}
                aria-label={`Forbidden scheme ${row + 1}`}
                {...rowProblem.input}
                onChange={(e) => setForbid(row, { scheme: e.target.value })}
              />
              <label className={styles.check}>
                <input
                  type="checkbox"
                  checked={f.overHttp}
                  aria-label={`Forbidden scheme ${row + 1} only over plain http`}
                  onChange={(e) => setForbid(row, { overHttp: e.target.checked })}
                />
                only over plain http
              </label>
              <button
                type="button"
                className={buttons.button}
                aria-label={`Remove forbidden scheme ${row + 1}`}
                onClick={() => update({ forbid: draft.forbid.filter((_, i) => i !== row) })}
              >
                ×
              </button>
              {rowProblem.text}
            </div>
          );
        })}
        <span className={styles.inline}>
          <button
            type="button"
            className={buttons.button}
            data-testid="forbid-add"
            onClick={() => update({ forbid: [...draft.forbid, { scheme: '', overHttp: false }] })}
          >
            Add forbidden scheme
          </button>
          <button
            type="button"
            className={buttons.button}
            data-testid="forbid-basic-http"
            onClick={() =>
              update({ forbid: [...draft.forbid, { scheme: 'Basic', overHttp: true }] })
            }
          >
            Forbid Basic over http
          </button>
        </span>
        {forbid.text}
      </fieldset>
      {whole.text}
      {tried && errors.length > 0 && (
        <p className={styles.error} role="alert" data-testid="rule-errors">
          {errors.length === 1 ? 'One problem' : `${errors.length} problems`}: the rule was not
          saved.
        </p>
      )}
      <DialogButtons>
        <button type="button" className={buttons.button} onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className={`${buttons.button} ${buttons.primary}`}
          data-testid="rule-save"
        >
          Save rule
        </button>
      </DialogButtons>
    </form>
  );
}

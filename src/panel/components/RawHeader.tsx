// One field exactly as received, a line per field line, with the parsed parts (scheme, parameter
// names and values, token68) highlighted in place and every diagnostic marked at its span. A mark
// is focusable; hovering or focusing it shows its messages. Control, bidi and invisible
// characters are shown as marked ⟨U+XXXX⟩, so a stray CR or TAB and a U+202E are visible.
// Everything is React text.
import { Fragment, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { Diagnostic, Severity } from '../../core/index.ts';
import type { AuthField } from '../../shared/exchange.ts';
import { codePointMark, hasInvisible, visibleText } from '../../shared/visible-text.ts';
import { classFor, SHOW_CHARS } from '../format.ts';
import { layoutLine, partsOf, type Part } from '../raw-segments.ts';
import buttons from './buttons.module.css';
import styles from './RawHeader.module.css';

export interface ActiveDiagnostic {
  key: string;
  /** Move focus to the mark (the user asked to be taken there), or only highlight it. */
  focus: boolean;
}

interface Props {
  field: AuthField;
  /** Diagnostic i of this field is known elsewhere as `${fieldKey}:${i}`. */
  fieldKey: string;
  active: ActiveDiagnostic | null;
}

const rank: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

function worst(diagnostics: readonly Diagnostic[], indices: readonly number[]): Severity {
  let result: Severity = 'info';
  for (const i of indices) {
    const s = diagnostics[i]?.severity ?? 'info';
    if (Object.hasOwn(rank, s) && rank[s] > rank[result]) result = s;
  }
  return result;
}

/**
 * A segment of the raw line with every control, bidi and invisible character as a marked
 * ⟨U+XXXX⟩ (visibleText's set), so a U+202E cannot reorder what follows it and a TAB or CR shows.
 * Applied per segment, after the line was cut at the parser's offsets, so spans stay true.
 */
export function visible(text: string): ReactNode {
  if (!hasInvisible(text)) return text;
  const out: ReactNode[] = [];
  let run = '';
  for (const ch of text) {
    if (!hasInvisible(ch)) {
      run += ch;
      continue;
    }
    if (run) out.push(run);
    run = '';
    const mark = codePointMark(ch);
    out.push(
      <span key={out.length} className={styles.control} title={mark.slice(1, -1)}>
        {mark}
      </span>,
    );
  }
  if (run) out.push(run);
  return out;
}

function RawLine(props: {
  text: string;
  line: number;
  parts: readonly Part[];
  diagnostics: readonly Diagnostic[];
  describedBy(indices: readonly number[]): string;
  activeIndex: number | null;
  onShow(indices: number[] | null): void;
}) {
  const { text, line, diagnostics } = props;
  const [all, setAll] = useState(false);
  const length = all ? text.length : Math.min(text.length, SHOW_CHARS);
  const { segments, carets } = layoutLine(line, length, props.parts, diagnostics);
  const out: ReactNode[] = [];
  let c = 0;
  const mark = (key: string, indices: number[], content: ReactNode, caret: boolean) => {
    const severity = worst(diagnostics, indices);
    const active = props.activeIndex !== null && indices.includes(props.activeIndex);
    return (
      <mark
        key={key}
        tabIndex={0}
        className={`${styles.mark} ${styles[severity]} ${caret ? styles.caret : ''} ${active ? styles.active : ''}`}
        data-severity={severity}
        data-diagnostics={indices.join(' ')}
        data-codes={indices.map((i) => diagnostics[i]?.code).join(' ')}
        aria-describedby={props.describedBy(indices)}
        onMouseEnter={() => props.onShow(indices)}
        onMouseLeave={() => props.onShow(null)}
        onFocus={() => props.onShow(indices)}
        onBlur={() => props.onShow(null)}
      >
        {content}
      </mark>
    );
  };
  const caretsUpTo = (offset: number) => {
    while (c < carets.length && carets[c]!.offset <= offset) {
      const caret = carets[c]!;
      out.push(mark(`c${c}`, caret.diagnostics, null, true));
      c++;
    }
  };
  segments.forEach((segment, i) => {
    caretsUpTo(segment.start);
    const textPart = visible(text.slice(segment.start, segment.end));
    const content = segment.part ? (
      <span className={styles[segment.part]} data-part={segment.part}>
        {textPart}
      </span>
    ) : (
      <Fragment>{textPart}</Fragment>
    );
    out.push(
      segment.diagnostics.length > 0 ? (
        mark(`s${i}`, segment.diagnostics, content, false)
      ) : (
        <Fragment key={`s${i}`}>{content}</Fragment>
      ),
    );
  });
  caretsUpTo(length);
  return (
    <>
      {out}
      {length < text.length && (
        <button type="button" className={buttons.link} onClick={() => setAll(true)}>
          … show all {text.length.toLocaleString('en-US')} characters
        </button>
      )}
    </>
  );
}

export function RawHeader({ field, fieldKey, active }: Props) {
  const id = useId();
  const ref = useRef<HTMLElement>(null);
  const [shown, setShown] = useState<{ line: number; indices: number[] } | null>(null);
  const parts = partsOf(field);
  const prefix = `${fieldKey}:`;
  const activeIndex = active?.key.startsWith(prefix)
    ? Number(active.key.slice(prefix.length))
    : null;
  const describedBy = (indices: readonly number[]) => indices.map((i) => `${id}d${i}`).join(' ');

  useEffect(() => {
    if (!active?.focus || activeIndex === null) return;
    const target = ref.current?.querySelector<HTMLElement>(
      `mark[data-diagnostics~="${activeIndex}"]`,
    );
    target?.focus();
    target?.scrollIntoView?.({ block: 'nearest' });
  }, [active, activeIndex]);

  return (
    <figure className={styles.raw} ref={ref} data-testid="raw-header" data-field={field.name}>
      <figcaption className={styles.caption}>
        {field.name}:{' '}
        {field.lines.length === 1 ? 'one field line' : `${field.lines.length} field lines`}, as
        received
      </figcaption>
      <ol className={styles.lines}>
        {field.lines.map((text, line) => (
          <li key={line}>
            <code className={styles.code} data-testid="raw-line">
              <span className={styles.fieldName}>{field.name}: </span>
              <RawLine
                text={text}
                line={line}
                parts={parts}
                diagnostics={field.diagnostics}
                describedBy={describedBy}
                activeIndex={activeIndex}
                onShow={(indices) => setShown(indices ? { line, indices } : null)}
              />
            </code>
            {shown?.line === line && (
              <div role="tooltip" className={styles.tip} data-testid="raw-tooltip">
                {shown.indices.map((i) => {
                  const d = field.diagnostics[i];
                  return d ? (
                    <div key={i} className={classFor(styles, d.severity)}>
                      {d.severity}: {visibleText(d.message)}{' '}
                      <span className={styles.code}>({d.code})</span>
                    </div>
                  ) : null;
                })}
              </div>
            )}
          </li>
        ))}
      </ol>
      {field.diagnostics.map((d, i) => (
        <span key={i} id={`${id}d${i}`} hidden>
          {d.severity}: {visibleText(d.message)}
        </span>
      ))}
    </figure>
  );
}

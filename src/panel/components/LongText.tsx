// A header value that may be huge (a 1 MB token68 from a hostile server): the first part is shown
// at once and the rest on request, so one value cannot freeze the panel. Control, bidi and
// invisible characters are shown as ⟨U+XXXX⟩.
import { useState } from 'react';
import { visibleText } from '../../shared/visible-text.ts';
import { SHOW_CHARS } from '../format.ts';
import buttons from './buttons.module.css';
import styles from './LongText.module.css';

export function LongText({ text, limit = SHOW_CHARS }: { text: string; limit?: number }) {
  const [all, setAll] = useState(false);
  if (all || text.length <= limit) return <>{visibleText(text)}</>;
  return (
    <>
      {visibleText(text.slice(0, limit))}
      <button
        type="button"
        className={`${buttons.link} ${styles.more}`}
        onClick={() => setAll(true)}
      >
        … show all {text.length.toLocaleString('en-US')} characters
      </button>
    </>
  );
}

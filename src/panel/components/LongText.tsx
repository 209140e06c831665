// A header value that may be huge (a 1 MB token68 from a hostile server): the first part is shown
// at once and the rest on request, so one value cannot freeze the panel.
import { useState } from 'react';
import { SHOW_CHARS } from '../format.ts';
import styles from './LongText.module.css';

export function LongText({ text, limit = SHOW_CHARS }: { text: string; limit?: number }) {
  const [all, setAll] = useState(false);
  if (all || text.length <= limit) return <>{text}</>;
  return (
    <>
      {text.slice(0, limit)}
      <button type="button" className={styles.more} onClick={() => setAll(true)}>
        … show all {text.length.toLocaleString('en-US')} characters
      </button>
    </>
  );
}

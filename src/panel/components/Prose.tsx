// Catalogue prose with `code` spans, rendered as React text: the catalogue is ours, but nothing
// in the panel turns a string into markup.
import styles from './Prose.module.css';

export function Prose({ text }: { text: string }) {
  const parts = text.split('`');
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} className={styles.code}>
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

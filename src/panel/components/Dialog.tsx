// A modal dialog in DevTools' style, the one the export dialog and the rules editor share: a
// backdrop that closes it when clicked, Esc to close (stopped here, or DevTools would also toggle
// its console drawer), a title that names it for screen readers, and a row for its buttons.
import { useId, type ReactNode, type Ref } from 'react';
import styles from './Dialog.module.css';

interface Props {
  title: string;
  onClose(): void;
  testId: string;
  /** Room for a form: wider, and scrolling within the panel's height. */
  wide?: boolean;
  dialogRef?: Ref<HTMLElement>;
  children: ReactNode;
}

export function Dialog({ title, onClose, testId, wide = false, dialogRef, children }: Props) {
  const titleId = useId();
  return (
    <div className={styles.backdrop} onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <section
        ref={dialogRef}
        className={wide ? `${styles.dialog} ${styles.wide}` : styles.dialog}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.stopPropagation();
          onClose();
        }}
      >
        <h2 id={titleId} className={styles.title}>
          {title}
        </h2>
        {children}
      </section>
    </div>
  );
}

/** The row of buttons at the end of a dialog or a form, the main action last. */
export function DialogButtons({ children }: { children: ReactNode }) {
  return <div className={styles.buttons}>{children}</div>;
}

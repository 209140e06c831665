// The list and the detail: side by side with a resizable split, like DevTools' sidebar splitter
// (drag the separator, or focus it and use ←/→; the share is kept in settings), or one of them
// alone when the panel is too narrow for both.
import { useRef, type ReactNode } from 'react';
import styles from './SplitView.module.css';

interface Props {
  /** Share of the width the first pane takes, 0.2–0.8. */
  split: number;
  onSplit(split: number): void;
  /** Both panes (when `second` is given), or only one of them. */
  show: 'both' | 'first' | 'second';
  first: ReactNode;
  second: ReactNode | null;
}

const clamp = (n: number) => Math.min(0.8, Math.max(0.2, n));

export function SplitView({ split, onSplit, show, first, second }: Props) {
  const ref = useRef<HTMLElement>(null);
  if (show !== 'both' || second === null) {
    const alone = show === 'second' && second !== null;
    return (
      <main className={styles.split} ref={ref} data-pane={alone ? 'second' : 'first'}>
        <div className={alone ? `${styles.pane} ${styles.second}` : styles.pane}>
          {alone ? second : first}
        </div>
      </main>
    );
  }
  return (
    <main
      className={styles.split}
      ref={ref}
      data-pane="both"
      style={{ gridTemplateColumns: `${split * 100}% 5px 1fr` }}
    >
      <div className={styles.pane}>{first}</div>
      <div
        className={styles.handle}
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize list and detail"
        aria-valuemin={20}
        aria-valuemax={80}
        aria-valuenow={Math.round(split * 100)}
        tabIndex={0}
        data-testid="splitter"
        onKeyDown={(e) => {
          const step = e.key === 'ArrowLeft' ? -0.02 : e.key === 'ArrowRight' ? 0.02 : 0;
          if (step === 0) return;
          e.preventDefault();
          onSplit(clamp(split + step));
        }}
        onPointerDown={(e) => {
          const box = ref.current?.getBoundingClientRect();
          if (!box || box.width === 0) return;
          e.currentTarget.setPointerCapture?.(e.pointerId);
          const move = (ev: PointerEvent) => onSplit(clamp((ev.clientX - box.left) / box.width));
          const up = () => {
            window.removeEventListener('pointermove', move);
            window.removeEventListener('pointerup', up);
          };
          window.addEventListener('pointermove', move);
          window.addEventListener('pointerup', up);
        }}
      />
      <div className={`${styles.pane} ${styles.second}`}>{second}</div>
    </main>
  );
}

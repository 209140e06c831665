// The bottom bar, like DevTools' summary bar: how many exchanges are shown, whether recording,
// the connection to the service worker (with reconnects said out loud) and the newest notice.
import type { RecorderState } from '../../shared/protocol.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { classFor } from '../format.ts';
import { plural, type ConnectionStatus, type PanelNotice } from '../state.ts';
import buttons from './buttons.module.css';
import styles from './StatusLine.module.css';

interface Props {
  connection: ConnectionStatus;
  recorder: RecorderState;
  total: number;
  shown: number;
  imported: number;
  notice: PanelNotice | undefined;
  onDismiss(id: number): void;
  onRetry(): void;
}

export function connectionText(status: ConnectionStatus): string {
  switch (status.kind) {
    case 'idle':
    case 'closed':
      return status.reason;
    case 'connecting':
      return 'Connecting to the AuthLens background…';
    case 'connected':
      return status.reconnects > 0
        ? `Connected (reconnected ${status.reconnects}× after the background stopped)`
        : 'Connected';
    case 'reconnecting':
      return `Background stopped; reconnecting${status.retryInMs >= 1000 ? ` in ${Math.round(status.retryInMs / 1000)} s` : '…'} (attempt ${status.attempt})`;
  }
}

export function StatusLine(props: Props) {
  const { connection, recorder, total, shown, imported, notice } = props;
  const counts = [
    shown === total ? plural(total, 'exchange') : `${shown} / ${plural(total, 'exchange')}`,
    imported > 0 ? `${imported} imported` : '',
    recorder.evicted > 0 ? `${plural(recorder.evicted, 'older record')} dropped` : '',
  ].filter(Boolean);
  return (
    <footer className={styles.bar} data-testid="status-line">
      <span data-testid="status-counts">{counts.join(' · ')}</span>
      <span className={styles.notice} role="status" aria-live="polite">
        {notice && (
          <>
            <span
              className={classFor(styles, notice.level)}
              data-testid="notice"
              data-code={notice.code}
            >
              {visibleText(notice.message)}
            </span>
            <button
              type="button"
              className={styles.dismiss}
              aria-label="Dismiss notice"
              title="Dismiss"
              onClick={() => props.onDismiss(notice.id)}
            >
              ×
            </button>
          </>
        )}
      </span>
      <span
        className={connection.kind === 'connected' ? styles.ok : styles.pending}
        data-testid="connection"
        data-state={connection.kind}
        role="status"
      >
        {connectionText(connection)}
        {connection.kind === 'reconnecting' && (
          <button
            type="button"
            className={`${buttons.link} ${styles.retry}`}
            onClick={props.onRetry}
          >
            Retry now
          </button>
        )}
      </span>
      <span className={recorder.paused ? styles.pending : undefined}>
        {recorder.paused ? 'Paused' : 'Recording'}
      </span>
    </footer>
  );
}

// The export dialog: HAR 1.2 or AuthLens JSON, everything or only what the filter shows, and
// credentials left out unless the user ticks the box — the default is the safe file to share.
import { useEffect, useRef, useState } from 'react';
import type { Exchange } from '../../shared/exchange.ts';
import { REDACTION_SUMMARY, secretsIn } from '../../shared/redact.ts';
import type { ExportFormat } from '../transfer.ts';
import buttons from './buttons.module.css';
import { Dialog, DialogButtons } from './Dialog.tsx';
import styles from './ExportDialog.module.css';

export interface ExportChoice {
  format: ExportFormat;
  includeCredentials: boolean;
  onlyShown: boolean;
}

interface Props {
  total: number;
  shown: number;
  /** All the records, to say which kinds of secret an unredacted file would hold. */
  exchanges: readonly Exchange[];
  onExport(choice: ExportChoice): void;
  onClose(): void;
}

export function ExportDialog({ total, shown, exchanges, onExport, onClose }: Props) {
  const [format, setFormat] = useState<ExportFormat>('har');
  const [includeCredentials, setInclude] = useState(false);
  const [onlyShown, setOnlyShown] = useState(shown < total);
  const firstRef = useRef<HTMLInputElement>(null);
  useEffect(() => firstRef.current?.focus(), []);
  const count = onlyShown ? shown : total;
  const secrets = secretsIn(exchanges);
  return (
    <Dialog title="Export exchanges" onClose={onClose} testId="export-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onExport({ format, includeCredentials, onlyShown });
        }}
      >
        <fieldset className={styles.group}>
          <legend>Format</legend>
          <label>
            <input
              ref={firstRef}
              type="radio"
              name="format"
              checked={format === 'har'}
              onChange={() => setFormat('har')}
            />
            HAR 1.2 (opens in Chrome, Firefox and other tools)
          </label>
          <label>
            <input
              type="radio"
              name="format"
              checked={format === 'authlens'}
              onChange={() => setFormat('authlens')}
            />
            AuthLens JSON (versioned; every record as AuthLens keeps it)
          </label>
        </fieldset>
        {shown < total && (
          <fieldset className={styles.group}>
            <legend>Exchanges</legend>
            <label>
              <input
                type="radio"
                name="scope"
                checked={onlyShown}
                onChange={() => setOnlyShown(true)}
              />
              The {shown} the filter shows
            </label>
            <label>
              <input
                type="radio"
                name="scope"
                checked={!onlyShown}
                onChange={() => setOnlyShown(false)}
              />
              All {total}
            </label>
          </fieldset>
        )}
        <fieldset className={styles.group}>
          <legend>Credentials</legend>
          <p className={styles.note} data-testid="redaction-note">
            Redacted by default: {REDACTION_SUMMARY}{' '}
            {secrets.length === 0
              ? 'These records hold no credential values, tokens or user names anyway: only the schemes.'
              : `These records hold ${secrets.join(', ')}.`}
          </p>
          <label className={includeCredentials ? styles.danger : undefined}>
            <input
              type="checkbox"
              checked={includeCredentials}
              data-testid="include-credentials"
              onChange={(e) => setInclude(e.target.checked)}
            />
            Include credentials and tokens — anyone with the file can use them
          </label>
        </fieldset>
        <DialogButtons>
          <button type="button" className={buttons.button} onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className={`${buttons.button} ${buttons.primary}`}
            disabled={count === 0}
            data-testid="export-confirm"
          >
            Export {count}
          </button>
        </DialogButtons>
      </form>
    </Dialog>
  );
}

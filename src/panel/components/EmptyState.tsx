// What the panel shows before anything was recorded: what AuthLens does and how to make a server
// challenge the browser, so the first minute teaches instead of showing a blank list.
import buttons from './buttons.module.css';
import styles from './EmptyState.module.css';

interface Props {
  paused: boolean;
  onImport(): void;
}

export function EmptyState({ paused, onImport }: Props) {
  return (
    <div className={styles.empty} data-testid="empty-state">
      <h2>AuthLens shows the authentication exchanges of this tab</h2>
      <p>
        Every response with <code>WWW-Authenticate</code>, <code>Proxy-Authenticate</code> or{' '}
        <code>Authentication-Info</code> appears here: the challenge, the credentials the browser
        sent back (their scheme only) and the outcome, with every scheme and parameter explained and
        every problem pointed at in the raw header.
      </p>
      {paused && (
        <p className={styles.paused} role="note">
          Recording is paused. Press the record button to capture again.
        </p>
      )}
      <h3>Produce a challenge</h3>
      <ol>
        <li>
          Start the lab: <code>npm run lab</code>
        </li>
        <li>
          Open <code>http://127.0.0.1:5177</code> in this tab and pick a scenario: Basic, Digest,
          Bearer, a proxy, a malformed header…
        </li>
        <li>
          Sign in as <code>alice</code> with password <code>wonderland</code> to see challenge →
          credentials → outcome; cancel the prompt to see a bare challenge.
        </li>
      </ol>
      <p>
        Or reload any page that asks you to sign in, or{' '}
        <button type="button" className={buttons.link} onClick={onImport}>
          import a HAR or AuthLens file
        </button>
        .
      </p>
    </div>
  );
}

// One challenge as a card: the scheme with its catalogue explanation and RFC link, its token68
// verbatim, its parameters explained, a button that copies it as JSON, and for Basic and Digest
// the "Try credentials" section, loaded when the user opens it.
import { lazy, Suspense, useState } from 'react';
import { findScheme, type Challenge } from '../../core/index.ts';
import type { AuthFieldName } from '../../shared/exchange.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { formatReference } from '../format.ts';
import { LongText } from './LongText.tsx';
import { ParamTable } from './ParamTable.tsx';
import { Prose } from './Prose.tsx';
import type { TryContext } from './TryCredentials.tsx';
import buttons from './buttons.module.css';
import styles from './ChallengeView.module.css';

// The calculator's view stays out of the startup chunk until someone opens it.
const TryCredentials = lazy(() =>
  import('./TryCredentials.tsx').then((m) => ({ default: m.TryCredentials })),
);

interface Props {
  challenge: Challenge;
  field: AuthFieldName;
  onCopyJson(): void;
  /** Given where credentials can be tried (a live or imported exchange in the detail). */
  tryContext?: TryContext;
}

const tryable = (scheme: string) => /^(basic|digest)$/i.test(scheme);

export function ChallengeView({ challenge, field, onCopyJson, tryContext }: Props) {
  const info = findScheme(challenge.scheme);
  const [trying, setTrying] = useState(false);
  return (
    <article
      className={styles.card}
      aria-label={`${visibleText(challenge.scheme)} challenge`}
      data-testid="challenge"
      data-scheme={challenge.scheme}
    >
      <header className={styles.head}>
        <h4 className={styles.scheme}>{visibleText(challenge.scheme)}</h4>
        <span className={styles.tag}>{field}</span>
        {info ? (
          <>
            <span className={styles.tag}>
              {info.registered ? 'IANA registered' : 'not registered'}
            </span>
            <a href={info.reference.url} target="_blank" rel="noreferrer">
              {formatReference(info.reference)}
            </a>
          </>
        ) : (
          <span className={styles.warn}>unknown scheme</span>
        )}
        <button type="button" className={`${buttons.button} ${styles.copy}`} onClick={onCopyJson}>
          Copy as JSON
        </button>
      </header>
      {info ? (
        <>
          <p className={styles.text}>
            <Prose text={info.summary} />
          </p>
          <p className={styles.security}>
            <strong>Security: </strong>
            <Prose text={info.security} />
          </p>
        </>
      ) : (
        <p className={styles.text}>
          AuthLens's catalogue does not know this scheme and it is not in the IANA HTTP
          Authentication Scheme Registry. Browsers ignore challenges whose scheme they do not
          support; a client of this API must know it.
        </p>
      )}
      {challenge.token68 !== null && (
        <div className={styles.token} data-testid="token68">
          <span className={styles.label}>token68, verbatim</span>
          <code>
            <LongText text={challenge.token68} />
          </code>
        </div>
      )}
      <ParamTable scheme={challenge.scheme} params={challenge.params} context="challenge" />
      {tryContext &&
        tryable(challenge.scheme) &&
        (trying ? (
          <Suspense fallback={<p className={styles.label}>Loading the calculator…</p>}>
            <TryCredentials challenge={challenge} field={field} context={tryContext} />
          </Suspense>
        ) : (
          <button
            type="button"
            className={`${buttons.button} ${styles.try}`}
            data-testid="try-open"
            onClick={() => setTrying(true)}
          >
            Try credentials…
          </button>
        ))}
    </article>
  );
}

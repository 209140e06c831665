// One challenge as a card: the scheme with its catalogue explanation and RFC link, its token68
// verbatim, its parameters explained, and a button that copies it as JSON.
import { findScheme, type Challenge } from '../../core/index.ts';
import type { AuthFieldName } from '../../shared/exchange.ts';
import { formatReference } from '../format.ts';
import { LongText } from './LongText.tsx';
import { ParamTable } from './ParamTable.tsx';
import { Prose } from './Prose.tsx';
import styles from './ChallengeView.module.css';

interface Props {
  challenge: Challenge;
  field: AuthFieldName;
  onCopyJson(): void;
}

export function ChallengeView({ challenge, field, onCopyJson }: Props) {
  const info = findScheme(challenge.scheme);
  return (
    <article
      className={styles.card}
      aria-label={`${challenge.scheme} challenge`}
      data-testid="challenge"
      data-scheme={challenge.scheme}
    >
      <header className={styles.head}>
        <h4 className={styles.scheme}>{challenge.scheme}</h4>
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
        <button type="button" className={styles.copy} onClick={onCopyJson}>
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
    </article>
  );
}

// Authentication-Info (or Proxy-Authentication-Info) broken down like a challenge: what the field
// is for, then its parameters explained for the scheme that was used.
import { findParam, schemes, type AuthParam } from '../../core/index.ts';
import type { AuthFieldName } from '../../shared/exchange.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { ParamTable } from './ParamTable.tsx';
import styles from './ChallengeView.module.css';

interface Props {
  field: AuthFieldName;
  params: readonly AuthParam[];
  /** The scheme the credentials used, when known: the meaning of each parameter depends on it. */
  scheme: string | null;
}

/** The scheme whose Authentication-Info defines these parameters, when the exchange does not say. */
export function guessInfoScheme(params: readonly AuthParam[]): string {
  const match = schemes.find((s) =>
    params.some((p) => findParam(s.name, p.name, 'authentication-info')),
  );
  return match?.name ?? 'Digest';
}

export function AuthInfoView({ field, params, scheme }: Props) {
  const used = scheme ?? guessInfoScheme(params);
  return (
    <article className={styles.card} aria-label={field} data-testid="auth-info">
      <header className={styles.head}>
        <h4 className={styles.scheme}>{field}</h4>
        <span className={styles.tag}>{visibleText(used)}</span>
        <a
          href="https://www.rfc-editor.org/rfc/rfc9110#section-11.6.3"
          target="_blank"
          rel="noreferrer"
        >
          RFC 9110 §11.6.3
        </a>
      </header>
      <p className={styles.text}>
        Sent by the server with a successful response to say more about the authentication that just
        happened: for {visibleText(used)}, for example, proof that the server knows the password
        too, or the nonce to use next.
      </p>
      <ParamTable scheme={used} params={params} context="authentication-info" />
    </article>
  );
}

// The selected exchange: what was asked and how it ended (timeline), then for each response with
// authentication fields one card per challenge, Authentication-Info explained, the raw field
// lines with every finding marked, and the diagnostics grouped by severity.
import { useId, useState, type Ref } from 'react';
import type { Exchange, Step } from '../../shared/exchange.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { challengeJson, curlCommand } from '../copy.ts';
import { formatClock } from '../format.ts';
import { isPlaced } from '../raw-segments.ts';
import { secretsIn } from '../../shared/redact.ts';
import { AuthInfoView } from './AuthInfoView.tsx';
import { ChallengeView } from './ChallengeView.tsx';
import { DiagnosticList, type DiagnosticItem } from './DiagnosticList.tsx';
import { RawHeader, type ActiveDiagnostic } from './RawHeader.tsx';
import { Timeline } from './Timeline.tsx';
import type { TryContext, TryHost } from './TryCredentials.tsx';
import buttons from './buttons.module.css';
import styles from './ExchangeDetail.module.css';

type ResponseStep = Extract<Step, { kind: 'response' }>;

/** A hostile field can hold thousands of challenges; the first ones are shown until asked. */
const MAX_CARDS = 20;

interface Props {
  exchange: Exchange;
  onCopy(text: string, what: string): void;
  headingRef?: Ref<HTMLHeadingElement>;
  /** Opens the rules editor on the rule a violation names. */
  onEditRule?(index: number): void;
  /** What "Try credentials" needs (randomness, the page's eval); without it the cards have none. */
  tryHost?: TryHost;
}

/** The scheme the credentials before this response used, else the exchange's first challenge. */
function schemeBefore(exchange: Exchange, index: number): string | null {
  for (let i = index - 1; i >= 0; i--) {
    const step = exchange.steps[i]!;
    if (step.kind === 'request' && step.credentials[0]?.scheme) return step.credentials[0].scheme;
  }
  for (const step of exchange.steps) {
    if (step.kind === 'response') {
      const c = step.fields.find((f) => f.challenges.length > 0)?.challenges[0];
      if (c) return c.scheme;
    }
  }
  return null;
}

/**
 * How many requests with Digest credentials answered the challenges of the response at `index`:
 * those after it, up to the next response that challenges again (a new nonce).
 */
function digestAnswers(exchange: Exchange, index: number): number {
  let n = 0;
  for (let i = index + 1; i < exchange.steps.length; i++) {
    const step = exchange.steps[i]!;
    if (step.kind === 'response' && step.fields.some((f) => f.challenges.length > 0)) break;
    if (step.kind === 'request' && step.credentials.some((c) => /^digest$/i.test(c.scheme))) n++;
  }
  return n;
}

function diagnosticItems(step: ResponseStep, r: number): DiagnosticItem[] {
  return [
    ...step.diagnostics.map((diagnostic, d) => ({
      key: `${r}.r:${d}`,
      diagnostic,
      field: null,
      placed: false,
    })),
    ...step.fields.flatMap((field, f) =>
      field.diagnostics.map((diagnostic, d) => ({
        key: `${r}.${f}:${d}`,
        diagnostic,
        field: field.name,
        placed: isPlaced(diagnostic),
      })),
    ),
  ];
}

function ResponseSection({
  exchange,
  step,
  index,
  numbered,
  onCopy,
  onEditRule,
  tryHost,
  includeCredentials,
}: {
  exchange: Exchange;
  step: ResponseStep;
  index: number;
  numbered: number | null;
  onCopy: Props['onCopy'];
  onEditRule: Props['onEditRule'];
  tryHost: Props['tryHost'];
  /** Copy as JSON keeps the token68 (the header's "include credentials"). */
  includeCredentials: boolean;
}) {
  const [active, setActive] = useState<ActiveDiagnostic | null>(null);
  const tryContext: TryContext | undefined = tryHost && {
    url: step.url,
    method: exchange.method,
    issuedAt: step.at,
    imported: exchange.imported !== undefined,
    answered: digestAnswers(exchange, index),
    host: tryHost,
  };
  const [allCards, setAllCards] = useState(false);
  const items = diagnosticItems(step, index);
  const headingId = useId();
  return (
    <section className={styles.response} aria-labelledby={headingId} data-testid="response">
      <h3 id={headingId} className={styles.h3}>
        {numbered !== null && `Response ${numbered}: `}
        {visibleText(step.statusLine) || step.statusCode}
      </h3>
      {step.fields.map((field, f) => (
        <div key={f}>
          {(allCards ? field.challenges : field.challenges.slice(0, MAX_CARDS)).map(
            (challenge, c) => (
              <ChallengeView
                key={c}
                challenge={challenge}
                field={field.name}
                onCopyJson={() =>
                  onCopy(
                    challengeJson(field, c, includeCredentials),
                    `the ${challenge.scheme} challenge as JSON${includeCredentials ? ' with its token' : ''}`,
                  )
                }
                tryContext={tryContext}
              />
            ),
          )}
          {!allCards && field.challenges.length > MAX_CARDS && (
            <button type="button" className={buttons.button} onClick={() => setAllCards(true)}>
              Show all {field.challenges.length} challenges
            </button>
          )}
          {field.name.endsWith('-Info') && (
            <AuthInfoView
              field={field.name}
              params={field.params}
              scheme={schemeBefore(exchange, index)}
            />
          )}
          <RawHeader field={field} fieldKey={`${index}.${f}`} active={active} />
        </div>
      ))}
      <h4 className={styles.h4}>Diagnostics</h4>
      <DiagnosticList
        items={items}
        onHighlight={(key) => setActive(key ? { key, focus: false } : null)}
        onReveal={(key) => setActive({ key, focus: true })}
        onEditRule={onEditRule}
      />
    </section>
  );
}

export function ExchangeDetail({ exchange, onCopy, headingRef, onEditRule, tryHost }: Props) {
  const [withCredentials, setWithCredentials] = useState(false);
  const canReveal = secretsIn([exchange]).length > 0;
  const responses = exchange.steps
    .map((step, index) => ({ step, index }))
    .filter(
      (x): x is { step: ResponseStep; index: number } =>
        x.step.kind === 'response' && (x.step.fields.length > 0 || x.step.diagnostics.length > 0),
    );
  return (
    <article className={styles.detail} aria-label="Exchange detail" data-testid="exchange-detail">
      <header className={styles.header}>
        <h2 className={styles.h2} tabIndex={-1} ref={headingRef}>
          <span className={styles.method}>{visibleText(exchange.method)}</span>{' '}
          {visibleText(exchange.url)}
        </h2>
        <div className={styles.meta}>
          {exchange.imported !== undefined && (
            <span className={styles.chip} data-testid="imported-badge">
              imported from {visibleText(exchange.imported)}
            </span>
          )}
          <span>{visibleText(exchange.type)}</span>
          {exchange.startedAt > 0 && <span>started {formatClock(exchange.startedAt)}</span>}
          {exchange.initiator && <span>initiated by {visibleText(exchange.initiator)}</span>}
        </div>
        {exchange.truncated && (
          <div className={styles.truncated} role="note" data-testid="truncated">
            <p>{exchange.truncated[0]}</p>
            <ul>
              {exchange.truncated.slice(1).map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          </div>
        )}
        <div className={styles.actions}>
          <button
            type="button"
            className={buttons.button}
            data-testid="copy-curl"
            onClick={() =>
              onCopy(
                curlCommand(exchange, withCredentials && canReveal),
                withCredentials && canReveal
                  ? 'cURL command with credentials'
                  : 'cURL command (credentials redacted)',
              )
            }
          >
            Copy as cURL
          </button>
          <label
            className={styles.check}
            title={
              canReveal
                ? 'Copy as cURL and Copy as JSON include the credential values, tokens and URL user names this record holds'
                : 'AuthLens kept only the scheme of the credentials, so there is nothing to include'
            }
          >
            <input
              type="checkbox"
              checked={withCredentials && canReveal}
              disabled={!canReveal}
              onChange={(e) => setWithCredentials(e.target.checked)}
            />
            include credentials
          </label>
        </div>
      </header>
      <Timeline exchange={exchange} />
      {responses.map(({ step, index }, n) => (
        <ResponseSection
          key={index}
          exchange={exchange}
          step={step}
          index={index}
          numbered={responses.length > 1 ? n + 1 : null}
          onCopy={onCopy}
          onEditRule={onEditRule}
          tryHost={tryHost}
          includeCredentials={withCredentials && canReveal}
        />
      ))}
    </article>
  );
}

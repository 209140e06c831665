// The flow of one exchange as a small timeline: request → challenge → request with credentials
// (their scheme only) → outcome, with times relative to the start.
import type { Exchange, Step } from '../../shared/exchange.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { formatDuration, outcomeText } from '../format.ts';
import styles from './Timeline.module.css';

function describeStep(step: Step, method: string): { label: string; text: string; tone?: string } {
  switch (step.kind) {
    case 'request': {
      const creds = step.credentials
        .map(
          (c) =>
            `${c.header}: ${c.scheme || '(no scheme)'}${c.source === 'browser' ? ' (added by the browser; extensions never see its value)' : ''}`,
        )
        .join('; ');
      return {
        label: step.credentials.length > 0 ? 'credentials' : 'request',
        text: `${method} ${step.url}${creds ? ` with ${creds}` : ', no credentials'}`,
      };
    }
    case 'response': {
      const challenges = step.fields.flatMap((f) => f.challenges.map((c) => c.scheme));
      const info = step.fields.filter((f) => f.params.length > 0).map((f) => f.name);
      const parts = [
        challenges.length > 0 ? `challenges: ${challenges.join(', ')}` : '',
        ...info,
        step.fromCache ? 'from cache' : '',
      ].filter(Boolean);
      const challenge = step.statusCode === 401 || step.statusCode === 407 || challenges.length > 0;
      return {
        label: challenge ? 'challenge' : 'response',
        text: `${step.statusLine || step.statusCode}${parts.length ? ` · ${parts.join(' · ')}` : ''}`,
        tone: step.statusCode >= 400 ? 'bad' : 'good',
      };
    }
    case 'auth-required':
      return {
        label: 'prompt',
        text: `The browser asked for ${step.scheme} credentials${step.realm ? ` for realm "${step.realm}"` : ''}${step.isProxy ? ` from proxy ${step.challenger}` : ''}`,
      };
    case 'redirect':
      return { label: 'redirect', text: `${step.statusCode} → ${step.redirectUrl}` };
    case 'completed':
      return {
        label: 'completed',
        text: `Completed with ${step.statusCode}`,
        tone: step.statusCode >= 400 ? 'bad' : 'good',
      };
    case 'error':
      return { label: 'error', text: step.error, tone: 'bad' };
  }
}

export function Timeline({ exchange }: { exchange: Exchange }) {
  return (
    <div className={styles.timeline}>
      <ol className={styles.steps} aria-label="Timeline" data-testid="timeline">
        {exchange.steps.map((step, i) => {
          const { label, text, tone } = describeStep(step, exchange.method);
          return (
            <li key={i} className={styles.step} data-kind={step.kind} data-label={label}>
              <span className={`${styles.label} ${tone ? styles[tone] : ''}`}>{label}</span>
              <span className={styles.text}>{visibleText(text)}</span>
              <span className={styles.at}>
                +{formatDuration(Math.max(0, step.at - exchange.startedAt))}
              </span>
            </li>
          );
        })}
      </ol>
      <p className={styles.outcome} data-testid="outcome" data-outcome={exchange.outcome}>
        <span className={`${styles.label} ${styles[exchange.outcome]}`}>{exchange.outcome}</span>
        {outcomeText[exchange.outcome]}
      </p>
    </div>
  );
}

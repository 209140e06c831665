// The flow of one exchange as a small timeline: request → challenge → request with credentials
// (their scheme only) → outcome, with times relative to the start. Every line says whether it was
// observed or inferred, and an inference says why: extensions do not see the Authorization the
// browser adds, nor how the user answered a login prompt.
import {
  isChallengeStatus,
  type CredentialsSummary,
  type Evidence,
  type Exchange,
  type RequestStep,
  type Step,
} from '../../shared/exchange.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { formatDuration, outcomeText } from '../format.ts';
import styles from './Timeline.module.css';

interface Line {
  label: string;
  text: string;
  tone?: string;
  /** Inferences behind the line, each said once. */
  reasons: string[];
}

function credentialText(c: CredentialsSummary): string {
  const setter = c.source === 'browser' ? 'added by the browser' : 'set by the page';
  return `${c.header}: ${c.scheme || '(no scheme)'} (${setter})`;
}

function reasonsOf(...evidence: Array<Evidence | undefined>): string[] {
  const reasons: string[] = [];
  for (const e of evidence) {
    if (e?.basis === 'inferred' && !reasons.includes(e.reason)) reasons.push(e.reason);
  }
  return reasons;
}

function describeRequest(step: RequestStep, method: string, imported: boolean): Line {
  const target = `${method} ${visibleText(step.url)}`;
  const reasons = reasonsOf(
    step.evidence,
    step.answer?.evidence,
    ...step.credentials.map((c) => c.evidence),
  );
  const credentials = step.credentials.map(credentialText).join('; ');
  if (step.answer) {
    const text =
      step.answer.kind === 'credentials'
        ? `${target} with ${credentials || 'the credentials the user typed'}`
        : step.answer.kind === 'cancelled'
          ? `${target} without credentials: the user cancelled the prompt`
          : `${target}: the browser's answer to its prompt`;
    return { label: 'answer', text, reasons };
  }
  if (credentials) return { label: 'credentials', text: `${target} with ${credentials}`, reasons };
  const none = imported
    ? 'no credentials in the file'
    : 'no credentials set by the page (the browser adds its own out of extensions’ sight)';
  return { label: 'request', text: `${target}, ${none}`, reasons };
}

/**
 * webRequest.onAuthRequired fires for every challenge the browser handles, also for the reload it
 * makes after a cancelled prompt, when it asks nobody: what the line says depends on the request
 * it belongs to.
 */
function describePrompt(step: Extract<Step, { kind: 'auth-required' }>, request?: RequestStep) {
  const what = `${step.scheme} credentials${step.realm ? ` for realm "${visibleText(step.realm)}"` : ''}${step.isProxy ? ` from proxy ${step.challenger}` : ''}`;
  const answer = request?.answer?.kind;
  if (answer === 'cancelled') {
    return {
      label: 'auth-required',
      text: `The browser needs ${what}, and asks nobody: this request was its reload after the cancelled prompt.`,
      reasons: [],
    };
  }
  if (answer === 'unknown') {
    return {
      label: 'prompt?',
      text: `The browser needs ${what}. It asked the user again if the answer was credentials; after Cancel it asks nobody.`,
      reasons: [],
    };
  }
  return { label: 'prompt', text: `The browser asked for ${what}.`, reasons: [] };
}

function describeStep(step: Step, exchange: Exchange, request?: RequestStep): Line {
  switch (step.kind) {
    case 'request':
      return describeRequest(step, exchange.method, exchange.imported !== undefined);
    case 'response': {
      const challenges = step.fields.flatMap((f) => f.challenges.map((c) => c.scheme));
      const info = step.fields.filter((f) => f.params.length > 0).map((f) => f.name);
      const parts = [
        challenges.length > 0 ? `challenges: ${challenges.join(', ')}` : '',
        ...info,
        step.fromCache ? 'from cache' : '',
      ].filter(Boolean);
      const challenge = isChallengeStatus(step.statusCode) || challenges.length > 0;
      return {
        label: challenge ? 'challenge' : 'response',
        text: visibleText(
          `${step.statusLine || step.statusCode}${parts.length ? ` · ${parts.join(' · ')}` : ''}`,
        ),
        tone: step.statusCode >= 400 ? 'bad' : 'good',
        reasons: [],
      };
    }
    case 'auth-required':
      return describePrompt(step, request);
    case 'redirect':
      return {
        label: 'redirect',
        text: `${step.statusCode} → ${visibleText(step.redirectUrl)}`,
        reasons: [],
      };
    case 'completed':
      return {
        label: 'completed',
        text: `Completed with ${step.statusCode}`,
        tone: step.statusCode >= 400 ? 'bad' : 'good',
        reasons: [],
      };
    case 'error':
      return { label: 'error', text: visibleText(step.error), tone: 'bad', reasons: [] };
  }
}

function Basis({ reasons }: { reasons: string[] }) {
  if (reasons.length === 0) {
    return (
      <span className={styles.observed} data-basis="observed">
        observed
      </span>
    );
  }
  return (
    <span className={styles.inferred} data-basis="inferred">
      <span className={styles.basisLabel}>inferred:</span> {visibleText(reasons.join(' '))}
    </span>
  );
}

export function Timeline({ exchange }: { exchange: Exchange }) {
  const lines = exchange.steps.map((step, i) => {
    const request = exchange.steps.findLast(
      (s, j): s is RequestStep => j <= i && s.kind === 'request',
    );
    return { step, line: describeStep(step, exchange, request) };
  });
  const outcomeReasons = reasonsOf(exchange.outcomeEvidence);
  return (
    <div className={styles.timeline}>
      <p className={styles.caption}>
        Each step is what the browser reported
        {exchange.imported !== undefined ? ' (or the file states)' : ''}, unless marked inferred.
      </p>
      <ol className={styles.steps} aria-label="Timeline" data-testid="timeline">
        {lines.map(({ step, line }, i) => (
          <li
            key={i}
            className={styles.step}
            data-kind={step.kind}
            data-label={line.label}
            data-basis={line.reasons.length > 0 ? 'inferred' : 'observed'}
          >
            <span className={`${styles.label} ${line.tone ? styles[line.tone] : ''}`}>
              {line.label}
            </span>
            <span className={styles.text}>
              {visibleText(line.text)}
              {line.reasons.length > 0 && <Basis reasons={line.reasons} />}
            </span>
            <span className={styles.at}>
              +{formatDuration(Math.max(0, step.at - exchange.startedAt))}
            </span>
          </li>
        ))}
      </ol>
      <p
        className={styles.outcome}
        data-testid="outcome"
        data-outcome={exchange.outcome}
        data-basis={exchange.outcomeEvidence.basis}
      >
        <span className={`${styles.label} ${styles[exchange.outcome]}`}>{exchange.outcome}</span>
        <span className={styles.text}>
          {outcomeText[exchange.outcome]}
          <Basis reasons={outcomeReasons} />
        </span>
      </p>
    </div>
  );
}

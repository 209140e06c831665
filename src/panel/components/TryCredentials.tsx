// "Try credentials" on a Basic or Digest challenge card (issue 5): the user types a username and
// password and sees the Authorization field AuthLens would send, built step by step by src/core's
// calculator with the RFC section of each step. Credentials live in this component's state only:
// never stored, never sent to the background or the inspected page; the field leaves the panel
// only when the user presses Send, which sends the request from AuthLens itself (replay.ts), to
// the origin that issued the challenge only. Loaded lazily.
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import {
  basicCredentials,
  digestChallengeParams,
  digestCredentials,
  parseChallenges,
  type Challenge,
  type CredentialsResult,
} from '../../core/index.ts';
import type { AuthFieldName } from '../../shared/exchange.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { formatClock, formatReference } from '../format.ts';
import { checkTarget, type ReplayOutcome, type ReplayRequest } from '../replay.ts';
import buttons from './buttons.module.css';
import styles from './TryCredentials.module.css';

/** What the panel's surroundings give the section (hooks/use-try-host.ts). */
export interface TryHost {
  random(length: number): Uint8Array;
  now(): number;
  /** The origin of the page now in the inspected tab; null when it cannot be told. */
  inspectedOrigin(): Promise<string | null>;
  /**
   * Sends the request from AuthLens itself; `recorded` says whether the background expects it
   * (it then lists it as a new exchange of this tab). null where nothing can be sent.
   */
  send: ((request: ReplayRequest) => Promise<{ outcome: ReplayOutcome; recorded: boolean }>) | null;
}

/** Where the challenge came from, for prefilling and for judging its nonce. */
export interface TryContext {
  /** The URL that answered with the challenge (after any redirect). */
  url: string;
  method: string;
  /** When the response carrying the challenge arrived. */
  issuedAt: number;
  imported: boolean;
  /** Requests with credentials that answered this response before the next challenge. */
  answered: number;
  host: TryHost;
}

interface Props {
  challenge: Challenge;
  field: AuthFieldName;
  context: TryContext;
}

/** Servers expire nonces; Apache's default and the lab's are 5 minutes. */
const NONCE_AGE_WARNING_MS = 5 * 60_000;

/** The request-target a URL is sent with (origin-form, RFC 9112 §3.2.1). */
function requestTarget(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

function resolve(base: string, target: string): string {
  try {
    return new URL(target, base).href;
  } catch {
    return base;
  }
}

function param(challenge: Challenge, name: string): string | undefined {
  return challenge.params.find((p) => p.name.toLowerCase() === name)?.value;
}

function minutes(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

/** Whether a WWW-Authenticate value says the nonce was stale (RFC 7616 §3.3, stale=true). */
function saysStale(value: string | null): boolean {
  if (!value) return false;
  const { challenges } = parseChallenges([value]);
  return challenges.some(
    (c) =>
      c.scheme.toLowerCase() === 'digest' &&
      c.params.some((p) => p.name.toLowerCase() === 'stale' && p.value.toLowerCase() === 'true'),
  );
}

export function TryCredentials({ challenge, field, context }: Props) {
  const { host } = context;
  const digest = challenge.scheme.toLowerCase() === 'digest';
  const proxy = field === 'Proxy-Authenticate';
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [method, setMethod] = useState(context.method);
  const [uri, setUri] = useState(() => requestTarget(context.url));
  const [nc, setNc] = useState(String(context.answered + 1));
  const [cnonce, setCnonce] = useState('');
  // Drawn once, so the cnonce stays put while the user types; a fresh one with each new section.
  const [seed] = useState(() => host.random(64));
  const [outcome, setOutcome] = useState<Sent | 'sending' | null>(null);
  const [openedAt] = useState(() => host.now());
  /** The inspected page's origin: undefined while asked, null when it cannot be told. */
  const [tabOrigin, setTabOrigin] = useState<string | null | undefined>(undefined);
  const [confirmed, setConfirmed] = useState(false);
  useEffect(() => {
    let live = true;
    void host.inspectedOrigin().then((origin) => live && setTabOrigin(origin));
    return () => {
      live = false;
    };
  }, [host]);

  const result: CredentialsResult = useMemo(() => {
    const authField = proxy ? 'Proxy-Authorization' : 'Authorization';
    if (!digest) {
      const charset = param(challenge, 'charset');
      return basicCredentials(username, password, {
        field: authField,
        ...(charset === undefined ? {} : { charset }),
      });
    }
    const count = /^\d+$/.test(nc.trim()) ? Number(nc.trim()) : NaN;
    return digestCredentials({
      challenge: digestChallengeParams(challenge.params),
      username,
      password,
      method,
      uri,
      nc: count,
      ...(cnonce.trim() === '' ? {} : { cnonce: cnonce.trim() }),
      random: (length) => (length <= seed.length ? seed.subarray(0, length) : host.random(length)),
      field: authField,
    });
  }, [challenge, digest, proxy, username, password, method, uri, nc, cnonce, seed, host]);

  const age = openedAt - context.issuedAt;
  const staleReasons: string[] = [];
  if (digest) {
    if (context.imported) {
      staleReasons.push(
        'This challenge comes from an imported file, so its nonce is almost certainly expired.',
      );
    } else if (context.issuedAt > 0 && age > NONCE_AGE_WARNING_MS) {
      staleReasons.push(
        `This nonce was issued ${minutes(age)} ago (${formatClock(context.issuedAt)}); servers expire nonces, often after 5 minutes.`,
      );
    }
    if (context.answered > 0) {
      staleReasons.push(
        `The browser already answered this nonce ${context.answered === 1 ? 'once' : `${context.answered} times`}, so nc starts at ${context.answered + 1}: a server that remembers counts refuses one it has seen (RFC 7616 §5.10).`,
      );
    }
  }

  // The URL exactly as captured, unless the user changed the Digest uri it must agree with.
  const replayUrl =
    digest && uri !== requestTarget(context.url) ? resolve(context.url, uri) : context.url;
  const target = (origin: string | null | undefined) =>
    checkTarget({
      exchangeUrl: context.url,
      replayUrl,
      imported: context.imported,
      tabOrigin: origin,
    });
  const check = target(tabOrigin);
  const allowed = check.refuse === null && (check.confirm === null || confirmed);
  const canSend = result.ok && host.send !== null && !proxy && outcome !== 'sending' && allowed;

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!result.ok || !host.send || proxy || !allowed) return;
    setOutcome('sending');
    // The tab may have moved on since the section opened: ask again before anything leaves.
    const origin = await host.inspectedOrigin();
    setTabOrigin(origin);
    const now = target(origin);
    if (now.refuse !== null || (now.confirm !== null && !confirmed)) {
      setOutcome(null);
      return;
    }
    setOutcome(
      await host.send({
        url: replayUrl,
        method: method.toUpperCase(),
        headerName: result.field,
        headerValue: result.value,
      }),
    );
  };

  const headingId = `${id}-heading`;
  return (
    <form
      className={styles.try}
      aria-labelledby={headingId}
      autoComplete="off"
      data-testid="try-credentials"
      onSubmit={(e) => void send(e)}
    >
      <h5 id={headingId} className={styles.title}>
        Try credentials
      </h5>
      <p className={styles.note}>
        What AuthLens would send for this {challenge.scheme} challenge. Nothing leaves this panel
        until you press Send, and nothing is stored: the fields clear when you select another
        exchange.
      </p>
      <div className={styles.inputs}>
        <label>
          <span>Username</span>
          <input
            name="authlens-try-username"
            autoComplete="off"
            spellCheck={false}
            value={username}
            data-testid="try-username"
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          <span>Password</span>
          <input
            type="password"
            name="authlens-try-password"
            autoComplete="off"
            value={password}
            data-testid="try-password"
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {digest && (
          <>
            <label>
              <span>Method</span>
              <input
                value={method}
                spellCheck={false}
                data-testid="try-method"
                onChange={(e) => setMethod(e.target.value)}
              />
            </label>
            <label className={styles.wide}>
              <span>URI</span>
              <input
                value={uri}
                spellCheck={false}
                data-testid="try-uri"
                onChange={(e) => setUri(e.target.value)}
              />
            </label>
            <label>
              <span>nc</span>
              <input
                value={nc}
                inputMode="numeric"
                data-testid="try-nc"
                onChange={(e) => setNc(e.target.value)}
              />
            </label>
            <label className={styles.wide}>
              <span>cnonce</span>
              <input
                value={cnonce}
                placeholder="random (leave empty)"
                spellCheck={false}
                data-testid="try-cnonce"
                onChange={(e) => setCnonce(e.target.value)}
              />
            </label>
          </>
        )}
      </div>
      {staleReasons.length > 0 && (
        <div className={styles.warning} role="note" data-testid="nonce-stale">
          <strong>The nonce may be stale. </strong>
          {staleReasons.join(' ')} If the server answers 401 with stale=true, repeat the request in
          the page for a fresh challenge and try again there.
        </div>
      )}
      <ol className={styles.steps} data-testid="try-steps">
        {result.steps.map((step) => (
          <li key={step.id} className={styles.step} data-step={step.id}>
            <span className={styles.label}>{step.label}</span>
            <code className={styles.value} data-testid="try-step-value">
              {step.value}
            </code>
            <span className={styles.detail}>
              {step.detail}{' '}
              <a href={step.reference.url} target="_blank" rel="noreferrer">
                {formatReference(step.reference)}
              </a>
            </span>
          </li>
        ))}
      </ol>
      {result.notes.map((note, i) => (
        <p key={i} className={styles.noteLine} data-testid="try-note">
          {note.message}{' '}
          <a href={note.reference.url} target="_blank" rel="noreferrer">
            {formatReference(note.reference)}
          </a>
        </p>
      ))}
      {!result.ok && (
        <p className={styles.problem} role="alert" data-testid="try-problem">
          {result.problem.message}{' '}
          <a href={result.problem.reference.url} target="_blank" rel="noreferrer">
            {formatReference(result.problem.reference)}
          </a>
        </p>
      )}
      {result.ok && (
        <div className={styles.header}>
          <span className={styles.label}>The field AuthLens would send</span>
          <output className={styles.headerValue} data-testid="try-header">
            {result.header}
          </output>
        </div>
      )}
      {check.refuse !== null && (
        <p className={styles.problem} role="alert" data-testid="try-refused">
          {visibleText(check.refuse)}
        </p>
      )}
      {check.refuse === null && check.confirm !== null && (
        <label className={styles.confirm}>
          <input
            type="checkbox"
            checked={confirmed}
            data-testid="try-confirm"
            onChange={(e) => setConfirmed(e.target.checked)}
          />
          {visibleText(check.confirm)}
        </label>
      )}
      <div className={styles.send}>
        <button
          type="submit"
          className={`${buttons.button} ${buttons.primary}`}
          disabled={!canSend}
          data-testid="try-send"
        >
          {outcome === 'sending' ? 'Sending…' : 'Send'}
        </button>
        <span className={styles.note}>
          {proxy
            ? "Proxy-Authorization is the browser's to send (fetch forbids it), so this one cannot be sent."
            : host.send === null
              ? 'Send works in DevTools, for the inspected tab.'
              : `Sends ${method.toUpperCase()} ${visibleText(replayUrl)} from AuthLens itself, not from the page (its scripts see nothing of it), with this field only (no cookies, no cache${method.toUpperCase() !== 'GET' && method.toUpperCase() !== 'HEAD' ? ', no body' : ''}); AuthLens records it as a new exchange of this tab.`}
        </span>
      </div>
      {outcome !== null && outcome !== 'sending' && <Outcome sent={outcome} />}
    </form>
  );
}

type Sent = { outcome: ReplayOutcome; recorded: boolean };

function Outcome({ sent: { outcome, recorded } }: { sent: Sent }) {
  const unrecorded = recorded ? null : (
    <span className={styles.line} data-testid="try-unrecorded">
      AuthLens's background did not answer in time, so this request is not in the list.
    </span>
  );
  if (!outcome.ok) {
    return (
      <div className={styles.failed} role="status" data-testid="try-outcome" data-status="error">
        The request failed: {visibleText(outcome.error)}.{unrecorded}
      </div>
    );
  }
  const accepted = outcome.status < 400;
  return (
    <div
      className={accepted ? styles.accepted : styles.failed}
      role="status"
      data-testid="try-outcome"
      data-status={outcome.status}
    >
      <strong>
        {outcome.status} {visibleText(outcome.statusText)}
      </strong>{' '}
      {accepted
        ? 'The server accepted the credentials.'
        : outcome.status === 401 || outcome.status === 407
          ? 'The server refused the credentials.'
          : ''}
      {outcome.authenticationInfo !== null && (
        <span className={styles.line} data-testid="try-auth-info">
          Authentication-Info: {visibleText(outcome.authenticationInfo)}
        </span>
      )}
      {outcome.wwwAuthenticate !== null && (
        <span className={styles.line}>
          WWW-Authenticate: {visibleText(outcome.wwwAuthenticate)}
        </span>
      )}
      {saysStale(outcome.wwwAuthenticate) && (
        <span className={styles.line} data-testid="try-stale">
          stale=true: the password was right but the nonce has expired. Repeat the request in the
          page for a fresh challenge.
        </span>
      )}
      {unrecorded}
    </div>
  );
}

// The one definition of a secret, and the one module that removes secrets. Live capture, HAR and
// AuthLens JSON import, both exports, Copy as cURL and Copy as JSON all go through here, so what
// counts as a credential is decided once.
//
// Never kept, at capture and at import (the first pure step after the browser or the file):
//   - everything after the scheme of Authorization / Proxy-Authorization (and the whole value when
//     it does not start with something that reads as a scheme word);
//   - the password of a URL's userinfo;
//   - the values of credential-bearing query (and fragment) parameters, names kept;
//   - cookies: no Cookie or Set-Cookie value is ever read into a record.
// Kept in the browser, where explaining them is the point, but masked in everything that leaves
// it unless the user opts in (redactExchange):
//   - challenge token68s (NTLM and Negotiate handshake messages name hosts and carry tickets);
//   - diagnostic messages that quote what was decoded from a token (codes.ts marks them);
//   - the user name of a URL's userinfo.
// Pure; linear in the length of its input; never throws.
import {
  codes,
  isRegisteredScheme,
  token68SpanOf,
  type Challenge,
  type Diagnostic,
} from '../core/index.ts';
import type { AuthField, CredentialsSummary, Exchange, Step } from './exchange.ts';

/** What replaces a secret in anything AuthLens keeps or writes out. */
export const REDACTED = 'REDACTED';

// ---- Authorization / Proxy-Authorization ------------------------------------------------------

/** The credential request headers, by lower-cased name. */
export type CredentialHeaderName = 'Authorization' | 'Proxy-Authorization';

const credentialHeaders = new Map<string, CredentialHeaderName>([
  ['authorization', 'Authorization'],
  ['proxy-authorization', 'Proxy-Authorization'],
]);

/** The canonical name when a header carries credentials, else undefined. */
export function credentialHeaderName(name: string): CredentialHeaderName | undefined {
  // Called for every request header the browser reports: lengths first (13 and 19).
  const n = name.length;
  if (n !== 13 && n !== 19) return undefined;
  return credentialHeaders.get(name.toLowerCase());
}

/** A leading run of tchar (RFC 9110 §5.6.2): the only thing an auth-scheme can be. */
const LEADING_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
/** Letters, digits and hyphens, starting with a letter: the shape of every registered scheme. */
const SCHEME_WORD = /^[A-Za-z][A-Za-z0-9-]*$/;
/** Longer than any registered scheme name ("AWS4-HMAC-SHA256" is 16) with room to spare. */
const MAX_SCHEME_LENGTH = 24;
/** Registered names change between upper case, lower case and digits at most 3 times. */
const MAX_CLASS_CHANGES = 6;
const HEX_RUN = /^[0-9A-Fa-f]{12,}$/;

/**
 * Whether a word reads as an auth-scheme name rather than as a secret: a token of letters, digits
 * and hyphens that starts with a letter, is short, is not a long hex string and does not switch
 * between upper case, lower case and digits the way random keys (ghp_…, base64, JWTs) do.
 */
export function readsAsSchemeWord(word: string): boolean {
  if (word.length === 0 || word.length > MAX_SCHEME_LENGTH) return false;
  if (!SCHEME_WORD.test(word) || HEX_RUN.test(word)) return false;
  let changes = 0;
  let previous = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    const kind = c >= 48 && c <= 57 ? 1 : c >= 65 && c <= 90 ? 2 : c >= 97 && c <= 122 ? 3 : 0;
    if (kind === 0) continue; // a hyphen neither starts nor ends a run
    if (previous !== 0 && kind !== previous) changes++;
    previous = kind;
  }
  return changes <= MAX_CLASS_CHANGES;
}

/**
 * The auth-scheme of a credentials value (`credentials = auth-scheme [ 1*SP ( token68 /
 * #auth-param ) ]`, RFC 9110 §11.4), or "" when no part of the value may be kept: the value must
 * start with a token that reads as a scheme word and is followed by whitespace. A value of one
 * token alone is kept only when it is a registered scheme name: a bare API key, a JWT or
 * `lin_api_…` has no scheme and is kept as nothing at all.
 */
export function credentialScheme(value: string): string {
  let start = 0;
  while (start < value.length && (value[start] === ' ' || value[start] === '\t')) start++;
  const match = LEADING_TOKEN.exec(start === 0 ? value : value.slice(start));
  if (!match) return '';
  const scheme = match[0];
  const next = value[start + scheme.length];
  if (next === undefined) return isRegisteredScheme(scheme) ? scheme : '';
  if (next !== ' ' && next !== '\t') return '';
  return readsAsSchemeWord(scheme) ? scheme : '';
}

/** A credentials value as it may be kept or written out: its scheme and a mask. */
export function maskedCredentials(value: string): string {
  const scheme = credentialScheme(value);
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}

/**
 * A scheme read from a record or a file rather than from a credentials value: kept when it reads
 * as a scheme word or is a registered name, else "" — a file cannot smuggle a key in as a scheme.
 */
export function schemeWord(scheme: string): string {
  return readsAsSchemeWord(scheme) || isRegisteredScheme(scheme) ? scheme : '';
}

/** The credentials header as an export writes it when it holds no value: scheme and a mask. */
export function credentialsPlaceholder(summary: CredentialsSummary): string {
  const scheme = schemeWord(summary.scheme);
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}

/** A header as the browser edge or a file gives it. */
export interface NamedValue {
  name: string;
  value: string;
}

/**
 * The credentials a request carried, each reduced to its scheme; the full value only when the
 * user opted in (`reveal`). The one reading of Authorization for capture and import alike.
 */
export function summarizeCredentials(
  headers: readonly NamedValue[] | undefined,
  reveal: boolean,
): CredentialsSummary[] {
  const found: CredentialsSummary[] = [];
  for (const h of headers ?? []) {
    const header = credentialHeaderName(h.name);
    if (!header) continue;
    const summary: CredentialsSummary = {
      header,
      scheme: credentialScheme(h.value),
      source: 'page',
    };
    if (reveal) summary.value = h.value;
    found.push(summary);
  }
  return found;
}

// ---- URLs ----------------------------------------------------------------------------------------

/** Parameter names (letters and digits only, lower case) that are credentials wherever they appear. */
const SECRET_NAMES = new Set([
  'code', // OAuth authorization code (RFC 6749 §4.1.2)
  'key',
  'sig',
  'pwd',
  'pass',
  'passwd',
  'auth',
  'authorization',
  'jwt',
  'assertion', // RFC 7521 / 7523 client and grant assertions
  'clientassertion',
  'codeverifier', // PKCE (RFC 7636)
  'ticket', // CAS service tickets
  'samlresponse',
  'samlart',
  'otp',
  'sid',
  'hmac',
]);
/** Name parts that make any parameter a credential: access_token, X-Amz-Signature, api_key, … */
const SECRET_PARTS = [
  'token',
  'secret',
  'password',
  'passwd',
  'signature',
  'apikey',
  'accesskey',
  'privatekey',
  'credential',
  'session',
];
/** Names that contain a secret-sounding part but never carry one. */
const HARMLESS_NAMES = new Set(['tokentype']);
/** Cloud signing parameters (AWS SigV4 query auth, Google signed URLs): all of them are masked. */
const SECRET_PREFIXES = ['xamz', 'xgoog'];

/** Whether a query or fragment parameter of this name carries a credential (case-insensitive). */
export function isCredentialParam(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    // A malformed escape: judge the name as written.
  }
  const key = decoded.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (key.length === 0) return false;
  if (SECRET_NAMES.has(key)) return true;
  if (HARMLESS_NAMES.has(key)) return false;
  if (SECRET_PREFIXES.some((p) => key.startsWith(p))) return true;
  return SECRET_PARTS.some((part) => key.includes(part));
}

/** `a=1&access_token=x` with credential values masked; `null` when nothing changed. */
function maskParams(params: string): string | null {
  let changed = false;
  const parts = params.split('&').map((part) => {
    const eq = part.indexOf('=');
    if (eq === -1 || !isCredentialParam(part.slice(0, eq))) return part;
    if (part.slice(eq + 1) === REDACTED) return part;
    changed = true;
    return `${part.slice(0, eq + 1)}${REDACTED}`;
  });
  return changed ? parts.join('&') : null;
}

/**
 * The URL with its userinfo password and its credential query and fragment parameters masked;
 * every other character as it was (no re-encoding), so what is shown is what was requested.
 * Unchanged when it holds none. Fragments are masked too: OAuth's implicit grant returns tokens
 * there (RFC 6749 §4.2.2).
 */
export function redactUrl(url: string): string {
  let out = withoutPassword(url);
  const hash = out.indexOf('#');
  const query = out.indexOf('?');
  const queryEnd = hash === -1 ? out.length : hash;
  if (query !== -1 && query < queryEnd) {
    const masked = maskParams(out.slice(query + 1, queryEnd));
    if (masked !== null) out = out.slice(0, query + 1) + masked + out.slice(queryEnd);
  }
  const fragment = out.indexOf('#');
  if (fragment !== -1 && out.indexOf('=', fragment) !== -1) {
    const masked = maskParams(out.slice(fragment + 1));
    if (masked !== null) out = out.slice(0, fragment + 1) + masked;
  }
  return out;
}

/** Where a URL's userinfo starts and its "@" stands, or null when it has none. */
function userinfoOf(url: string): { start: number; at: number } | null {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd === -1) return null;
  const start = schemeEnd + 3;
  let end = url.length;
  for (const stop of ['/', '?', '#']) {
    const at = url.indexOf(stop, start);
    if (at !== -1 && at < end) end = at;
  }
  const at = url.lastIndexOf('@', end);
  return at < start ? null : { start, at };
}

/**
 * A URL without the password of its userinfo (http://alice:secret@host/ → http://alice@host/):
 * Chrome reports navigations and XHRs with the credentials they were given inline.
 */
function withoutPassword(url: string): string {
  const userinfo = userinfoOf(url);
  if (!userinfo) return url;
  const colon = url.indexOf(':', userinfo.start);
  if (colon === -1 || colon > userinfo.at) return url;
  return url.slice(0, colon) + url.slice(userinfo.at);
}

/**
 * The URL as an export writes it: redactUrl, and the userinfo's user name masked too (it names a
 * person; inside the browser it helps explain a login, outside it is nobody else's business).
 */
export function redactUrlForExport(url: string): string {
  const out = redactUrl(url);
  const userinfo = userinfoOf(out);
  const user = userinfo ? out.slice(userinfo.start, userinfo.at) : '';
  if (!userinfo || user === '' || user === REDACTED) return out;
  return out.slice(0, userinfo.start) + REDACTED + out.slice(userinfo.at);
}

// ---- Records that leave the browser --------------------------------------------------------------

/** What a redacted export masks, in one sentence for the export dialog and the HAR's comment. */
export const REDACTION_SUMMARY =
  'Authorization and Proxy-Authorization values, challenge token68s (NTLM and Negotiate ' +
  'handshakes) and what diagnostics decoded from them, URL user names, and credential ' +
  'parameters in URLs are masked as REDACTED; cookies are never recorded.';

/**
 * The exchange as it may leave the machine (export files, Copy as cURL, Copy as JSON): credential
 * values dropped (the scheme stays, which is what the panel explains), challenge token68s masked,
 * diagnostics that quote decoded token content reworded, URL user names and credential parameters
 * masked. Never mutates its input; a record without secrets comes back equal.
 */
export function redactExchange(exchange: Exchange): Exchange {
  return {
    ...exchange,
    url: redactUrlForExport(exchange.url),
    initiator: exchange.initiator === null ? null : redactUrlForExport(exchange.initiator),
    steps: exchange.steps.map(redactStep),
  };
}

function redactStep(step: Step): Step {
  switch (step.kind) {
    case 'request':
      return {
        ...step,
        url: redactUrlForExport(step.url),
        credentials: step.credentials.map(({ value: _value, ...rest }) => ({
          ...rest,
          scheme: schemeWord(rest.scheme),
        })),
      };
    case 'response':
      return {
        ...step,
        url: redactUrlForExport(step.url),
        fields: step.fields.map(redactField),
        diagnostics: step.diagnostics.map((d) => redactDiagnostic(d, [])),
      };
    case 'redirect':
      return {
        ...step,
        url: redactUrlForExport(step.url),
        redirectUrl: redactUrlForExport(step.redirectUrl),
      };
    default:
      return step;
  }
}

/** Same length, so every span and diagnostic stays valid; still a token68, so it re-parses. */
function mask(length: number): string {
  return length >= REDACTED.length
    ? REDACTED + '.'.repeat(length - REDACTED.length)
    : 'x'.repeat(length);
}

const isMasked = (token68: string) => token68 === mask(token68.length);

interface MaskedSpan {
  line: number;
  start: number;
  end: number;
}

/**
 * One response field as it may leave the machine: every challenge token68 masked, in the
 * challenge and in its field line, and the diagnostics that would give its content away reworded.
 */
export function redactField(field: AuthField): AuthField {
  if (!field.challenges.some((c) => c.token68 !== null && !isMasked(c.token68))) {
    if (!field.diagnostics.some(revealsTokenContent)) return field;
    return { ...field, diagnostics: field.diagnostics.map((d) => redactDiagnostic(d, [])) };
  }
  const lines = [...field.lines];
  const masked: MaskedSpan[] = [];
  const strays: string[] = [];
  const challenges = field.challenges.map((c): Challenge => {
    if (c.token68 === null || c.token68.length === 0 || isMasked(c.token68)) return c;
    const span = token68SpanOf(c);
    const line = span ? lines[span.line] : undefined;
    if (span && line !== undefined && line.slice(span.start, span.end) === c.token68) {
      lines[span.line] = line.slice(0, span.start) + mask(c.token68.length) + line.slice(span.end);
      masked.push({ line: span.line, start: span.start, end: span.end });
    } else {
      // The record does not say where its token stands (it was built by hand, or edited): mask
      // every occurrence instead, since a token must not survive in any line.
      strays.push(c.token68);
    }
    return { ...c, token68: mask(c.token68.length) };
  });
  for (const token of strays) {
    for (let i = 0; i < lines.length; i++) {
      lines[i] = lines[i]!.split(token).join(mask(token.length));
    }
  }
  return {
    ...field,
    lines,
    challenges,
    diagnostics: field.diagnostics.map((d) => redactDiagnostic(d, masked)),
  };
}

/** Whether a diagnostic's message quotes what it decoded from a token (codes.ts says which). */
function revealsTokenContent(diagnostic: Diagnostic): boolean {
  return (
    Object.hasOwn(codes, diagnostic.code) &&
    codes[diagnostic.code as keyof typeof codes].revealsTokenContent === true
  );
}

/**
 * A diagnostic whose message could give a masked token away — it decodes token content, or it
 * points into a masked token and may quote it — keeps its code, severity, span and reference,
 * with a message that says the details went with the token.
 */
function redactDiagnostic(diagnostic: Diagnostic, masked: readonly MaskedSpan[]): Diagnostic {
  const span = diagnostic.span;
  const inToken =
    span !== null &&
    masked.some(
      (m) =>
        (span.line < m.line || (span.line === m.line && span.start < m.end)) &&
        (span.endLine > m.line || (span.endLine === m.line && span.end > m.start)),
    );
  if (!inToken && !revealsTokenContent(diagnostic)) return diagnostic;
  return { ...diagnostic, message: rewordedMessage(diagnostic) };
}

function rewordedMessage(diagnostic: Diagnostic): string {
  const title = Object.hasOwn(codes, diagnostic.code)
    ? codes[diagnostic.code as keyof typeof codes].title
    : 'A finding about a challenge token';
  return `${title}. The details are redacted with the token they were read from.`;
}

/** Whether a diagnostic still quotes decoded token content (not yet reworded). */
function quotesTokenContent(diagnostic: Diagnostic): boolean {
  return revealsTokenContent(diagnostic) && diagnostic.message !== rewordedMessage(diagnostic);
}

/** The kinds of secret a record can hold, as the export dialog names them. */
export type SecretKind =
  | 'credential values'
  | 'challenge tokens'
  | 'names decoded from challenge tokens'
  | 'user names and credentials in URLs';

/**
 * Which kinds of secret these records hold, i.e. what an unredacted export or copy would write
 * that a redacted one masks; [] when redacting changes nothing.
 */
export function secretsIn(exchanges: readonly Exchange[]): SecretKind[] {
  const found = new Set<SecretKind>();
  const url = (u: string) => {
    if (redactUrlForExport(u) !== u) found.add('user names and credentials in URLs');
  };
  for (const exchange of exchanges) {
    url(exchange.url);
    if (exchange.initiator !== null) url(exchange.initiator);
    for (const step of exchange.steps) {
      if (step.kind === 'request') {
        url(step.url);
        if (step.credentials.some((c) => c.value !== undefined)) found.add('credential values');
      } else if (step.kind === 'redirect') {
        url(step.url);
        url(step.redirectUrl);
      } else if (step.kind === 'response') {
        url(step.url);
        if (step.diagnostics.some(quotesTokenContent)) {
          found.add('names decoded from challenge tokens');
        }
        for (const field of step.fields) {
          if (field.challenges.some((c) => c.token68 !== null && !isMasked(c.token68))) {
            found.add('challenge tokens');
          }
          if (field.diagnostics.some(quotesTokenContent)) {
            found.add('names decoded from challenge tokens');
          }
        }
      }
    }
  }
  const order: SecretKind[] = [
    'credential values',
    'challenge tokens',
    'names decoded from challenge tokens',
    'user names and credentials in URLs',
  ];
  return order.filter((kind) => found.has(kind));
}

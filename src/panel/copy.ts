// What the copy buttons put on the clipboard: the selected request as a cURL command and one
// challenge as JSON, both redacted by src/shared/redact.ts unless the user chose otherwise. Pure.
import { formatChallenge, type Challenge } from '../core/index.ts';
import type { AuthField, Exchange } from '../shared/exchange.ts';
import { redactExchange, redactField } from '../shared/redact.ts';

/** POSIX shell single quotes: nothing inside is special except the quote itself. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

// curl's own options per scheme, so the command performs the handshake as the browser did
// instead of replaying a one-time Digest or NTLM answer. A Map: schemes come from pages, and a
// page's "constructor" must not find Object's.
const curlAuth = new Map([
  ['basic', '--basic'],
  ['digest', '--digest'],
  ['ntlm', '--ntlm'],
  ['negotiate', '--negotiate'],
]);

export function curlCommand(exchange: Exchange, includeCredentials: boolean): string {
  const record = includeCredentials ? exchange : redactExchange(exchange);
  const args = ['curl', '-i', shellQuote(record.url)];
  const method = record.method.toUpperCase();
  if (method === 'HEAD') args.push('--head');
  else if (method !== 'GET') args.push('-X', shellQuote(method));
  // The credentials of the last request that carried any: the answer to the last challenge.
  let credentials: Extract<Exchange['steps'][number], { kind: 'request' }>['credentials'] = [];
  for (const step of record.steps) {
    if (step.kind === 'request' && step.credentials.length > 0) credentials = step.credentials;
  }
  if (credentials.some((c) => c.header === 'Proxy-Authorization')) {
    const step = record.steps.find((s) => s.kind === 'auth-required' && s.isProxy);
    const challenger = step?.kind === 'auth-required' ? step.challenger : '';
    args.push('-x', shellQuote(challenger || 'PROXY:PORT'));
  }
  for (const c of credentials) {
    const proxy = c.header === 'Proxy-Authorization';
    if (includeCredentials && c.value !== undefined) {
      args.push('-H', shellQuote(`${c.header}: ${c.value}`));
      continue;
    }
    const option = curlAuth.get(c.scheme.toLowerCase());
    if (option) {
      args.push(proxy ? option.replace('--', '--proxy-') : option);
      args.push(proxy ? '-U' : '-u', shellQuote('USER:PASSWORD'));
    } else {
      args.push('-H', shellQuote(`${c.header}: ${c.scheme ? `${c.scheme} ` : ''}TOKEN`));
    }
  }
  return args.join(' ');
}

/**
 * One challenge as plain JSON: what it says, the canonical text, and what AuthLens found; its
 * token68 masked (and what diagnostics decoded from it) unless the user chose to include it.
 */
export function challengeJson(field: AuthField, index: number, includeCredentials = false): string {
  const shown = includeCredentials ? field : redactField(field);
  const challenge: Challenge | undefined = shown.challenges[index];
  if (!challenge) return '{}';
  return JSON.stringify(
    {
      redacted: !includeCredentials,
      field: shown.name,
      scheme: challenge.scheme,
      token68: challenge.token68,
      params: challenge.params.map((p) => ({ name: p.name, value: p.value, quoted: p.quoted })),
      canonical: formatChallenge(challenge),
      diagnostics: shown.diagnostics
        .filter((d) => d.challenge === index)
        .map((d) => ({ severity: d.severity, code: d.code, message: d.message })),
    },
    null,
    2,
  );
}

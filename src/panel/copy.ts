// What the copy buttons put on the clipboard: the selected request as a cURL command (redacted
// unless the user chose otherwise) and one challenge as JSON. Pure.
import { formatChallenge, type Challenge } from '../core/index.ts';
import type { AuthField, Exchange } from '../shared/exchange.ts';
import { redactExchange } from './redact.ts';

/** POSIX shell single quotes: nothing inside is special except the quote itself. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

// curl's own options per scheme, so the command performs the handshake as the browser did
// instead of replaying a one-time Digest or NTLM answer.
const curlAuth: Record<string, string> = {
  basic: '--basic',
  digest: '--digest',
  ntlm: '--ntlm',
  negotiate: '--negotiate',
};

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
    const option = curlAuth[c.scheme.toLowerCase()];
    if (option) {
      args.push(proxy ? option.replace('--', '--proxy-') : option);
      args.push(proxy ? '-U' : '-u', shellQuote('USER:PASSWORD'));
    } else {
      args.push('-H', shellQuote(`${c.header}: ${c.scheme ? `${c.scheme} ` : ''}TOKEN`));
    }
  }
  return args.join(' ');
}

/** One challenge as plain JSON: what it says, the canonical text, and what AuthLens found. */
export function challengeJson(field: AuthField, index: number): string {
  const challenge: Challenge | undefined = field.challenges[index];
  if (!challenge) return '{}';
  return JSON.stringify(
    {
      field: field.name,
      scheme: challenge.scheme,
      token68: challenge.token68,
      params: challenge.params.map((p) => ({ name: p.name, value: p.value, quoted: p.quoted })),
      canonical: formatChallenge(challenge),
      diagnostics: field.diagnostics
        .filter((d) => d.challenge === index)
        .map((d) => ({ severity: d.severity, code: d.code, message: d.message })),
    },
    null,
    2,
  );
}

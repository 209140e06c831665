// Challenges back to field text, in the form senders should generate: one SP after the scheme,
// ", " between elements, realm and any value that is not a token as a quoted-string. Pure.
import { isToken } from './scanner.ts';

export interface ChallengeLike {
  scheme: string;
  token68: string | null;
  params: ReadonlyArray<{ name: string; value: string; quoted?: boolean }>;
}

export function formatChallenges(challenges: readonly ChallengeLike[]): string {
  return challenges.map(formatChallenge).join(', ');
}

export function formatChallenge(challenge: ChallengeLike): string {
  if (challenge.token68 !== null) return `${challenge.scheme} ${challenge.token68}`;
  if (challenge.params.length === 0) return challenge.scheme;
  return `${challenge.scheme} ${formatParams(challenge.params)}`;
}

export function formatParams(params: ChallengeLike['params']): string {
  return params
    .map((p) => {
      const asToken = p.quoted === false && isToken(p.value) && p.name.toLowerCase() !== 'realm';
      return `${p.name}=${asToken ? p.value : quote(p.value)}`;
    })
    .join(', ');
}

/** quoted-string with quoted-pair for DQUOTE and backslash — RFC 9110 §5.6.4. */
export function quote(value: string): string {
  let out = '"';
  for (const ch of value) out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
  return `${out}"`;
}

// The lab's demo identities: one password user and a few Bearer tokens. Documented on the index
// page; nothing here is a real secret.
import { safeEqual } from './safe-equal.ts';

export const DEMO_USER = { username: 'alice', password: 'wonderland' } as const;

export interface BearerToken {
  token: string;
  scopes: readonly string[];
  expired: boolean;
  description: string;
}

export const BEARER_TOKENS: readonly BearerToken[] = [
  {
    token: 'lab-token-read',
    scopes: ['lab:read'],
    expired: false,
    description: 'valid, scope lab:read',
  },
  {
    token: 'lab-token-write',
    scopes: ['lab:read', 'lab:write'],
    expired: false,
    description: 'valid, scopes lab:read and lab:write',
  },
  {
    token: 'lab-token-expired',
    scopes: ['lab:read', 'lab:write'],
    expired: true,
    description: 'recognised but expired',
  },
];

/** Password check for the one demo user; both comparisons always run (no early exit). */
export function checkPassword(username: string, password: string): boolean {
  const userOk = safeEqual(username, DEMO_USER.username);
  const passwordOk = safeEqual(password, DEMO_USER.password);
  return userOk && passwordOk;
}

/** Looks a token up in constant time per entry, visiting every entry whatever matches. */
export function findBearerToken(token: string): BearerToken | undefined {
  let found: BearerToken | undefined;
  for (const candidate of BEARER_TOKENS) {
    if (safeEqual(token, candidate.token)) found = candidate;
  }
  return found;
}

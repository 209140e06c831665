// Digest nonces (RFC 7616 §3.3, §5.4): random, time-stamped and HMAC-sealed so forgeries are
// spotted without a lookup, plus a bounded book of issued nonces that records used nc values
// so replays are refused (§5.10). All state is capped; old entries fall out first.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface NonceBookOptions {
  /** How long a nonce stays fresh; afterwards a correct digest earns stale=true. */
  ttlMs?: number;
  /** How many issued nonces are remembered; the oldest are forgotten first. */
  maxNonces?: number;
  /** How many nc values one nonce may use before the client must take a fresh nonce. */
  maxCountsPerNonce?: number;
  now?: () => number;
  secret?: Uint8Array;
}

export type NonceState = 'fresh' | 'stale' | 'forged';
export type CountResult = 'ok' | 'replay' | 'stale';

export interface NonceBook {
  issue(): string;
  /** fresh: ours, in time and remembered; stale: ours but expired or forgotten; forged: not ours. */
  check(nonce: string): NonceState;
  /** Records nc for a fresh nonce; a repeat is a replay. */
  useCount(nonce: string, nc: number): CountResult;
  readonly size: number;
}

const TIME_BYTES = 8;
const RANDOM_BYTES = 16;
const MAC_BYTES = 16;
const NONCE_BYTES = TIME_BYTES + RANDOM_BYTES + MAC_BYTES;
// base64url without padding of 40 bytes is 54 characters; anything else is not ours.
const NONCE_PATTERN = /^[A-Za-z0-9_-]{54}$/;
// A nonce from the future is accepted only within this clock skew.
const FUTURE_SKEW_MS = 5_000;

export function createNonceBook(options: NonceBookOptions = {}): NonceBook {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const maxNonces = options.maxNonces ?? 10_000;
  const maxCounts = options.maxCountsPerNonce ?? 1_000;
  const now = options.now ?? (() => Date.now());
  const secret = options.secret ?? randomBytes(32);
  // Insertion order is issue order, so the front of the map holds the oldest nonces.
  const issued = new Map<string, { issuedAt: number; counts: Set<number> }>();

  const seal = (body: Uint8Array): Buffer =>
    createHmac('sha256', secret).update(body).digest().subarray(0, MAC_BYTES);

  const forgetOld = (): void => {
    const t = now();
    for (const [nonce, entry] of issued) {
      if (issued.size < maxNonces && t - entry.issuedAt <= ttlMs) break;
      issued.delete(nonce);
    }
  };

  return {
    issue() {
      forgetOld();
      const t = now();
      const body = Buffer.alloc(TIME_BYTES + RANDOM_BYTES);
      body.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(t))));
      randomBytes(RANDOM_BYTES).copy(body, TIME_BYTES);
      const nonce = Buffer.concat([body, seal(body)]).toString('base64url');
      issued.set(nonce, { issuedAt: t, counts: new Set() });
      return nonce;
    },
    check(nonce) {
      if (!NONCE_PATTERN.test(nonce)) return 'forged';
      const bytes = Buffer.from(nonce, 'base64url');
      if (bytes.length !== NONCE_BYTES) return 'forged';
      const body = bytes.subarray(0, TIME_BYTES + RANDOM_BYTES);
      if (!timingSafeEqual(seal(body), bytes.subarray(TIME_BYTES + RANDOM_BYTES))) return 'forged';
      const age = now() - Number(body.readBigUInt64BE());
      if (age > ttlMs || age < -FUTURE_SKEW_MS) return 'stale';
      return issued.has(nonce) ? 'fresh' : 'stale';
    },
    useCount(nonce, nc) {
      const entry = issued.get(nonce);
      if (!entry) return 'stale';
      if (entry.counts.has(nc)) return 'replay';
      if (entry.counts.size >= maxCounts) return 'stale';
      entry.counts.add(nc);
      return 'ok';
    },
    get size() {
      return issued.size;
    },
  };
}

// Nonce book: HMAC-sealed, time-limited nonces with bounded memory and nc replay detection.
import { describe, expect, it } from 'vitest';
import { createNonceBook } from './nonce.ts';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('createNonceBook', () => {
  it('issues distinct, fresh nonces', () => {
    const book = createNonceBook();
    const a = book.issue();
    const b = book.issue();
    expect(a).not.toBe(b);
    expect(book.check(a)).toBe('fresh');
  });

  it('calls a nonce stale after the ttl', () => {
    const c = clock();
    const book = createNonceBook({ ttlMs: 1000, now: c.now });
    const nonce = book.issue();
    c.advance(1001);
    expect(book.check(nonce)).toBe('stale');
  });

  it('spots forgeries and other servers’ nonces', () => {
    const book = createNonceBook();
    const other = createNonceBook().issue();
    const nonce = book.issue();
    const tampered = (nonce[0] === 'A' ? 'B' : 'A') + nonce.slice(1);
    expect(book.check(other)).toBe('forged');
    expect(book.check(tampered)).toBe('forged');
    expect(book.check('short')).toBe('forged');
    expect(book.check('x'.repeat(10_000))).toBe('forged');
  });

  it('rejects a repeated nc and accepts out-of-order ones', () => {
    const book = createNonceBook();
    const nonce = book.issue();
    expect(book.useCount(nonce, 2)).toBe('ok');
    expect(book.useCount(nonce, 1)).toBe('ok');
    expect(book.useCount(nonce, 2)).toBe('replay');
  });

  it('stays bounded: forgets the oldest nonce, which then reads as stale', () => {
    const book = createNonceBook({ maxNonces: 3 });
    const first = book.issue();
    for (let i = 0; i < 5; i++) book.issue();
    expect(book.size).toBe(3);
    expect(book.check(first)).toBe('stale');
    expect(book.useCount(first, 1)).toBe('stale');
  });

  it('drops expired nonces when issuing', () => {
    const c = clock();
    const book = createNonceBook({ ttlMs: 1000, now: c.now });
    book.issue();
    book.issue();
    c.advance(2000);
    book.issue();
    expect(book.size).toBe(1);
  });

  it('caps the nc values per nonce', () => {
    const book = createNonceBook({ maxCountsPerNonce: 2 });
    const nonce = book.issue();
    expect(book.useCount(nonce, 1)).toBe('ok');
    expect(book.useCount(nonce, 2)).toBe('ok');
    expect(book.useCount(nonce, 3)).toBe('stale');
  });
});

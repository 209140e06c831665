// Constant-time string comparison for secrets (passwords, digests, tokens).
// Both sides are hashed first so timingSafeEqual always sees equal-length buffers and the
// comparison leaks neither content nor length.
import { createHash, timingSafeEqual } from 'node:crypto';

function fingerprint(value: string | Uint8Array): Buffer {
  return createHash('sha256').update(value).digest();
}

export function safeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  return timingSafeEqual(fingerprint(a), fingerprint(b));
}

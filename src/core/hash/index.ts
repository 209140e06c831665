// The hash functions Digest names (RFC 7616 §3.3, §6.1) and the encodings Basic and Digest need,
// synchronous and pure: src/core has no WebCrypto (its digest is async) and no TextEncoder.
import { md5 } from './md5.ts';
import { sha256 } from './sha256.ts';
import { sha512_256 } from './sha512-256.ts';

export { md5, sha256, sha512_256 };
export { utf8Encode } from './utf8.ts';
export { base64Decode, base64Encode } from './base64.ts';

/** The hash behind each Digest algorithm token, "-sess" stripped (RFC 7616 §3.3). */
export type HashName = 'MD5' | 'SHA-256' | 'SHA-512-256';

/** H(data) as lowercase hex for the named hash. */
export function hashHex(name: HashName, bytes: Uint8Array): string {
  if (name === 'MD5') return md5(bytes);
  if (name === 'SHA-256') return sha256(bytes);
  return sha512_256(bytes);
}

/** Octets as lowercase hex, two digits each: how the calculator shows bytes. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

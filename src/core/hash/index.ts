// The hash functions Digest names (RFC 7616 §3.3, §6.1) and the encodings Basic and Digest need,
// from @noble/hashes: audited, pure JavaScript and synchronous (WebCrypto's digest is async and
// has no MD5). MD5 is in its legacy module because it is broken for collisions (RFC 6151); Digest
// still defaults to it, so the calculator must reproduce it.
import { md5 } from '@noble/hashes/legacy.js';
import { sha256, sha512_256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export { base64Decode, base64Encode } from './base64.ts';

/** The hash behind each Digest algorithm token, "-sess" stripped (RFC 7616 §3.3). */
export type HashName = 'MD5' | 'SHA-256' | 'SHA-512-256';

const HASHES: Record<HashName, (bytes: Uint8Array) => Uint8Array> = {
  MD5: md5,
  'SHA-256': sha256,
  'SHA-512-256': sha512_256,
};

/** H(data) as lowercase hex for the named hash. */
export function hashHex(name: HashName, bytes: Uint8Array): string {
  return bytesToHex(HASHES[name](bytes));
}

/** Octets as lowercase hex, two digits each: how the calculator shows bytes. */
export { bytesToHex };

/**
 * The UTF-8 octets of `text`, by the platform's TextEncoder (every runtime AuthLens targets has
 * one; src/core's lib does not declare it, noble's helper does): unpaired surrogates become
 * U+FFFD, as the WHATWG Encoding Standard says. The copy it makes keeps Firefox's extension
 * pages from holding a buffer of another realm.
 */
export const utf8Encode: (text: string) => Uint8Array = utf8ToBytes;

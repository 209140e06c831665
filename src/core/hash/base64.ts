// base64 (RFC 4648) from @scure/base, audited alongside @noble/hashes; it uses the platform's
// Uint8Array.toBase64/fromBase64 where they exist.
import { base64, base64urlnopad } from '@scure/base';

/** Standard alphabet with "=" padding (§4), as Basic credentials use it (RFC 7617 §2). */
export function base64Encode(bytes: Uint8Array): string {
  return base64.encode(bytes);
}

/**
 * base64 back to octets, standard or URL-safe alphabet (§4, §5), padding optional, as a token68
 * may be written (RFC 9110 §11.2); null when the text is not canonical base64. Never throws.
 */
export function base64Decode(text: string): Uint8Array | null {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--; // "=" padding
  const urlSafe = text.slice(0, end).replaceAll('+', '-').replaceAll('/', '_');
  try {
    return base64urlnopad.decode(urlSafe);
  } catch {
    return null;
  }
}

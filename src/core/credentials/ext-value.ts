// RFC 8187 ext-value for Digest's username* (RFC 7616 §3.4): UTF-8, no language, and every octet
// that is not an attr-char percent-encoded, so any user name fits in a header field.
import { utf8Encode } from '../hash/index.ts';

// attr-char = ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
// (RFC 8187 §3.2.1).
function isAttrChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c < 0x80 && '!#$&+-.^_`|~'.includes(String.fromCharCode(c)))
  );
}

const HEX = '0123456789ABCDEF';

/** `UTF-8''` followed by the percent-encoded UTF-8 of `text` (uppercase hex, RFC 3986 §2.1). */
export function encodeExtValue(text: string): string {
  let out = "UTF-8''";
  for (const octet of utf8Encode(text)) {
    out += isAttrChar(octet)
      ? String.fromCharCode(octet)
      : `%${HEX.charAt(octet >> 4)}${HEX.charAt(octet & 15)}`;
  }
  return out;
}

/**
 * The index of the first character that a plain quoted-string of printable ASCII cannot hold
 * (HTAB, SP and VCHAR are fine; DQUOTE and backslash get escaped, RFC 9110 §5.6.4), or -1.
 */
export function notQuotableAsciiAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x09 && (c < 0x20 || c > 0x7e)) return i;
  }
  return -1;
}

/** Whether `text` can be sent as such a quoted-string; anything else goes in username*. */
export function isQuotableAscii(text: string): boolean {
  return notQuotableAsciiAt(text) < 0;
}

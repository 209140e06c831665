// base64 (RFC 4648 §4: standard alphabet, "=" padding), as Basic credentials use it (RFC 7617 §2).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function digit(sextet: number): string {
  return ALPHABET.charAt(sextet & 0x3f);
}

export function base64Encode(bytes: Uint8Array): string {
  const parts: string[] = [];
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    parts.push(digit(n >> 18) + digit(n >> 12) + digit(n >> 6) + digit(n));
  }
  // The last group of one or two octets is padded to four characters (§4).
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] ?? 0) << 16;
    parts.push(`${digit(n >> 18)}${digit(n >> 12)}==`);
  } else if (rest === 2) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8);
    parts.push(`${digit(n >> 18)}${digit(n >> 12)}${digit(n >> 6)}=`);
  }
  return parts.join('');
}

/**
 * base64 back to octets, standard or URL-safe alphabet, padding optional; null when the text is
 * not base64 (a token68 need not be). Linear, never throws.
 */
export function base64Decode(text: string): Uint8Array | null {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61) end--; // "=" padding
  if (end % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const sextet =
      c >= 65 && c <= 90
        ? c - 65
        : c >= 97 && c <= 122
          ? c - 71
          : c >= 48 && c <= 57
            ? c + 4
            : c === 43 || c === 45
              ? 62
              : c === 47 || c === 95
                ? 63
                : -1;
    if (sextet < 0) return null;
    value = (value << 6) | sextet;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

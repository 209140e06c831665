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

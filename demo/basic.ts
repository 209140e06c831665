// Decodes Basic credentials (RFC 7617 §2): token68 = base64(user-id ":" password), UTF-8 because the
// lab's challenge advertises charset="UTF-8" (§2.1).

export type BasicCredentials =
  { ok: true; userId: string; password: string } | { ok: false; error: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

// Strict base64 (RFC 4648 §4): no whitespace, correct padding, length a multiple of 4.
function isStrictBase64(token: string): boolean {
  return token.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(token);
}

export function decodeBasic(token68: string | undefined): BasicCredentials {
  if (token68 === undefined) return { ok: false, error: 'Basic credentials must be a token68' };
  if (!isStrictBase64(token68)) return { ok: false, error: 'Basic credentials are not base64' };
  let text: string;
  try {
    text = utf8.decode(Buffer.from(token68, 'base64'));
  } catch {
    return { ok: false, error: 'Basic credentials are not UTF-8' };
  }
  // The user-id cannot contain a colon, so the first colon separates it from the password (§2).
  const colon = text.indexOf(':');
  if (colon < 0) return { ok: false, error: 'Basic credentials have no ":"' };
  // Control characters are not allowed in either part (§2).
  if ([...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) {
    return { ok: false, error: 'Basic credentials contain control characters' };
  }
  return { ok: true, userId: text.slice(0, colon), password: text.slice(colon + 1) };
}

export function encodeBasic(userId: string, password: string): string {
  return Buffer.from(`${userId}:${password}`, 'utf8').toString('base64');
}

// What replaces a credential in anything AuthLens writes out (HAR and JSON exports, cURL), and
// the one place that masks credentials a URL can carry. Pure.

export const REDACTED = 'REDACTED';

/** Query parameters that carry tokens: RFC 6750 §2.3 (access_token) and OAuth's own. */
const tokenParams = ['access_token', 'token', 'code', 'id_token', 'client_secret'];

/** The URL with its userinfo and token query parameters masked; unchanged when it has none. */
export function maskUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  let changed = false;
  if (parsed.username || parsed.password) {
    parsed.username = parsed.username ? REDACTED : '';
    parsed.password = parsed.password ? REDACTED : '';
    changed = true;
  }
  for (const name of tokenParams) {
    if (parsed.searchParams.has(name)) {
      parsed.searchParams.set(name, REDACTED);
      changed = true;
    }
  }
  return changed ? parsed.href : url;
}

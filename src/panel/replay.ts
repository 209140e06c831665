// "Send" for try-credentials: the request goes out from the panel's own extension page, not from
// the inspected page, so no script of that page can read the typed credentials or forge the answer
// (a page can hook its own fetch, not AuthLens's). The extension's host access lifts CORS, so
// every response header is readable. No cookies, no cache. Which targets are allowed is decided
// here too: only the origin that issued the challenge, and only after the user confirmed where a
// mismatch or an imported record makes that target doubtful.

export interface ReplayRequest {
  url: string;
  method: string;
  /** "Authorization"; Proxy-Authorization is the browser's to send (fetch forbids it). */
  headerName: string;
  headerValue: string;
}

/** The part of a fetch Response a replay reads. */
export interface ReplayResponse {
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null };
}

export type ReplayFetch = (url: string, init: RequestInit) => Promise<ReplayResponse>;

export type ReplayOutcome =
  | {
      ok: true;
      status: number;
      statusText: string;
      /** The final URL after redirects. */
      url: string;
      authenticationInfo: string | null;
      wwwAuthenticate: string | null;
    }
  | { ok: false; error: string };

/** The request as fetch sends it: the typed field only (no cookies, no cached answer, no referrer). */
export function replayInit(request: ReplayRequest, signal?: AbortSignal): RequestInit {
  return {
    method: request.method,
    headers: { [request.headerName]: request.headerValue },
    credentials: 'omit',
    // RFC 9111 no-store: neither answer from nor write to the HTTP cache.
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
    ...(signal ? { signal } : {}),
  };
}

/** The URL as fetch and webRequest report it (normalised, without a fragment); null if not http(s). */
export function requestUrl(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

export function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export interface TargetCheck {
  /** Why the request must not be sent at all. */
  refuse: string | null;
  /** What the user must confirm before it is sent (null: nothing to confirm). */
  confirm: string | null;
}

/**
 * Whether the replay may go to `replayUrl`: never to another origin than the one that challenged
 * (the typed password would go to a server that never asked for it), and only with the user's
 * confirmation when the record is imported or the inspected tab now shows another origin (or one
 * that cannot be told).
 */
export function checkTarget(target: {
  exchangeUrl: string;
  replayUrl: string;
  imported: boolean;
  /** undefined while it is being asked; null when it cannot be told. */
  tabOrigin: string | null | undefined;
}): TargetCheck {
  const origin = originOf(target.exchangeUrl);
  const url = requestUrl(target.replayUrl);
  if (origin === null || url === null) {
    return { refuse: 'Only http and https URLs can be sent.', confirm: null };
  }
  if (originOf(url) !== origin) {
    return {
      refuse: `The URI points away from ${origin}, which issued the challenge: AuthLens sends credentials only there.`,
      confirm: null,
    };
  }
  if (target.imported) {
    return {
      refuse: null,
      confirm: `This exchange was imported from a file: send to ${origin} anyway`,
    };
  }
  if (target.tabOrigin === undefined || target.tabOrigin === origin) {
    return { refuse: null, confirm: null };
  }
  return {
    refuse: null,
    confirm:
      target.tabOrigin === null
        ? `The page in this tab could not be checked: send to ${origin} anyway`
        : `This tab now shows ${target.tabOrigin}, not ${origin}: send to ${origin} anyway`,
  };
}

export interface ReplayOptions {
  timeoutMs?: number;
}

/** Sends the request and reads what came back; network errors and timeouts become outcomes. */
export async function replay(
  send: ReplayFetch,
  request: ReplayRequest,
  { timeoutMs = 30_000 }: ReplayOptions = {},
): Promise<ReplayOutcome> {
  const url = requestUrl(request.url);
  if (url === null) return { ok: false, error: 'only http and https URLs can be sent' };
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const response = await send(url, replayInit(request, abort.signal));
    return {
      ok: true,
      status: response.status,
      statusText: response.statusText,
      url: response.url || url,
      authenticationInfo: response.headers.get('Authentication-Info'),
      wwwAuthenticate: response.headers.get('WWW-Authenticate'),
    };
  } catch (error) {
    if (abort.signal.aborted) return { ok: false, error: `no answer within ${timeoutMs / 1000} s` };
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

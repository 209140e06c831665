// "Send" for try-credentials: replays a request from the inspected page with an Authorization
// header the user built, through an `evalInPage` function (devtools.inspectedWindow.eval) passed in.
// Every value enters the evaluated source only as JSON.stringify output, never as raw text.
// inspectedWindow.eval does not await promises, so one script starts the fetch and parks its
// outcome on the page's global object, and a second one collects it.

export interface ReplayRequest {
  url: string;
  method: string;
  /** "Authorization"; fetch may not set Proxy-Authorization (a forbidden request header). */
  headerName: string;
  headerValue: string;
}

export type ReplayOutcome =
  | {
      ok: true;
      status: number;
      statusText: string;
      /** The final URL after redirects. */
      url: string;
      /** Response type: "basic", "cors", "opaqueredirect", … */
      type: string;
      /** null when absent, or hidden from the page by CORS (Access-Control-Expose-Headers). */
      authenticationInfo: string | null;
      wwwAuthenticate: string | null;
    }
  | { ok: false; error: string };

/** The page-global slot a replay's outcome is parked in: Symbol.for, so no page name collides. */
const slot = (key: string) => `globalThis[Symbol.for(${JSON.stringify(`authlens.replay.${key}`)})]`;

/** The expression that starts the fetch in the page; evaluates to true at once. */
export function startScript(key: string, request: ReplayRequest): string {
  const init = {
    method: request.method,
    headers: { [request.headerName]: request.headerValue },
    // The typed credentials alone: no cookies, no cached answer (RFC 9111 no-store).
    credentials: 'omit',
    cache: 'no-store',
  };
  const at = slot(key);
  return `(() => {
  ${at} = { done: false };
  fetch(${JSON.stringify(request.url)}, ${JSON.stringify(init)}).then(
    (r) => {
      ${at} = {
        done: true,
        ok: true,
        status: r.status,
        statusText: r.statusText,
        url: r.url,
        type: r.type,
        authenticationInfo: r.headers.get("Authentication-Info"),
        wwwAuthenticate: r.headers.get("WWW-Authenticate"),
      };
    },
    (e) => {
      ${at} = { done: true, ok: false, error: String((e && e.message) || e) };
    },
  );
  return true;
})()`;
}

/** The expression that reads the parked outcome: null while the fetch runs; removes it when done. */
export function pollScript(key: string): string {
  const at = slot(key);
  return `(() => {
  const v = ${at};
  if (v === undefined) return { done: true, ok: false, error: "the page lost the request (did it navigate?)" };
  if (v.done) delete ${at};
  return v.done ? v : null;
})()`;
}

export interface ReplayOptions {
  /** Distinguishes concurrent replays; letters, digits and dashes. */
  key: string;
  wait(ms: number): Promise<void>;
  pollMs?: number;
  timeoutMs?: number;
}

function isOutcome(value: unknown): value is ReplayOutcome & { done: true } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.done === true && (v.ok === true ? typeof v.status === 'number' : typeof v.error === 'string')
  );
}

export async function replay(
  evalInPage: (expression: string) => Promise<unknown>,
  request: ReplayRequest,
  options: ReplayOptions,
): Promise<ReplayOutcome> {
  const pollMs = options.pollMs ?? 100;
  const timeoutMs = options.timeoutMs ?? 30_000;
  try {
    await evalInPage(startScript(options.key, request));
    for (let waited = 0; waited <= timeoutMs; waited += pollMs) {
      await options.wait(pollMs);
      const value = await evalInPage(pollScript(options.key));
      if (value === null || value === undefined) continue;
      if (!isOutcome(value)) return { ok: false, error: 'the page answered something unexpected' };
      if (!value.ok) return { ok: false, error: value.error };
      return {
        ok: true,
        status: value.status,
        statusText: value.statusText,
        url: value.url,
        type: value.type,
        authenticationInfo: value.authenticationInfo,
        wwwAuthenticate: value.wwwAuthenticate,
      };
    }
    return { ok: false, error: `no answer within ${timeoutMs / 1000} s` };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

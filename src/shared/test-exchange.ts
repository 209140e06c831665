// Test support, imported only by tests: one challenged exchange built the way the recorder builds
// it, its response headers parsed and diagnosed by buildAuthFields, so no test writes parse
// results by hand.
import { buildAuthFields } from './auth-fields.ts';
import type { Exchange, Step } from './exchange.ts';

type RequestStep = Extract<Step, { kind: 'request' }>;

/** A 401 carrying these WWW-Authenticate lines: request, response, completed. */
export function challengedExchange(
  lines: readonly string[],
  { url = 'https://a.example/x', request }: { url?: string; request?: RequestStep } = {},
): Exchange {
  const headers = lines.map((value) => ({ name: 'WWW-Authenticate', value }));
  const { fields, diagnostics } = buildAuthFields(headers, { statusCode: 401, url });
  return {
    id: '1',
    tabId: 1,
    frameId: 0,
    method: 'GET',
    type: 'xmlhttprequest',
    initiator: null,
    url,
    startedAt: 1,
    outcome: 'challenged',
    steps: [
      request ?? { kind: 'request', at: 1, url, credentials: [] },
      {
        kind: 'response',
        at: 2,
        url,
        statusCode: 401,
        statusLine: 'HTTP/1.1 401 Unauthorized',
        fromCache: false,
        fields,
        diagnostics,
      },
      { kind: 'completed', at: 3, statusCode: 401 },
    ],
  };
}

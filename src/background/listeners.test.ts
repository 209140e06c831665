import { describe, expect, it } from 'vitest';
import { createListeners } from './listeners.ts';
import type { Observation } from '../shared/observation.ts';

function setup(tracked: string[] = [], awaited: string[] = []) {
  const seen: Observation[] = [];
  const on = createListeners(
    {
      isTracked: (id) => tracked.includes(id),
      awaitsResponse: (_tab, _frame, _method, url) => awaited.includes(url),
    },
    (obs) => seen.push(obs),
  );
  return { on, seen };
}

const details = {
  requestId: '1',
  tabId: 2,
  frameId: 0,
  url: 'https://a.example/x',
  method: 'GET',
  type: 'xmlhttprequest',
  timeStamp: 5,
};
const plainHeaders = [
  { name: 'Content-Type', value: 'text/html' },
  { name: 'Cache-Control', value: 'no-store' },
];

describe('webRequest listener bodies', () => {
  it('ignore an ordinary response of a request nobody follows', () => {
    const { on, seen } = setup();
    on.onHeadersReceived({ ...details, statusCode: 200, responseHeaders: plainHeaders });
    on.onCompleted({ ...details, statusCode: 200 });
    on.onSendHeaders({ ...details, requestHeaders: plainHeaders });
    expect(seen).toEqual([]);
  });

  it('observe a challenge, a 401 without one, and auth fields on a success', () => {
    const { on, seen } = setup();
    on.onHeadersReceived({
      ...details,
      statusCode: 401,
      responseHeaders: [{ name: 'www-authenticate', value: 'Basic realm="x"' }],
    });
    on.onHeadersReceived({ ...details, statusCode: 401, responseHeaders: plainHeaders });
    on.onHeadersReceived({
      ...details,
      statusCode: 200,
      responseHeaders: [{ name: 'Authentication-Info', value: 'nc=1' }],
    });
    expect(seen.map((o) => o.kind)).toEqual(['response', 'response', 'response']);
  });

  it('follow every later event of a tracked request, and the retry Chrome sends after a prompt', () => {
    const { on, seen } = setup(['1'], ['https://alice:pw@a.example/retry']);
    on.onHeadersReceived({ ...details, statusCode: 200, responseHeaders: plainHeaders });
    on.onCompleted({ ...details, statusCode: 200 });
    on.onErrorOccurred({ ...details, error: 'net::ERR_ABORTED' });
    on.onHeadersReceived({
      ...details,
      requestId: '9',
      url: 'https://alice:pw@a.example/retry',
      statusCode: 200,
      responseHeaders: plainHeaders,
    });
    expect(seen.map((o) => o.kind)).toEqual(['response', 'completed', 'error', 'response']);
  });

  it('observe requests that carry credentials, reduced to their scheme', () => {
    const { on, seen } = setup();
    on.onSendHeaders({
      ...details,
      requestHeaders: [{ name: 'Authorization', value: 'Bearer secret' }],
    });
    expect(seen).toMatchObject([{ kind: 'request', credentials: [{ scheme: 'Bearer' }] }]);
    expect(JSON.stringify(seen)).not.toContain('secret');
  });

  it('ignore requests that belong to no tab (service workers, the extension itself)', () => {
    const { on, seen } = setup(['1']);
    const background = { ...details, tabId: -1 };
    on.onHeadersReceived({ ...background, statusCode: 401, responseHeaders: [] });
    on.onBeforeRedirect({ ...background, statusCode: 302, redirectUrl: 'https://b.example/' });
    on.onBeforeRequest(background);
    expect(seen).toEqual([]);
  });
});

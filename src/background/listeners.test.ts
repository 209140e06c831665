import { describe, expect, it } from 'vitest';
import { createListeners } from './listeners.ts';
import type { Observation } from './observation.ts';

const OWN = 'chrome-extension://authlensid';

function setup(
  tracked: string[] = [],
  awaited: string[] = [],
  replays = new Map<string, number>(),
) {
  const seen: Observation[] = [];
  const asked: string[] = [];
  const on = createListeners(
    {
      isTracked: (id) => tracked.includes(id),
      awaitsResponse: (_tab, _method, url) => awaited.includes(url),
      replayTab: (requestId) => {
        asked.push(requestId);
        return replays.get(requestId) ?? null;
      },
    },
    (obs) => seen.push(obs),
    OWN,
  );
  return { on, seen, asked };
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

  it("record AuthLens's own request only as an announced replay, in the inspected tab", () => {
    // Chrome: the panel in DevTools is in no tab (-1) and names the extension as initiator.
    const replay = { ...details, requestId: 'r', tabId: -1, initiator: OWN };
    const other = { ...details, requestId: 'o', tabId: -1, initiator: OWN };
    // Firefox: originUrl is the panel page; a panel opened as a tab has that tab's id.
    const firefox = {
      ...details,
      requestId: 'f',
      tabId: 12,
      originUrl: `${OWN}/src/panel/index.html`,
    };
    const { on, seen, asked } = setup(
      ['r', 'f'],
      [],
      new Map([
        ['r', 7],
        ['f', 8],
      ]),
    );
    const credentials = [{ name: 'Authorization', value: 'Basic YWxpY2U6cHc=' }];
    on.onSendHeaders({ ...replay, requestHeaders: credentials });
    on.onHeadersReceived({ ...replay, statusCode: 200, responseHeaders: plainHeaders });
    on.onCompleted({ ...replay, statusCode: 200 });
    on.onSendHeaders({ ...other, requestHeaders: credentials });
    on.onHeadersReceived({ ...other, statusCode: 401, responseHeaders: [] });
    on.onSendHeaders({ ...firefox, requestHeaders: credentials });
    expect(seen.map((o) => [o.requestId, o.kind, o.tabId])).toEqual([
      ['r', 'request', 7],
      ['r', 'response', 7],
      ['r', 'completed', 7],
      ['f', 'request', 8],
    ]);
    expect(asked).toEqual(['r', 'r', 'r', 'o', 'o', 'f']);
    // Another extension's or a page's requests never ask.
    on.onHeadersReceived({
      ...details,
      requestId: 'x',
      initiator: 'chrome-extension://other',
      tabId: -1,
      statusCode: 401,
    });
    on.onHeadersReceived({
      ...details,
      requestId: 'y',
      initiator: 'https://a.example',
      statusCode: 200,
    });
    expect(asked).toHaveLength(6);
  });
});

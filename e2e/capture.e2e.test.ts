// Guards the recorder against what unit tests cannot see: Chromium's real webRequest events
// (repeated header lines, its own retry after a challenge under one requestId, redirects, errors),
// bursts of traffic, and a service worker that Chrome stops mid-session.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closesAfterEach, useLab } from './fixtures.ts';
import type { Exchange } from '../src/shared/exchange.ts';
import { challengesOf, lastResponse } from '../src/shared/exchange.ts';
import {
  fetchFromPage,
  launchWithExtension,
  navigate,
  primeWebRequest,
  type ExtensionBrowser,
  type LaunchOptions,
} from './chromium.ts';
import { recorderClient, type RecorderClient } from './recorder-client.ts';

const lab = useLab();
const browsers = closesAfterEach<ExtensionBrowser>();

/** A browser on the lab's index page whose recorder is known to be listening, with a clean log. */
async function ready(
  options: LaunchOptions = {},
): Promise<{ ext: ExtensionBrowser; recorder: RecorderClient }> {
  const ext = browsers.use(await launchWithExtension(options));
  await navigate(ext.page, `${lab.url}/`);
  const recorder = await recorderClient(ext, ext.page);
  // P5: the worker can be up before its webRequest listener is; prime until a challenge shows.
  await primeWebRequest(ext.page, `${lab.url}/no-challenge?warmup`, async () =>
    (await recorder.exchanges()).some((e) => e.url.includes('warmup')),
  );
  await navigate(ext.page, `${lab.url}/`);
  await recorder.command({ type: 'clear' });
  expect(await recorder.exchanges()).toEqual([]);
  return { ext, recorder };
}

const schemes = (e: Exchange) => challengesOf(e).map((c) => c.scheme);
const byPath = (list: Exchange[], path: string) =>
  list.filter((e) => new URL(e.url).pathname === path);

describe('capture in real Chromium', () => {
  it('records one challenge with its raw line, parse and outcome', async () => {
    const { ext, recorder } = await ready();
    await navigate(ext.page, `${lab.url}/basic`);
    const [exchange] = await recorder.until(
      (l) => l.length === 1 && l[0]!.outcome !== 'pending',
      'basic recorded',
    );
    const response = lastResponse(exchange!)!;
    expect(response.statusCode).toBe(401);
    expect(response.fields[0]!.lines).toEqual(['Basic realm="lab", charset="UTF-8"']);
    expect(schemes(exchange!)).toEqual(['Basic']);
    expect(exchange!.type).toBe('main_frame');
    expect(exchange!.outcome).toBe('challenged');
  });

  it('keeps two WWW-Authenticate lines apart and several challenges of one line together', async () => {
    const { ext, recorder } = await ready();
    await fetchFromPage(ext.page, `${lab.url}/multi-line`);
    await fetchFromPage(ext.page, `${lab.url}/multi-one-line`);
    const list = await recorder.until((l) => l.length === 2, 'both recorded');
    const multiLine = byPath(list, '/multi-line')[0]!;
    const oneLine = byPath(list, '/multi-one-line')[0]!;
    expect(lastResponse(multiLine)!.fields[0]!.lines).toHaveLength(3);
    expect(lastResponse(oneLine)!.fields[0]!.lines).toHaveLength(1);
    expect(schemes(multiLine)).toEqual(['Newauth', 'Bearer', 'Basic']);
    expect(schemes(oneLine)).toEqual(['Newauth', 'Bearer', 'Basic']);
    const codes = lastResponse(oneLine)!.fields[0]!.diagnostics.map((d) => d.code);
    expect(codes).toContain('multiple-challenges-one-line');
  });

  // Chrome answers a challenge itself when it already holds credentials (here: Playwright's
  // httpCredentials, or credentials given to XHR). With 'extraHeaders' it shows extensions the
  // 401, then only the completion of its retry, which carries the final headers.
  it('records challenge → browser retry → 200 with Authentication-Info as one exchange', async () => {
    const { ext, recorder } = await ready({
      httpCredentials: { username: 'alice', password: 'wonderland' },
    });
    expect((await navigate(ext.page, `${lab.url}/digest`)).status).toBe(200);
    const [exchange] = await recorder.until(
      (l) => l.length === 1 && l[0]!.outcome !== 'pending',
      'digest done',
    );
    expect(exchange!.outcome).toBe('authenticated');
    expect(exchange!.steps.map((s) => s.kind)).toEqual([
      'request',
      'response',
      'request',
      'response',
      'completed',
    ]);
    expect(schemes(exchange!)).toEqual(['Digest', 'Digest']);
    expect(exchange!.steps[2]).toMatchObject({
      kind: 'request',
      credentials: [{ header: 'Authorization', scheme: 'Digest', source: 'browser' }],
    });
    const success = lastResponse(exchange!)!;
    expect(success.statusCode).toBe(200);
    const info = success.fields.find((f) => f.name === 'Authentication-Info')!;
    expect(info.params.map((p) => p.name)).toEqual(
      expect.arrayContaining(['nextnonce', 'qop', 'rspauth', 'cnonce', 'nc']),
    );
  });

  it('records an XHR Digest login without keeping the password of its URL', async () => {
    const { ext, recorder } = await ready();
    const status = await ext.page.evaluate(
      (url) =>
        new Promise<number>((resolve) => {
          const xhr = new XMLHttpRequest();
          xhr.open('GET', url, true, 'alice', 'wonderland');
          xhr.onloadend = () => resolve(xhr.status);
          xhr.send();
        }),
      `${lab.url}/digest?xhr`,
    );
    expect(status).toBe(200);
    const [exchange] = await recorder.until(
      (l) => l.length === 1 && l[0]!.outcome !== 'pending',
      'xhr digest done',
    );
    expect(exchange!.outcome).toBe('authenticated');
    expect(JSON.stringify(exchange)).not.toContain('wonderland');
  });

  it('records a Bearer 401 to fetch with the scheme the page sent, never the token', async () => {
    const { ext, recorder } = await ready();
    const result = await fetchFromPage(ext.page, `${lab.url}/bearer`, {
      headers: { Authorization: 'Bearer not-a-real-token-3f9a' },
    });
    expect(result.status).toBe(401);
    const [exchange] = await recorder.until(
      (l) => l.length === 1 && l[0]!.outcome !== 'pending',
      'bearer recorded',
    );
    expect(exchange!.type).toBe('xmlhttprequest');
    expect(exchange!.steps[0]).toMatchObject({
      kind: 'request',
      credentials: [{ header: 'Authorization', scheme: 'Bearer', source: 'page' }],
    });
    const bearer = challengesOf(exchange!)[0]!;
    expect(bearer.params.find((p) => p.name === 'error')?.value).toBe('invalid_token');
    const stored = await ext.serviceWorkerEval(async () =>
      JSON.stringify(
        await (
          globalThis as unknown as {
            chrome: { storage: { session: { get(k: null): Promise<object> } } };
          }
        ).chrome.storage.session.get(null),
      ),
    );
    expect(stored).not.toContain('not-a-real-token-3f9a');
    expect(JSON.stringify(exchange)).not.toContain('not-a-real-token-3f9a');
  });

  it('records a 401 without any challenge as a finding', async () => {
    const { ext, recorder } = await ready();
    await fetchFromPage(ext.page, `${lab.url}/no-challenge`);
    const [exchange] = await recorder.until((l) => l.length === 1, 'no-challenge recorded');
    const response = lastResponse(exchange!)!;
    expect(response.fields).toEqual([]);
    expect(response.diagnostics.map((d) => d.code)).toEqual(['401-without-challenge']);
  });

  it('keeps the redirect chain that ends in a 401 as the exchange context', async () => {
    const { ext, recorder } = await ready();
    await navigate(ext.page, `${lab.url}/sso/start`);
    const [exchange] = await recorder.until(
      (l) => l.length === 1 && l[0]!.outcome !== 'pending',
      'sso recorded',
    );
    expect(new URL(exchange!.url).pathname).toBe('/sso/start');
    const redirects = exchange!.steps.filter((s) => s.kind === 'redirect');
    expect(redirects.map((r) => r.kind === 'redirect' && new URL(r.redirectUrl).pathname)).toEqual([
      '/sso/idp',
      '/sso/protected',
    ]);
    expect(lastResponse(exchange!)!.statusCode).toBe(401);
  });

  it('records a CORS preflight that the API answers with 401', async () => {
    // Auth middleware in front of CORS: the OPTIONS preflight carries no credentials and gets 401,
    // so the browser never sends the real request. Invisible to extensions without extraHeaders.
    const api = http.createServer((request, response) => {
      if (request.url === '/page') {
        response.setHeader('content-type', 'text/html');
        response.end('<!doctype html><title>app</title>');
        return;
      }
      response.setHeader('WWW-Authenticate', 'Bearer realm="api"');
      response.statusCode = 401;
      response.end();
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    try {
      const { ext, recorder } = await ready();
      // The page and the API differ in host, so the credentialed fetch needs a preflight.
      const port = (api.address() as AddressInfo).port;
      await navigate(ext.page, `http://127.0.0.1:${port}/page`);
      const outcome = await ext.page.evaluate(
        (url) =>
          fetch(url, { headers: { Authorization: 'Bearer t' } }).then(
            (r) => `status ${r.status}`,
            (e: Error) => e.name,
          ),
        `http://localhost:${port}/items`,
      );
      expect(outcome).toBe('TypeError');
      const list = await recorder.until(
        (l) => l.some((e) => e.method === 'OPTIONS'),
        'preflight recorded',
      );
      const preflight = list.find((e) => e.method === 'OPTIONS');
      expect(preflight!.method).toBe('OPTIONS');
      expect(lastResponse(preflight!)!.statusCode).toBe(401);
      expect(schemes(preflight!)).toEqual(['Bearer']);
    } finally {
      api.closeAllConnections(); // Chromium keeps connections alive; close() would wait for them
      await new Promise((resolve) => api.close(resolve));
    }
  });

  it('records all 500 challenged requests of a burst of 2,000, each once', async () => {
    const { ext, recorder } = await ready();
    const statuses = await ext.page.evaluate(async (base) => {
      const urls = Array.from({ length: 2000 }, (_, i) =>
        i % 4 === 0 ? `${base}/bearer?burst=${i}` : `${base}/?burst=${i}`,
      );
      const results: number[] = [];
      // 100 in flight at a time: more makes Chromium fail requests with ERR_INSUFFICIENT_RESOURCES.
      for (let i = 0; i < urls.length; i += 100) {
        const batch = urls
          .slice(i, i + 100)
          .map((u) => fetch(u, { credentials: 'omit' }).then((r) => r.status));
        results.push(...(await Promise.all(batch)));
      }
      return results.filter((s) => s === 401).length;
    }, lab.url);
    expect(statuses).toBe(500);
    const list = await recorder.until(
      (l) => l.length >= 500 && l.every((e) => e.outcome !== 'pending'),
      'burst recorded',
      60_000,
    );
    expect(list).toHaveLength(500);
    const bursts = new Set(list.map((e) => new URL(e.url).searchParams.get('burst')));
    expect(bursts.size).toBe(500);
    expect(list.every((e) => new URL(e.url).pathname === '/bearer')).toBe(true);
  });

  it('loses nothing when Chrome stops the worker mid-session', async () => {
    const { ext, recorder } = await ready();
    await navigate(ext.page, `${lab.url}/basic`);
    await recorder.until((l) => l.length === 1, 'first exchange');

    await ext.stopServiceWorker();
    // The 401 left the tab on chrome-error://, which cannot fetch from the lab; go back first.
    await navigate(ext.page, `${lab.url}/`);
    await fetchFromPage(ext.page, `${lab.url}/multi-line?after-stop`);
    await navigate(ext.page, `${lab.url}/sso/start`);

    const snapshot = await recorder.snapshot();
    const list = await recorder.until(
      (l) => l.length === 3 && l.every((e) => e.outcome !== 'pending'),
      'all three after restart',
    );
    expect(list.map((e) => new URL(e.url).pathname)).toEqual([
      '/basic',
      '/multi-line',
      '/sso/start',
    ]);
    expect(snapshot.notices.map((n) => n.code)).toContain('worker-restarted');
  });
});

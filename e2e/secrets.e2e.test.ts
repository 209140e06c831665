// Guards the promise no unit test can keep alone: in real Chromium, a page that sends credentials
// in real-world shapes (Authorization with and without a scheme, Proxy-Authorization, cookies both
// ways, tokens in the query and fragment, a URL password) gets every request recorded, and no part
// of any secret reaches storage.session, storage.local, the panel's DOM or either export — while
// the NTLM names the panel explains in the browser stay out of the exports.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closesAfterEach } from './fixtures.ts';
import { fetchFromPage, navigate, type ExtensionBrowser } from './chromium.ts';
import { openRecordingPanel, rowLocator, rowsUntil } from './panel-driver.ts';
import { ntlmChallenge, realWorldCredentials } from '../src/shared/secret-shapes.ts';

const browsers = closesAfterEach<ExtensionBrowser>();
const keep = (ext: ExtensionBrowser) => void browsers.use(ext);

const names = {
  domain: 'HIDDENDOM',
  computer: 'SRVSECRET7',
  dnsDomain: 'hiddendom.example.net',
  dnsComputer: 'srvsecret7.hiddendom.example.net',
};
const ntlmToken = ntlmChallenge(names);
const setCookieSecret = 'SetCookieS3cr3tQ8wZ1xV4';
const cookieSecret = 'DocCookieS3cr3tR7yT2uW9';
const proxySecret = 'ProxyS3cr3tK4mN6pQ8';
const userPassword = 'UrlPassw0rdZ9yX8wV7';

/** Tokens in URLs, each under a credential parameter name in another case. */
const queryTokens = [
  ['access_token', 'QueryTok3nA1b2C3d4E5'],
  ['Refresh_Token', 'QueryTok3nF6g7H8i9J0'],
  ['API_KEY', 'QueryK3yK1l2M3n4O5p6'],
  ['X-Amz-Signature', 'c0ffee11d00d22feed33beef44cafe55'],
  ['sig', 'QuerySigQ7r8S9t0U1v2'],
  ['password', 'QueryPwdW3x4Y5z6A7b8'],
] as const;
const fragmentToken = 'FragTok3nC9d8E7f6G5h4';

// The page and its API: every API answer is a challenge (so each request is an exchange to
// record) and sets a cookie; /no-challenge is the warm-up openRecordingPanel uses.
let server: http.Server;
let origin = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>secrets</title><p>secret shapes</p>');
    } else if (path === '/favicon.ico') {
      res.writeHead(404);
      res.end();
    } else if (path === '/no-challenge') {
      res.writeHead(401, { 'Content-Type': 'text/plain' });
      res.end('no challenge');
    } else if (path === '/ntlm') {
      res.setHeader('WWW-Authenticate', [`NTLM ${ntlmToken}`, 'Basic realm="corp"']);
      res.setHeader('Set-Cookie', `sid=${setCookieSecret}; Path=/`);
      res.writeHead(401);
      res.end();
    } else {
      res.setHeader('WWW-Authenticate', 'Bearer realm="api", error="invalid_token"');
      res.setHeader('Set-Cookie', `sid=${setCookieSecret}; Path=/`);
      res.writeHead(401);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Every secret the page sends: none may be kept, shown or exported. */
const secrets = [
  ...realWorldCredentials.flatMap((c) => c.secrets),
  ...queryTokens.map(([, token]) => token),
  fragmentToken,
  setCookieSecret,
  cookieSecret,
  proxySecret,
  userPassword,
];
/** What the panel explains in the browser but no export may hold. */
const tokenContent = [ntlmToken.slice(0, 40), ...Object.values(names)];

function notIn(text: string, forbidden: readonly string[], where: string): void {
  const found = forbidden.filter((s) => text.includes(s));
  expect(found, `secrets in ${where}`).toEqual([]);
}

async function exportFile(panel: Frame, format: 'HAR' | 'AuthLens JSON'): Promise<string> {
  await panel.getByTestId('export').click();
  const dialog = panel.getByTestId('export-dialog');
  await dialog.waitFor();
  expect(await dialog.getByTestId('include-credentials').isChecked()).toBe(false);
  expect(await dialog.getByTestId('redaction-note').textContent()).toMatch(
    /These records hold challenge tokens, names decoded from challenge tokens/,
  );
  await dialog.getByRole('radio', { name: new RegExp(`^${format}`) }).check();
  const [download] = await Promise.all([
    panel.page().waitForEvent('download', { timeout: 15_000 }),
    dialog.getByTestId('export-confirm').click(),
  ]);
  return readFileSync(await download.path(), 'utf8');
}

describe('secrets a page sends, in real Chromium', () => {
  it('are never kept, shown or exported, and every request is recorded', async () => {
    const { ext, panel } = await openRecordingPanel(origin, keep);
    const page = ext.page;
    await navigate(page, `${origin}/`);
    await page.evaluate((c) => {
      document.cookie = `session=${c}; path=/`;
    }, cookieSecret);

    const paths: string[] = [];
    // Authorization in real-world shapes, with the page's cookie and a token in the query.
    for (const [i, credentials] of realWorldCredentials.entries()) {
      const [name, token] = queryTokens[i % queryTokens.length]!;
      const path = `/api/${i}`;
      paths.push(path);
      const result = await fetchFromPage(page, `${origin}${path}?page=2&${name}=${token}`, {
        headers: { Authorization: credentials.value },
        credentials: 'same-origin',
      });
      expect(result.status).toBe(401);
    }
    // Proxy-Authorization: a forbidden header name, which fetch drops; the request still goes.
    paths.push('/api/proxy');
    await fetchFromPage(page, `${origin}/api/proxy`, {
      headers: { 'Proxy-Authorization': `Basic ${proxySecret}`, Authorization: 'Bearer x' },
    });
    // A handshake token that names the server, answered by nobody (credentials omitted).
    paths.push('/ntlm');
    await fetchFromPage(page, `${origin}/ntlm`);
    // A password in the URL (XHR's user and password arguments) and a token in a fragment.
    paths.push('/api/xhr');
    const status = await page.evaluate(
      ({ url, password }) =>
        new Promise<number>((resolve) => {
          const xhr = new XMLHttpRequest();
          xhr.open('GET', url, true, 'alice', password);
          xhr.onloadend = () => resolve(xhr.status);
          xhr.send();
        }),
      { url: `${origin}/api/xhr?id_token=${queryTokens[0][1]}`, password: userPassword },
    );
    expect(status).toBe(401);
    paths.push('/api/navigate');
    await navigate(
      page,
      `${origin}/api/navigate?code=${queryTokens[1][1]}#access_token=${fragmentToken}`,
    );

    // Every request is recorded, once.
    const rows = await rowsUntil(
      panel,
      (r) => r.length === paths.length && r.every((x) => x.outcome !== 'pending'),
      `all ${paths.length} requests recorded`,
    );
    expect(rows.map((r) => new URL(r.path, 'http://x').pathname).sort()).toEqual([...paths].sort());

    // Storage: what the worker wrote (session) and what the panel keeps (local).
    const stored = await ext.serviceWorkerEval(async () => {
      type Area = { get(keys: null): Promise<object> };
      const { storage } = (globalThis as unknown as { chrome: { storage: Record<string, Area> } })
        .chrome;
      return JSON.stringify([await storage.session!.get(null), await storage.local!.get(null)]);
    });
    expect(stored).toContain('/api/0');
    notIn(stored, secrets, 'storage');
    expect(stored).not.toMatch(/cookie/i);

    // The panel's DOM, with each exchange's detail open in turn.
    for (const row of rows) {
      await rowLocator(panel, row.id).click();
      await panel.getByTestId('exchange-detail').waitFor();
      notIn(await panel.content(), secrets, `the panel showing ${row.name}`);
    }

    // Both exports, redacted by default and saying so.
    const har = await exportFile(panel, 'HAR');
    notIn(har, [...secrets, ...tokenContent], 'the HAR export');
    expect(JSON.parse(har).log).toMatchObject({ _redacted: true });
    expect(har).toContain('NTLM REDACTED');
    const json = await exportFile(panel, 'AuthLens JSON');
    notIn(json, [...secrets, ...tokenContent], 'the AuthLens JSON export');
    expect(JSON.parse(json)).toMatchObject({ format: 'authlens', redacted: true });
    expect(json).toContain('NTLM challenge reveals domain and computer names.');
  });
});

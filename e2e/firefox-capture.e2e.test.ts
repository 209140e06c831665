// Guards the Firefox build in a real Firefox ESR, where Chromium's tests prove nothing: that its
// event page records challenges while DevTools is closed, that the panel opened afterwards lists
// them with their parameters, and that repeated WWW-Authenticate lines, which Firefox hands over
// joined with "\n", stay separate field lines with their own line numbers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAuthFields } from '../src/shared/auth-fields.ts';
import { challengesOf, lastResponse, type Exchange } from '../src/shared/exchange.ts';
import { closesAfterEach, useLab } from './fixtures.ts';
import { launchFirefox, type FirefoxBrowser } from './firefox.ts';
import { pathOf } from './panel-driver.ts';

const lab = useLab();
const browsers = closesAfterEach<FirefoxBrowser>();

/** Two WWW-Authenticate field lines; the second has an unterminated quoted-string. */
const TWO_LINES = ['Basic realm="one"', 'Bearer realm="two", error="invalid_token'];
let twoLinesOrigin = '';
const twoLinesServer = http.createServer((req, res) => {
  if (req.url === '/two-lines') res.writeHead(401, { 'WWW-Authenticate': TWO_LINES });
  else res.writeHead(200, { 'Content-Type': 'text/html' });
  res.end();
});
beforeAll(async () => {
  await new Promise<void>((resolve) => twoLinesServer.listen(0, '127.0.0.1', resolve));
  twoLinesOrigin = `http://127.0.0.1:${(twoLinesServer.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => twoLinesServer.close(() => resolve())));

const pathname = (e: Exchange) => new URL(e.url).pathname;
const done = (list: Exchange[], paths: string[]) =>
  paths.every((p) => list.some((e) => pathname(e) === p && e.outcome !== 'pending'));

/** Firefox on the lab's index with the recorder known to be listening (a warm-up was recorded). */
async function ready(): Promise<FirefoxBrowser> {
  const ff = browsers.use(await launchFirefox());
  await ff.navigate(`${lab.url}/`);
  expect(await ff.fetchFromPage(`${lab.url}/no-challenge?warmup`)).toBe(401);
  await ff.storedUntil((l) => l.some((e) => e.url.endsWith('warmup')), 'the warm-up recorded');
  return ff;
}

describe('the Firefox build in Firefox ESR', () => {
  it('records challenges with DevTools closed; the panel opened later lists them with their parameters', async () => {
    const ff = await ready();
    await ff.answerPrompts(['cancel']);
    await ff.navigate(`${lab.url}/basic`); // Firefox's login prompt, cancelled
    await ff.navigate(`${lab.url}/`);
    expect(await ff.fetchFromPage(`${lab.url}/digest`)).toBe(401);
    expect(await ff.fetchFromPage(`${lab.url}/multi-line`)).toBe(401);
    const paths = ['/basic', '/digest', '/multi-line'];
    const stored = await ff.storedUntil((l) => done(l, paths), 'three exchanges recorded');
    const byPath = (p: string) => stored.find((e) => pathname(e) === p)!;
    expect(byPath('/basic').steps.map((s) => s.kind)).toContain('auth-required');
    expect(challengesOf(byPath('/digest')).map((c) => c.scheme)).toEqual(['Digest', 'Digest']);
    expect(await ff.extensionErrors()).toEqual([]);

    const panel = await ff.openPanel();
    const host = new URL(lab.url).host;
    const rows = await panel.rowsUntil(
      (r) => paths.every((p) => r.some((x) => pathOf(x, host) === p)),
      'the panel lists what was recorded before it opened',
    );
    const shown = rows
      .filter((r) => paths.includes(pathOf(r, host)))
      .map((r) => ({ path: pathOf(r, host), status: r.status, schemes: r.schemes }));
    expect(shown).toEqual([
      { path: '/basic', status: '401', schemes: ['Basic'] },
      { path: '/digest', status: '401', schemes: ['Digest'] },
      { path: '/multi-line', status: '401', schemes: ['Newauth', 'Bearer', 'Basic'] },
    ]);

    await panel.select(rows.find((r) => pathOf(r, host) === '/digest')!.id);
    const params = await panel.until<Array<{ scheme: string; params: Record<string, string> }>>(
      `const cards = [...document.querySelectorAll('[data-testid=exchange-detail] [data-testid=challenge]')];
       if (cards.length < 2) return null;
       return cards.map((card) => ({
         scheme: card.getAttribute('data-scheme'),
         params: Object.fromEntries([...card.querySelectorAll('tr[data-param]')].map((tr) =>
           [tr.getAttribute('data-param'), tr.querySelector('td').textContent.trim()])),
       }));`,
      'the Digest challenges explained in the detail',
    );
    expect(params.map((c) => c.scheme)).toEqual(['Digest', 'Digest']);
    expect(params.map((c) => c.params.algorithm)).toEqual(['SHA-256', 'MD5']);
    for (const card of params) {
      expect(card.params).toMatchObject({ realm: '"lab"', qop: '"auth, auth-int"' });
      expect(Object.keys(card.params)).toEqual(
        expect.arrayContaining(['nonce', 'opaque', 'charset', 'userhash']),
      );
    }
  });

  it('keeps two WWW-Authenticate lines apart, with their line numbers, in the record and the raw view', async () => {
    const ff = await ready();
    await ff.navigate(`${twoLinesOrigin}/`); // fetched from its own origin: no CORS in the way
    expect(await ff.fetchFromPage(`${twoLinesOrigin}/two-lines`)).toBe(401);
    const stored = await ff.storedUntil((l) => done(l, ['/two-lines']), 'two-lines recorded');
    const exchange = stored.find((e) => pathname(e) === '/two-lines')!;
    const [field] = lastResponse(exchange)!.fields;
    expect(field!.lines).toEqual(TWO_LINES);
    // Exactly what the parser makes of the two lines as sent: same parse, same diagnostics.
    const { fields: expected } = buildAuthFields(
      TWO_LINES.map((value) => ({ name: 'WWW-Authenticate', value })),
      { statusCode: 401, url: `${twoLinesOrigin}/two-lines` },
    );
    expect(field).toEqual(expected[0]);
    expect(field!.challenges.map((c) => [c.scheme, c.line])).toEqual([
      ['Basic', 0],
      ['Bearer', 1],
    ]);
    expect(field!.diagnostics.find((d) => d.code === 'unterminated-quoted-string')).toMatchObject({
      line: 1,
      offset: 26,
    });
    expect(field!.diagnostics.map((d) => d.code)).not.toContain('invalid-line-break');

    const panel = await ff.openPanel();
    const rows = await panel.rowsUntil(
      (r) => r.some((x) => x.name.includes('/two-lines')),
      'the panel lists two-lines',
    );
    await panel.select(rows.find((r) => r.name.includes('/two-lines'))!.id);
    const raw = await panel.until<{ lines: string[]; marks: string[][]; place: string }>(
      `const figure = document.querySelector('[data-testid=raw-header][data-field=WWW-Authenticate]');
       const item = document.querySelector('[data-testid=diagnostics] li[data-code=unterminated-quoted-string]');
       if (!figure || !item) return null;
       const lines = [...figure.querySelectorAll('li')];
       return {
         lines: lines.map((li) => li.querySelector('[data-testid=raw-line]').textContent),
         marks: lines.map((li) => [...li.querySelectorAll('mark[data-codes]')]
           .flatMap((m) => m.getAttribute('data-codes').split(' '))),
         place: item.textContent,
       };`,
      'the raw view and diagnostics of two-lines',
    );
    expect(raw.lines).toEqual(TWO_LINES.map((line) => `WWW-Authenticate: ${line}`));
    // The unterminated quote is highlighted on the second line, and only there.
    expect(raw.marks[1]).toContain('unterminated-quoted-string');
    expect(raw.marks[0]).not.toContain('unterminated-quoted-string');
    expect(raw.place).toContain('WWW-Authenticate, line 2 col 27');
  });
});

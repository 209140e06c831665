// Guards issue 5's "Try credentials" in the real DevTools panel: a header built from steps that
// differ from what the lab accepts, a Send that is not recorded as its own exchange of the tab, a
// typed password that leaks into what AuthLens stores, and (issue 10) a page script that hooks
// fetch and XHR to read the credentials or forge the answer: the panel sends from AuthLens itself.
import { createHash } from 'node:crypto';
import type { Frame, Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closesAfterEach, useLab } from './fixtures.ts';
import type { Exchange } from '../src/shared/exchange.ts';
import { fetchFromPage, type ExtensionBrowser } from './chromium.ts';
import { openRecordingPanel, pathOf, readRows, rowLocator, rowsUntil } from './panel-driver.ts';
import { recorderClient, type RecorderClient } from './recorder-client.ts';

const lab = useLab();
const browsers = closesAfterEach<ExtensionBrowser>();
const keep = (ext: ExtensionBrowser) => void browsers.use(ext);

const PASSWORD = 'wonderland';
const WRONG_PASSWORD = 'looking-glass';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
const unquote = (text: string) => text.replace(/^"(.*)"$/, '$1');
const host = () => new URL(lab.url).host;

interface StepView {
  id: string;
  value: string;
  /** The RFC link: its text ("RFC 7616 §3.4.2") and its address. */
  ref: string;
  href: string;
}

function steps(section: Locator): Promise<StepView[]> {
  return section.locator('[data-testid=try-steps] li').evaluateAll((items) =>
    items.map((li) => ({
      id: li.getAttribute('data-step') ?? '',
      value: li.querySelector('[data-testid=try-step-value]')?.textContent ?? '',
      ref: (li.querySelector('a')?.textContent ?? '').trim(),
      href: li.querySelector('a')?.getAttribute('href') ?? '',
    })),
  );
}

function stepOf(list: StepView[], id: string): StepView {
  const step = list.find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id} in ${JSON.stringify(list.map((s) => s.id))}`);
  return step;
}

function expectRef(step: StepView, rfc: number, section: string): void {
  expect(step.ref, step.id).toBe(`RFC ${rfc} §${section}`);
  expect(step.href, step.id).toBe(`https://www.rfc-editor.org/rfc/rfc${rfc}#section-${section}`);
}

/** Triggers `path` with fetch (no prompt), selects its row, returns the row id. */
async function challengeAndSelect(
  ext: ExtensionBrowser,
  panel: Frame,
  path: string,
): Promise<string> {
  expect((await fetchFromPage(ext.page, `${lab.url}${path}`)).status).toBe(401);
  const rows = await rowsUntil(
    panel,
    (r) => r.some((x) => pathOf(x, host()) === path && x.outcome === 'challenged'),
    `${path} listed as challenged`,
  );
  const row = rows.find((x) => pathOf(x, host()) === path)!;
  await rowLocator(panel, row.id).click();
  await expect
    .poll(async () => squash(await panel.locator('[data-testid=exchange-detail] h2').textContent()))
    .toBe(`GET ${lab.url}${path}`);
  return row.id;
}

/** Opens Try credentials on a card and types the credentials. */
async function tryOn(card: Locator, username: string, password: string): Promise<Locator> {
  await card.getByTestId('try-open').click();
  const section = card.getByTestId('try-credentials');
  await section.waitFor();
  await section.getByTestId('try-username').fill(username);
  await section.getByTestId('try-password').fill(password);
  return section;
}

/** Presses Send and waits for the outcome; returns its status attribute and text. */
async function send(section: Locator): Promise<{ status: string; text: string }> {
  const before = await section.getByTestId('try-outcome').count();
  expect(before).toBe(0);
  await section.getByTestId('try-send').click();
  const outcome = section.getByTestId('try-outcome');
  await outcome.waitFor({ timeout: 30_000 });
  return {
    status: (await outcome.getAttribute('data-status')) ?? '',
    text: squash(await outcome.textContent()),
  };
}

/** The replayed request as the background recorded it: its own exchange, after `knownIds`. */
async function replayed(
  recorder: RecorderClient,
  knownIds: string[],
  path: string,
): Promise<Exchange> {
  const list = await recorder.until(
    (l) =>
      l.some(
        (e) => !knownIds.includes(e.id) && e.url === `${lab.url}${path}` && e.outcome !== 'pending',
      ),
    `the replay of ${path} recorded`,
  );
  return list.find((e) => !knownIds.includes(e.id) && e.url === `${lab.url}${path}`)!;
}

/**
 * What a hostile page would do: hook fetch and XHR to read every request and answer each with a
 * forged 200. Returns a reader for what the hooks saw.
 */
async function hookPageNetwork(ext: ExtensionBrowser): Promise<() => Promise<string[]>> {
  await ext.page.evaluate(() => {
    const seen: string[] = [];
    const g = globalThis as unknown as { __authlensSeen: string[] };
    g.__authlensSeen = seen;
    globalThis.fetch = async (...args: unknown[]) => {
      seen.push(`fetch ${JSON.stringify(args)}`);
      return new Response('forged', { status: 200, statusText: 'Forged OK' });
    };
    const proto = XMLHttpRequest.prototype;
    const open = proto.open;
    const setHeader = proto.setRequestHeader;
    proto.open = function (this: XMLHttpRequest, ...args: unknown[]) {
      seen.push(`xhr.open ${JSON.stringify(args)}`);
      return (open as (...a: unknown[]) => void).apply(this, args);
    } as typeof proto.open;
    proto.setRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
      seen.push(`xhr.header ${name}: ${value}`);
      return setHeader.call(this, name, value);
    };
  });
  return () =>
    ext.page.evaluate(() => (globalThis as unknown as { __authlensSeen: string[] }).__authlensSeen);
}

/** Everything AuthLens keeps: storage.session, storage.local, the recorder's snapshot, and the panel's web storage. */
async function everythingStored(
  ext: ExtensionBrowser,
  panel: Frame,
  recorder: RecorderClient,
): Promise<string> {
  const areas = await ext.serviceWorkerEval(async () => {
    type Area = { get(keys: null): Promise<Record<string, unknown>> };
    const chrome = (globalThis as unknown as { chrome: { storage: Record<string, Area> } }).chrome;
    return {
      session: await chrome.storage.session!.get(null),
      local: await chrome.storage.local!.get(null),
    };
  });
  const web = await panel.evaluate(() => ({
    local: { ...localStorage },
    session: { ...sessionStorage },
  }));
  const snapshot = await recorder.snapshot();
  return JSON.stringify({ areas, web, snapshot });
}

describe('Try credentials in the real DevTools panel (issue 5)', () => {
  it('Digest SHA-256: shows every RFC 7616 step, Send gets 200 with Authentication-Info, recorded without the password', async () => {
    const { ext, panel } = await openRecordingPanel(lab.url, keep);
    const recorder = await recorderClient(ext, ext.page);
    await ext.page.bringToFront();
    const challengeId = await challengeAndSelect(ext, panel, '/digest');

    const cards = panel.locator('[data-testid=exchange-detail] [data-testid=challenge]');
    await expect
      .poll(() => cards.evaluateAll((c) => c.map((x) => x.getAttribute('data-scheme'))))
      .toEqual(['Digest', 'Digest']);
    const card = cards.first();
    const param = async (name: string) =>
      squash(await card.locator(`tr[data-param=${name}] td`).first().textContent());
    expect(await param('algorithm')).toBe('SHA-256');
    const nonce = unquote(await param('nonce'));
    expect(nonce.length).toBeGreaterThan(10);

    const section = await tryOn(card, 'alice', PASSWORD);
    expect(await section.getByTestId('try-method').inputValue()).toBe('GET');
    expect(await section.getByTestId('try-uri').inputValue()).toBe('/digest');
    expect(await section.getByTestId('try-nc').inputValue()).toBe('1');
    await section.getByTestId('try-header').waitFor();
    expect(await section.getByTestId('try-problem').count()).toBe(0);

    const shown = await steps(section);
    const ids = shown.map((s) => s.id);
    for (const id of ['nc', 'cnonce', 'a1', 'ha1', 'a2', 'ha2', 'response', 'header']) {
      expect(ids, id).toContain(id);
    }
    // In the order of the computation.
    const order = ['nc', 'cnonce', 'a1', 'ha1', 'a2', 'ha2', 'response', 'header'].map((id) =>
      ids.indexOf(id),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const at = (id: string) => stepOf(shown, id);
    expectRef(at('a1'), 7616, '3.4.2');
    expectRef(at('ha1'), 7616, '3.4.2');
    expectRef(at('a2'), 7616, '3.4.3');
    expectRef(at('ha2'), 7616, '3.4.3');
    expectRef(at('nc'), 7616, '3.4');
    expectRef(at('cnonce'), 7616, '3.4');
    expectRef(at('response'), 7616, '3.4.1');
    expectRef(at('header'), 7616, '3.4');

    // The values, recomputed here from the challenge the card shows (SHA-256, qop=auth).
    const ha1 = sha256(`alice:lab:${PASSWORD}`);
    const ha2 = sha256('GET:/digest');
    const cnonce = at('cnonce').value;
    expect(cnonce).toMatch(/^[A-Za-z0-9+/=_-]{16,}$/);
    expect(at('a1').value).toBe(`alice:lab:${PASSWORD}`);
    expect(at('ha1').value).toBe(ha1);
    expect(at('a2').value).toBe('GET:/digest');
    expect(at('ha2').value).toBe(ha2);
    expect(at('nc').value).toBe('00000001');
    const response = sha256(`${ha1}:${nonce}:00000001:${cnonce}:auth:${ha2}`);
    expect(at('response').value).toBe(response);
    const header = squash(await section.getByTestId('try-header').textContent());
    expect(at('header').value).toBe(header);
    expect(header).toMatch(/^Authorization: Digest username="[0-9a-f]{64}", realm="lab", /);
    for (const part of [
      'uri="/digest"',
      'algorithm=SHA-256',
      `nonce="${nonce}"`,
      'nc=00000001',
      `cnonce="${cnonce}"`,
      'qop=auth,',
      `response="${response}"`,
      'userhash=true',
    ]) {
      expect(header).toContain(part);
    }
    expect(header).not.toContain(PASSWORD);

    // Send: the inspected page (the lab's index) replays the request with that header.
    expect(new URL(ext.page.url()).origin).toBe(lab.url);
    const knownIds = (await recorder.exchanges()).map((e) => e.id);
    const outcome = await send(section);
    expect(outcome.status, outcome.text).toBe('200');
    expect(outcome.text).toContain('The server accepted the credentials.');
    const info = squash(await section.getByTestId('try-auth-info').textContent());
    expect(info).toMatch(/^Authentication-Info: /);
    for (const part of [
      'rspauth=',
      'nextnonce=',
      'qop=auth',
      'nc=00000001',
      `cnonce="${cnonce}"`,
    ]) {
      expect(info).toContain(part);
    }

    // The background recorded the replay as its own exchange: the page's Authorization (only its
    // scheme), 200 with Authentication-Info.
    const exchange = await replayed(recorder, knownIds, '/digest');
    expect(['succeeded', 'authenticated']).toContain(exchange.outcome);
    const requests = exchange.steps.filter((s) => s.kind === 'request');
    expect(requests[0]).toMatchObject({
      credentials: [{ header: 'Authorization', scheme: 'Digest', source: 'page' }],
    });
    expect(requests[0]!.kind === 'request' && requests[0]!.credentials[0]!.value).toBeFalsy();
    const last = exchange.steps.filter((s) => s.kind === 'response').at(-1);
    expect(last?.kind === 'response' && last.statusCode).toBe(200);
    expect(last?.kind === 'response' && last.fields.map((f) => f.name)).toEqual([
      'Authentication-Info',
    ]);
    // …and the panel lists it next to the challenge, which stays selected with its outcome.
    const rows = await rowsUntil(
      panel,
      (r) => r.some((x) => x.id === exchange.id && x.outcome !== 'pending'),
      'the replay listed in the panel',
    );
    expect(rows.find((x) => x.id === exchange.id)).toMatchObject({
      status: '200',
      method: 'GET',
      outcome: exchange.outcome,
    });
    expect(rows.find((x) => x.id === challengeId)?.selected).toBe(true);
    expect(await section.getByTestId('try-outcome').getAttribute('data-status')).toBe('200');

    // The password, and H(A1) that stands for it in this realm, are nowhere AuthLens keeps data.
    const stored = await everythingStored(ext, panel, recorder);
    expect(stored).toContain(exchange.id);
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain(ha1);
  });

  it('Basic: shows the RFC 7617 steps, Send gets 200, a wrong password 401, neither password stored', async () => {
    const { ext, panel } = await openRecordingPanel(lab.url, keep);
    const recorder = await recorderClient(ext, ext.page);
    await ext.page.bringToFront();
    await challengeAndSelect(ext, panel, '/basic');
    const pageSaw = await hookPageNetwork(ext);

    const card = panel.locator(
      '[data-testid=exchange-detail] [data-testid=challenge][data-scheme=Basic]',
    );
    await expect.poll(() => card.count()).toBe(1);
    const section = await tryOn(card, 'alice', PASSWORD);
    // Digest's inputs are not offered for Basic.
    expect(await section.getByTestId('try-nc').count()).toBe(0);
    await section.getByTestId('try-header').waitFor();

    const token = Buffer.from(`alice:${PASSWORD}`).toString('base64');
    const shown = await steps(section);
    expect(shown.map((s) => s.id)).toEqual(['user-pass', 'octets', 'base64', 'header']);
    expect(shown.map((s) => s.value)).toEqual([
      `alice:${PASSWORD}`,
      [...Buffer.from(`alice:${PASSWORD}`)].map((b) => b.toString(16).padStart(2, '0')).join(' '),
      token,
      `Authorization: Basic ${token}`,
    ]);
    expectRef(shown[0]!, 7617, '2');
    expectRef(shown[1]!, 7617, '2.1');
    expectRef(shown[2]!, 7617, '2');
    expectRef(shown[3]!, 7617, '2');
    expect(squash(await section.getByTestId('try-header').textContent())).toBe(
      `Authorization: Basic ${token}`,
    );

    const knownBefore = (await recorder.exchanges()).map((e) => e.id);
    const ok = await send(section);
    expect(ok.status, ok.text).toBe('200');
    expect(ok.text).toContain('The server accepted the credentials.');
    expect(await section.getByTestId('try-auth-info').count()).toBe(0);
    // A plain 200 carries nothing about authentication; the panel announced the replay, so the
    // background records it anyway, with the page's Basic credentials (scheme only).
    const accepted = await replayed(recorder, knownBefore, '/basic');
    expect(accepted.outcome).toBe('succeeded');
    expect(accepted.steps.find((s) => s.kind === 'request')).toMatchObject({
      credentials: [{ header: 'Authorization', scheme: 'Basic', source: 'page' }],
    });

    // A wrong password: the header changes with it, and the lab refuses it.
    await section.getByTestId('try-password').fill(WRONG_PASSWORD);
    const wrongToken = Buffer.from(`alice:${WRONG_PASSWORD}`).toString('base64');
    await expect
      .poll(async () => squash(await section.getByTestId('try-header').textContent()))
      .toBe(`Authorization: Basic ${wrongToken}`);
    const knownNow = (await recorder.exchanges()).map((e) => e.id);
    await section.getByTestId('try-send').click();
    await expect
      .poll(() => section.getByTestId('try-outcome').getAttribute('data-status'), {
        timeout: 30_000,
      })
      .toBe('401');
    const refused = squash(await section.getByTestId('try-outcome').textContent());
    expect(refused).toContain('The server refused the credentials.');
    expect(refused).toContain('WWW-Authenticate: Basic realm="lab"');
    const rejected = await replayed(recorder, knownNow, '/basic');
    expect(rejected.steps.find((s) => s.kind === 'request')).toMatchObject({
      credentials: [{ header: 'Authorization', scheme: 'Basic', source: 'page' }],
    });
    const refusedResponse = rejected.steps.filter((s) => s.kind === 'response').at(-1);
    expect(refusedResponse?.kind === 'response' && refusedResponse.statusCode).toBe(401);
    expect(rejected.outcome).toBe('rejected');

    // The panel lists the refused replay next to the challenge.
    await rowsUntil(
      panel,
      (r) => r.some((x) => x.id === rejected.id) && r.every((x) => x.outcome !== 'pending'),
      'the refused replay listed',
    );
    const rows = await readRows(panel);
    expect(rows.find((x) => x.id === rejected.id)).toMatchObject({
      status: '401',
      method: 'GET',
      schemes: ['Basic'],
      outcome: rejected.outcome,
    });

    // Neither password, nor the base64 that carries it, is kept anywhere.
    const stored = await everythingStored(ext, panel, recorder);
    expect(stored).toContain(rejected.id);
    for (const secret of [PASSWORD, WRONG_PASSWORD, token, wrongToken]) {
      expect(stored).not.toContain(secret);
    }
    // The page's hooks saw no request at all, so neither the credentials nor a chance to answer
    // in the server's place (their forged 200 would have hidden the 401 above).
    expect(await pageSaw()).toEqual([]);

    // The tab moves to another origin (localhost is not 127.0.0.1): Send asks first.
    const elsewhere = lab.url.replace('127.0.0.1', 'localhost');
    await ext.page.goto(`${elsewhere}/`);
    await ext.page.bringToFront();
    await section.getByTestId('try-send').click();
    const confirm = section.getByTestId('try-confirm');
    await confirm.waitFor();
    expect(squash(await confirm.locator('xpath=..').textContent())).toBe(
      `This tab now shows ${elsewhere}, not ${lab.url}: send to ${lab.url} anyway`,
    );
    expect(await section.getByTestId('try-send').isDisabled()).toBe(true);
  });
});

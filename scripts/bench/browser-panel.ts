// The AuthLens panel in real DevTools: how long until it shows its first rows, and what one filter
// keystroke and one row selection cost, with few and with many exchanges. Times are taken inside
// the panel: from the panel's navigation start to the frame after its first row exists; from a
// key's or a click's own event time to the frame after the panel handled it (the next paint,
// approximated by a task queued from requestAnimationFrame).
import { chromium, type Browser, type Frame } from 'playwright-core';
import { waitFor } from '../../e2e/chromium.ts';
import { attach, evaluate } from './browser-cdp.ts';
import type { BenchBrowser } from './browser-launch.ts';
import { challengedHar } from './browser-har.ts';

/** Resolves `window.__authlensFirstRows` with the time of the first frame that shows a row. */
const FIRST_ROWS = `window.__authlensFirstRows = new Promise((resolve) => {
  const check = () => document.querySelector('[data-testid=exchange-row]')
    ? requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0))
    : requestAnimationFrame(check);
  requestAnimationFrame(check);
});`;

/** Records, per key or click, the time from the event to the frame after it was handled. */
const LATENCY = `(() => {
  if (window.__authlensLatency) return;
  const samples = (window.__authlensLatency = []);
  let start = null;
  const begin = (e) => { start = e.timeStamp; };
  const end = () => {
    if (start === null) return;
    const from = start;
    start = null;
    requestAnimationFrame(() => setTimeout(() => samples.push(performance.now() - from), 0));
  };
  addEventListener('keydown', begin, true);
  addEventListener('mousedown', begin, true);
  addEventListener('input', end);
  addEventListener('mousedown', end);
})()`;

export interface PanelFigures {
  /** Per live size: time to first rows when the panel loads, ms per repetition. */
  firstRowsLive: Map<number, number[]>;
  /** Per imported size: from choosing the file to the first rows shown, ms per repetition. */
  firstRowsImport: Map<number, number[]>;
  keystroke: Map<number, number[]>;
  selection: Map<number, number[]>;
}

async function panelTarget(browser: BenchBrowser): Promise<string> {
  const url = `${browser.extensionOrigin}/src/panel/index.html`;
  const target = await waitFor(
    async () => (await browser.targets()).find((t) => t.url.startsWith(url)),
    { message: 'no AuthLens panel target' },
  );
  return target.targetId;
}

/**
 * Reloads the panel page; with `firstRows`, returns the time to its first rows (ms from its
 * navigation start), which needs rows to show.
 */
async function reloadPanel(browser: BenchBrowser, firstRows: boolean): Promise<number> {
  const session = await attach(browser.cdp, await panelTarget(browser));
  try {
    await browser.cdp.send('Page.enable', {}, session); // else no script runs in the new document
    const { identifier } = await browser.cdp.send<{ identifier: string }>(
      'Page.addScriptToEvaluateOnNewDocument',
      { source: firstRows ? FIRST_ROWS : '' },
      session,
    );
    // An iframe target cannot Page.reload; the page reloads itself, and the old document is marked
    // so that nothing is read from it.
    await evaluate(browser.cdp, session, 'window.__authlensOld = true; location.reload()');
    await waitFor(
      () =>
        evaluate<boolean>(
          browser.cdp,
          session,
          `!window.__authlensOld && document.readyState === 'complete'`,
        ),
      { timeout: 60_000, interval: 20, message: 'the panel did not reload' },
    );
    const ms = firstRows
      ? await evaluate<number>(browser.cdp, session, 'window.__authlensFirstRows')
      : 0;
    await browser.cdp.send('Page.removeScriptToEvaluateOnNewDocument', { identifier }, session);
    return ms;
  } finally {
    await browser.cdp
      .send('Target.detachFromTarget', { sessionId: session })
      .catch(() => undefined);
  }
}

async function panelFrame(playwright: Browser, browser: BenchBrowser): Promise<Frame> {
  const url = `${browser.extensionOrigin}/src/panel/index.html`;
  return waitFor(
    () =>
      playwright
        .contexts()
        .flatMap((c) => c.pages())
        .flatMap((p) => p.frames())
        .find((f) => !f.isDetached() && f.url().startsWith(url)),
    { timeout: 30_000, message: 'Playwright sees no AuthLens panel frame' },
  );
}

/** Sets the file input to the HAR and times from its change event to the first rows shown. */
const IMPORT_TO_FIRST_ROWS = `(async () => {
  const input = document.querySelector('[data-testid=import-input]');
  const transfer = new DataTransfer();
  transfer.items.add(new File([window.__authlensHar], 'bench.har', { type: 'application/json' }));
  input.files = transfer.files;
  const shown = new Promise((resolve) => {
    const check = () => document.querySelector('[data-testid=exchange-row]')
      ? requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0))
      : requestAnimationFrame(check);
    requestAnimationFrame(check);
  });
  const start = performance.now();
  input.dispatchEvent(new Event('change', { bubbles: true }));
  return (await shown) - start;
})()`;

/** Imports a HAR into an empty list; ms to the first rows. */
async function importToFirstRows(panel: Frame, har: string): Promise<number> {
  // A plain assignment: tsx would wrap functions declared inside an evaluated function.
  await panel.evaluate(
    (text) => void ((window as { __authlensHar?: string }).__authlensHar = text),
    har,
  );
  return panel.evaluate<number>(IMPORT_TO_FIRST_ROWS);
}

async function latencies(panel: Frame, act: () => Promise<void>, count: number): Promise<number[]> {
  await panel.evaluate(LATENCY);
  await panel.evaluate('window.__authlensLatency.length = 0');
  for (let i = 0; i < count; i++) {
    await act();
    await waitFor(() => panel.evaluate<boolean>(`window.__authlensLatency.length > ${i}`), {
      message: 'no latency sample',
    });
  }
  return panel.evaluate<number[]>('window.__authlensLatency.slice()');
}

const FILTER_TEXT = 'scheme:digest';

function progress(message: string): void {
  process.stderr.write(`  panel: ${message}\n`);
}

async function keystrokes(panel: Frame, rounds: number): Promise<number[]> {
  const filter = panel.locator('[data-testid=filter]');
  await filter.click();
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    await filter.fill('');
    let i = 0;
    samples.push(
      ...(await latencies(panel, () => filter.press(FILTER_TEXT[i++]!), FILTER_TEXT.length)),
    );
  }
  await filter.fill('');
  return samples;
}

async function selections(panel: Frame, count: number): Promise<number[]> {
  const rows = panel.locator('[data-testid=exchange-row]');
  await rows.nth(0).click(); // the first selection loads the detail view's code: not measured
  let i = 0;
  return latencies(panel, () => rows.nth(1 + (i++ % 6)).click(), count);
}

export async function measurePanel(
  browser: BenchBrowser,
  inspectedSession: string,
  options: {
    live: readonly number[];
    imported: readonly number[];
    repetitions: number;
    fetchChallenged(session: string, count: number): Promise<void>;
  },
): Promise<PanelFigures> {
  const figures: PanelFigures = {
    firstRowsLive: new Map(),
    firstRowsImport: new Map(),
    keystroke: new Map(),
    selection: new Map(),
  };
  let recorded = 0;
  for (const size of options.live) {
    await options.fetchChallenged(inspectedSession, size - recorded);
    recorded = size;
    const samples: number[] = [];
    for (let r = 0; r < options.repetitions; r++) samples.push(await reloadPanel(browser, true));
    figures.firstRowsLive.set(size, samples);
    progress(`first rows with ${size} live: ${samples.map((ms) => ms.toFixed(0)).join(', ')} ms`);
  }
  const playwright = await chromium.connectOverCDP(`http://127.0.0.1:${browser.port}`);
  try {
    for (const size of options.imported) {
      const har = challengedHar(size);
      const first: number[] = [];
      for (let r = 0; r < options.repetitions; r++) {
        await reloadPanel(browser, false); // a fresh panel: no imports
        const panel = await panelFrame(playwright, browser);
        await panel.getByTestId('clear').click();
        await panel.getByTestId('empty-state').waitFor();
        first.push(await importToFirstRows(panel, har));
      }
      figures.firstRowsImport.set(size, first);
      progress(
        `first rows after importing ${size}: ${first.map((ms) => ms.toFixed(0)).join(', ')} ms`,
      );
      const panel = await panelFrame(playwright, browser);
      figures.keystroke.set(size, await keystrokes(panel, 2));
      figures.selection.set(size, await selections(panel, 12));
      progress(`keystrokes and selections with ${size}`);
    }
  } finally {
    await playwright.close().catch(() => undefined);
  }
  return figures;
}

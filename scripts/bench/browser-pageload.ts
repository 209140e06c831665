// Page-load time side by side: one browser per contender (AuthLens, the one-listener reference,
// no extension, and the same with DevTools open), all running at once, loading the same page in
// interleaved rounds — each round loads it once in every browser, in a rotating order, one after
// the other, so that slow and fast spells of a shared machine fall on every contender alike.
// Nothing is attached to the measured tab but one CDP session that navigates and reads the
// page's own timing; the browser's CPU time per load is read from /proc.
import { attach, evaluate, type Cdp } from './browser-cdp.ts';
import { groupCpuMs, settle } from './browser-cpu.ts';
import { openInspectedTab, showAuthLensPanel } from './browser-devtools.ts';
import { launchBenchBrowser, type BenchBrowser } from './browser-launch.ts';

export interface PageLoadContender {
  name: string;
  /** An unpacked extension, or none. */
  extension?: string;
  /** 'open': DevTools open on the tab (its default panel); 'panel': the AuthLens panel shown. */
  devtools?: 'open' | 'panel';
}

export interface PageLoadSamples {
  name: string;
  /** Per round: the page's own time from navigation start to done, ms. */
  loadMs: number[];
  /** Per round: CPU time of the whole browser for the load and the work it left, ms. */
  cpuMs: number[];
}

export interface PageLoadOptions {
  /** The page; it is done when `window.authlensBusy` resolves, or else at load and 1 s of quiet. */
  url: string;
  /** A page on the same server to open first (DevTools windows need a page to inspect). */
  startUrl: string;
  rounds: number;
  warmup: number;
  contenders: PageLoadContender[];
  /** The X display every browser runs on. */
  display: string;
  /** Called after each round (progress). */
  onRound?(round: number): void;
}

// Resource timing keeps 250 entries by default; a busy page has more.
const BEFORE_PAGE = 'performance.setResourceTimingBufferSize(100000);';

/**
 * Milliseconds from navigation start until the page is done: the busy page says when (its load
 * event fired and every fetch settled); another page is done at the later of its load event's end
 * and the last resource to finish, once nothing more finished for a second.
 */
const DONE = `(async () => {
  await new Promise((resolve) =>
    document.readyState === 'complete' ? resolve() : addEventListener('load', resolve, { once: true }));
  if (window.authlensBusy) return await window.authlensBusy;
  await new Promise((resolve) => setTimeout(resolve, 0));
  let count = -1;
  for (;;) {
    const resources = performance.getEntriesByType('resource');
    if (resources.length === count) break;
    count = resources.length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const nav = performance.getEntriesByType('navigation')[0];
  return Math.max(nav ? nav.loadEventEnd : 0, ...performance.getEntriesByType('resource').map((r) => r.responseEnd));
})()`;

interface Running {
  contender: PageLoadContender;
  browser: BenchBrowser;
  session: string;
  samples: PageLoadSamples;
}

async function start(contender: PageLoadContender, options: PageLoadOptions): Promise<Running> {
  const browser = await launchBenchBrowser({
    name: contender.name,
    display: options.display,
    devtools: contender.devtools !== undefined,
    ...(contender.extension ? { extension: contender.extension } : {}),
  });
  try {
    const tab = contender.devtools
      ? await openInspectedTab(browser, options.startUrl)
      : (await browser.targets()).find((t) => t.type === 'page')!;
    if (contender.devtools === 'panel') await showAuthLensPanel(browser);
    const session = await attach(browser.cdp, tab.targetId);
    await browser.cdp.send(
      'Page.addScriptToEvaluateOnNewDocument',
      { source: BEFORE_PAGE },
      session,
    );
    const samples = { name: contender.name, loadMs: [], cpuMs: [] };
    return { contender, browser, session, samples };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function navigate(cdp: Cdp, session: string, url: string): Promise<void> {
  await cdp.send('Page.navigate', { url }, session);
}

/** One measured load: from a blank page, with the browser quiet before and after. */
async function loadOnce(r: Running, url: string): Promise<{ loadMs: number; cpuMs: number }> {
  const { cdp, pid } = r.browser;
  await navigate(cdp, r.session, 'about:blank');
  await settle(pid);
  const before = groupCpuMs(pid);
  await navigate(cdp, r.session, url);
  const loadMs = await withTimeout(
    evaluate<number>(cdp, r.session, DONE),
    120_000,
    r.contender.name,
  );
  // The work a load leaves behind (an extension writing what it recorded) is part of its cost.
  await settle(pid);
  return { loadMs, cpuMs: groupCpuMs(pid) - before };
}

export async function measurePageLoads(options: PageLoadOptions): Promise<PageLoadSamples[]> {
  const running: Running[] = [];
  try {
    // One at a time: starting browsers is the heaviest thing here.
    for (const contender of options.contenders) running.push(await start(contender, options));
    for (const r of running)
      for (let i = 0; i < options.warmup; i++) await loadOnce(r, options.url);
    for (let round = 0; round < options.rounds; round++) {
      for (let k = 0; k < running.length; k++) {
        const r = running[(k + round) % running.length]!;
        const { loadMs, cpuMs } = await loadOnce(r, options.url);
        r.samples.loadMs.push(loadMs);
        r.samples.cpuMs.push(cpuMs);
      }
      options.onRound?.(round + 1);
    }
    return running.map((r) => r.samples);
  } finally {
    for (const r of running) await r.browser.close();
  }
}

// The extension's service worker under traffic: the CPU its thread spends per 1,000 ordinary and
// per 1,000 challenged responses (schedstat of the "ServiceWorker thread", so Chrome's delivery of
// each event to the worker counts as well as the listener's own work), beside the whole browser's
// CPU for the same requests; and, for AuthLens, its JS heap as challenged exchanges pile up, which
// must stay bounded whatever the count. The page makes the requests with fetch(), in batches.
import { attach, evaluate, type Cdp, type TargetInfo } from './browser-cdp.ts';
import { groupCpuMs, serviceWorkerCpuNs, settle } from './browser-cpu.ts';
import type { BenchBrowser } from './browser-launch.ts';

/** Runs `count` fetches of `path` from the page, `batch` at a time; resolves with the 401 count. */
export function fetchLoop(path: string, count: number, batch = 50): string {
  return `(async () => {
    let unauthorized = 0;
    for (let i = 0; i < ${count}; i += ${batch}) {
      const statuses = await Promise.all(
        Array.from({ length: Math.min(${batch}, ${count} - i) }, (_, j) =>
          fetch(${JSON.stringify(path)} + '?i=' + (i + j) + '&r=' + Math.random().toString(36).slice(2),
            { credentials: 'omit' }).then((r) => r.status, () => 0)));
      unauthorized += statuses.filter((s) => s === 401).length;
    }
    return unauthorized;
  })()`;
}

export interface CpuPer1000 {
  /** Per repetition: the worker thread's CPU per 1,000 responses, ms. */
  workerMs: number[];
  /** Per repetition: the whole browser's CPU per 1,000 responses, ms. */
  browserMs: number[];
}

export interface WorkerCpu {
  ordinary: CpuPer1000;
  challenged: CpuPer1000;
}

/**
 * A page of the lab in the browser's tab (`tab`, or its first), with a CDP session to run fetches
 * from.
 */
export async function labTab(
  browser: BenchBrowser,
  labUrl: string,
  tab?: TargetInfo,
): Promise<string> {
  const target =
    tab ??
    (await browser.targets()).find((t) => t.type === 'page' && !t.url.startsWith('devtools://'))!;
  const session = await attach(browser.cdp, target.targetId);
  const url = `${labUrl}/busy?images=0&fetches=0`;
  if (target.url !== url) await browser.cdp.send('Page.navigate', { url }, session);
  await evaluate(
    browser.cdp,
    session,
    'new Promise((r) => document.readyState === "complete" ? r() : addEventListener("load", r))',
  );
  return session;
}

async function cpuPer1000(
  browser: BenchBrowser,
  session: string,
  path: string,
  count: number,
  repetitions: number,
): Promise<CpuPer1000> {
  const result: CpuPer1000 = { workerMs: [], browserMs: [] };
  for (let r = 0; r < repetitions; r++) {
    await settle(browser.pid);
    const worker = serviceWorkerCpuNs(browser.pid);
    const all = groupCpuMs(browser.pid);
    await evaluate(browser.cdp, session, fetchLoop(path, count));
    await settle(browser.pid);
    result.workerMs.push(((serviceWorkerCpuNs(browser.pid) - worker) / 1e6 / count) * 1000);
    result.browserMs.push(((groupCpuMs(browser.pid) - all) / count) * 1000);
  }
  return result;
}

export async function measureWorkerCpu(
  browser: BenchBrowser,
  session: string,
  { count = 2000, repetitions = 3 } = {},
): Promise<WorkerCpu> {
  // Warm up: the worker starts, its code is compiled, the recorder has a log for the tab.
  await evaluate(browser.cdp, session, fetchLoop('/busy/api', 200));
  await evaluate(browser.cdp, session, fetchLoop('/busy/protected', 100));
  return {
    ordinary: await cpuPer1000(browser, session, '/busy/api', count, repetitions),
    challenged: await cpuPer1000(browser, session, '/busy/protected', count, repetitions),
  };
}

/** The worker's JS heap after a full garbage collection, in bytes. */
export async function workerHeap(cdp: Cdp, origin: string): Promise<number> {
  const { targetInfos } = await cdp.send<{
    targetInfos: Array<{ targetId: string; type: string; url: string }>;
  }>('Target.getTargets');
  const worker = targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`${origin}/`),
  );
  if (!worker) throw new Error('the extension worker is not running');
  const session = await attach(cdp, worker.targetId);
  try {
    await cdp.send('HeapProfiler.collectGarbage', {}, session);
    const { usedSize } = await cdp.send<{ usedSize: number }>('Runtime.getHeapUsage', {}, session);
    return usedSize;
  } finally {
    await cdp.send('Target.detachFromTarget', { sessionId: session }).catch(() => undefined);
  }
}

/** Heap after each checkpoint of challenged exchanges (cumulative counts, ascending). */
export async function measureWorkerHeap(
  browser: BenchBrowser,
  session: string,
  checkpoints: readonly number[],
): Promise<Array<{ exchanges: number; bytes: number }>> {
  const origin = browser.extensionOrigin!;
  const series = [{ exchanges: 0, bytes: await workerHeap(browser.cdp, origin) }];
  let done = 0;
  for (const target of checkpoints) {
    const unauthorized = await evaluate<number>(
      browser.cdp,
      session,
      fetchLoop('/busy/protected', target - done, 100),
    );
    if (unauthorized !== target - done) {
      throw new Error(`expected ${target - done} challenged responses, got ${unauthorized}`);
    }
    done = target;
    await settle(browser.pid);
    series.push({ exchanges: done, bytes: await workerHeap(browser.cdp, origin) });
  }
  return series;
}

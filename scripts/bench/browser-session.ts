// A long session compressed: a single-page app that keeps fetching (ordinary requests and,
// periodically, challenged ones) for minutes, with DevTools open on the AuthLens panel and
// "preserve log" on (the default). The worker's and the panel's JS heaps are sampled after full
// garbage collections; once the recorder's bounds are reached they must stay flat.
import { attach, evaluate, type Cdp } from './browser-cdp.ts';
import type { BenchBrowser } from './browser-launch.ts';
import { workerHeap } from './browser-worker.ts';

export interface SessionSample {
  /** Seconds since the session started. */
  at: number;
  challenged: number;
  ordinary: number;
  workerBytes: number;
  panelBytes: number;
}

export interface SessionOptions {
  minutes: number;
  /** Requests per second of each kind. */
  ordinaryPerSecond: number;
  challengedPerSecond: number;
  sampleEverySeconds: number;
  onSample?(sample: SessionSample): void;
}

/** The app: every 100 ms a tenth of each rate, until window.__authlensStop is set. */
function app(ordinaryPerSecond: number, challengedPerSecond: number): string {
  return `(() => {
    window.__authlensCounts = { ordinary: 0, challenged: 0 };
    window.__authlensStop = false;
    let owedOrdinary = 0, owedChallenged = 0, n = 0;
    const tick = () => {
      if (window.__authlensStop) return;
      owedOrdinary += ${ordinaryPerSecond} / 10;
      owedChallenged += ${challengedPerSecond} / 10;
      for (; owedOrdinary >= 1; owedOrdinary--) {
        fetch('/busy/api?i=' + n++ + '&r=' + Math.random().toString(36).slice(2), { credentials: 'omit' })
          .then(() => window.__authlensCounts.ordinary++, () => {});
      }
      for (; owedChallenged >= 1; owedChallenged--) {
        fetch('/busy/protected?i=' + n++ + '&r=' + Math.random().toString(36).slice(2), { credentials: 'omit' })
          .then(() => window.__authlensCounts.challenged++, () => {});
      }
      setTimeout(tick, 100);
    };
    tick();
    return true;
  })()`;
}

async function panelHeap(cdp: Cdp, browser: BenchBrowser): Promise<number> {
  const url = `${browser.extensionOrigin}/src/panel/index.html`;
  const target = (await browser.targets()).find((t) => t.url.startsWith(url));
  if (!target) throw new Error('the AuthLens panel is not open');
  const session = await attach(cdp, target.targetId);
  try {
    await cdp.send('HeapProfiler.collectGarbage', {}, session);
    const { usedSize } = await cdp.send<{ usedSize: number }>('Runtime.getHeapUsage', {}, session);
    return usedSize;
  } finally {
    await cdp.send('Target.detachFromTarget', { sessionId: session }).catch(() => undefined);
  }
}

export async function runSession(
  browser: BenchBrowser,
  inspectedSession: string,
  options: SessionOptions,
): Promise<SessionSample[]> {
  const { cdp } = browser;
  const samples: SessionSample[] = [];
  const started = Date.now();
  const sample = async (): Promise<void> => {
    const counts = await evaluate<{ ordinary: number; challenged: number }>(
      cdp,
      inspectedSession,
      'window.__authlensCounts',
    );
    const s: SessionSample = {
      at: Math.round((Date.now() - started) / 1000),
      ...counts,
      workerBytes: await workerHeap(cdp, browser.extensionOrigin!),
      panelBytes: await panelHeap(cdp, browser),
    };
    samples.push(s);
    options.onSample?.(s);
  };
  await evaluate(
    cdp,
    inspectedSession,
    app(options.ordinaryPerSecond, options.challengedPerSecond),
  );
  try {
    const end = started + options.minutes * 60_000;
    while (Date.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, options.sampleEverySeconds * 1000));
      await sample();
    }
  } finally {
    await evaluate(cdp, inspectedSession, 'window.__authlensStop = true').catch(() => undefined);
  }
  return samples;
}

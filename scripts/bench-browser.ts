// npm run bench:browser [-- options]: what AuthLens costs a real browser, measured in Debian's
// Chromium under Xvfb. A benchmark, not a test: it asserts nothing and does not run in CI.
//
//   --only <list>        sections to run, comma-separated: pageload, worker, panel, session (all)
//   --rounds N           page-load rounds (21); each loads the page once in every browser
//   --warmup N           unmeasured loads per browser first (2)
//   --page URL|/path     load this page instead of the lab's /busy (a path: on the lab)
//   --variants <list>    add extensions with these listener sets (scripts/bench/browser-extensions.ts)
//   --no-devtools        page load without the DevTools-open browsers
//   --no-authlens        page load without AuthLens (with --variants: listener costs only)
//   --exchanges N        challenged exchanges for the worker's heap (10000)
//   --session-minutes M  length of the long session (6)
//   --wait-quiet M       first wait up to M minutes for the 1-minute load average to fall below 2.5
//   --quick              a rough look: 5 rounds, 1 warm-up, fewer fetches and repetitions, a
//                        1-minute session
//
// Every figure is printed with its spread and its goal. The machine is shared: the load average
// is printed before and after each section, and figures taken above 2.5 are marked preliminary.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DIST, ensureBuilt } from '../e2e/chromium.ts';
import { startLab } from '../demo/server.ts';
import { LISTENER_SETS, writeListenerExtension } from './bench/browser-extensions.ts';
import { startXvfb } from '../e2e/display.ts';
import { evaluate } from './bench/browser-cdp.ts';
import { openInspectedTab, showAuthLensPanel } from './bench/browser-devtools.ts';
import {
  closeAllBenchBrowsers,
  launchBenchBrowser,
  type BenchBrowser,
} from './bench/browser-launch.ts';
import { measurePageLoads, type PageLoadContender } from './bench/browser-pageload.ts';
import { measurePanel } from './bench/browser-panel.ts';
import { runSession } from './bench/browser-session.ts';
import {
  fetchLoop,
  labTab,
  measureWorkerCpu,
  measureWorkerHeap,
  type WorkerCpu,
} from './bench/browser-worker.ts';
import {
  formatLoad,
  formatMs,
  formatRatio,
  goalMark,
  loadAverage,
  printTable,
  ratios,
  spread,
} from './bench/browser-stats.ts';

const QUIET_LOAD = 2.5;
const SECTIONS = ['pageload', 'worker', 'panel', 'session'] as const;
type Section = (typeof SECTIONS)[number];

export interface Options {
  only: Set<Section>;
  rounds: number;
  warmup: number;
  page: string | null;
  variants: string[];
  devtools: boolean;
  authlens: boolean;
  exchanges: number;
  sessionMinutes: number;
  waitQuiet: number;
  /** Fetches per repetition when timing the worker, and repetitions. */
  workerFetches: number;
  workerRepetitions: number;
  /** Repetitions of each panel timing. */
  panelRepetitions: number;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    only: new Set(SECTIONS),
    rounds: 21,
    warmup: 2,
    page: null,
    variants: [],
    devtools: true,
    authlens: true,
    exchanges: 10_000,
    sessionMinutes: 6,
    waitQuiet: 0,
    workerFetches: 2000,
    workerRepetitions: 3,
    panelRepetitions: 5,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const list = (): string[] =>
      value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    if (arg === '--only') {
      const wanted = list();
      for (const s of wanted) {
        if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`Unknown section ${s}`);
      }
      options.only = new Set(wanted as Section[]);
    } else if (arg === '--rounds') options.rounds = Number(value());
    else if (arg === '--warmup') options.warmup = Number(value());
    else if (arg === '--page') options.page = value();
    else if (arg === '--variants') options.variants = list();
    else if (arg === '--no-devtools') options.devtools = false;
    else if (arg === '--no-authlens') options.authlens = false;
    else if (arg === '--exchanges') options.exchanges = Number(value());
    else if (arg === '--session-minutes') options.sessionMinutes = Number(value());
    else if (arg === '--wait-quiet') options.waitQuiet = Number(value());
    else if (arg === '--quick') {
      Object.assign(options, {
        rounds: 5,
        warmup: 1,
        sessionMinutes: 1,
        workerFetches: 500,
        workerRepetitions: 2,
        panelRepetitions: 2,
      });
    } else throw new Error(`Unknown option ${arg}`);
  }
  for (const name of options.variants) {
    if (!LISTENER_SETS[name]) {
      throw new Error(`Unknown variant ${name}; known: ${Object.keys(LISTENER_SETS).join(', ')}`);
    }
  }
  return options;
}

/** Whether every load average printed so far was below QUIET_LOAD. */
let quiet = true;

function loadLine(when: string): string {
  const now = loadAverage();
  if (now >= QUIET_LOAD) quiet = false;
  return `Load average ${when}: ${formatLoad()}${now >= QUIET_LOAD ? `  (above ${QUIET_LOAD}: preliminary)` : ''}`;
}

async function waitForQuiet(minutes: number): Promise<void> {
  const until = Date.now() + minutes * 60_000;
  while (loadAverage() >= QUIET_LOAD && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 15_000));
  }
}

function chromiumVersion(): string {
  try {
    const binary = process.env.AUTHLENS_CHROMIUM ?? '/usr/lib/chromium/chromium';
    return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'Chromium (version unknown)';
  }
}

interface Context {
  options: Options;
  labUrl: string;
  /** A private copy of dist/ (a concurrent build cannot change it) and the generated extensions. */
  authlens: string;
  /** The one-listener reference extension. */
  reference: string;
  work: string;
  /** The X display every browser runs on. */
  display: string;
}

async function pageLoadSection(ctx: Context): Promise<void> {
  const { options } = ctx;
  const page = options.page ?? '/busy';
  const url = page.startsWith('/') ? `${ctx.labUrl}${page}` : page;
  const { reference } = ctx;
  const contenders: PageLoadContender[] = [
    { name: 'none' },
    { name: 'reference', extension: reference },
    ...options.variants.map((name) => ({
      name,
      extension: writeListenerExtension(ctx.work, name, LISTENER_SETS[name]!.listeners),
    })),
    ...(options.authlens ? [{ name: 'AuthLens', extension: ctx.authlens }] : []),
    ...(options.devtools
      ? [
          { name: 'reference, DevTools open', extension: reference, devtools: 'open' as const },
          ...(options.authlens
            ? [
                {
                  name: 'AuthLens, panel open',
                  extension: ctx.authlens,
                  devtools: 'panel' as const,
                },
              ]
            : []),
        ]
      : []),
  ];
  console.log(`\n## Page load — ${url}\n`);
  console.log(
    `${contenders.length} browsers at once (${contenders.map((c) => c.name).join(' · ')}), ` +
      `${options.rounds} interleaved rounds after ${options.warmup} warm-up loads each.`,
  );
  console.log(loadLine('before'));
  const samples = await measurePageLoads({
    url,
    startUrl: `${ctx.labUrl}/`,
    rounds: options.rounds,
    warmup: options.warmup,
    contenders,
    display: ctx.display,
    onRound: (n) => process.stderr.write(`\r  round ${n}/${options.rounds}   `),
  });
  process.stderr.write('\n');
  const byName = new Map(samples.map((s) => [s.name, s]));
  const none = byName.get('none')!;
  printTable(
    ['browser', 'page load', '÷ none (per round)', 'browser CPU per load', '÷ none (per round)'],
    samples.map((s) => [
      s.name,
      formatMs(spread(s.loadMs)),
      s === none ? '' : formatRatio(spread(ratios(s.loadMs, none.loadMs))),
      formatMs(spread(s.cpuMs)),
      s === none ? '' : formatRatio(spread(ratios(s.cpuMs, none.cpuMs))),
    ]),
  );
  const ref = byName.get('reference')!;
  console.log('');
  const compare = (subject: string, base: string, goal: number | null, label: string): void => {
    const a = byName.get(subject);
    const b = byName.get(base);
    if (!a || !b) return;
    const load = spread(ratios(a.loadMs, b.loadMs));
    const cpu = spread(ratios(a.cpuMs, b.cpuMs));
    const mark = goal === null ? '' : `  ${goalMark(load.median, goal)}`;
    console.log(`${label}: page load ${formatRatio(load)}${mark}; browser CPU ${formatRatio(cpu)}`);
  };
  compare('AuthLens', 'reference', 1.05, 'AuthLens ÷ reference');
  for (const name of options.variants) compare(name, 'reference', null, `${name} ÷ reference`);
  compare(
    'AuthLens, panel open',
    'reference, DevTools open',
    1.05,
    'AuthLens panel open ÷ reference DevTools open',
  );
  compare('reference', 'none', null, 'reference ÷ none');
  const a = byName.get('AuthLens');
  const open = byName.get('AuthLens, panel open');
  const refOpen = byName.get('reference, DevTools open');
  if (a && open && refOpen) {
    const closed = ratios(a.loadMs, ref.loadMs);
    const opened = ratios(open.loadMs, refOpen.loadMs);
    const change = spread(ratios(opened, closed));
    console.log(
      `Panel open changes AuthLens ÷ reference by ${formatRatio(change)}  ${goalMark(change.median, 1.03)}`,
    );
  }
  console.log(loadLine('after'));
}

/** A browser with one extension and a lab tab to fetch from, closed after `fn`. */
async function withBrowser<T>(
  ctx: Context,
  name: string,
  extension: string,
  fn: (browser: BenchBrowser, session: string) => Promise<T>,
  devtools = false,
): Promise<T> {
  const browser = await launchBenchBrowser({ name, extension, display: ctx.display, devtools });
  try {
    const tab = devtools
      ? await openInspectedTab(browser, `${ctx.labUrl}/busy?images=0&fetches=0`)
      : undefined;
    return await fn(browser, await labTab(browser, ctx.labUrl, tab));
  } finally {
    await browser.close();
  }
}

async function workerSection(ctx: Context): Promise<void> {
  console.log('\n## The service worker\n');
  console.log(loadLine('before'));
  const rows: string[][] = [];
  const cpu = new Map<string, WorkerCpu>();
  for (const [name, extension] of [
    ['reference', ctx.reference],
    ['AuthLens', ctx.authlens],
  ] as const) {
    const figures = await withBrowser(ctx, name, extension, (b, s) =>
      measureWorkerCpu(b, s, {
        count: ctx.options.workerFetches,
        repetitions: ctx.options.workerRepetitions,
      }),
    );
    cpu.set(name, figures);
    for (const kind of ['ordinary', 'challenged'] as const) {
      rows.push([
        `${name}, ${kind}`,
        formatMs(spread(figures[kind].workerMs), 1),
        formatMs(spread(figures[kind].browserMs)),
      ]);
    }
  }
  printTable(['per 1,000 responses', 'worker thread CPU', 'whole browser CPU'], rows);
  console.log(
    'Worker thread CPU: schedstat of the extension\'s "ServiceWorker thread" (event delivery into the worker and the listeners); ' +
      "whole browser: every process of the browser, the page's own work included.",
  );
  const checkpoints = [1000, 2500, 5000, ctx.options.exchanges].filter(
    (n, i, all) => n <= ctx.options.exchanges && all.indexOf(n) === i,
  );
  const heap = await withBrowser(ctx, 'AuthLens', ctx.authlens, (b, s) =>
    measureWorkerHeap(b, s, checkpoints),
  );
  console.log('');
  printTable(
    ['challenged exchanges', 'worker JS heap after GC'],
    heap.map((h) => [h.exchanges.toLocaleString('en-US'), `${(h.bytes / 2 ** 20).toFixed(2)} MiB`]),
  );
  const after = heap.find((h) => h.exchanges >= 2500);
  const last = heap.at(-1)!;
  if (after && after !== last) {
    const growth = last.bytes / after.bytes;
    console.log(
      `Heap at ${last.exchanges.toLocaleString('en-US')} ÷ at ${after.exchanges.toLocaleString('en-US')}: ${growth.toFixed(3)}×  ${goalMark(growth, 1.1)} (bounded: the recorder keeps 1,000 per tab)`,
    );
  }
  console.log(loadLine('after'));
}

async function panelSection(ctx: Context): Promise<void> {
  console.log('\n## The panel in real DevTools\n');
  console.log(loadLine('before'));
  const figures = await withBrowser(
    ctx,
    'AuthLens panel',
    ctx.authlens,
    async (browser, session) => {
      await showAuthLensPanel(browser);
      return measurePanel(browser, session, {
        live: [100, 1000],
        imported: [100, 10_000],
        repetitions: ctx.options.panelRepetitions,
        fetchChallenged: async (s, count) => {
          await evaluate(browser.cdp, s, fetchLoop('/busy/protected', count, 100));
        },
      });
    },
    true,
  );
  const row = (label: string, map: Map<number, number[]>, small: number, large: number) => {
    const a = spread(map.get(small) ?? []);
    const b = spread(map.get(large) ?? []);
    const ratio = b.median / a.median;
    return [label, formatMs(a, 1), formatMs(b, 1), `${ratio.toFixed(2)}×  ${goalMark(ratio, 2)}`];
  };
  printTable(
    ['', 'few', 'many', 'many ÷ few'],
    [
      row('first rows, panel opens (100 / 1,000 live)', figures.firstRowsLive, 100, 1000),
      row('first rows, import (100 / 10,000)', figures.firstRowsImport, 100, 10_000),
      row('filter keystroke (100 / 10,000)', figures.keystroke, 100, 10_000),
      row('row selection (100 / 10,000)', figures.selection, 100, 10_000),
    ],
  );
  console.log(
    "Live exchanges stop at 1,000 per tab (the recorder's bound); 10,000 reach a panel by import. " +
      "First rows: from the panel's navigation start (live) or the file chosen (import) to the frame after the first row exists. " +
      'Keystroke and selection: from the event to the frame after the panel handled it.',
  );
  console.log(loadLine('after'));
}

async function sessionSection(ctx: Context): Promise<void> {
  const minutes = ctx.options.sessionMinutes;
  console.log(`\n## A long session — ${minutes} min of a busy single-page app, panel open\n`);
  console.log(loadLine('before'));
  const rates = { ordinaryPerSecond: 40, challengedPerSecond: 10 };
  console.log(
    `${rates.ordinaryPerSecond} ordinary and ${rates.challengedPerSecond} challenged fetches a second (an hour of a busy app every few minutes); preserve log on.`,
  );
  const samples = await withBrowser(
    ctx,
    'AuthLens session',
    ctx.authlens,
    async (browser, session) => {
      await showAuthLensPanel(browser);
      return runSession(browser, session, {
        minutes,
        ...rates,
        sampleEverySeconds: Math.max(10, Math.round((minutes * 60) / 12)),
        onSample: (s) => process.stderr.write(`\r  ${s.at} s   `),
      });
    },
    true,
  );
  process.stderr.write('\n');
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(2)} MiB`;
  printTable(
    ['seconds', 'challenged', 'ordinary', 'worker heap', 'panel heap'],
    samples.map((s) => [
      String(s.at),
      s.challenged.toLocaleString('en-US'),
      s.ordinary.toLocaleString('en-US'),
      mib(s.workerBytes),
      mib(s.panelBytes),
    ]),
  );
  // The bound is 1,000 exchanges per tab: compare the first sample well past it with the last.
  const settled = samples.find((s) => s.challenged >= 1500);
  const last = samples.at(-1);
  if (settled && last && last !== settled) {
    for (const [label, key] of [
      ['worker', 'workerBytes'],
      ['panel', 'panelBytes'],
    ] as const) {
      const growth = last[key] / settled[key];
      console.log(
        `${label} heap, last ÷ first past 1,500 challenged: ${growth.toFixed(3)}×  ${goalMark(growth, 1.1)}`,
      );
    }
  } else {
    console.log('The session was too short to go well past the bounds; run it longer.');
  }
  console.log(loadLine('after'));
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: closing the browsers`);
      void closeAllBenchBrowsers().finally(() => process.exit(130));
    });
  }
  ensureBuilt(DIST);
  const work = mkdtempSync(path.join(os.tmpdir(), 'authlens-bench-browser-'));
  const authlens = path.join(work, 'authlens');
  cpSync(DIST, authlens, { recursive: true });
  const cpu = os.cpus();
  console.log(
    `AuthLens browser benchmark · ${new Date().toISOString().slice(0, 10)} · ${os.hostname()} · ` +
      `${cpu.length} × ${cpu[0]?.model ?? 'CPU'} · ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB · ` +
      `Node ${process.version} · ${chromiumVersion()}`,
  );
  if (options.waitQuiet > 0 && loadAverage() >= QUIET_LOAD) {
    console.log(
      `Waiting up to ${options.waitQuiet} min for the load average to fall below ${QUIET_LOAD} …`,
    );
    await waitForQuiet(options.waitQuiet);
  }
  console.log(loadLine('at the start'));
  const lab = await startLab({ port: 0, proxyPort: 0 });
  const display = await startXvfb();
  const reference = writeListenerExtension(work, 'reference', LISTENER_SETS.reference!.listeners);
  const ctx: Context = {
    options,
    labUrl: lab.url,
    authlens,
    reference,
    work,
    display: display.display,
  };
  try {
    if (options.only.has('pageload')) await pageLoadSection(ctx);
    if (options.only.has('worker')) await workerSection(ctx);
    if (options.only.has('panel')) await panelSection(ctx);
    if (options.only.has('session')) await sessionSection(ctx);
  } finally {
    await display.stop();
    await lab.close();
    rmSync(work, { recursive: true, force: true, maxRetries: 5 });
  }
  console.log(`\n${loadLine('at the end')}`);
  console.log(
    quiet
      ? `Every load average printed was below ${QUIET_LOAD}.`
      : `The machine was busy (load average ≥ ${QUIET_LOAD}) during this run: the figures are preliminary.`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});

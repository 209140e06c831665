// npm run bench:browser [-- options]: what AuthLens costs a real browser, measured in Debian's
// Chromium under Xvfb. A benchmark, not a test: it asserts nothing and does not run in CI.
//
//   --only <list>        sections to run, comma-separated: pageload, worker, panel, session (all)
//   --rounds N           page-load rounds (21); each loads the page once in every browser
//   --warmup N           unmeasured loads per browser first (2)
//   --page URL           load this page instead of the lab's /busy (a lab is still started)
//   --variants <list>    add extensions with these listener sets (scripts/bench/browser-extensions.ts)
//   --no-devtools        page load without the DevTools-open browsers
//   --no-authlens        page load without AuthLens (with --variants: listener costs only)
//   --exchanges N        challenged exchanges for the worker's heap (10000)
//   --session-minutes M  length of the long session (4)
//   --wait-quiet M       first wait up to M minutes for the 1-minute load average to fall below 2.5
//   --quick              a rough look: 5 rounds, 1 warm-up, 1-minute session
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
import { measurePageLoads, type PageLoadContender } from './bench/browser-pageload.ts';
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
    sessionMinutes: 4,
    waitQuiet: 0,
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
    else if (arg === '--quick') Object.assign(options, { rounds: 5, warmup: 1, sessionMinutes: 1 });
    else throw new Error(`Unknown option ${arg}`);
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
  work: string;
}

async function pageLoadSection(ctx: Context): Promise<void> {
  const { options } = ctx;
  const url = options.page ?? `${ctx.labUrl}/busy`;
  const reference = writeListenerExtension(
    ctx.work,
    'reference',
    LISTENER_SETS.reference!.listeners,
  );
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

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
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
  const ctx: Context = { options, labUrl: lab.url, authlens, work };
  try {
    if (options.only.has('pageload')) await pageLoadSection(ctx);
  } finally {
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

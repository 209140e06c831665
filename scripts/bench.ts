// npm run bench [-- options]
//   --filter <text>   only suites whose name contains it (repeatable), e.g. "parse: typical"
//   --list            list the suites found, run nothing
//   --quick           fewer rounds and shorter batches (a rough look, not for figures)
//   --rounds N        compare rounds (31)        --batch-ms M        batch length (5)
//   --scaling-rounds N (7)   --large-batch-ms M (200)   --warmup-ms M (300)   --cap S (3 s)
//
// Finds every src/**/*.bench.ts module that exports `suites` (see scripts/bench/suite.ts), runs
// each module in a child process of its own and prints a table per suite: compare suites side by side (ops/s,
// median of interleaved rounds, and the subject's ratio to the fastest peer); scaling suites in a
// worker thread per (input, contender), terminated when one call on the large input exceeds the
// cap, and reported as per-unit costs and their ratio. A benchmark, not a test: it asserts nothing.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { setImmediate as tick } from 'node:timers/promises';
import { calibrate, errorText, median, quantile, timeBatch, warmUp } from './bench/measure.ts';
import type { ScalingJob, ScalingMessage } from './bench/scaling-worker.ts';
import type { AnySuite, CompareSuite, Report, ScalingSuite } from './bench/suite.ts';

interface Options {
  rounds: number;
  scalingRounds: number;
  batchMs: number;
  largeBatchMs: number;
  warmupMs: number;
  capSeconds: number;
  filter: string[];
  list: boolean;
  /** Internal: run this one module (a child process per module keeps their heaps apart). */
  module: string | null;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    rounds: 31,
    scalingRounds: 7,
    batchMs: 5,
    largeBatchMs: 200,
    warmupMs: 300,
    capSeconds: 3,
    filter: [],
    list: false,
    module: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--quick') {
      Object.assign(options, { rounds: 9, scalingRounds: 3, largeBatchMs: 50, warmupMs: 100 });
    } else if (arg === '--rounds') options.rounds = Number(value());
    else if (arg === '--scaling-rounds') options.scalingRounds = Number(value());
    else if (arg === '--batch-ms') options.batchMs = Number(value());
    else if (arg === '--large-batch-ms') options.largeBatchMs = Number(value());
    else if (arg === '--warmup-ms') options.warmupMs = Number(value());
    else if (arg === '--cap') options.capSeconds = Number(value());
    else if (arg === '--filter') options.filter.push(value().toLowerCase());
    else if (arg === '--list') options.list = true;
    else if (arg === '--module') options.module = value();
    else throw new Error(`Unknown option ${arg}`);
  }
  return options;
}

const root = join(import.meta.dirname, '..');

interface BenchModule {
  file: string;
  url: string;
  suites: AnySuite[];
  reports: Report[];
}

function benchFiles(): string[] {
  return readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => join(root, 'src', f))
    .sort();
}

async function discover(files: readonly string[]): Promise<BenchModule[]> {
  const modules = [];
  for (const file of files) {
    const url = pathToFileURL(file).href;
    const module = (await import(url)) as { suites?: unknown; reports?: unknown };
    if (!Array.isArray(module.suites) && !Array.isArray(module.reports)) {
      console.log(
        `(skipped ${relative(root, file)}: it exports neither \`suites\` nor \`reports\`)`,
      );
      continue;
    }
    modules.push({
      file,
      url,
      suites: (module.suites ?? []) as AnySuite[],
      reports: (module.reports ?? []) as Report[],
    });
  }
  return modules;
}

// ---------------------------------------------------------------------------------------------
// Compare suites

interface Cell {
  name: string;
  reference: boolean;
  call: (() => unknown) | null;
  note: string;
  /** Whether describe() gave another account than the subject's (compared case-insensitively). */
  differs: boolean;
  samples: number[];
}

async function runCompare(suite: CompareSuite<unknown>, options: Options): Promise<void> {
  const rows: string[][] = [];
  const returned: string[] = [];
  for (const input of suite.inputs) {
    const cells: Cell[] = [];
    for (const contender of suite.contenders) {
      const cell: Cell = {
        name: contender.name,
        reference: contender.reference === true,
        call: null,
        note: '',
        differs: false,
        samples: [],
      };
      try {
        const call = contender.prepare(input.value);
        const result = call();
        cell.call = call;
        cell.note = contender.describe ? await contender.describe(result) : 'ok';
      } catch (error) {
        cell.note = `throws ${errorText(error)}`;
      }
      cells.push(cell);
    }
    const subject = cells.find((c) => c.name === suite.subject);
    for (const cell of cells) {
      cell.differs =
        subject !== undefined &&
        cell !== subject &&
        !cell.reference &&
        cell.call !== null &&
        cell.note.toLowerCase() !== subject.note.toLowerCase();
    }
    const live = cells.filter((c) => c.call !== null);
    for (const cell of live) await warmUp(cell.call!, options.warmupMs);
    const batch = live.map((cell) => calibrate(cell.call!, options.batchMs));
    for (let r = 0; r < options.rounds; r++) {
      // Rotate who goes first each round, so no contender always follows the same one.
      for (let k = 0; k < live.length; k++) {
        const j = (k + r) % live.length;
        live[j]!.samples.push(timeBatch(live[j]!.call!, batch[j]!));
        await tick();
      }
    }
    rows.push([
      input.name,
      ...cells.map(opsCell),
      ratioCell(suite, cells, false),
      ratioCell(suite, cells, true),
    ]);
    returned.push(`  ${input.name}: ${cells.map((c) => `${c.name} → ${c.note}`).join(' · ')}`);
  }
  printTable(
    [
      'input',
      ...suite.contenders.map((c) => `${c.name}${c.reference ? ' (ref.)' : ''} ops/s`),
      `${suite.subject} ÷ fastest peer`,
      '÷ fastest peer returning the same',
    ],
    rows,
  );
  console.log(
    `\n† the peer returned something else than ${suite.subject} (other challenges or parameter counts).`,
  );
  console.log(`What one call returned:\n${returned.join('\n')}`);
}

function opsCell(cell: Cell): string {
  if (cell.call === null) return 'throws';
  return `${formatOps(1e9 / median(cell.samples))}${cell.differs ? ' †' : ''}`;
}

/**
 * The subject's ops/s over the fastest peer's, per round; median and interquartile range. With
 * `sameResult`, only peers that returned what the subject did count: a peer that drops two of
 * three challenges did less work.
 */
function ratioCell(suite: AnySuite, cells: readonly Cell[], sameResult: boolean): string {
  const subject = cells.find((c) => c.name === suite.subject);
  const peers = cells.filter(
    (c) => c !== subject && c.call !== null && !c.reference && !(sameResult && c.differs),
  );
  if (subject?.call == null) return 'subject throws';
  if (peers.length === 0) return sameResult ? 'none' : 'no peer takes this input';
  const fastest = peers.reduce((a, b) => (median(a.samples) <= median(b.samples) ? a : b));
  const perRound = subject.samples.map((ns, r) => fastest.samples[r]! / ns);
  const q1 = quantile(perRound, 0.25).toFixed(2);
  const q3 = quantile(perRound, 0.75).toFixed(2);
  const mark = fastest.differs ? ' †' : '';
  return `${median(perRound).toFixed(2)}× (IQR ${q1}–${q3}) vs ${fastest.name}${mark}`;
}

// ---------------------------------------------------------------------------------------------
// Scaling suites

interface ScalingResult {
  units: { small: number; large: number } | null;
  throws: string | null;
  timedOut: boolean;
  probeNs: number | null;
  small: number[];
  large: number[];
  /** Garbage collection per unit in each round, in step with `small` and `large`. */
  smallGc: number[];
  largeGc: number[];
}

const workerUrl = new URL('./bench/scaling-worker.ts', import.meta.url).href;
// The worker loads TypeScript through tsx's API: a worker thread does not inherit tsx's loader.
const workerSource = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ tsImport }) => tsImport(${JSON.stringify(workerUrl)}, ${JSON.stringify(workerUrl)}))`;

function runScalingJob(job: ScalingJob, capMs: number): Promise<ScalingResult> {
  return new Promise((resolve) => {
    const result: ScalingResult = {
      units: null,
      throws: null,
      timedOut: false,
      probeNs: null,
      small: [],
      large: [],
      smallGc: [],
      largeGc: [],
    };
    const worker = new Worker(workerSource, { eval: true, workerData: job });
    let cap: NodeJS.Timeout | undefined;
    // Whatever happens, a job ends: rounds of a large call under the cap take at most this long.
    const overall = setTimeout(() => finish(), 120_000 + job.rounds * 2 * capMs);
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(cap);
      clearTimeout(overall);
      void worker.terminate();
      resolve(result);
    };
    worker.on('message', (message: ScalingMessage) => {
      switch (message.type) {
        case 'units':
          result.units = { small: message.small, large: message.large };
          break;
        case 'throws':
          result.throws = `throws ${message.message}`;
          finish();
          break;
        case 'small':
          result.small.push(message.ns);
          result.smallGc.push(message.gc);
          break;
        case 'large-start':
          cap = setTimeout(() => {
            result.timedOut = true;
            finish();
          }, capMs);
          break;
        case 'large-done':
          clearTimeout(cap);
          result.probeNs = message.ns;
          break;
        case 'large':
          result.large.push(message.ns);
          result.largeGc.push(message.gc);
          break;
        case 'done':
          finish();
          break;
      }
    });
    worker.on('error', (error) => {
      result.throws ??= `worker error: ${errorText(error)}`;
      finish();
    });
    worker.on('exit', () => finish());
  });
}

async function runScaling(
  suite: ScalingSuite<unknown>,
  moduleUrl: string,
  options: Options,
): Promise<void> {
  const { sizes } = suite;
  const limit = suite.limit ?? 2;
  const rows: string[][] = [];
  const baseline = suite.baseline;
  for (const input of suite.inputs) {
    /** Large per-unit cost of each contender on this input, for the ratio to the baseline. */
    const largeCosts = new Map<string, number>();
    const firstRow = rows.length;
    for (const contender of suite.contenders) {
      const job: ScalingJob = {
        moduleUrl,
        suite: suite.name,
        input: input.name,
        contender: contender.name,
        rounds: options.scalingRounds,
        // A small size that is itself large is timed like a large one, collections included.
        batchMs: suite.largeSmall === true ? options.largeBatchMs : options.batchMs,
        largeBatchMs: options.largeBatchMs,
        warmupMs: options.warmupMs,
      };
      const r = await runScalingJob(job, options.capSeconds * 1000);
      const smallCost = r.small.length > 0 ? median(r.small) : null;
      const largeCost = r.large.length > 0 ? median(r.large) : null;
      const smallGc = r.smallGc.length > 0 ? median(r.smallGc) : 0;
      const largeGc = r.largeGc.length > 0 ? median(r.largeGc) : 0;
      let small = smallCost !== null ? `${formatCost(smallCost)} (GC ${formatCost(smallGc)})` : '';
      let large = '';
      let ratio = '';
      let withoutGc = '';
      let verdict = '';
      if (r.timedOut) {
        large = `> ${options.capSeconds} s per call, stopped`;
        if (r.units !== null && smallCost !== null) {
          const atLeast = (options.capSeconds * 1e9) / r.units.large / smallCost;
          ratio = `> ${formatRatio(atLeast)}`;
        }
        verdict = '✗';
      } else if (r.throws !== null) {
        if (smallCost === null) small = r.throws;
        else large = r.throws;
        verdict = 'throws';
      } else if (smallCost !== null && largeCost !== null) {
        large = `${formatCost(largeCost)} (GC ${formatCost(largeGc)}) ${formatMs(largeCost * r.units!.large)}/call`;
        ratio = formatRatio(largeCost / smallCost);
        largeCosts.set(contender.name, largeCost);
        withoutGc = formatRatio((largeCost - largeGc) / Math.max(smallCost - smallGc, 1e-9));
        if (contender.reference !== true) verdict = largeCost / smallCost <= limit ? '✓' : '✗';
      } else {
        large = 'no result (worker ended early)';
      }
      rows.push([
        contender === suite.contenders[0] ? input.name : '',
        contender.reference === true ? `${contender.name} (ref.)` : contender.name,
        small,
        large,
        ratio,
        verdict,
        withoutGc,
      ]);
    }
    if (baseline !== undefined) {
      // Each contender's large per-unit cost over the baseline's on the same input.
      const base = largeCosts.get(baseline);
      suite.contenders.forEach((contender, i) => {
        const cost = largeCosts.get(contender.name);
        const cell =
          base !== undefined && cost !== undefined && contender.name !== baseline
            ? formatRatio(cost / base)
            : '';
        rows[firstRow + i]!.push(cell);
      });
    }
  }
  printTable(
    [
      'input',
      'parser',
      `${sizes.smallLabel}: ns/${sizes.unit}`,
      `${sizes.largeLabel}: ns/${sizes.unit}`,
      `${sizes.largeLabel} ÷ ${sizes.smallLabel}`,
      `≤ ${limit}×`,
      'same, without GC',
      ...(baseline !== undefined ? [`${sizes.largeLabel} ÷ ${baseline}`] : []),
    ],
    rows,
  );
}

// ---------------------------------------------------------------------------------------------
// Formatting

function formatOps(ops: number): string {
  if (!Number.isFinite(ops)) return '—';
  if (ops >= 1e6) return `${(ops / 1e6).toFixed(2)} M`;
  if (ops >= 1e3) return `${(ops / 1e3).toFixed(1)} k`;
  return ops.toFixed(ops >= 10 ? 0 : 2);
}

function formatCost(ns: number): string {
  return ns >= 100 ? ns.toFixed(0) : ns >= 10 ? ns.toFixed(1) : ns.toFixed(2);
}

function formatMs(ns: number): string {
  const ms = ns / 1e6;
  return ms >= 100
    ? `${ms.toFixed(0)} ms`
    : ms >= 1
      ? `${ms.toFixed(1)} ms`
      : `${ms.toFixed(3)} ms`;
}

function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  return ratio >= 100 ? `${ratio.toFixed(0)}×` : `${ratio.toFixed(2)}×`;
}

function printTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const options = parseArgs(args);
  const matches = (suite: { name: string }): boolean =>
    options.filter.length === 0 || options.filter.some((f) => suite.name.toLowerCase().includes(f));
  if (options.module !== null) return runModule(options, matches);
  if (!options.list) printHeader(options);
  // Each module in a process of its own: what one module's suites leave on the heap (recorders,
  // parsed results) would otherwise change the garbage collection another module's timings see.
  for (const file of benchFiles()) await runChild([...args, '--module', file]);
  // Benchmarks that need a DOM (the panel's rendering) are Vitest benches in a happy-dom project.
  if (matches({ name: 'panel: render' }) && !options.list) {
    console.log(
      '\n## panel: render — a filter change at 100 and at 10,000 exchanges (Vitest bench)\n',
    );
    await runVitestBenches();
  }
  if (!options.list) {
    console.log(
      `\nLoad average at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (the machine is shared; rerun if it was high).`,
    );
  }
}

function runChild(args: string[]): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), ...args],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
    child.on('exit', () => resolve());
    child.on('error', (error) => {
      console.log(`(could not run ${args.at(-1)}: ${error.message})`);
      resolve();
    });
  });
}

async function runModule(
  options: Options,
  matches: (suite: { name: string }) => boolean,
): Promise<void> {
  const modules = await discover([options.module!]);
  if (options.list) {
    for (const m of modules)
      for (const s of [...m.suites, ...m.reports])
        console.log(`${s.name}  (${relative(root, m.file)})`);
    return;
  }
  for (const m of modules) {
    for (const suite of m.suites) {
      if (!matches(suite)) continue;
      console.log(`\n## ${suite.name} — ${suite.title}  (${relative(root, m.file)})\n`);
      if (suite.kind === 'compare') await runCompare(suite, options);
      else await runScaling(suite, m.url, options);
      if (suite.notes && suite.notes.length > 0) {
        console.log('');
        for (const note of suite.notes) console.log(`Note: ${note}`);
      }
    }
    for (const report of m.reports) {
      if (!matches(report)) continue;
      console.log(`\n## ${report.name} — ${report.title}  (${relative(root, m.file)})\n`);
      for (const line of await report.run()) console.log(line);
    }
  }
}

function printHeader(options: Options): void {
  const cpu = cpus();
  console.log(
    `AuthLens benchmarks · Node ${process.version} · ${cpu.length} × ${cpu[0]?.model ?? 'CPU'} · load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    [
      `Compare suites: ${options.rounds} rounds; in each, every contender runs one ~${options.batchMs} ms batch (order rotating), after ${options.warmupMs} ms of warm-up each.`,
      `  ops/s is the median over rounds; the ratio is the median of per-round ratios (interquartile range in brackets).`,
      `Scaling suites: per (input, parser), a worker thread measures ${options.scalingRounds} rounds of ~${options.batchMs} ms batches on the small size, then ${options.scalingRounds} rounds of ~${options.largeBatchMs} ms on the large one (medians);`,
      `  a large call still running after ${options.capSeconds} s is stopped and reported as such. "GC" is the garbage collection of that thread during the batches, per unit,`,
      `  and "without GC" the ratio of the costs less their GC: large results make the collector copy and mark them, a cost that grows with what the parse keeps.`,
    ].join('\n'),
  );
}

function runVitestBenches(): Promise<void> {
  return new Promise((resolve) => {
    const vitest = join(root, 'node_modules', '.bin', 'vitest');
    const child = spawn(vitest, ['bench', '--run', '--project', 'panel'], {
      cwd: root,
      stdio: 'inherit',
    });
    child.on('exit', () => resolve());
    child.on('error', (error) => {
      console.log(`(could not run the Vitest benches: ${error.message})`);
      resolve();
    });
  });
}

await main();

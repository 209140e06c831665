// One (input, contender) pair of a scaling suite, in a worker thread so the runner can terminate
// it when a call on the large input runs past the cap. Reports as it goes; see ScalingMessage.
//
// The small size is measured first, all rounds, then the large one: a large call leaves garbage
// (its result, promoted to the old generation) whose collection must be charged to the large size,
// not to small batches that would follow it. Large batches last long enough (largeBatchMs) to
// include that collection, amortised.
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { calibrate, defaultUnits, errorText, timeBatch, warmUp } from './measure.ts';
import type { AnySuite } from './suite.ts';

export interface ScalingJob {
  moduleUrl: string;
  suite: string;
  input: string;
  contender: string;
  rounds: number;
  batchMs: number;
  largeBatchMs: number;
  warmupMs: number;
}

export type ScalingMessage =
  | { type: 'units'; small: number; large: number }
  | { type: 'throws'; size: 'small' | 'large'; message: string }
  | { type: 'small'; ns: number; gc: number }
  | { type: 'large-start' }
  | { type: 'large-done'; ns: number }
  | { type: 'large'; ns: number; gc: number }
  | { type: 'done' };

const job = workerData as ScalingJob;
const post = (message: ScalingMessage): void => parentPort!.postMessage(message);
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

// Garbage collections of this thread, to say how much of a batch went to them. The observer
// hears of them asynchronously, so each batch waits a moment before counting.
const collections: Array<{ start: number; duration: number }> = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) collections.push({ start: e.startTime, duration: e.duration });
}).observe({ entryTypes: ['gc'] });

/** Nanoseconds per call of `n` calls, and how many of them were garbage collection. */
async function measure(call: () => unknown, n: number): Promise<{ ns: number; gc: number }> {
  const from = performance.now();
  const ns = timeBatch(call, n);
  const to = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 5));
  let gc = 0;
  for (const c of collections) if (c.start >= from && c.start < to) gc += c.duration;
  collections.length = 0;
  return { ns, gc: (gc * 1e6) / n };
}

async function main(): Promise<void> {
  const module = (await import(job.moduleUrl)) as { suites: AnySuite[] };
  const suite = module.suites.find((s) => s.name === job.suite);
  if (suite?.kind !== 'scaling') throw new Error(`No scaling suite ${job.suite}`);
  const input = suite.inputs.find((i) => i.name === job.input)!;
  const contender = suite.contenders.find((c) => c.name === job.contender)!;
  const units = (value: unknown): number => (input.units ?? defaultUnits)(value as never);

  const smallValue = input.make(suite.sizes.small);
  const largeValue = input.make(suite.sizes.large);
  const smallUnits = units(smallValue);
  const largeUnits = units(largeValue);
  post({ type: 'units', small: smallUnits, large: largeUnits });

  let small: () => unknown;
  try {
    small = contender.prepare(smallValue);
    small();
  } catch (error) {
    post({ type: 'throws', size: 'small', message: errorText(error) });
    return;
  }
  await warmUp(small, job.warmupMs);
  const smallN = calibrate(small, job.batchMs);
  for (let r = 0; r < job.rounds; r++) {
    const { ns, gc } = await measure(small, smallN);
    post({ type: 'small', ns: ns / smallUnits, gc: gc / smallUnits });
  }

  // The first large call is the probe the runner times against its cap.
  let large: () => unknown;
  let probe: number;
  post({ type: 'large-start' });
  try {
    large = contender.prepare(largeValue);
    probe = timeBatch(large, 1);
  } catch (error) {
    post({ type: 'throws', size: 'large', message: errorText(error) });
    return;
  }
  post({ type: 'large-done', ns: probe });
  await settle();
  // A slow large call (but under the cap) gets fewer rounds rather than minutes of them.
  const largeN = Math.max(1, Math.round((job.largeBatchMs * 1e6) / probe));
  const rounds = probe > 0.5e9 ? Math.min(job.rounds, 3) : job.rounds;
  if (largeN > 1) timeBatch(large, 1); // one more warm-up call when calls are cheap
  for (let r = 0; r < rounds; r++) {
    const { ns, gc } = await measure(large, largeN);
    post({ type: 'large', ns: ns / largeUnits, gc: gc / largeUnits });
  }
  post({ type: 'done' });
}

main().catch((error: unknown) => {
  post({ type: 'throws', size: 'small', message: `worker failed, ${errorText(error)}` });
});

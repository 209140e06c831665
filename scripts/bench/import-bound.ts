// Run by the "import: hostile HAR files" report (src/shared/har-read.bench.ts), one process per
// file: `node --expose-gc --import tsx import-bound.ts <shape> <file>`. With no file it writes the
// shape's file (just under the panel's 64 MB limit) and prints its path; with a file it imports it
// three times through the panel's own path (importText: the HAR read entry by entry, up to its
// limits) and prints one JSON line: wall and CPU time per import (the CPU time of the process,
// garbage collection included, which a shared machine disturbs less), peak resident memory, and
// the heap kept afterwards.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_IMPORT_BYTES, importText } from '../../src/panel/transfer.ts';

export const shapes = {
  'tiny 401s': 'Basic',
  '20,000-parameter challenges': `Digest realm="x", nonce="n", ${Array.from({ length: 20_000 }, (_, i) => `p${i}=v`).join(', ')}`,
  'one 63 MB challenge': null,
  'redirects, then 401s': 'Basic',
  'no auth at all': '',
} as const;
export type Shape = keyof typeof shapes;

function entry(i: number, shape: Shape, value: string): object {
  const redirect = shape === 'redirects, then 401s' && i % 10 !== 9;
  const url = `https://a.example/${i}`;
  return {
    startedDateTime: '2026-11-28T16:00:00.000Z',
    time: 1,
    request: { method: 'GET', url, headers: [{ name: 'Accept', value: '*/*' }] },
    response: {
      status: redirect ? 302 : value ? 401 : 200,
      headers: redirect
        ? [{ name: 'Location', value: `https://a.example/${i + 1}` }]
        : value
          ? [{ name: 'WWW-Authenticate', value }]
          : [{ name: 'Content-Type', value: 'text/html' }],
      redirectURL: redirect ? `https://a.example/${i + 1}` : '',
    },
  };
}

function write(shape: Shape): string {
  const target = MAX_IMPORT_BYTES - 1024 * 1024;
  const parts: string[] = [];
  if (shapes[shape] === null) {
    const value = `Basic realm="${'x'.repeat(target - 400)}"`;
    parts.push(JSON.stringify(entry(0, shape, value)));
  } else {
    for (let i = 0, size = 0; size < target; i++) {
      const part = JSON.stringify(entry(i, shape, shapes[shape]));
      parts.push(part);
      size += part.length + 1;
    }
  }
  const file = join(tmpdir(), `authlens-bench-${process.pid}.har`);
  writeFileSync(file, `{"log":{"version":"1.2","entries":[${parts.join(',')}]}}`);
  return file;
}

function measure(shape: Shape, file: string): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const text = readFileSync(file, 'utf8');
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  const times: number[] = [];
  const cpu: number[] = [];
  importText(text, 'bench.har'); // warm-up: the timed runs measure the code, not its compilation
  for (let i = 0; i < 3; i++) {
    gc(); // what the last run built is garbage before the next one starts
    const started = performance.now();
    const used = process.cpuUsage();
    importText(text, 'bench.har');
    times.push(performance.now() - started);
    const { user, system } = process.cpuUsage(used);
    cpu.push((user + system) / 1000);
  }
  gc();
  const result = importText(text, 'bench.har'); // kept, to weigh what an import holds
  const peakRss = process.resourceUsage().maxRSS * 1024;
  gc();
  console.log(
    JSON.stringify({
      shape,
      megabytes: text.length / 2 ** 20,
      exchanges: result.exchanges.length,
      message: result.problems[0] ?? '',
      ms: times.sort((a, b) => a - b),
      cpuMs: cpu.sort((a, b) => a - b),
      rssBefore,
      peakRss,
      kept: process.memoryUsage().heapUsed - heapBefore,
    }),
  );
}

const [shape, file] = process.argv.slice(2) as [Shape, string | undefined];
if (!(shape in shapes)) throw new Error(`unknown shape ${shape}`);
if (file === undefined) console.log(write(shape));
else measure(shape, file);

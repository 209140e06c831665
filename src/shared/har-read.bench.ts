// What importing a hostile HAR file costs, measured: files just under the panel's 64 MB limit,
// built to make the importer work or keep as much as possible. Each file is imported in a process
// of its own (scripts/bench/import-bound.ts), which reports time, peak memory and what it kept.
// Run with `npm run bench -- --filter import`.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Report } from '../../scripts/bench/suite.ts';

const script = fileURLToPath(new URL('../../scripts/bench/import-bound.ts', import.meta.url));
const shapes = [
  'tiny 401s',
  '20,000-parameter challenges',
  'one 63 MB challenge',
  'redirects, then 401s',
  'no auth at all',
];

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', script, ...args],
      { maxBuffer: 1 << 20 },
      (error, stdout) => (error ? reject(error) : resolve(stdout.trim())),
    ),
  );
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

export const reports: Report[] = [
  {
    name: 'import: hostile HAR files',
    title:
      'importing a 63 MB hostile HAR in the panel (JSON.parse, then the reader: 10,000 exchanges, 32 MB of records, 256 KiB of auth headers per entry)',
    async run() {
      const lines = [
        'file                                  exchanges  median time (CPU)       peak RSS (before)   heap kept',
      ];
      for (const shape of shapes) {
        let file = '';
        try {
          file = await run([shape]);
          const r = JSON.parse(await run([shape, file])) as {
            megabytes: number;
            exchanges: number;
            message: string;
            ms: number[];
            cpuMs: number[];
            rssBefore: number;
            peakRss: number;
            kept: number;
          };
          const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
          const time = `${seconds(r.ms[1]!)} (CPU ${seconds(r.cpuMs[1]!)})`;
          lines.push(
            `${`${shape} (${r.megabytes.toFixed(0)} MB)`.padEnd(38)}${String(r.exchanges).padStart(9)}  ${time.padEnd(22)}  ${`${mb(r.peakRss)} (${mb(r.rssBefore)})`.padEnd(18)}  ${mb(r.kept)}`,
          );
          if (r.message) lines.push(`  ↳ ${r.message.slice(0, 160)}`);
        } catch (error) {
          lines.push(`${shape}: could not measure (${String(error).slice(0, 200)})`);
        } finally {
          if (file) rmSync(file, { force: true });
        }
      }
      lines.push(
        'Median of three imports in one process. Peak RSS is the process: Node and the file text (read as a string) included; "before" is with the text loaded.',
      );
      return lines;
    },
  },
];

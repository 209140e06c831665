// The built panel's gzip size, as `npm run bench` reports it: what the panel page loads before
// its first render (its HTML, the entry chunk and everything it imports statically, its CSS), and
// what it loads later on demand. Builds into a temporary directory so it measures the sources as
// they are, without touching dist/.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const GOAL_KB = 90;
const root = join(import.meta.dirname, '..', '..');

const gzipKb = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length / 1024;

/** Static imports of a built chunk: `import … from "./x.js"` and bare `import "./x.js"`. */
function staticImports(code: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(
    /(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g,
  )) {
    found.push(match[1]!);
  }
  return found;
}

export async function measurePanel(): Promise<string[]> {
  const out = mkdtempSync(join(tmpdir(), 'authlens-size-'));
  try {
    await build({
      root,
      configFile: join(root, 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir: out, emptyOutDir: true },
    });
    const html = readFileSync(join(out, 'src/panel/index.html'), 'utf8');
    const startup = new Set<string>([join(out, 'src/panel/index.html')]);
    const queue = [...html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) =>
      join(out, m[1]!),
    );
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (startup.has(file)) continue;
      startup.add(file);
      if (file.endsWith('.js')) {
        for (const spec of staticImports(readFileSync(file, 'utf8'))) {
          if (spec.startsWith('.')) queue.push(join(file, '..', spec));
          else if (spec.startsWith('/')) queue.push(join(out, spec));
        }
      }
    }
    const assets = readdirSync(join(out, 'assets')).map((f) => join(out, 'assets', f));
    const sum = (files: Iterable<string>) => [...files].reduce((kb, f) => kb + gzipKb(f), 0);
    const startupKb = sum(startup);
    const rest = assets.filter((f) => !startup.has(f) && /\.(js|css)$/.test(f));
    const largest = [...startup]
      .map((f) => [relative(out, f), gzipKb(f)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([f, kb]) => `${f} ${kb.toFixed(1)}`)
      .join(', ');
    return [
      `panel at startup: ${startupKb.toFixed(1)} KB gzip (goal ≤ ${GOAL_KB} KB: ${startupKb <= GOAL_KB ? '✓' : '✗'}) — largest: ${largest}`,
      `loaded later or elsewhere (the detail and catalogue after the first render, import/export, rules, try credentials, the service worker): ${sum(rest).toFixed(1)} KB gzip`,
      'React 19 (react + react-dom) alone is about 68 KB gzip of the startup figure.',
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

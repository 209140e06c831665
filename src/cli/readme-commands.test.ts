// Every command line the README and src/cli/README.md show in a `sh` block, run exactly as written
// (through `sh -c`, so npx and the shell's quoting are the reader's), from the project root as a
// fresh clone has it after `npm ci && npm run build`. URLs of the lab's default port stand for the
// lab this test starts on port 0. A line this test does not know fails it, so a command cannot be
// documented without being run here.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PORT, startLab, type Lab } from '../../demo/server.ts';
import type { CheckReport } from './result.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const DOCUMENTED_LAB = `http://127.0.0.1:${DEFAULT_PORT}`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** What each documented authlens command line must do: its exit status and its output's shape. */
const AUTHLENS: Record<string, (run: Run, lab: string) => void> = {
  'npx authlens help': ({ code, stdout, stderr }) => {
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(/^authlens: check how servers challenge/);
    expect(stdout).toContain('authlens help | --help | --version');
  },
  'npx authlens check http://127.0.0.1:5177/bearer/metadata http://127.0.0.1:5177/basic --expect examples/rules.json':
    ({ code, stdout, stderr }, lab) => {
      expect([code, stderr]).toEqual([1, '']);
      expect(stdout).toContain(`! ${lab}/bearer/metadata  401`);
      expect(stdout).toContain(`✗ ${lab}/basic  401`);
      expect(stdout).toMatch(/error\s+expectation-failed .*"No Basic over plain http"/);
      expect(stdout.trimEnd().split('\n').at(-1)).toBe('1 error, 2 warnings, 0 info in 2 URLs');
    },
  'npx authlens check --har examples/lab.har --json': ({ code, stdout, stderr }) => {
    expect([code, stderr]).toEqual([1, '']);
    const report = JSON.parse(stdout) as CheckReport;
    expect(report).toMatchObject({ authlens: 'check', version: 1, problems: [] });
    expect(report.results.map((r) => [new URL(r.url).pathname, r.status])).toEqual([
      ['/basic', 200],
      ['/digest', 401],
      ['/bearer/metadata', 401],
      ['/malformed/unterminated', 401],
      ['/sso/start', 401],
    ]);
    expect(report.summary).toMatchObject({ urls: 5, errors: 1, failed: 0 });
  },
  'npx authlens parse \'Digest realm="x", nonce="n", algorithm=MD5\'': ({
    code,
    stdout,
    stderr,
  }) => {
    expect([code, stderr]).toEqual([1, '']);
    expect(stdout.split('\n').slice(0, 5)).toEqual([
      'WWW-Authenticate: Digest realm="x", nonce="n", algorithm=MD5',
      '  challenge 1  scheme Digest',
      '    realm = "x"',
      '    nonce = "n"',
      '    algorithm = "MD5"',
    ]);
    expect(stdout).toMatch(/error\s+digest-missing-qop/);
  },
  'npx authlens check http://127.0.0.1:5177/mcp --follow-metadata': (
    { code, stdout, stderr },
    lab,
  ) => {
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toContain(`! ${lab}/mcp  401`);
    expect(stdout).toContain('discovery 2 requests');
    expect(stdout).toContain(
      `200 resource metadata ${lab}/.well-known/oauth-protected-resource/mcp`,
    );
    expect(stdout).toContain(
      `200 authorization server ${lab}/.well-known/oauth-authorization-server/as`,
    );
  },
  'npx authlens check http://127.0.0.1:5177/digest': ({ code, stdout, stderr }, lab) => {
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toContain(`✓ ${lab}/digest  401`);
    expect(stdout).toMatch(/challenge 2 {2}scheme Digest\n(.*\n)*? {4}algorithm = "MD5"/);
  },
};

/**
 * The other commands the pages show, and why this test does not run them itself: it does what
 * they do (the build, the lab), or they are the project's own entry points.
 */
const NOT_RUN_HERE: Record<string, string> = {
  'npm ci': 'the test runs in an installed checkout',
  'npm run build': 'the test builds the command itself, into its own directory',
  'npm run lab': 'the test starts the lab itself, on port 0',
  'npm start': 'opens a browser; tested by e2e/start.e2e.test.ts',
  'npm test': 'runs this test',
};

/** A line without its trailing `# comment`, split at `&&`; quotes respected. */
function commandsOf(line: string): string[] {
  const commands: string[] = [];
  let current = '';
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      break;
    } else if (line.startsWith('&&', i)) {
      commands.push(current);
      current = '';
      i++;
      continue;
    }
    current += c;
  }
  commands.push(current);
  return commands.map((c) => c.trim()).filter((c) => c !== '');
}

async function documentedCommands(): Promise<string[]> {
  const found: string[] = [];
  for (const page of ['README.md', 'src/cli/README.md']) {
    const text = await readFile(join(root, page), 'utf8');
    for (const block of text.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
      for (const line of block[1]!.split('\n')) found.push(...commandsOf(line));
    }
  }
  return found;
}

/** `sh -c`, asynchronous so the lab in this process keeps answering. */
function sh(command: string, cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'sh',
      ['-c', command],
      {
        cwd,
        // Offline: if npx ever failed to find the project's own bin it must fail, not download a
        // package of that name.
        env: { ...process.env, NO_COLOR: '1', npm_config_offline: 'true' },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let lab: Lab;
/** The project root as a fresh clone has it after the build, with the command built here. */
let checkout = '';
let commands: string[] = [];

beforeAll(async () => {
  commands = await documentedCommands();
  // Everything links to the working tree except what the build writes, the shim that finds it,
  // and node_modules: the built command needs nothing but Node (and npx has no tree to read).
  checkout = await mkdtemp(join(tmpdir(), 'authlens-readme-'));
  for (const entry of await readdir(root)) {
    if (['bin', 'dist-cli', 'package.json', 'node_modules', '.git'].includes(entry)) continue;
    await symlink(join(root, entry), join(checkout, entry));
  }
  await cp(join(root, 'bin'), join(checkout, 'bin'), { recursive: true });
  await cp(join(root, 'package.json'), join(checkout, 'package.json'));
  const build = await sh(
    `node node_modules/vite/bin/vite.js build -c vite.cli.config.ts --outDir ${join(checkout, 'dist-cli')} --emptyOutDir --logLevel error`,
    root,
  );
  if (build.code !== 0) throw new Error(`CLI build failed:\n${build.stderr}`);
  lab = await startLab({ port: 0, proxyPort: 0 });
}, 120_000);

afterAll(async () => {
  await lab?.close();
  if (checkout) await rm(checkout, { recursive: true, force: true });
});

describe('the command lines the READMEs show', () => {
  it('are each known to this test: run below, or done by its set-up', () => {
    expect(commands.length).toBeGreaterThan(0);
    const unknown = commands.filter(
      (c) => !Object.hasOwn(AUTHLENS, c) && !Object.hasOwn(NOT_RUN_HERE, c),
    );
    expect(unknown, 'documented commands this test does not run').toEqual([]);
    const stale = Object.keys(AUTHLENS).filter((c) => !commands.includes(c));
    expect(stale, 'commands this test runs that no README shows').toEqual([]);
  });

  it.each(Object.keys(AUTHLENS))(
    '%s',
    async (command) => {
      const run = await sh(command.replaceAll(DOCUMENTED_LAB, lab.url), checkout);
      AUTHLENS[command]!(run, lab.url);
    },
    60_000,
  );
});

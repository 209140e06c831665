// The `npm run lab` entry: prints its URLs, serves, and exits 0 on SIGTERM or SIGINT.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

function run(env: Record<string, string>) {
  const child = spawn(tsx, ['demo/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
  child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      // The last banner line, so every URL line has arrived.
      const match = /AuthLens lab: (http:\/\/\S+?)\/?\n[^]*Demo login/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`exited early: ${stderr}`)));
  });
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

describe('npm run lab (demo/main.ts)', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'serves and stops cleanly on %s',
    async (signal) => {
      const lab = run({ PORT: '0', PROXY_PORT: '0' });
      try {
        const url = await lab.url;
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(lab.output().stdout).toMatch(/Lab proxy: +http:\/\/127\.0\.0\.1:\d+/);
        const res = await fetch(`${url}/`);
        expect(res.status).toBe(200);
        lab.child.kill(signal);
        expect(await lab.exited).toBe(0);
        await expect(fetch(`${url}/`)).rejects.toThrow();
      } finally {
        // Never leave a lab running when an assertion fails; tsx relays SIGTERM to the lab.
        if (lab.child.exitCode === null) lab.child.kill('SIGTERM');
      }
    },
    30_000,
  );

  it('refuses a PORT that is not a port number', async () => {
    const lab = run({ PORT: 'eighty', PROXY_PORT: '0' });
    lab.url.catch(() => undefined);
    expect(await lab.exited).toBe(2);
    expect(lab.output().stderr).toContain('PORT must be a port number');
  }, 30_000);
});

// Guards the README's "run it" command: `npm start` must build, start the lab, open Chromium with
// AuthLens in DevTools in a profile that offers to save no password, and stop everything — lab
// and browser — when the npm process alone gets SIGTERM (a terminal's Ctrl+C reaches the whole
// process group; scripts/start.test.ts covers that and a busy port). A smoke test with a timeout.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterEach, expect, it } from 'vitest';
import { waitFor } from './chromium.ts';
import { startXvfb, type XDisplay } from './display.ts';

let display: XDisplay | undefined;
afterEach(async () => {
  await display?.stop();
});

/** Every process below `pid`, with its arguments. */
function descendants(pid: number): Array<{ pid: number; args: string }> {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
  const found: Array<{ pid: number; args: string }> = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.pop()!;
    for (const p of table.filter((row) => row.ppid === parent)) {
      found.push({ pid: p.pid, args: p.args });
      queue.push(p.pid);
    }
  }
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('npm start brings up the lab and Chromium with the AuthLens panel, and SIGTERM to npm stops both', async () => {
  display = await startXvfb();
  const child = spawn('npm', ['start'], {
    env: { ...process.env, DISPLAY: display.display, PORT: '0', PROXY_PORT: '0' },
    detached: true, // its own process group, as a terminal would give it
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += String(chunk)));
  child.stderr.on('data', (chunk: Buffer) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    await waitFor(() => output.includes('AuthLens is open in DevTools'), {
      timeout: 100_000,
      message: 'npm start never opened the panel',
    }).catch((error: Error) => {
      throw new Error(`${error.message}; it printed:\n${output}`);
    });
    const labUrl = /Lab:\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
    expect(labUrl).toBeDefined();
    expect((await fetch(`${labUrl}/basic`)).status).toBe(401);
    expect((await fetch(`${labUrl}/favicon.ico`)).status).toBe(200);

    // The profile offers to save no password: Chrome's own settings say so.
    const started = descendants(child.pid!);
    const browser = started.find((p) => p.args.includes('--user-data-dir='));
    expect(browser, JSON.stringify(started)).toBeDefined();
    const profile = /--user-data-dir=(\S+)/.exec(browser!.args)![1]!;
    const port = readFileSync(path.join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0];
    const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    try {
      const settings = await cdp.contexts()[0]!.newPage();
      await settings.goto('chrome://settings/passwords');
      const offered = await settings.evaluate(
        () =>
          new Promise((resolve) =>
            (
              globalThis as unknown as {
                chrome: {
                  settingsPrivate: {
                    getPref(n: string, cb: (p: { value: unknown }) => void): void;
                  };
                };
              }
            ).chrome.settingsPrivate.getPref('credentials_enable_service', (p) => resolve(p.value)),
          ),
      );
      expect(offered).toBe(false);
      await settings.close();
    } finally {
      // Playwright only detaches from a browser it connected to.
      await cdp.close();
    }

    // SIGTERM to npm alone, as `kill <pid>` or a service manager sends it.
    process.kill(child.pid!, 'SIGTERM');
    await waitFor(() => child.exitCode !== null || child.signalCode !== null, {
      timeout: 30_000,
      message: 'npm start did not stop',
    });
    await exited;
    await expect(fetch(`${labUrl}/`)).rejects.toThrow();
    await waitFor(() => started.every((p) => !alive(p.pid)), {
      timeout: 15_000,
      message: `processes npm start left running: ${JSON.stringify(started.filter((p) => alive(p.pid)))}`,
    });
    expect(output).toMatch(/npm start: stopped \(lab and browser closed\)\./);
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
  }
});

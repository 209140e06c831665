// Guards the README's "run it" command: `npm start` must build, start the lab, open Chromium
// with AuthLens in DevTools, and stop everything on Ctrl+C. A smoke test with a timeout.
import { spawn } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { waitFor } from './chromium.ts';
import { startXvfb, type XDisplay } from './display.ts';

let display: XDisplay | undefined;
afterEach(async () => {
  await display?.stop();
});

it('npm start brings up the lab and Chromium with the AuthLens panel, and Ctrl+C stops both', async () => {
  display = await startXvfb();
  const child = spawn('npm', ['start'], {
    env: { ...process.env, DISPLAY: display.display, PORT: '0', PROXY_PORT: '0' },
    detached: true, // its own process group, so Ctrl+C reaches npm, tsx and Chromium alike
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

    process.kill(-child.pid!, 'SIGINT');
    await waitFor(() => child.exitCode !== null || child.signalCode !== null, {
      timeout: 20_000,
      message: 'npm start did not stop',
    });
    await exited;
    await expect(fetch(`${labUrl}/`)).rejects.toThrow();
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
  }
});

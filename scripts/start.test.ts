// `npm start` as a person meets it, without a browser (no DISPLAY: the lab alone, with loading
// instructions): a busy port said before anything is built, and every way of stopping it — Ctrl+C
// to the terminal's process group, `kill -TERM` of the npm process alone — ends the lab, frees its
// ports and says so. With the browser it is e2e/start.e2e.test.ts.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function npmStart(env: Record<string, string>, args: string[] = []) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.DISPLAY;
  delete childEnv.WAYLAND_DISPLAY;
  const child = spawn('npm', ['start', ...(args.length ? ['--', ...args] : [])], {
    cwd: root,
    env: childEnv,
    // Its own process group, as a terminal gives it, so Ctrl+C can be sent to all of it.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += String(d)));
  child.stderr.on('data', (d: Buffer) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  /** The lab's URL, once npm start says it runs. */
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const lab = /Lab: +(http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (lab && output.includes('press Ctrl+C to stop it')) resolve(lab[1]!);
    });
    void exited.then(() => reject(new Error(`npm start exited early:\n${output}`)));
  });
  ready.catch(() => undefined); // a test that expects the exit does not wait for the lab
  return { child, exited, ready, output: () => output };
}

/** Whether anything accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const started: Array<ReturnType<typeof npmStart>> = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const run of started.splice(0)) {
    if (run.child.exitCode === null) process.kill(-run.child.pid!, 'SIGKILL');
  }
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

describe('npm start without a browser', () => {
  it('says a busy port before building anything, and what to do', async () => {
    const busy = createServer();
    servers.push(busy);
    const port = await new Promise<number>((resolve) =>
      busy.listen(0, '127.0.0.1', () => resolve((busy.address() as { port: number }).port)),
    );
    const run = npmStart({ PORT: String(port), PROXY_PORT: '0' });
    started.push(run);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(`port ${port} (the lab) is already in use`);
    expect(run.output()).toMatch(/PORT=\d+ PROXY_PORT=\d+ npm start/);
    expect(run.output()).not.toContain('Building');
  }, 60_000);

  it.each([
    ['kill -TERM of the npm process alone', 'npm'],
    ['Ctrl+C (SIGINT to the whole process group)', 'group'],
  ] as const)(
    'stops the lab on %s, frees its ports and says it stopped',
    async (_how, target) => {
      const [port, proxyPort] = [await freePort(), await freePort()];
      const run = npmStart({ PORT: String(port), PROXY_PORT: String(proxyPort) }, ['--no-build']);
      started.push(run);
      const lab = await run.ready;
      expect(lab).toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${lab}/`)).status).toBe(200);
      if (target === 'npm') process.kill(run.child.pid!, 'SIGTERM');
      else process.kill(-run.child.pid!, 'SIGINT');
      await run.exited;
      expect(run.output()).toMatch(/npm start: stopped \(lab closed\)\./);
      expect(await listening(port)).toBe(false);
      expect(await listening(proxyPort)).toBe(false);
    },
    60_000,
  );
});

// An X display for headful Chromium (DevTools windows need one): reuse $DISPLAY, or start a
// private Xvfb whose display number Xvfb picks itself (-displayfd), so parallel runs never collide.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface XDisplay {
  /** Value for DISPLAY, e.g. ":3". */
  display: string;
  /** Stops the Xvfb this module started; a no-op for an inherited $DISPLAY. Idempotent. */
  stop(): Promise<void>;
}

const XVFB_ARGS = ['-screen', '0', '1600x1000x24', '-nolisten', 'tcp'];
const START_TIMEOUT_MS = 15_000;

// Xvfb chatter that says nothing about a failure (no root in the container, xkbcomp keysyms).
const XVFB_NOISE = [/_XSERVTrans/, /xkbcomp/i, /Could not resolve keysym/, /^>\s/, /not fatal/];

/** Returns the inherited $DISPLAY, or starts Xvfb. Throws (never skips) if Xvfb is missing. */
export async function ensureDisplay(): Promise<XDisplay> {
  const inherited = process.env.DISPLAY;
  if (inherited) return { display: inherited, stop: async () => undefined };
  return startXvfb();
}

/** Starts Xvfb and resolves once it has written its display number, i.e. accepts clients. */
export async function startXvfb(): Promise<XDisplay> {
  // -displayfd 3: Xvfb takes the first free number (lock files are its job) and writes it to fd 3
  // only when ready, which replaces both a free-number scan and a readiness poll.
  const xvfb = spawn('Xvfb', ['-displayfd', '3', ...XVFB_ARGS], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  xvfb.stderr?.on('data', (chunk: Buffer) => stderr.push(String(chunk)));
  // If the test process dies without calling stop(), do not leave Xvfb behind.
  const killOnExit = (): void => void xvfb.kill('SIGKILL');
  process.once('exit', killOnExit);
  try {
    const number = await readDisplayNumber(xvfb, stderr);
    if (!existsSync(`/tmp/.X11-unix/X${number}`)) throw new Error(`Xvfb :${number} has no socket`);
    return { display: `:${number}`, stop: () => stopXvfb(xvfb, killOnExit) };
  } catch (error) {
    await stopXvfb(xvfb, killOnExit);
    throw error;
  }
}

function readDisplayNumber(xvfb: ChildProcess, stderr: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => fail(`no display after ${START_TIMEOUT_MS} ms`),
      START_TIMEOUT_MS,
    );
    function fail(why: string): void {
      clearTimeout(timer);
      reject(new Error(`Xvfb failed to start: ${why}\n${meaningful(stderr.join(''))}`.trim()));
    }
    xvfb.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT'
        ? fail('`Xvfb` is not on PATH. Install it (apt-get install xvfb) or set DISPLAY.')
        : fail(error.message),
    );
    xvfb.once('exit', (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
    xvfb.stdio[3]?.on('data', (chunk: Buffer) => {
      out += String(chunk);
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      resolve(Number(out.trim()));
    });
  });
}

async function stopXvfb(xvfb: ChildProcess, killOnExit: () => void): Promise<void> {
  process.removeListener('exit', killOnExit);
  if (xvfb.exitCode !== null || xvfb.signalCode !== null || xvfb.pid === undefined) return;
  const exited = new Promise<void>((resolve) => xvfb.once('exit', () => resolve()));
  xvfb.kill('SIGTERM');
  const timer = setTimeout(() => xvfb.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

/** Xvfb's stderr without its routine warnings, for error messages. */
function meaningful(text: string): string {
  return text
    .split('\n')
    .filter((line) => line.trim() && !XVFB_NOISE.some((re) => re.test(line)))
    .join('\n');
}

// CPU time of a benchmark browser, read from Linux's /proc without attaching anything to it: the
// whole browser (every process in its process group) and its extension's service worker thread.
// On a shared machine wall-clock times swing with the neighbours' load; the CPU a browser spent
// on a page swings far less, so the benchmark reports both.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function read(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null; // the process or thread exited meanwhile
  }
}

/** Fields of /proc/<pid>/stat after "(comm)", which may itself contain spaces and parentheses. */
function statFields(pid: string): string[] | null {
  const stat = read(`/proc/${pid}/stat`);
  return stat === null ? null : stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** The processes of a process group (the browser was spawned as its group's leader). */
export function processesOf(group: number): string[] {
  return readdirSync('/proc').filter(
    (pid) => /^\d+$/.test(pid) && Number(statFields(pid)?.[2]) === group,
  );
}

function threadsOf(pid: string): string[] {
  try {
    return readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
}

/** User plus system CPU time of every process in the group, in milliseconds (10 ms steps). */
export function groupCpuMs(group: number): number {
  let ticks = 0;
  for (const pid of processesOf(group)) {
    const fields = statFields(pid);
    // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the comm.
    if (fields) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/**
 * CPU time of the extension service worker threads in the group, in nanoseconds (schedstat's
 * run time, exact to the scheduler's accounting). Chromium names the thread "ServiceWorker thread",
 * which Linux cuts to 15 characters.
 */
export function serviceWorkerCpuNs(group: number): number {
  let ns = 0;
  for (const pid of processesOf(group)) {
    if (!read(`/proc/${pid}/cmdline`)?.includes('--extension-process')) continue;
    for (const tid of threadsOf(pid)) {
      if (!read(`/proc/${pid}/task/${tid}/comm`)?.startsWith('ServiceWorker')) continue;
      ns += Number(read(`/proc/${pid}/task/${tid}/schedstat`)?.split(' ')[0] ?? 0);
    }
  }
  return ns;
}

/** Waits until the group uses less than `idleMsPer100` ms of CPU per 100 ms, at most `maxMs`. */
export async function settle(
  group: number,
  { idleMsPer100 = 10, maxMs = 3000 } = {},
): Promise<void> {
  const until = Date.now() + maxMs;
  let last = groupCpuMs(group);
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = groupCpuMs(group);
    if (now - last < idleMsPer100) return;
    last = now;
  }
}

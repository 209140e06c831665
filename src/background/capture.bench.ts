// The capture path's cost, measured: what AuthLens's listener adds to every response a browser
// sees (almost all carry nothing about authentication), what recording a challenged response
// costs, and how much memory 10,000 recorded exchanges take. Run with `npm run bench`.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Report, Suite } from '../../scripts/bench/suite.ts';
import { median } from '../../scripts/bench/measure.ts';
import { boundRecord, MAX_RECORD_CHARS } from '../shared/record-bounds.ts';
import { startExchange } from './exchanges.ts';
import { createListeners } from './listeners.ts';
import { responseObservation, type Observation } from './observation.ts';
import { Recorder } from './recorder.ts';
import { TabStore, type StorageAreaLike } from './tab-store.ts';

/** A storage area that keeps nothing: the bench measures AuthLens, not Chrome's storage. */
const nowhere: StorageAreaLike = {
  get: async () => ({}),
  set: async () => undefined,
  remove: async () => undefined,
};

function recorder(): Recorder {
  return new Recorder(new TabStore(nowhere, { failed: ignore, flushed: ignore }), ignore);
}

let nextId = 0;
/** onHeadersReceived details as Chrome delivers them for a typical response of a page. */
function details(statusCode: number, extra: Array<{ name: string; value: string }> = []) {
  return {
    requestId: String(++nextId),
    tabId: 7,
    frameId: 0,
    parentFrameId: -1,
    url: 'https://shop.example.com/assets/app.3f9a1c.js?v=42',
    method: 'GET',
    type: 'script',
    initiator: 'https://shop.example.com',
    timeStamp: 1_764_331_200_000,
    statusCode,
    statusLine: `HTTP/1.1 ${statusCode}`,
    fromCache: false,
    responseHeaders: [
      { name: 'date', value: 'Sat, 28 Nov 2026 16:00:00 GMT' },
      { name: 'content-type', value: 'application/javascript; charset=utf-8' },
      { name: 'content-length', value: '18342' },
      { name: 'cache-control', value: 'public, max-age=31536000, immutable' },
      { name: 'etag', value: '"5f2a-1c9e7b"' },
      { name: 'last-modified', value: 'Fri, 27 Nov 2026 09:12:44 GMT' },
      { name: 'vary', value: 'Accept-Encoding' },
      { name: 'content-encoding', value: 'br' },
      { name: 'strict-transport-security', value: 'max-age=63072000; includeSubDomains' },
      { name: 'x-content-type-options', value: 'nosniff' },
      { name: 'server', value: 'nginx' },
      { name: 'access-control-allow-origin', value: '*' },
      ...extra,
    ],
  };
}

/**
 * Chrome hands every listener its own copy of the event details, deserialised from the message
 * the browser process sent. Both contenders pay for that copy, as a real listener does; the
 * difference between them is what AuthLens's body adds.
 */
function delivered(wire: string) {
  return JSON.parse(wire) as ReturnType<typeof details>;
}

const ignore = (_value?: unknown) => undefined;
const plain = JSON.stringify(details(200));
const challenge = JSON.stringify(
  details(401, [
    {
      name: 'www-authenticate',
      value:
        'Digest realm="shop", qop="auth", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    },
    { name: 'www-authenticate', value: 'Basic realm="shop", charset="UTF-8"' },
  ]),
);

const idle = recorder();
const listenerForPlain = createListeners(idle, ignore).onHeadersReceived;

export const suites: Array<Suite<string>> = [
  {
    kind: 'compare',
    name: 'capture: per response without auth headers',
    title:
      'a response with no auth header, as delivered to a listener: ops/s (goal: AuthLens ≥ 0.83× the no-op, i.e. cost ≤ 1.2×)',
    subject: 'AuthLens listener',
    contenders: [
      { name: 'no-op listener', prepare: (wire) => () => ignore(delivered(wire)) },
      { name: 'AuthLens listener', prepare: (wire) => () => listenerForPlain(delivered(wire)) },
    ],
    inputs: [{ name: '200 with 12 headers', value: plain }],
    notes: [
      'Each call deserialises the event details (what Chrome does for every listener) and runs the listener body.',
      'The AuthLens body checks the status, scans header names by length and asks the recorder whether it follows the request; it returns without allocating.',
    ],
  },
  {
    kind: 'compare',
    name: 'capture: listener body alone',
    title: 'the same response, listener body only (no delivery): ops/s',
    subject: 'AuthLens listener',
    contenders: [
      {
        name: 'empty body',
        prepare: (wire) => {
          const d = delivered(wire);
          return () => ignore(d);
        },
      },
      {
        name: 'AuthLens listener',
        prepare: (wire) => {
          const d = delivered(wire);
          return () => listenerForPlain(d);
        },
      },
    ],
    inputs: [{ name: '200 with 12 headers', value: plain }],
    notes: [
      'Shown for honesty: without the delivery every listener pays, the body is measured against literally nothing.',
    ],
  },
  {
    kind: 'compare',
    name: 'capture: per challenged response',
    title: 'a 401 with two challenge lines, recorded end to end: ops/s',
    subject: 'AuthLens listener',
    contenders: [
      { name: 'no-op listener', prepare: (wire) => () => ignore(delivered(wire)) },
      {
        name: 'AuthLens listener',
        prepare(wire) {
          const live = recorder();
          const on = createListeners(live, (obs: Observation) => live.observe(obs));
          return () => on.onHeadersReceived({ ...delivered(wire), requestId: String(++nextId) });
        },
      },
    ],
    inputs: [{ name: '401 Digest + Basic', value: challenge }],
    notes: [
      'AuthLens: observation (redaction, header selection) → exchange reducer → parse and diagnose both lines → recorder (bounds, size accounting) → storage write queued (to a store that keeps nothing) → panel event.',
    ],
  },
];

/**
 * Heap and serialised size of 10,000 recorded exchanges. Measured in a child process of its own
 * (with --expose-gc, to collect before and after): growing this process's heap by tens of MiB
 * would change the garbage collection the timed suites after it see.
 */
export const reports: Report[] = [
  {
    name: 'capture: hostile record',
    title: 'one 401 whose Digest challenge has 20,000 distinct parameters, recorded and cut',
    run: async () => {
      const value = `Digest realm="x", nonce="n", ${Array.from({ length: 20_000 }, (_, i) => `p${i}=v${i % 10}`).join(', ')}`;
      const wire = JSON.stringify(details(401, [{ name: 'www-authenticate', value }]));
      const bounded: number[] = [];
      const whole: number[] = [];
      const times: number[] = [];
      let notes: string[] = [];
      for (let round = 0; round < 5; round++) {
        const response = responseObservation(delivered(wire));
        if (response.kind !== 'response') throw new Error('not a response');
        const reduced = startExchange(response, []);
        whole.push(JSON.stringify(reduced).length);
        const started = performance.now();
        const kept = boundRecord(reduced);
        times.push(performance.now() - started);
        bounded.push(kept.size);
        notes = kept.exchange.truncated ?? [];
      }
      const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
      return [
        `header ${kb(value.length)}: the whole record would be ${kb(median(whole))}; kept ${kb(median(bounded))} (bound ${kb(MAX_RECORD_CHARS)}); cutting took ${median(times).toFixed(0)} ms (median of 5; parsing it is the rest of the cost).`,
        `The record says: ${notes.join(' ')}`,
      ];
    },
  },
  {
    name: 'capture: memory',
    title: 'memory of 10,000 recorded exchanges',
    run: () =>
      new Promise((resolve) => {
        const script = fileURLToPath(
          new URL('../../scripts/bench/capture-memory.ts', import.meta.url),
        );
        execFile(process.execPath, ['--expose-gc', '--import', 'tsx', script], (error, stdout) =>
          resolve(error ? [`could not measure: ${error.message}`] : stdout.trim().split('\n')),
        );
      }),
  },
];

// Run by the "capture: memory" report in a process of its own (node --expose-gc): records 10,000
// challenged responses through the real listener and recorder, and prints the heap they hold and
// their serialised size.
import { createListeners } from '../../src/background/listeners.ts';
import { defaultLimits, Recorder } from '../../src/background/recorder.ts';
import { TabStore } from '../../src/background/tab-store.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const ignore = () => undefined;
const store = new TabStore(
  { get: async () => ({}), set: async () => undefined, remove: async () => undefined },
  { failed: ignore, flushed: ignore },
);
const wire = JSON.stringify({
  tabId: 7,
  frameId: 0,
  url: 'https://shop.example.com/account',
  method: 'GET',
  type: 'xmlhttprequest',
  timeStamp: 1_764_331_200_000,
  statusCode: 401,
  statusLine: 'HTTP/1.1 401 Unauthorized',
  responseHeaders: [
    { name: 'content-type', value: 'text/html' },
    {
      name: 'www-authenticate',
      value:
        'Digest realm="shop", qop="auth", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    },
    { name: 'www-authenticate', value: 'Basic realm="shop", charset="UTF-8"' },
  ],
});

gc();
const before = process.memoryUsage().heapUsed;
const recorder = new Recorder(store, ignore, {
  ...defaultLimits,
  perTab: 10_000,
  perTabBytes: Number.MAX_SAFE_INTEGER,
  totalBytes: Number.MAX_SAFE_INTEGER,
});
const on = createListeners(recorder, (obs) => recorder.observe(obs));
for (let i = 0; i < 10_000; i++) {
  on.onHeadersReceived({ ...JSON.parse(wire), requestId: `m${i}` });
  on.onCompleted({ ...JSON.parse(wire), requestId: `m${i}` });
}
gc();
const heap = process.memoryUsage().heapUsed - before;
const snapshot = recorder.snapshot(7);
const exchanges = snapshot.type === 'snapshot' ? snapshot.exchanges : [];
const stored = JSON.stringify(exchanges).length;
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
console.log(
  `10,000 recorded 401s (two challenge lines each; ${exchanges.length} kept): heap ${mib(heap)} MiB (${Math.round(heap / exchanges.length)} B each), serialised ${mib(stored)} MiB (${Math.round(stored / exchanges.length)} B each).`,
);
console.log(
  'In the extension the recorder bounds storage.session at 8 MiB in all, 2 MiB and 1,000 exchanges per tab (a tab evicts its own oldest first; over the total, the tab holding the most does) and 256 KiB per record.',
);

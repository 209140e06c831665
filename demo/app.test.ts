// The lab's own files, besides the scenarios (scenarios.test.ts): the icon browsers ask for.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLab, type Lab } from './server.ts';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ port: 0, proxyPort: 0 });
});
afterAll(() => lab.close());

it('serves an icon at /favicon.ico, so DevTools shows no failed request on first start', async () => {
  const res = await fetch(`${lab.url}/favicon.ico`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/png');
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
});

// The lab's forward proxy: 407 with the table's Proxy-Authenticate line, forwarding once
// authenticated (repeated challenge lines intact), CONNECT tunnels, and loopback-only targets.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBasic } from './basic.ts';
import { startLab, type Lab } from './server.ts';
import { request } from './testing.ts';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ port: 0, proxyPort: 0 });
});
afterAll(() => lab.close());

const ALICE = `Basic ${encodeBasic('alice', 'wonderland')}`;

/** Sends raw bytes to the proxy and collects everything it answers until it closes or pauses. */
function raw(text: string, settleMs = 300): Promise<string> {
  const { hostname, port } = new URL(lab.proxyUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => socket.write(text));
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      socket.destroy();
      resolve(out);
    };
    socket.on('data', (chunk) => {
      out += chunk.toString('latin1');
      clearTimeout(timer);
      timer = setTimeout(finish, settleMs);
    });
    socket.on('end', finish);
    socket.on('error', reject);
  });
}

describe('forward proxy', () => {
  it('demands Proxy-Authorization with 407 and the exact challenge', async () => {
    const res = await request(`${lab.url}/proxy`, { proxy: lab.proxyUrl });
    expect(res.status).toBe(407);
    expect(res.lines('Proxy-Authenticate')).toEqual(['Basic realm="lab proxy"']);
    expect(res.lines('WWW-Authenticate')).toEqual([]);
  });

  it('answers wrong proxy credentials with 407 again', async () => {
    const res = await request(`${lab.url}/proxy`, {
      proxy: lab.proxyUrl,
      headers: { 'Proxy-Authorization': `Basic ${encodeBasic('alice', 'nope')}` },
    });
    expect(res.status).toBe(407);
  });

  it('forwards once authenticated, without passing Proxy-Authorization on', async () => {
    const res = await request(`${lab.url}/proxy`, {
      proxy: lab.proxyUrl,
      headers: { 'Proxy-Authorization': ALICE },
    });
    expect(res.status).toBe(200);
    expect(res.body).toContain('Reached through the lab proxy');
  });

  it('passes repeated WWW-Authenticate lines through unmerged and in order', async () => {
    const direct = await request(`${lab.url}/multi-line`);
    const proxied = await request(`${lab.url}/multi-line`, {
      proxy: lab.proxyUrl,
      headers: { 'Proxy-Authorization': ALICE },
    });
    expect(proxied.status).toBe(401);
    expect(proxied.lines('WWW-Authenticate')).toEqual(direct.lines('WWW-Authenticate'));
    expect(proxied.lines('WWW-Authenticate')).toHaveLength(3);
  });

  it('carries origin credentials end to end (proxy and origin authentication together)', async () => {
    const res = await request(`${lab.url}/basic`, {
      proxy: lab.proxyUrl,
      headers: { 'Proxy-Authorization': ALICE, Authorization: ALICE },
    });
    expect(res.status).toBe(200);
  });

  it('refuses non-loopback targets even when authenticated', async () => {
    const res = await request('http://example.com/', {
      proxy: lab.proxyUrl,
      headers: { 'Proxy-Authorization': ALICE },
    });
    expect(res.status).toBe(403);
  });

  it('explains itself when opened directly', async () => {
    const res = await request(`${lab.proxyUrl}/`);
    expect(res.status).toBe(400);
    expect(res.body).toContain('forward proxy');
  });

  it('answers 502 when the loopback target is down', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const res = await request(`http://127.0.0.1:${port}/`, {
      proxy: lab.proxyUrl,
      headers: { 'Proxy-Authorization': ALICE },
    });
    expect(res.status).toBe(502);
  });
});

describe('CONNECT', () => {
  const authority = (): string => new URL(lab.url).host;

  it('answers CONNECT without credentials with 407', async () => {
    const out = await raw(`CONNECT ${authority()} HTTP/1.1\r\nHost: ${authority()}\r\n\r\n`);
    expect(out).toMatch(/^HTTP\/1\.1 407 /);
    expect(out).toContain('\r\nProxy-Authenticate: Basic realm="lab proxy"\r\n');
  });

  it('tunnels to the lab once authenticated', async () => {
    const out = await raw(
      `CONNECT ${authority()} HTTP/1.1\r\nHost: ${authority()}\r\nProxy-Authorization: ${ALICE}\r\n\r\n` +
        `GET /basic HTTP/1.1\r\nHost: ${authority()}\r\nAuthorization: ${ALICE}\r\nConnection: close\r\n\r\n`,
    );
    expect(out).toMatch(/^HTTP\/1\.1 200 Connection Established\r\n/);
    expect(out).toContain('\r\n\r\nHTTP/1.1 200 OK\r\n');
  });

  it('refuses CONNECT to non-loopback hosts', async () => {
    const out = await raw(
      `CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nProxy-Authorization: ${ALICE}\r\n\r\n`,
    );
    expect(out).toMatch(/^HTTP\/1\.1 403 /);
  });
});

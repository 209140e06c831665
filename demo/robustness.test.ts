// Hostile and broken input: oversized headers, bad HTTP, handler crashes, and shutdown with
// connections still open. The lab must answer clearly and keep serving.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLabHandler } from './app.ts';
import { createNonceBook, type NonceBook } from './nonce.ts';
import { startLab, type Lab } from './server.ts';
import { request } from './testing.ts';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ port: 0, proxyPort: 0 });
});
afterAll(() => lab.close());

function rawExchange(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => socket.write(text));
    let out = '';
    socket.on('data', (chunk) => (out += chunk.toString('latin1')));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('bad requests', () => {
  it('answers request headers over 16 KiB with 431 and an explanation', async () => {
    const out = await rawExchange(
      lab.url,
      `GET /basic HTTP/1.1\r\nHost: x\r\nAuthorization: Basic ${'A'.repeat(20_000)}\r\n\r\n`,
    );
    expect(out).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(out).toContain('exceed 16 KiB');
  });

  it('answers malformed HTTP with 400', async () => {
    const out = await rawExchange(lab.url, 'GARBAGE\r\n\r\n');
    expect(out).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });

  it('answers long but legal Authorization values with 400, not a crash', async () => {
    const res = await request(`${lab.url}/basic`, {
      headers: { Authorization: `Basic ${'QUFB'.repeat(3000)}` },
    });
    expect(res.status).toBe(400);
    const bearer = await request(`${lab.url}/bearer`, {
      headers: { Authorization: `Bearer ${'a'.repeat(9000)}` },
    });
    expect(bearer.status).toBe(400);
    expect(bearer.lines('WWW-Authenticate')[0]).toContain('error="invalid_request"');
  });

  it('answers a Digest body over 1 MiB with 413', async () => {
    const res = await request(`${lab.url}/digest`, {
      method: 'POST',
      body: Buffer.alloc(1024 * 1024 + 1, 0x61),
    });
    expect(res.status).toBe(413);
  });

  it('keeps serving after all of the above', async () => {
    expect((await request(`${lab.url}/basic`)).status).toBe(401);
  });
});

describe('handler errors', () => {
  it('turn into a 500 for that request and leave the server running', async () => {
    const real = createNonceBook();
    let broken = true;
    const nonces: NonceBook = {
      issue: () => {
        if (broken) throw new Error('boom');
        return real.issue();
      },
      check: (n) => real.check(n),
      useCount: (n, c) => real.useCount(n, c),
      get size() {
        return real.size;
      },
    };
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const server = http.createServer(
      createLabHandler({ origin: () => '', proxyUrl: () => '', nonces, opaque: 'o' }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await request(`${url}/digest`)).status).toBe(500);
      expect(quiet).toHaveBeenCalled();
      broken = false;
      expect((await request(`${url}/digest`)).status).toBe(401);
    } finally {
      quiet.mockRestore();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('lifecycle', () => {
  it('closes promptly with keep-alive connections and tunnels open, and frees its ports', async () => {
    const other = await startLab({ port: 0, proxyPort: 0 });
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      http
        .get(`${other.url}/basic`, { agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
    // An authenticated CONNECT tunnel, left open.
    const proxy = new URL(other.proxyUrl);
    const tunnel = net.connect({ host: proxy.hostname, port: Number(proxy.port) });
    const established = new Promise<string>((resolve) =>
      tunnel.once('data', (d) => resolve(String(d))),
    );
    const auth = Buffer.from('alice:wonderland').toString('base64');
    tunnel.write(
      `CONNECT ${new URL(other.url).host} HTTP/1.1\r\nProxy-Authorization: Basic ${auth}\r\n\r\n`,
    );
    expect(await established).toMatch(/^HTTP\/1\.1 200 /);
    const tunnelClosed = new Promise<void>((resolve) => tunnel.on('close', () => resolve()));
    const start = Date.now();
    await other.close();
    await tunnelClosed;
    expect(Date.now() - start).toBeLessThan(1000);
    agent.destroy();
    await expect(request(`${other.url}/`)).rejects.toThrow();
    // Closing twice is harmless.
    await other.close();
  });

  it('rejects when a port is taken', async () => {
    const { port } = new URL(lab.url);
    await expect(startLab({ port: Number(port), proxyPort: 0 })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });
});

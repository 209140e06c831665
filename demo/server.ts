// startLab(): the lab's HTTP server and its forward proxy, on loopback by default. Used by
// `npm run lab` (main.ts), by `npm start`, and by the unit and browser tests (port 0 = ephemeral).
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createLabHandler } from './app.ts';
import { createNonceBook } from './nonce.ts';
import { createLabProxy } from './proxy.ts';

export interface LabOptions {
  port?: number;
  proxyPort?: number;
  host?: string;
}

export interface Lab {
  url: string;
  proxyUrl: string;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 5177;
export const DEFAULT_PROXY_PORT = 5178;

function urlOf(server: http.Server): string {
  const { address, port } = server.address() as AddressInfo;
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

// Malformed requests and oversized headers (node's limit is 16 KiB) are answered, not dropped,
// so a client sees why; nothing here can throw into the server.
function answerClientErrors(server: http.Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = tooLarge
      ? 'The request header fields exceed 16 KiB.\n'
      : `The request is not valid HTTP/1.1 (${error.code ?? 'parse error'}).\n`;
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const host = options.host ?? '127.0.0.1';
  const nonces = createNonceBook();
  const opaque = randomBytes(24).toString('base64url');
  let labUrl = '';
  let proxyUrl = '';

  const lab = http.createServer(
    { requestTimeout: 60_000, headersTimeout: 30_000 },
    createLabHandler({ origin: () => labUrl, proxyUrl: () => proxyUrl, nonces, opaque }),
  );
  const proxy = createLabProxy();
  answerClientErrors(lab);
  answerClientErrors(proxy.server);

  await listen(lab, options.port ?? DEFAULT_PORT, host);
  try {
    await listen(proxy.server, options.proxyPort ?? DEFAULT_PROXY_PORT, host);
  } catch (error) {
    await closeServer(lab);
    throw error;
  }
  labUrl = urlOf(lab);
  proxyUrl = urlOf(proxy.server);

  let closing: Promise<void> | undefined;
  return {
    url: labUrl,
    proxyUrl,
    close() {
      closing ??= (async () => {
        proxy.shutdown();
        await Promise.all([closeServer(proxy.server), closeServer(lab)]);
      })();
      return closing;
    },
  };
}

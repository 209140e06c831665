// The lab's HTTP forward proxy (RFC 9110 §11.7): 407 + Proxy-Authenticate until
// Proxy-Authorization carries alice / wonderland, then forwards absolute-form http requests and
// CONNECT tunnels — to loopback addresses only, so it can never become an open proxy.
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { decodeBasic } from './basic.ts';
import { parseCredentials } from './credentials.ts';
import { statusPage } from './pages.ts';
import { send, sendCase, singleField } from './respond.ts';
import { fillLines, scenarioCase } from './scenarios.ts';
import { checkPassword } from './users.ts';

/** Added to forwarded requests (RFC 9110 §7.6.3) so the lab can tell they came through. */
export const PROXY_VIA = '1.1 authlens-lab-proxy';

// Hop-by-hop fields (RFC 9110 §7.6.1) are for this connection only and never forwarded.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1') return true;
  return net.isIPv4(host) && host.startsWith('127.');
}

function proxyAuthorized(req: http.IncomingMessage): boolean {
  const { value } = singleField(req, 'Proxy-Authorization');
  if (value === undefined) return false;
  const credentials = parseCredentials(value);
  if (!credentials.ok || credentials.scheme.toLowerCase() !== 'basic') return false;
  const decoded = decodeBasic(credentials.token68);
  return decoded.ok && checkPassword(decoded.userId, decoded.password);
}

/** rawHeaders minus hop-by-hop fields, including any the Connection field names. */
function endToEnd(rawHeaders: readonly string[]): string[] {
  const named = new Set(HOP_BY_HOP);
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === 'connection') {
      for (const token of (rawHeaders[i + 1] ?? '').split(',')) {
        named.add(token.trim().toLowerCase());
      }
    }
  }
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    if (!named.has(name.toLowerCase())) out.push(name, rawHeaders[i + 1] ?? '');
  }
  return out;
}

function rawResponse(status: string, headers: readonly string[], body = ''): string {
  const lines = [`HTTP/1.1 ${status}`, ...headers, `Content-Length: ${Buffer.byteLength(body)}`];
  return `${lines.join('\r\n')}\r\nConnection: close\r\n\r\n${body}`;
}

export interface LabProxy {
  server: http.Server;
  /** Ends tunnels and upstream connections; the caller closes the server. */
  shutdown(): void;
}

export function createLabProxy(): LabProxy {
  const agent = new http.Agent({ keepAlive: false });
  const tunnels = new Set<Duplex>();
  const server = http.createServer({ requestTimeout: 60_000 });

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    try {
      const target = req.url ?? '';
      if (!/^http:\/\//i.test(target)) {
        req.resume();
        return send(
          res,
          400,
          statusPage(400, 'This port is the lab forward proxy', [
            'Configure it as an HTTP proxy instead of opening it directly; see /proxy on the lab.',
          ]),
        );
      }
      if (!proxyAuthorized(req)) {
        req.resume();
        return sendCase(res, 'proxy', ['Send Proxy-Authorization: Basic for alice / wonderland.']);
      }
      const url = new URL(target);
      if (!isLoopback(url.hostname)) {
        req.resume();
        return send(
          res,
          403,
          statusPage(403, 'Loopback only', ['The lab proxy only forwards to loopback addresses.']),
        );
      }
      const headers = endToEnd(req.rawHeaders);
      headers.push('Via', PROXY_VIA);
      const upstream = http.request({
        agent,
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || 80,
        method: req.method,
        path: `${url.pathname}${url.search}`,
        headers,
        timeout: 30_000,
      });
      upstream.on('response', (upRes) => {
        // A flat raw list keeps repeated fields (several WWW-Authenticate lines) apart and in order.
        res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, endToEnd(upRes.rawHeaders));
        upRes.pipe(res);
      });
      upstream.on('timeout', () => upstream.destroy(new Error('upstream timed out')));
      upstream.on('error', (error) => {
        if (res.headersSent) return void res.destroy();
        send(res, 502, statusPage(502, 'Upstream failed', [error.message]));
      });
      req.pipe(upstream);
    } catch (error) {
      console.error('lab proxy: request failed:', error);
      if (!res.headersSent)
        send(res, 500, statusPage(500, 'Proxy error', ['See the lab console.']));
      else res.destroy();
    }
  });

  server.on('connect', (req: http.IncomingMessage, client: Duplex, head: Buffer) => {
    client.on('error', () => client.destroy());
    if (!proxyAuthorized(req)) {
      const challenge = fillLines(scenarioCase('proxy').lines, {}).map(
        (line) => `Proxy-Authenticate: ${line}`,
      );
      return void client.end(rawResponse('407 Proxy Authentication Required', challenge));
    }
    // CONNECT's target is authority-form, host ":" port (RFC 9110 §9.3.6).
    const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(req.url ?? '');
    const host = match?.[1] ?? '';
    if (!match || !isLoopback(host)) {
      return void client.end(rawResponse('403 Forbidden', [], 'loopback targets only\n'));
    }
    const upstream = net.connect({ host: host.replace(/^\[|\]$/g, ''), port: Number(match[2]) });
    tunnels.add(client);
    tunnels.add(upstream);
    const forget = (): void => {
      tunnels.delete(client);
      tunnels.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    upstream.on('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\nVia: ' + PROXY_VIA + '\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => {
      if (client.writable) client.end(rawResponse('502 Bad Gateway', [], 'connect failed\n'));
      forget();
    });
    upstream.on('close', forget);
    client.on('close', forget);
  });

  return {
    server,
    shutdown() {
      for (const socket of tunnels) socket.destroy();
      tunnels.clear();
      agent.destroy();
    },
  };
}

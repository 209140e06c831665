// Test helper: one HTTP request with node:http, returning the raw field lines (node's fetch joins
// repeated fields, which would hide exactly what the lab is built to show).
import http from 'node:http';

export interface RawResponse {
  status: number;
  rawHeaders: string[];
  body: string;
  /** Every field line with this name, in order, as octet strings. */
  lines(name: string): string[];
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Send through this forward proxy as an absolute-form request. */
  proxy?: string;
}

export function request(url: string, options: RawRequest = {}): Promise<RawResponse> {
  const target = new URL(url);
  const via = options.proxy ? new URL(options.proxy) : undefined;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: (via ?? target).hostname,
        port: (via ?? target).port,
        method: options.method ?? 'GET',
        path: via ? target.href : `${target.pathname}${target.search}`,
        headers: { ...options.headers, ...(via ? { Host: target.host } : {}) },
        agent: false,
        // The 64 KiB malformed/huge challenge is beyond node's default 16 KiB.
        maxHeaderSize: 256 * 1024,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const rawHeaders = res.rawHeaders;
          resolve({
            status: res.statusCode ?? 0,
            rawHeaders,
            body: Buffer.concat(chunks).toString('utf8'),
            lines(name) {
              const out: string[] = [];
              for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
                if (rawHeaders[i]?.toLowerCase() === name.toLowerCase()) {
                  out.push(rawHeaders[i + 1] ?? '');
                }
              }
              return out;
            },
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A parameter of a challenge or Authentication-Info line (quoted or token), for assertions. */
export function param(line: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|[ ,])${name}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^,\\s]*))`).exec(line);
  return match ? (match[1] ?? match[2]) : undefined;
}

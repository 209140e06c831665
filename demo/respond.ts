// Response helpers shared by the lab's routes: security headers, HTML bodies and challenge cases
// taken from the scenario table.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { statusPage } from './pages.ts';
import { fillLines, scenarioCase, type TemplateValues } from './scenarios.ts';

// Pages are static text plus /lab.js; nothing else may run or load. no-store keeps every request
// visible to webRequest (cached responses are not reported) and to the lab's nonce checks.
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export type HeaderValues = Record<string, string | readonly string[]>;

export function send(
  res: ServerResponse,
  status: number,
  body: string | Uint8Array,
  headers: HeaderValues = {},
  contentType = 'text/html; charset=utf-8',
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.statusCode = status;
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', bytes.byteLength);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(bytes);
}

/** Sends a table case: its status and its exact challenge lines, with an explanatory page. */
export function sendCase(
  res: ServerResponse,
  caseId: string,
  paragraphs: readonly string[],
  values: TemplateValues = {},
  extra: HeaderValues = {},
): void {
  const kase = scenarioCase(caseId);
  const headers: HeaderValues = { ...extra };
  // An empty list would send no field at all, which is what the cases without a challenge mean.
  if (kase.lines.length > 0) {
    headers[kase.field ?? 'WWW-Authenticate'] = fillLines(kase.lines, values);
  }
  if (kase.location) headers['Location'] = kase.location;
  send(res, kase.status, statusPage(kase.status, kase.label, paragraphs), headers);
}

/** The single Authorization-like field, or an error when the request repeats it. */
export function singleField(
  req: IncomingMessage,
  name: string,
): { value?: string; error?: string } {
  const lower = name.toLowerCase();
  const values: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]?.toLowerCase() === lower) values.push(req.rawHeaders[i + 1] ?? '');
  }
  if (values.length > 1) return { error: `the request carries ${values.length} ${name} fields` };
  return values.length === 1 ? { value: values[0] } : {};
}

export class BodyTooLarge extends Error {}

/** Reads a request body up to `limit` octets; Digest auth-int needs it to check H(entity-body). */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > limit) throw new BodyTooLarge(`request body over ${limit} octets`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

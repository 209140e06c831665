// Export and import: HAR 1.2 (src/shared/har.ts reads, har-write.ts writes) and the versioned
// AuthLens JSON document. Exports are redacted once, here, by src/shared/redact.ts, unless the user
// opted in, and each file says which. Imported files are untrusted: only primitive facts are read,
// credentials and URLs go through the same redaction as live capture (no value is ever read from
// a file), and every response is parsed again with buildAuthFields, so a hostile file cannot
// smuggle records the panel would choke on. Never throws: problems come back as sentences. Pure.
import { buildAuthFields, type HeaderLine } from '../shared/auth-fields.ts';
import type { CredentialsSummary, Exchange, Outcome, Step } from '../shared/exchange.ts';
import { exchangesFromHar } from '../shared/har.ts';
import { exchangesToHar } from '../shared/har-write.ts';
import { redactExchange, redactUrl, schemeWord, summarizeCredentials } from '../shared/redact.ts';

export const AUTHLENS_FORMAT = 'authlens';
export const AUTHLENS_VERSION = 1;
/** A HAR of a long session is tens of MB; beyond this the tab would stall reading it. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
/** The list stays fast far beyond this, but a file this large is rarely what anyone meant. */
export const MAX_IMPORT_EXCHANGES = 10_000;

/** A record's notes on what it left out (record-bounds.ts) are a few short sentences. */
const MAX_NOTES = 20;
const MAX_NOTE_LENGTH = 500;

export type ExportFormat = 'har' | 'authlens';

export interface AuthLensDocument {
  format: typeof AUTHLENS_FORMAT;
  version: typeof AUTHLENS_VERSION;
  exportedAt: string;
  /** False when the user chose to include credential values. */
  redacted: boolean;
  exchanges: Exchange[];
}

export interface ExportOptions {
  format: ExportFormat;
  includeCredentials: boolean;
  now: number;
  version: string;
}

export interface ExportFile {
  name: string;
  mime: string;
  text: string;
}

function stamp(now: number): string {
  return new Date(now).toISOString().slice(0, 19).replace(/[:T]/g, '-');
}

export function exportExchanges(
  exchanges: readonly Exchange[],
  options: ExportOptions,
): ExportFile {
  const records = options.includeCredentials ? [...exchanges] : exchanges.map(redactExchange);
  if (options.format === 'har') {
    const har = exchangesToHar(records, {
      redacted: !options.includeCredentials,
      creator: { name: 'AuthLens', version: options.version },
    });
    return {
      name: `authlens-${stamp(options.now)}.har`,
      mime: 'application/json',
      text: JSON.stringify(har, null, 2),
    };
  }
  const document: AuthLensDocument = {
    format: AUTHLENS_FORMAT,
    version: AUTHLENS_VERSION,
    exportedAt: new Date(options.now).toISOString(),
    redacted: !options.includeCredentials,
    exchanges: records,
  };
  return {
    name: `authlens-${stamp(options.now)}.authlens.json`,
    mime: 'application/json',
    text: JSON.stringify(document, null, 2),
  };
}

export interface ImportResult {
  format: 'har' | 'authlens' | null;
  exchanges: Exchange[];
  /** Sentences for the status line; the first one says why nothing was imported, if nothing was. */
  problems: string[];
}

/** Checked before reading the file at all. */
export function checkImportSize(bytes: number): string | null {
  if (bytes <= MAX_IMPORT_BYTES) return null;
  const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
  return `The file is ${mb(bytes)}; AuthLens imports files up to ${mb(MAX_IMPORT_BYTES)}. Export only the requests you need, or filter the HAR first.`;
}

export function importText(text: string, source: string): ImportResult {
  const failed = (problem: string): ImportResult => ({
    format: null,
    exchanges: [],
    problems: [problem],
  });
  if (text.length > MAX_IMPORT_BYTES) return failed(checkImportSize(text.length)!);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failed(
      `${source} is not valid JSON (${reason}). AuthLens imports HAR files and AuthLens exports.`,
    );
  }
  if (isRecord(data) && data.format === AUTHLENS_FORMAT) return limit(readDocument(data, source));
  if (isRecord(data) && isRecord(data.log)) {
    const { exchanges, problems } = exchangesFromHar(data, { source });
    if (exchanges.length === 0 && problems.length === 0) {
      problems.push(`${source} has no response with an authentication header or a 401/407.`);
    }
    return limit({ format: 'har', exchanges, problems });
  }
  return failed(
    `${source} is neither a HAR file (no "log") nor an AuthLens export (no "format": "authlens").`,
  );
}

function limit(result: ImportResult): ImportResult {
  if (result.exchanges.length <= MAX_IMPORT_EXCHANGES) return result;
  return {
    ...result,
    exchanges: result.exchanges.slice(0, MAX_IMPORT_EXCHANGES),
    problems: [
      `Only the first ${MAX_IMPORT_EXCHANGES.toLocaleString('en-US')} of ${result.exchanges.length.toLocaleString('en-US')} exchanges were imported.`,
      ...result.problems,
    ],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const num = (v: unknown, fallback = 0): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;

const outcomes: readonly Outcome[] = [
  'pending',
  'challenged',
  'authenticated',
  'rejected',
  'succeeded',
  'failed',
];

function readDocument(data: Record<string, unknown>, source: string): ImportResult {
  const version = data.version;
  if (typeof version !== 'number' || version > AUTHLENS_VERSION) {
    return {
      format: 'authlens',
      exchanges: [],
      problems: [
        `${source} was written by a newer AuthLens (format version ${String(version)}); this one reads version ${AUTHLENS_VERSION}.`,
      ],
    };
  }
  if (!Array.isArray(data.exchanges)) {
    return { format: 'authlens', exchanges: [], problems: [`${source} has no "exchanges" list.`] };
  }
  const problems: string[] = [];
  const exchanges: Exchange[] = [];
  data.exchanges.forEach((raw: unknown, i: number) => {
    const exchange = readExchange(raw, i, source);
    if (typeof exchange === 'string') {
      if (problems.length < 50) problems.push(`Exchange ${i + 1}: ${exchange}`);
    } else exchanges.push(exchange);
  });
  return { format: 'authlens', exchanges, problems };
}

function readExchange(raw: unknown, index: number, source: string): Exchange | string {
  if (!isRecord(raw)) return 'not an object; skipped.';
  if (typeof raw.url !== 'string') return 'no URL; skipped.';
  if (!Array.isArray(raw.steps)) return 'no steps; skipped.';
  const steps: Step[] = [];
  for (const s of raw.steps) {
    const step = readStep(s, steps);
    if (step) steps.push(step);
  }
  const outcome = outcomes.find((o) => o === raw.outcome) ?? 'pending';
  const truncated = Array.isArray(raw.truncated)
    ? raw.truncated
        .filter((n): n is string => typeof n === 'string')
        .slice(0, MAX_NOTES)
        .map((n) => n.slice(0, MAX_NOTE_LENGTH))
    : [];
  return {
    ...(truncated.length > 0 ? { truncated } : {}),
    id: `import:${index + 1}`,
    tabId: -1,
    frameId: 0,
    method: str(raw.method, 'GET'),
    type: str(raw.type, 'other'),
    initiator: typeof raw.initiator === 'string' ? redactUrl(raw.initiator) : null,
    url: redactUrl(raw.url),
    startedAt: num(raw.startedAt),
    steps,
    outcome,
    imported: source,
  };
}

/**
 * Credentials as capture keeps them: the scheme, read from the value when the file has one (an
 * export made with credentials) and checked when it has only a scheme; the value itself is never
 * read back, since revealing is an opt-in that importing a file does not give.
 */
function readCredentials(value: unknown): CredentialsSummary[] {
  if (!Array.isArray(value)) return [];
  const out: CredentialsSummary[] = [];
  for (const c of value) {
    if (!isRecord(c)) continue;
    const header = c.header === 'Proxy-Authorization' ? 'Proxy-Authorization' : 'Authorization';
    const scheme =
      typeof c.value === 'string'
        ? (summarizeCredentials([{ name: header, value: c.value }], false)[0]?.scheme ?? '')
        : schemeWord(str(c.scheme));
    out.push({ header, scheme, source: c.source === 'browser' ? 'browser' : 'page' });
  }
  return out;
}

function readStep(raw: unknown, before: readonly Step[]): Step | null {
  if (!isRecord(raw)) return null;
  const at = num(raw.at);
  switch (raw.kind) {
    case 'request':
      return {
        kind: 'request',
        at,
        url: redactUrl(str(raw.url)),
        credentials: readCredentials(raw.credentials),
      };
    case 'response': {
      const headers: HeaderLine[] = [];
      if (Array.isArray(raw.fields)) {
        for (const f of raw.fields) {
          if (!isRecord(f) || typeof f.name !== 'string' || !Array.isArray(f.lines)) continue;
          for (const line of f.lines)
            if (typeof line === 'string') headers.push({ name: f.name, value: line });
        }
      }
      const statusCode = Math.trunc(num(raw.statusCode));
      const url = redactUrl(str(raw.url));
      const request = before.findLast((s) => s.kind === 'request');
      const sent = request?.kind === 'request' && request.credentials.length > 0;
      const { fields, diagnostics } = buildAuthFields(headers, {
        statusCode,
        url,
        ...(sent ? { requestHadCredentials: true } : {}),
      });
      return {
        kind: 'response',
        at,
        url,
        statusCode,
        statusLine: str(raw.statusLine, String(statusCode)),
        fromCache: raw.fromCache === true,
        fields,
        diagnostics,
      };
    }
    case 'auth-required':
      return {
        kind: 'auth-required',
        at,
        scheme: schemeWord(str(raw.scheme)),
        realm: str(raw.realm),
        isProxy: raw.isProxy === true,
        challenger: str(raw.challenger),
      };
    case 'redirect':
      return {
        kind: 'redirect',
        at,
        url: redactUrl(str(raw.url)),
        redirectUrl: redactUrl(str(raw.redirectUrl)),
        statusCode: Math.trunc(num(raw.statusCode)),
      };
    case 'completed':
      return { kind: 'completed', at, statusCode: Math.trunc(num(raw.statusCode)) };
    case 'error':
      return { kind: 'error', at, error: str(raw.error) };
    default:
      return null;
  }
}

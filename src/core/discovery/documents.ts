// Reading what a fetcher brought back: the outcome of one GET, the JSON object in its body, and
// the few members of it worth showing, bounded so a hostile document cannot swell a report.
// Pure; never throws.

export interface ResponseHeader {
  name: string;
  value: string;
}

/**
 * What one GET of a discovery URL gave. The fetcher sends no cookies and no credentials, does not
 * follow redirects (it reports them, with the Location resolved against the request URL), and
 * bounds the body's size and the time it waits.
 */
export type FetchOutcome =
  | {
      kind: 'response';
      status: number;
      headers: readonly ResponseHeader[];
      body: string;
      /** For a redirect: the Location, resolved to an absolute URL. */
      location?: string;
    }
  /** No response: refused connection, timeout, TLS failure, a body over the size limit. */
  | { kind: 'failed'; error: string }
  /** The fetcher's own rules kept it from asking (a private address from a public resource). */
  | { kind: 'refused'; reason: string };

export function headerOf(headers: readonly ResponseHeader[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name)?.value;
}

export type JsonObject = Readonly<Record<string, unknown>>;

export type JsonRead =
  | { ok: true; object: JsonObject; mediaType: string }
  | { ok: false; problem: string; mediaType: string };

/** The body as a JSON object, or why it is not one. */
export function readJsonObject(response: {
  headers: readonly ResponseHeader[];
  body: string;
}): JsonRead {
  const mediaType = (headerOf(response.headers, 'content-type') ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  let value: unknown;
  try {
    value = JSON.parse(response.body);
  } catch {
    const start = response.body.trimStart().slice(0, 1);
    const what = start === '<' ? 'HTML or XML, not JSON' : 'not JSON';
    return { ok: false, problem: `is ${what} (${mediaType || 'no content type'})`, mediaType };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
    return { ok: false, problem: `is JSON ${kind}, not an object`, mediaType };
  }
  return { ok: true, object: value as JsonObject, mediaType };
}

/** An own member (never one inherited from Object.prototype, whatever the document's keys). */
export function member(object: JsonObject, name: string): unknown {
  return Object.hasOwn(object, name) ? object[name] : undefined;
}

export function stringMember(object: JsonObject, name: string): string | undefined {
  const value = member(object, name);
  return typeof value === 'string' ? value : undefined;
}

/** An array member's string entries, or null when the member is absent or not an array. */
export function stringsMember(object: JsonObject, name: string): string[] | null {
  const value = member(object, name);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null;
}

export type DocumentFields = Record<string, string | number | boolean | string[]>;

const MAX_TEXT = 512;
const MAX_ENTRIES = 32;

function bounded(text: string, max = MAX_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** The named members a reader needs, copied when they have a plain type, each bounded. */
export function fieldsOf(object: JsonObject, names: readonly string[]): DocumentFields {
  const fields: DocumentFields = {};
  for (const name of names) {
    const value = member(object, name);
    if (typeof value === 'string') fields[name] = bounded(value);
    else if (typeof value === 'number' || typeof value === 'boolean') fields[name] = value;
    else if (Array.isArray(value)) {
      const texts = value.filter((v): v is string => typeof v === 'string');
      fields[name] = texts.slice(0, MAX_ENTRIES).map((t) => bounded(t));
    }
  }
  return fields;
}

/** A value from a server, quoted and shortened for a message. */
export function shown(text: string): string {
  return JSON.stringify(bounded(text, 200));
}

// Parses an Authorization / Proxy-Authorization field value (RFC 9110 §11.4):
//   credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
// A single left-to-right scan with no regular expressions, so hostile input costs linear time.

/** Longer credentials are refused before parsing; real ones are a few hundred octets. */
export const MAX_CREDENTIALS_LENGTH = 8192;

export type Credentials =
  | { ok: true; scheme: string; token68?: string; params: ReadonlyMap<string, string> }
  | { ok: false; error: string };

// tchar, RFC 9110 §5.6.2.
function isTchar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c))
  );
}

// token68 characters before the trailing "=" padding, RFC 9110 §11.2.
function isToken68Char(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    '-._~+/'.includes(String.fromCharCode(c))
  );
}

const SP = 0x20;
const HTAB = 0x09;

function fail(error: string): Credentials {
  return { ok: false, error };
}

export function parseCredentials(value: string): Credentials {
  if (value.length > MAX_CREDENTIALS_LENGTH) return fail('credentials longer than 8192 octets');
  const s = value.trim();
  let i = 0;
  const token = (): string => {
    const start = i;
    while (i < s.length && isTchar(s.charCodeAt(i))) i++;
    return s.slice(start, i);
  };
  const skipOws = (): void => {
    while (i < s.length && (s.charCodeAt(i) === SP || s.charCodeAt(i) === HTAB)) i++;
  };

  const scheme = token();
  if (scheme === '') return fail('missing auth-scheme');
  const params = new Map<string, string>();
  if (i === s.length) return { ok: true, scheme, params };
  // Only SP may separate the scheme from what follows (RFC 9110 §11.4).
  if (s.charCodeAt(i) !== SP) return fail('auth-scheme must be followed by a space');
  while (i < s.length && s.charCodeAt(i) === SP) i++;

  // token68 if the run of token68 characters (plus padding) reaches the end of the value.
  const start = i;
  while (i < s.length && isToken68Char(s.charCodeAt(i))) i++;
  if (i > start) {
    while (i < s.length && s.charCodeAt(i) === 0x3d) i++;
    if (i === s.length) return { ok: true, scheme, token68: s.slice(start), params };
  }
  i = start;

  // #auth-param, RFC 9110 §5.6.1: empty list elements are tolerated by recipients.
  for (;;) {
    skipOws();
    if (i < s.length && s[i] === ',') {
      i++;
      continue;
    }
    if (i === s.length) break;
    const name = token().toLowerCase();
    if (name === '') return fail(`unexpected character at offset ${i}`);
    skipOws();
    if (s[i] !== '=') return fail(`parameter "${name}" has no "="`);
    i++;
    skipOws();
    let paramValue: string;
    if (s[i] === '"') {
      i++;
      let out = '';
      let closed = false;
      while (i < s.length) {
        const c = s.charCodeAt(i);
        if (c === 0x22) {
          closed = true;
          i++;
          break;
        }
        if (c === 0x5c) {
          // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ), RFC 9110 §5.6.4.
          const next = s.charCodeAt(i + 1);
          if (!(next === HTAB || (next >= 0x20 && next !== 0x7f))) break;
          out += s[i + 1];
          i += 2;
          continue;
        }
        if (c !== HTAB && (c < 0x20 || c === 0x7f)) break;
        out += s[i];
        i++;
      }
      if (!closed) return fail(`parameter "${name}" has an unterminated quoted-string`);
      paramValue = out;
    } else {
      paramValue = token();
      if (paramValue === '') return fail(`parameter "${name}" has no value`);
    }
    // Each parameter name MUST occur once per challenge or credentials (RFC 9110 §11.2).
    if (params.has(name)) return fail(`parameter "${name}" is repeated`);
    params.set(name, paramValue);
    skipOws();
    if (i < s.length && s[i] !== ',') return fail(`expected "," after parameter "${name}"`);
  }
  return { ok: true, scheme, params };
}

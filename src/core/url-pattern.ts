// URL patterns for expectation rules: "*", or origin + path glob ("https://*.example.com/api/**").
// Compiled to plain data and matched by simulating all glob positions at once, so matching is
// O(path × pattern) with no backtracking whatever the user writes (cf. CVE-2020-8492). Pure.

import { splitUrl } from './url.ts';
/** One element of a compiled path glob. */
export type GlobToken =
  | { kind: 'text'; text: string }
  | { kind: 'star' } // any run of characters except "/"
  | { kind: 'globstar' }; // any run of characters, "/" included

export type UrlPattern =
  | { kind: 'any' }
  | {
      kind: 'origin-path';
      /** "http", "https" or "*". */
      scheme: string;
      /** Exact host, "*" for any, or a suffix for "*.example.com" (matching the domain itself too). */
      host: { kind: 'exact' | 'any' | 'subdomains'; name: string };
      /** Exact port, or null for any ("*" or not written). */
      port: string | null;
      path: GlobToken[];
      /** A trailing "/**" also covers the directory itself: "/api/**" matches "/api". */
      trailingGlobstar: boolean;
    };

/** Compiles a pattern, or explains in one sentence why it is not one. */
export function compileUrlPattern(pattern: string): UrlPattern | string {
  if (pattern === '*') return { kind: 'any' };
  if (pattern.length > 2000) return 'is longer than 2000 characters';
  const sep = pattern.indexOf('://');
  if (sep <= 0) {
    return 'must be "*" or an origin and path glob such as "https://staging.example.com/api/*"';
  }
  const scheme = pattern.slice(0, sep).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https' && scheme !== '*') {
    return `has scheme "${pattern.slice(0, sep)}"; use http, https or *`;
  }
  const rest = pattern.slice(sep + 3);
  if (/[?#]/.test(rest)) return 'may not contain "?" or "#": patterns match origin and path only';
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const pathGlob = slash === -1 ? '/**' : rest.slice(slash);
  if (authority.includes('@')) return 'may not contain userinfo ("@")';
  const portMatch = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}|\*))?$/.exec(authority);
  if (!portMatch) return `has an invalid host or port in "${authority}"`;
  const hostText = portMatch[1]!.toLowerCase();
  const portText = portMatch[2];
  let host: { kind: 'exact' | 'any' | 'subdomains'; name: string };
  if (hostText === '*') host = { kind: 'any', name: '' };
  else if (hostText.startsWith('*.') && !hostText.slice(2).includes('*') && hostText.length > 2) {
    host = { kind: 'subdomains', name: hostText.slice(2) };
  } else if (hostText !== '' && !hostText.includes('*')) host = { kind: 'exact', name: hostText };
  else return `has host "${portMatch[1]}"; use an exact host, "*.example.com" or "*"`;
  const port =
    portText === undefined || portText === '*' ? null : String(Number.parseInt(portText, 10));
  const trailingGlobstar = pathGlob.endsWith('/**');
  return {
    kind: 'origin-path',
    scheme,
    host,
    port,
    path: compileGlob(pathGlob),
    trailingGlobstar,
  };
}

/** "**" crosses "/", "*" does not; "***" and longer read as "**". */
function compileGlob(glob: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  let text = '';
  for (let i = 0; i < glob.length;) {
    if (glob[i] !== '*') {
      text += glob[i];
      i++;
      continue;
    }
    let run = 0;
    while (glob[i] === '*') {
      i++;
      run++;
    }
    if (text) tokens.push({ kind: 'text', text });
    text = '';
    const token: GlobToken = run >= 2 ? { kind: 'globstar' } : { kind: 'star' };
    const last = tokens.at(-1);
    // Adjacent wildcards match what the widest of them matches; merging keeps the state set small.
    if (last && last.kind !== 'text') tokens[tokens.length - 1] = widest(last, token);
    else tokens.push(token);
  }
  if (text) tokens.push({ kind: 'text', text });
  return tokens;
}

function widest(a: GlobToken, b: GlobToken): GlobToken {
  return a.kind === 'globstar' || b.kind === 'globstar' ? { kind: 'globstar' } : a;
}

export function matchUrlPattern(pattern: UrlPattern, url: string): boolean {
  if (pattern.kind === 'any') return true;
  const parts = splitUrl(url);
  if (!parts) return false;
  if (pattern.scheme !== '*' && pattern.scheme !== parts.scheme) return false;
  if (pattern.scheme === '*' && parts.scheme !== 'http' && parts.scheme !== 'https') return false;
  const { host } = pattern;
  if (host.kind === 'exact' && parts.host !== host.name) return false;
  if (
    host.kind === 'subdomains' &&
    parts.host !== host.name &&
    !parts.host.endsWith(`.${host.name}`)
  ) {
    return false;
  }
  if (pattern.port !== null && pattern.port !== parts.port) return false;
  return (
    matchGlob(pattern.path, parts.path) ||
    (pattern.trailingGlobstar && matchGlob(pattern.path, `${parts.path}/`))
  );
}

/**
 * Thompson-style simulation: the set of glob positions reachable after each character. Each text
 * token is expanded to one position per character, so the state set is bounded by the pattern.
 */
export function matchGlob(tokens: readonly GlobToken[], input: string): boolean {
  const units: Array<string | 'star' | 'globstar'> = [];
  const wild: boolean[] = [];
  for (const t of tokens) {
    if (t.kind !== 'text') {
      units.push(t.kind);
      wild.push(true);
      continue;
    }
    for (const ch of t.text) {
      units.push(ch);
      wild.push(false);
    }
  }
  const m = units.length;
  let current = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  const close = (states: Uint8Array) => {
    // A wildcard may match nothing, so reaching it also reaches the position after it.
    for (let i = 0; i < m; i++) if (states[i] && wild[i]) states[i + 1] = 1;
  };
  current[0] = 1;
  close(current);
  for (const ch of input) {
    next.fill(0);
    let alive = false;
    for (let i = 0; i < m; i++) {
      if (!current[i]) continue;
      const unit = units[i]!;
      if (unit === 'globstar' || (unit === 'star' && ch !== '/')) {
        next[i] = 1;
        alive = true;
      } else if (unit === ch) {
        next[i + 1] = 1;
        alive = true;
      }
    }
    if (!alive) return false;
    close(next);
    [current, next] = [next, current];
  }
  return current[m] === 1;
}

// The one reading of a URL's parts, without the URL API (src/core has no web platform): where the
// scheme, the userinfo, the host, the path, the query and the fragment lie, and nothing decoded
// or normalised, so that redaction can splice the text as it was and diagnostics, expectation
// patterns and the panel read the same parts. Pure; never throws; linear.

/**
 * Where the parts of "scheme://userinfo@host:port/path?query#fragment" lie in the text. Lenient:
 * any text with "://" has one (redaction must find a password whatever surrounds it).
 */
export interface UrlLayout {
  /** Index of the ":" of "://". */
  schemeEnd: number;
  /** Index after "://". */
  authorityStart: number;
  /** Index of the "@" that ends the userinfo, or -1 when there is none. */
  userinfoEnd: number;
  /** Index of the first "/", "?" or "#" after the authority, or the length. */
  authorityEnd: number;
  /** Index of the "?" that starts the query, or -1. */
  queryStart: number;
  /** Index of the "#" that starts the fragment, or -1. */
  fragmentStart: number;
}

export function urlLayout(url: string): UrlLayout | null {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd === -1) return null;
  const authorityStart = schemeEnd + 3;
  let authorityEnd = url.length;
  for (const stop of ['/', '?', '#']) {
    const at = url.indexOf(stop, authorityStart);
    if (at !== -1 && at < authorityEnd) authorityEnd = at;
  }
  const at = url.lastIndexOf('@', authorityEnd);
  const fragmentStart = url.indexOf('#', authorityEnd);
  const query = url.indexOf('?', authorityEnd);
  return {
    schemeEnd,
    authorityStart,
    userinfoEnd: at < authorityStart ? -1 : at,
    authorityEnd,
    queryStart: query !== -1 && (fragmentStart === -1 || query < fragmentStart) ? query : -1,
    fragmentStart,
  };
}

/** An absolute http(s)-style URL split into what diagnostics, patterns and the panel compare. */
export interface SplitUrl {
  /** Lower-cased, without "://": "http", "https". */
  scheme: string;
  /** Lower-cased host without userinfo or port; IPv6 keeps its brackets. */
  host: string;
  /** Decimal port, the scheme's default when none is written ("" for unknown schemes). */
  port: string;
  /** The path as written, "/" when empty; no query, no fragment. */
  path: string;
  /** The query as written, with its "?"; "" when there is none. */
  query: string;
}

const defaultPorts: Record<string, string> = { http: '80', https: '443' };

/** The parts of an absolute URL, or null when it is not one (no scheme, host or valid port). */
export function splitUrl(url: string): SplitUrl | null {
  const layout = urlLayout(url);
  if (!layout) return null;
  const scheme = url.slice(0, layout.schemeEnd).toLowerCase();
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) return null;
  const authority = url.slice(layout.userinfoEnd + 1 || layout.authorityStart, layout.authorityEnd);
  let host: string;
  let port: string;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close === -1) return null;
    host = authority.slice(0, close + 1);
    port = authority.slice(close + 1).replace(/^:/, '');
  } else {
    const colon = authority.lastIndexOf(':');
    host = colon === -1 ? authority : authority.slice(0, colon);
    port = colon === -1 ? '' : authority.slice(colon + 1);
  }
  if (host === '' || !/^\d*$/.test(port)) return null;
  const end = layout.fragmentStart === -1 ? url.length : layout.fragmentStart;
  const pathEnd = layout.queryStart === -1 ? end : layout.queryStart;
  const path = url.slice(layout.authorityEnd, pathEnd);
  return {
    scheme,
    host: host.toLowerCase(),
    port: port === '' ? (defaultPorts[scheme] ?? '') : String(Number(port)),
    path: path === '' ? '/' : path,
    query: layout.queryStart === -1 ? '' : url.slice(layout.queryStart, end),
  };
}

/** Loopback hosts never put traffic on a network, which is why browsers treat them as secure. */
export function isLoopbackHost(host: string): boolean {
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

// Just enough URL reading for diagnostics: the scheme and the host, without the URL API (src/core
// has no web platform). Pure; never throws.

export interface UrlParts {
  /** Lower-cased, without the colon: "http", "https". */
  protocol: string;
  /** Lower-cased host without port or userinfo; IPv6 keeps its brackets. */
  host: string;
}

export function readUrl(url: string): UrlParts | null {
  const colon = url.indexOf(':');
  if (colon <= 0 || url.slice(colon + 1, colon + 3) !== '//') return null;
  const protocol = url.slice(0, colon).toLowerCase();
  let authorityEnd = url.length;
  for (const stop of ['/', '?', '#']) {
    const at = url.indexOf(stop, colon + 3);
    if (at !== -1 && at < authorityEnd) authorityEnd = at;
  }
  let authority = url.slice(colon + 3, authorityEnd);
  authority = authority.slice(authority.lastIndexOf('@') + 1);
  const host = authority.startsWith('[')
    ? authority.slice(0, authority.indexOf(']') + 1)
    : authority.split(':')[0]!;
  return { protocol, host: host.toLowerCase() };
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

import { describe, expect, it } from 'vitest';
import { compileUrlPattern, matchGlob, matchUrlPattern } from './url-pattern.ts';

function matches(pattern: string, url: string): boolean {
  const compiled = compileUrlPattern(pattern);
  if (typeof compiled === 'string') throw new Error(compiled);
  return matchUrlPattern(compiled, url);
}

describe('URL patterns', () => {
  it('"*" matches everything', () => {
    expect(matches('*', 'http://anything.example/x')).toBe(true);
  });

  it('"*" in a path stays within one segment; "**" crosses segments', () => {
    const api = 'https://staging.example.com/api/*';
    expect(matches(api, 'https://staging.example.com/api/items')).toBe(true);
    expect(matches(api, 'https://staging.example.com/api/')).toBe(true);
    expect(matches(api, 'https://staging.example.com/api/items/1')).toBe(false);
    expect(matches(api, 'https://staging.example.com/apix')).toBe(false);
    const deep = 'https://staging.example.com/api/**';
    expect(matches(deep, 'https://staging.example.com/api/items/1')).toBe(true);
    expect(matches(deep, 'https://staging.example.com/api')).toBe(true);
    expect(matches(deep, 'https://staging.example.com/apix')).toBe(false);
    expect(matches('https://h.example/*/admin', 'https://h.example/v1/admin')).toBe(true);
    expect(matches('https://h.example/**/admin', 'https://h.example/a/b/admin')).toBe(true);
    expect(matches('https://h.example/*.json', 'https://h.example/a.json')).toBe(true);
  });

  it('ignores the query and fragment of the URL', () => {
    expect(matches('https://h.example/api/*', 'https://h.example/api/x?token=1#top')).toBe(true);
  });

  it('compares scheme, host (case-insensitively) and port', () => {
    expect(matches('https://h.example/**', 'http://h.example/')).toBe(false);
    expect(matches('*://h.example/**', 'http://h.example/')).toBe(true);
    expect(matches('https://H.Example/**', 'https://h.example/x')).toBe(true);
    expect(matches('https://h.example:8443/**', 'https://h.example/x')).toBe(false);
    expect(matches('https://h.example:443/**', 'https://h.example/x')).toBe(true);
    expect(matches('http://127.0.0.1/**', 'http://127.0.0.1:5177/x')).toBe(true);
    expect(matches('http://127.0.0.1:*/**', 'http://127.0.0.1:5177/x')).toBe(true);
    expect(matches('https://*.example.com/**', 'https://a.b.example.com/x')).toBe(true);
    expect(matches('https://*.example.com/**', 'https://example.com/x')).toBe(true);
    expect(matches('https://*.example.com/**', 'https://badexample.com/x')).toBe(false);
    expect(matches('https://*/**', 'https://any.host/x')).toBe(true);
  });

  it('without a path, covers the whole origin', () => {
    expect(matches('https://h.example', 'https://h.example/a/b/c')).toBe(true);
  });

  it('explains what is wrong with a pattern', () => {
    expect(compileUrlPattern('staging.example.com/api')).toMatch(/must be "\*" or an origin/);
    expect(compileUrlPattern('ftp://h/x')).toMatch(/use http, https or \*/);
    expect(compileUrlPattern('https://h/x?y')).toMatch(/may not contain "\?"/);
    expect(compileUrlPattern('https://a*b.example/x')).toMatch(/has host/);
    expect(compileUrlPattern('https://h:port/x')).toMatch(/invalid host or port/);
  });

  it('matches in linear time on inputs that make backtracking globs explode', () => {
    const glob = compileUrlPattern(`https://h/${'*a'.repeat(30)}b`);
    if (typeof glob === 'string') throw new Error(glob);
    const started = Date.now();
    expect(matchUrlPattern(glob, `https://h/${'a'.repeat(20_000)}`)).toBe(false);
    const deep = compileUrlPattern(`https://h/${'**/a'.repeat(30)}b`);
    if (typeof deep === 'string') throw new Error(deep);
    expect(matchUrlPattern(deep, `https://h/${'a/'.repeat(10_000)}`)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('merges runs of wildcards', () => {
    expect(matchGlob([{ kind: 'star' }, { kind: 'text', text: 'x' }], 'aax')).toBe(true);
    expect(matches('https://h/a***b', 'https://h/a/c/b')).toBe(true);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitUrl, urlLayout } from './url.ts';

describe('splitUrl', () => {
  it('splits scheme, host, port, path and query, normalising case and default ports', () => {
    expect(splitUrl('HTTPS://User:pw@API.Example.com/a/b?q=1#f')).toEqual({
      scheme: 'https',
      host: 'api.example.com',
      port: '443',
      path: '/a/b',
      query: '?q=1',
    });
    expect(splitUrl('http://[::1]:8080')).toEqual({
      scheme: 'http',
      host: '[::1]',
      port: '8080',
      path: '/',
      query: '',
    });
    expect(splitUrl('http://127.0.0.1:0080/x')?.port).toBe('80');
    expect(splitUrl('http://h/p#frag?not-a-query')).toMatchObject({ path: '/p', query: '' });
  });

  it('returns null for what is not an absolute URL', () => {
    for (const bad of ['', 'example.com/x', '//x/y', 'http://', 'http://h:port/', 'http://[::1/']) {
      expect(splitUrl(bad), bad).toBeNull();
    }
  });

  it('reads what the URL API reads from http(s) URLs it does not need to normalise', () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
    // Dot segments are what the URL API normalises (RFC 3986 §5.2.4); requests never carry them.
    const segment = fc
      .stringMatching(/^[A-Za-z0-9._~-]{0,8}$/)
      .filter((s) => s !== '.' && s !== '..');
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'https'),
        fc.array(label, { minLength: 1, maxLength: 3 }),
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        fc.array(segment, { maxLength: 4 }),
        fc.option(fc.stringMatching(/^[a-z0-9=&]{0,12}$/), { nil: undefined }),
        fc.option(fc.stringMatching(/^[a-z0-9?]{0,8}$/), { nil: undefined }),
        (scheme, labels, port, segments, query, fragment) => {
          const text = `${scheme}://${labels.join('.')}${port === undefined ? '' : `:${port}`}/${segments.join('/')}${query === undefined ? '' : `?${query}`}${fragment === undefined ? '' : `#${fragment}`}`;
          const api = new URL(text);
          expect(splitUrl(text)).toEqual({
            scheme,
            host: api.hostname,
            port: api.port || (scheme === 'https' ? '443' : '80'),
            path: api.pathname,
            query: query === undefined ? '' : `?${query}`,
          });
        },
      ),
    );
  });
});

describe('urlLayout', () => {
  it('finds the userinfo of any text with "://", for redaction to splice', () => {
    const url = 'https://alice:pw@h.example:8443/p?a=1#x';
    const layout = urlLayout(url)!;
    expect(url.slice(layout.authorityStart, layout.userinfoEnd)).toBe('alice:pw');
    expect(url.slice(layout.userinfoEnd + 1, layout.authorityEnd)).toBe('h.example:8443');
    expect(url.slice(layout.queryStart, layout.fragmentStart)).toBe('?a=1');
    expect(urlLayout('no scheme here')).toBeNull();
    expect(urlLayout('https://h/p@q')!.userinfoEnd).toBe(-1);
  });
});

// HAR entries as browsers write them, for the HAR reader's and writer's tests.
import type { Entry, Har } from 'har-format';

type Headers = Array<{ name: string; value: string }>;

export function entry(
  url: string,
  status: number,
  responseHeaders: Headers,
  extra: { method?: string; requestHeaders?: Headers; redirectURL?: string } = {},
): Entry {
  return {
    startedDateTime: '2026-01-02T03:04:05.000Z',
    time: 12,
    request: {
      method: extra.method ?? 'GET',
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: extra.requestHeaders ?? [],
      queryString: [],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status,
      statusText: status === 401 ? 'Unauthorized' : 'OK',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: responseHeaders,
      content: { size: 0, mimeType: 'text/html' },
      redirectURL: extra.redirectURL ?? '',
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings: { send: 0, wait: 12, receive: 0 },
  };
}

export const har = (...entries: unknown[]): Har => ({
  log: { version: '1.2', creator: { name: 't', version: '1' }, entries: entries as Entry[] },
});
export const www = (value: string) => ({ name: 'WWW-Authenticate', value });

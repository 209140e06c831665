// @vitest-environment happy-dom
// The lab's index as a reader meets it: the placeholders explained before any table shows one,
// every fetch box saying which case it answers.
import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { LAB_JS } from './assets.ts';
import { indexPage } from './pages.ts';

describe('the lab index', () => {
  // Without its stylesheet link: happy-dom would try to load it.
  const html = indexPage('http://127.0.0.1:5178').replace(/<link [^>]*>/, '');

  it('explains {nonce}, {opaque} and {origin} before the first table uses one', () => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const reading = doc.getElementById('reading')!;
    const explained = reading.nextElementSibling!.nextElementSibling!.textContent!;
    for (const placeholder of ['{nonce}', '{opaque}', '{origin}']) {
      expect(explained).toContain(placeholder);
    }
    const firstTable = doc.querySelector('table')!;
    // The explanation comes first in document order.
    expect(reading.compareDocumentPosition(firstTable) & Node.DOCUMENT_POSITION_FOLLOWING).toBe(
      Node.DOCUMENT_POSITION_FOLLOWING,
    );
    const before = html.slice(0, html.indexOf('id="reading"'));
    expect(before).not.toMatch(/\{(?:nonce|opaque|origin)\}/);
  });

  it('says in each fetch box which case it answers, before and after the answer', async () => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    document.body.replaceChildren(...[...doc.body.childNodes].map((n) => document.adoptNode(n)));
    const requests: Array<[string, unknown]> = [];
    const context = createContext({
      document,
      JSON,
      Object,
      String,
      URL,
      fetch: async (url: string, init: { headers: Record<string, string> }) => {
        requests.push([url, init.headers]);
        return {
          status: 401,
          statusText: 'Unauthorized',
          redirected: false,
          url,
          headers: { get: (n: string) => (n === 'WWW-Authenticate' ? 'Basic realm="lab"' : null) },
        };
      },
    });
    runInContext(LAB_JS, context);
    const wrong = [
      ...document.querySelectorAll<HTMLButtonElement>('button[data-fetch="/basic"]'),
    ].find((b) => b.dataset.case === 'wrong password')!;
    const out = document.getElementById(wrong.dataset.out!)!;
    wrong.click();
    expect(out.textContent).toMatch(/^wrong password: GET \/basic with Authorization\nFetching/);
    await expect.poll(() => out.textContent).toContain('401 Unauthorized');
    expect(out.textContent).toBe(
      'wrong password: GET /basic with Authorization\n401 Unauthorized\nWWW-Authenticate: Basic realm="lab"',
    );
    expect(requests).toHaveLength(1);
    const plain = document.querySelector<HTMLButtonElement>('button[data-fetch="/no-challenge"]')!;
    plain.click();
    const box = document.getElementById(plain.dataset.out!)!;
    await expect.poll(() => box.textContent).toContain('401');
    expect(box.textContent!.split('\n')[0]).toBe(
      'no credentials: GET /no-challenge without credentials',
    );
  });
});

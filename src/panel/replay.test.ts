import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { pollScript, replay, startScript, type ReplayRequest } from './replay.ts';

const request: ReplayRequest = {
  url: 'https://app.example.com/a"b\\c\u2028',
  method: 'GET',
  headerName: 'Authorization',
  headerValue: 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
};

const noWait = () => Promise.resolve();

/** A page realm whose fetch never settles until `settle` is called. */
function slowPage() {
  let settle: (r: unknown) => void = () => {};
  const context = createContext({
    fetch: () => new Promise((resolve) => (settle = resolve)),
  });
  const run = async (script: string) => runInContext(script, context) as unknown;
  return { run, settle: (r: unknown) => settle(r), context };
}

describe('replay', () => {
  it('parks the outcome under a Symbol.for key and removes it once collected', async () => {
    const page = slowPage();
    expect(await page.run(startScript('k1', request))).toBe(true);
    expect(await page.run(pollScript('k1'))).toBeNull();
    page.settle({
      status: 204,
      statusText: 'No Content',
      url: request.url,
      type: 'basic',
      headers: { get: () => null },
    });
    await Promise.resolve();
    const done = (await page.run(pollScript('k1'))) as Record<string, unknown>;
    expect(done).toMatchObject({ done: true, ok: true, status: 204 });
    expect(runInContext('Object.getOwnPropertySymbols(globalThis).length', page.context)).toBe(0);
  });

  it('gives up after the timeout, and says so', async () => {
    const page = slowPage();
    const outcome = await replay(page.run, request, {
      key: 'k2',
      wait: noWait,
      pollMs: 100,
      timeoutMs: 300,
    });
    expect(outcome).toEqual({ ok: false, error: 'no answer within 0.3 s' });
  });

  it('reports a page that lost the request or answered nonsense', async () => {
    const lost = await replay(
      async (script) =>
        script.includes('fetch(')
          ? true
          : { done: true, ok: false, error: 'the page lost the request (did it navigate?)' },
      request,
      { key: 'k3', wait: noWait },
    );
    expect(lost).toEqual({ ok: false, error: 'the page lost the request (did it navigate?)' });
    const nonsense = await replay(
      async (script) => (script.includes('fetch(') ? true : { done: true, ok: true }),
      request,
      { key: 'k4', wait: noWait },
    );
    expect(nonsense).toEqual({ ok: false, error: 'the page answered something unexpected' });
  });

  it('keeps a hostile key inside its string literal', () => {
    const script = pollScript('"); alert(1); ("');
    expect(script).toContain(JSON.stringify('authlens.replay."); alert(1); ("'));
    expect(() => runInContext(script, createContext({}))).not.toThrow();
  });
});

// A 407 from a real forward proxy (RFC 9110 §11.7), as the extension sees it in real Chromium:
// every request of the browser goes through the lab's proxy.
import { describe, expect, it } from 'vitest';
import { closesAfterEach, useLab } from './fixtures.ts';
import { challengesOf, lastResponse } from '../src/shared/exchange.ts';
import { launchWithExtension, navigate, type ExtensionBrowser } from './chromium.ts';
import {
  loginWrongThenRight,
  promptSession,
  WRONG_THEN_RIGHT_STEPS,
  type PromptBrowser,
} from './prompt-browser.ts';
import { recorderClient } from './recorder-client.ts';

const lab = useLab();
const browsers = closesAfterEach<ExtensionBrowser>();
const promptBrowsers = closesAfterEach<PromptBrowser>();

describe('proxy authentication in real Chromium', () => {
  it('records the 407, its Proxy-Authenticate challenge and the proxy as challenger', async () => {
    const ext = browsers.use(await launchWithExtension({ proxy: lab.proxyUrl }));
    const target = `${lab.url}/proxy`;
    await navigate(ext.page, target); // names the tab and primes the worker's listener (P5)
    const recorder = await recorderClient(ext, ext.page, target);
    await recorder.until((l) => l.length > 0, 'the first request through the proxy recorded');
    await recorder.command({ type: 'clear' });

    // Without credentials Chromium gives up on the proxy: an error page, not the 407's body.
    expect(await navigate(ext.page, target)).toEqual({
      status: null,
      error: 'net::ERR_INVALID_AUTH_CREDENTIALS',
    });
    const [exchange] = await recorder.until(
      (l) => l.length === 1 && l[0]!.outcome !== 'pending',
      'the 407 recorded',
    );
    const response = lastResponse(exchange!)!;
    expect(response.statusCode).toBe(407);
    expect(response.fields.map((f) => [f.name, f.lines])).toEqual([
      ['Proxy-Authenticate', ['Basic realm="lab proxy"']],
    ]);
    expect(challengesOf(exchange!).map((c) => c.scheme)).toEqual(['Basic']);
    expect(exchange!.steps.find((s) => s.kind === 'auth-required')).toMatchObject({
      isProxy: true,
      scheme: 'basic',
      realm: 'lab proxy',
      challenger: new URL(lab.proxyUrl).host,
    });
    expect(exchange!.outcome).toBe('challenged');
  });

  it('shows proxy challenge → prompt → wrong password → prompt → right password → 200 as one exchange', async () => {
    const { b, recorder } = await promptSession(lab, promptBrowsers.use, { proxy: true });
    const target = `${lab.url}/proxy`;
    const exchange = await loginWrongThenRight(b, recorder, target);
    await expect(b.page.textContent('h1')).resolves.toBe('Reached through the lab proxy');
    expect(exchange.steps.map((s) => s.kind)).toEqual(WRONG_THEN_RIGHT_STEPS);
    const statuses = exchange.steps.flatMap((s) => (s.kind === 'response' ? [s.statusCode] : []));
    expect(statuses).toEqual([407, 407, 200]);
    for (const retry of exchange.steps.filter((s) => s.kind === 'request').slice(1)) {
      expect(retry).toMatchObject({
        credentials: [{ header: 'Proxy-Authorization', scheme: 'Basic', source: 'browser' }],
      });
    }
    for (const prompt of exchange.steps.filter((s) => s.kind === 'auth-required')) {
      expect(prompt).toMatchObject({ isProxy: true, realm: 'lab proxy' });
    }
    const everything = JSON.stringify(await recorder.snapshot());
    expect(everything).not.toContain('wonderland');
    expect(everything).not.toContain('not-the-password');
  });
});

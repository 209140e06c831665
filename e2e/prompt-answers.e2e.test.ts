// Issue 11: the exchange never claims what did not happen. Chrome's real login prompt, answered
// with xdotool: cancel; a wrong password then cancel; a wrong then the right password; the same URL
// visited again later. What the network stack really sent is read over CDP's Network domain and
// compared with what AuthLens recorded: every credential it shows was sent, every answer it cannot
// see is labelled as unknown or inferred, and with DevTools open its network log decides the
// answer (an observation). What Chrome does is written up in e2e/README.md ("Login prompts").
import type { CDPSession } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Exchange, RequestStep } from '../src/shared/exchange.ts';
import { ANSWER_UNKNOWN } from '../src/shared/exchange-reducer.ts';
import { waitFor } from './chromium.ts';
import { closesAfterEach, useLab } from './fixtures.ts';
import { connected, readRows, rowLocator } from './panel-driver.ts';
import { launchForPrompts, promptSession, type PromptBrowser } from './prompt-browser.ts';
import type { RecorderClient } from './recorder-client.ts';

const lab = useLab();
const browsers = closesAfterEach<PromptBrowser>();

interface Sent {
  url: string;
  authorization: string | null;
}

/** Every request to `path` the network stack sent, and the Authorization scheme it carried. */
async function networkLog(b: PromptBrowser): Promise<{ sent(path: string): Sent[] }> {
  const cdp: CDPSession = await b.context.newCDPSession(b.page);
  const urls = new Map<string, string>();
  const sent: Sent[] = [];
  cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string } }) => {
    urls.set(e.requestId, e.request.url);
  });
  cdp.on(
    'Network.requestWillBeSentExtraInfo',
    (e: { requestId: string; headers: Record<string, string> }) => {
      const value = Object.entries(e.headers).find(([k]) => k.toLowerCase() === 'authorization');
      sent.push({
        url: urls.get(e.requestId) ?? e.requestId,
        authorization: value ? value[1].split(' ')[0]! : null,
      });
    },
  );
  await cdp.send('Network.enable');
  return { sent: (path) => sent.filter((s) => new URL(s.url, lab.url).pathname === path) };
}

async function ready(devtools: boolean) {
  const { b, recorder } = await promptSession(lab, browsers.use, { devtools });
  const network = await networkLog(b);
  await b.page.bringToFront();
  return { b, recorder, network };
}

const requests = (x: Exchange | undefined) =>
  x?.steps.filter((s): s is RequestStep => s.kind === 'request') ?? [];
const answers = (x: Exchange | undefined) => requests(x).filter((r) => r.answer !== undefined);
const prompts = (x: Exchange | undefined) =>
  x?.steps.filter((s) => s.kind === 'auth-required').length ?? 0;
/** The chain has settled: as many answers as `n`, each request completed. */
const settled = (x: Exchange | undefined, n: number) =>
  answers(x).length === n && x!.steps.at(-1)?.kind === 'completed';

/** Opens the URL as a link would (not page.goto: it waits for a load after the prompt). */
async function open(b: PromptBrowser, recorder: RecorderClient, path: string) {
  await b.page.evaluate((href) => void (location.href = href), `${lab.url}${path}`);
  await recorder.until((l) => prompts(l.at(-1)) >= 1, `the prompt for ${path}`);
}

/**
 * Acts on the prompt until the recorder shows the effect. On a loaded machine the prompt can take
 * longer to draw and take the focus than answerPrompt waits, and the keys are lost; the prompt is
 * then still open, so acting again is safe.
 */
async function untilRecorded(
  act: () => Promise<void>,
  recorder: RecorderClient,
  done: (l: Exchange[]) => boolean,
  message: string,
): Promise<Exchange[]> {
  for (let attempt = 1; ; attempt++) {
    await act();
    try {
      return await recorder.until(done, message, 10_000);
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

async function wrongThenPrompt(b: PromptBrowser, recorder: RecorderClient) {
  await untilRecorded(
    () => b.answerPrompt('alice', 'not-the-password'),
    recorder,
    (l) => prompts(l[0]) === 2,
    'Chrome asking again after the wrong password',
  );
}

function cancel(b: PromptBrowser, recorder: RecorderClient, answered: number) {
  return untilRecorded(
    () => b.cancelPrompt(),
    recorder,
    (l) => settled(l[0], answered),
    'the reload after Cancel',
  );
}

/** Whatever the evidence, a credential the timeline shows is one the network stack sent. */
function expectNoPhantomCredentials(x: Exchange, sent: Sent[]) {
  const shown = requests(x).filter((r) => r.credentials.length > 0).length;
  const really = sent.filter((s) => s.authorization !== null).length;
  expect(shown, JSON.stringify({ steps: x.steps, sent })).toBeLessThanOrEqual(really);
}

/**
 * Without DevTools: Cancel inferred from the 401 page being shown (the lab's page loads its
 * stylesheet; a page whose parts come from the memory cache shows extensions nothing), or else
 * unknown, said as such.
 */
function expectCancelInferredOrUnknown(request: RequestStep) {
  const { kind, evidence } = request.answer!;
  expect(evidence.basis).toBe('inferred');
  const reason = evidence.basis === 'inferred' ? evidence.reason : '';
  if (kind === 'cancelled') expect(reason).toMatch(/^The page then loaded an? \w+ of its own/);
  else expect([kind, reason]).toEqual(['unknown', ANSWER_UNKNOWN]);
}

function expectNoSecrets(snapshot: unknown) {
  const everything = JSON.stringify(snapshot);
  expect(everything).not.toContain('wonderland');
  expect(everything).not.toContain('not-the-password');
}

for (const devtools of [false, true]) {
  const where = devtools ? 'with DevTools open' : 'without DevTools';

  describe(`Chrome's login prompt, ${where}`, () => {
    it('cancel: no credentials are claimed; the answer is known only on evidence', async () => {
      const { b, recorder, network } = await ready(devtools);
      await open(b, recorder, '/basic');
      let [x] = await cancel(b, recorder, 1);
      if (devtools) {
        // DevTools' network log reports the reload once its page has loaded.
        [x] = await recorder.until(
          (l) => answers(l[0])[0]?.answer?.evidence.basis === 'observed',
          "DevTools' network log deciding the answer",
        );
      }
      // Chrome's reload after Cancel carried no Authorization; onAuthRequired fired for it too.
      expect(network.sent('/basic').map((s) => s.authorization)).toEqual([null, null]);
      expect(x!.steps.map((s) => s.kind)).toEqual([
        'request',
        'response',
        'auth-required',
        'completed',
        'request',
        'response',
        'auth-required',
        'completed',
      ]);
      const [answer] = answers(x);
      expect(answer!.credentials).toEqual([]);
      expect(answer!.evidence.basis).toBe('inferred'); // joined as the answer on evidence
      if (devtools) {
        expect(answer!.answer).toEqual({ kind: 'cancelled', evidence: { basis: 'observed' } });
        expect(x!.outcomeEvidence).toEqual({ basis: 'observed' });
      } else {
        // Unknown, or Cancel inferred from the 401 page being shown (it loads its stylesheet
        // and favicon unless they come from the memory cache, which extensions do not see).
        expectCancelInferredOrUnknown(answer!);
        expect(x!.outcomeEvidence.basis).toBe('inferred');
      }
      expect(x!.outcome).toBe('challenged');
      expectNoPhantomCredentials(x!, network.sent('/basic'));
    });

    it('wrong password, then cancel: the first answer is credentials, the last is no credentials', async () => {
      const { b, recorder, network } = await ready(devtools);
      await open(b, recorder, '/basic');
      await wrongThenPrompt(b, recorder);
      let [x] = await cancel(b, recorder, 2);
      if (devtools) {
        [x] = await recorder.until(
          (l) => answers(l[0])[1]?.answer?.evidence.basis === 'observed',
          "DevTools' network log deciding the last answer",
        );
      }
      expect(network.sent('/basic').map((s) => s.authorization)).toEqual([null, 'Basic', null]);
      const [wrong, last] = answers(x);
      // Chrome asked again after it, which it does only when credentials were refused.
      expect(wrong).toMatchObject({
        answer: { kind: 'credentials', evidence: { basis: 'inferred' } },
        credentials: [{ header: 'Authorization', scheme: 'Basic', source: 'browser' }],
      });
      expect(last!.credentials).toEqual([]);
      if (devtools) {
        expect(last!.answer).toEqual({ kind: 'cancelled', evidence: { basis: 'observed' } });
      } else {
        expectCancelInferredOrUnknown(last!);
      }
      expect(x!.outcome).toBe('challenged');
      expectNoPhantomCredentials(x!, network.sent('/basic'));
      expectNoSecrets(await recorder.snapshot());
    });

    it('wrong then right password: both answers are credentials, the last one accepted', async () => {
      const { b, recorder, network } = await ready(devtools);
      await open(b, recorder, '/basic');
      await wrongThenPrompt(b, recorder);
      let [x] = await untilRecorded(
        () => b.answerPrompt('alice', 'wonderland'),
        recorder,
        (l) => l[0]?.outcome === 'authenticated' && settled(l[0], 2),
        'authenticated',
      );
      if (devtools) {
        [x] = await recorder.until(
          (l) => l[0]?.outcomeEvidence.basis === 'observed',
          "DevTools' network log showing the Authorization of the last answer",
        );
      }
      expect(network.sent('/basic').map((s) => s.authorization)).toEqual([null, 'Basic', 'Basic']);
      const [wrong, right] = answers(x);
      expect(wrong!.answer).toMatchObject({ kind: 'credentials', evidence: { basis: 'inferred' } });
      expect(right).toMatchObject({
        answer: { kind: 'credentials', evidence: { basis: devtools ? 'observed' : 'inferred' } },
        credentials: [
          {
            header: 'Authorization',
            scheme: 'Basic',
            source: 'browser',
            evidence: { basis: devtools ? 'observed' : 'inferred' },
          },
        ],
      });
      expect(x!.outcomeEvidence.basis).toBe(devtools ? 'observed' : 'inferred');
      expectNoPhantomCredentials(x!, network.sent('/basic'));
      expectNoSecrets(await recorder.snapshot());
    });

    it('the same URL typed again later is a new exchange, not an answer', async () => {
      const { b, recorder } = await ready(devtools);
      await open(b, recorder, '/basic');
      await cancel(b, recorder, 1);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      // Typed into the address bar: the browser's own navigation, not the page's.
      await b.page.goto(`${lab.url}/basic`, { waitUntil: 'commit' }).catch(() => undefined);
      const list = await recorder.until((l) => l.length === 2, 'a second exchange');
      expect(answers(list[0])).toHaveLength(1);
      expect(list[1]!.steps.slice(0, 3).map((s) => s.kind)).toEqual([
        'request',
        'response',
        'auth-required',
      ]);
      expect(answers(list[1])).toEqual([]);
      await b.cancelPrompt();
    });
  });
}

describe("the AuthLens panel's timeline of a cancelled prompt", () => {
  it('labels the answer and the outcome with what is known, and how', async () => {
    const b = browsers.use(await launchForPrompts({ inspect: `${lab.url}/` }));
    const panel = await b.openPanel();
    await connected(panel);
    await panel.getByTestId('empty-state').waitFor();
    await b.page.bringToFront();
    await b.page.evaluate((url) => void (location.href = url), `${lab.url}/basic`);
    const row = await waitFor(async () => (await readRows(panel))[0], {
      timeout: 15_000,
      message: 'the challenge listed',
    });
    await rowLocator(panel, row.id).click();
    await b.page.bringToFront();
    await b.cancelPrompt();
    const steps = panel.locator('[data-testid=exchange-detail] [data-testid=timeline] li');
    await expect
      .poll(async () => steps.evaluateAll((li) => li.map((l) => l.getAttribute('data-label'))), {
        timeout: 20_000,
      })
      .toEqual([
        'request',
        'challenge',
        'prompt',
        'completed',
        'answer',
        'challenge',
        'auth-required',
        'completed',
      ]);
    const answer = steps.nth(4);
    await expect.poll(() => answer.textContent(), { timeout: 20_000 }).toMatch(/cancelled/);
    const text = (await answer.textContent()) ?? '';
    expect(text).toMatch(/without credentials: the user cancelled the prompt/);
    // Joined by inference, and says so with the reason.
    expect(await answer.getAttribute('data-basis')).toBe('inferred');
    expect(text).toMatch(/inferred:.*answer to the login prompt/);
    expect(text).not.toMatch(/Authorization/);
    expect(await steps.nth(6).textContent()).toMatch(/asks nobody/);
    const outcome = panel.getByTestId('outcome');
    expect(await outcome.getAttribute('data-outcome')).toBe('challenged');
    expect(await outcome.getAttribute('data-basis')).toBe('observed');
  });
});

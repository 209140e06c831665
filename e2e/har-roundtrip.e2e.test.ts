// Issue 12.1: one exchange model. Exchanges recorded live in real Chromium — Chrome's prompt
// answered after a challenge, a redirect chain that ends in one, Digest with Authentication-Info,
// a proxy's 407 — are exported as HAR by the panel's own export and imported back by its own
// import: every exchange must come back with the same steps, evidence and outcome.
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../src/shared/exchange.ts';
import { exportExchanges, importText } from '../src/panel/transfer.ts';
import { closesAfterEach, useLab } from './fixtures.ts';
import { loginWrongThenRight, promptSession, type PromptBrowser } from './prompt-browser.ts';
import type { RecorderClient } from './recorder-client.ts';

const lab = useLab();
const browsers = closesAfterEach<PromptBrowser>();

const prompts = (x: Exchange | undefined) =>
  x?.steps.filter((s) => s.kind === 'auth-required').length ?? 0;

/** Opens `path`, answers Chrome's prompt with alice's password, waits until authenticated. */
async function login(b: PromptBrowser, recorder: RecorderClient, path: string) {
  const before = (await recorder.exchanges()).length;
  await b.page.evaluate((href) => void (location.href = href), `${lab.url}${path}`);
  await recorder.until((l) => prompts(l[before]) === 1, `the prompt for ${path}`);
  await b.answerPrompt('alice', 'wonderland');
  await recorder.until(
    (l) => l[before]?.outcome === 'authenticated' && l[before]!.steps.at(-1)?.kind === 'completed',
    `${path} authenticated`,
  );
}

/** The panel's HAR export of the exchanges, read back by the panel's import. */
function roundTrip(exchanges: Exchange[]): Exchange[] {
  const file = exportExchanges(exchanges, {
    format: 'har',
    includeCredentials: false,
    now: Date.now(),
    version: 'test',
  });
  const back = importText(file.text, file.name);
  expect(back.problems).toEqual([]);
  return back.exchanges;
}

function expectSame(recorded: Exchange[], imported: Exchange[]) {
  expect(imported).toHaveLength(recorded.length);
  imported.forEach((back, i) => {
    const live = recorded[i]!;
    const what = `${live.method} ${live.url}`;
    expect(back.url, what).toBe(live.url);
    expect(back.method, what).toBe(live.method);
    expect(back.steps, what).toEqual(live.steps);
    expect([back.outcome, back.outcomeEvidence], what).toEqual([
      live.outcome,
      live.outcomeEvidence,
    ]);
  });
}

describe('a live session exported as HAR and imported back', () => {
  it('login prompts, a redirect chain and Digest: the same steps and outcome (DevTools open)', async () => {
    const { b, recorder } = await promptSession(lab, browsers.use, { devtools: true });
    // Chrome sends Basic credentials it was given to every path below the one they were typed
    // for, unasked: the Basic login of the whole origin ('/basic' lies in '/') comes last.
    await login(b, recorder, '/digest');
    await login(b, recorder, '/sso/start');
    const basic = (await recorder.exchanges()).length;
    await b.page.evaluate((href) => void (location.href = href), `${lab.url}/basic`);
    await recorder.until((l) => prompts(l[basic]) === 1, 'the prompt for /basic');
    await b.answerPrompt('alice', 'not-the-password');
    await recorder.until((l) => prompts(l[basic]) === 2, 'asked again after the wrong password');
    await b.answerPrompt('alice', 'wonderland');
    const recorded = await recorder.until(
      (l) => l.length === 3 && l[2]!.outcome === 'authenticated',
      'every exchange finished',
    );
    const stories = recorded.map((x) => [new URL(x.url).pathname, x.outcome]);
    expect(stories).toEqual([
      ['/digest', 'authenticated'],
      ['/sso/start', 'authenticated'],
      ['/basic', 'authenticated'],
    ]);
    expect(recorded[1]!.steps.filter((s) => s.kind === 'redirect')).toHaveLength(2);
    expectSame(recorded, roundTrip(recorded));
  });

  it("a proxy's 407, wrong then right password: the same steps and outcome", async () => {
    const { b, recorder } = await promptSession(lab, browsers.use, { proxy: true });
    await loginWrongThenRight(b, recorder, `${lab.url}/proxy`);
    const recorded = await recorder.exchanges();
    expect(recorded.map((x) => x.outcome)).toEqual(['authenticated']);
    expectSame(recorded, roundTrip(recorded));
  });
});

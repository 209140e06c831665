// Guards the login flow in Firefox ESR: Firefox asks the user, a wrong then the right password is
// typed into its prompt, and AuthLens records both prompts (onAuthRequired, which throws inside
// Firefox unless given an extraInfoSpec) and the retries as one exchange. Unlike Chrome, Firefox
// retries under the same request and shows extensions the Authorization header it adds, which must
// be reduced to its scheme at the edge like any other.
import { describe, expect, it } from 'vitest';
import { challengesOf, lastResponse, type Step } from '../src/shared/exchange.ts';
import { closesAfterEach, useLab } from './fixtures.ts';
import { launchFirefox, type FirefoxBrowser } from './firefox.ts';

const lab = useLab();
const browsers = closesAfterEach<FirefoxBrowser>();

/** Firefox's steps for challenge → prompt → wrong password → prompt → right password → 200. */
const FIREFOX_WRONG_THEN_RIGHT: ReadonlyArray<Step['kind']> = [
  'request',
  'response',
  'auth-required',
  'request',
  'response',
  'auth-required',
  'request',
  'response',
  'completed',
];

describe("Firefox's login prompt", () => {
  // One browser per scheme: Firefox keeps the credentials it was given for the whole origin.
  for (const [path, scheme] of [
    ['/basic', 'Basic'],
    ['/digest', 'Digest'],
  ] as const) {
    it(`records challenge → prompt → wrong password → prompt → right password → 200 as one exchange (${path})`, async () => {
      const ff = browsers.use(await launchFirefox());
      await ff.navigate(`${lab.url}/`);
      await ff.answerPrompts([
        { username: 'alice', password: 'not-the-password' },
        { username: 'alice', password: 'wonderland' },
      ]);
      await ff.navigate(`${lab.url}${path}`);
      const [exchange] = await ff.storedUntil(
        (l) => l.length === 1 && l[0]!.outcome === 'authenticated',
        'the login recorded as one authenticated exchange',
      );
      expect(await ff.promptsAnswered()).toEqual([
        'This site is asking you to sign in.',
        'This site is asking you to sign in.',
      ]);
      expect(exchange!.steps.map((s) => s.kind)).toEqual(FIREFOX_WRONG_THEN_RIGHT);
      const prompts = exchange!.steps.filter((s) => s.kind === 'auth-required');
      expect(prompts).toEqual([
        expect.objectContaining({ scheme: scheme.toLowerCase(), realm: 'lab', isProxy: false }),
        expect.objectContaining({ scheme: scheme.toLowerCase(), realm: 'lab', isProxy: false }),
      ]);
      const retries = exchange!.steps.filter((s) => s.kind === 'request').slice(1);
      for (const retry of retries) {
        expect(retry).toMatchObject({ credentials: [{ header: 'Authorization', scheme }] });
      }
      expect(challengesOf(exchange!)[0]!.scheme).toBe(scheme);
      expect(lastResponse(exchange!)!.statusCode).toBe(200);
      if (path === '/digest') {
        expect(lastResponse(exchange!)!.fields.map((f) => f.name)).toEqual(['Authentication-Info']);
      }
      const everything = JSON.stringify(
        await ff.background('return browser.storage.session.get(null);'),
      );
      expect(everything).not.toContain('wonderland');
      expect(everything).not.toContain('not-the-password');
      expect(await ff.extensionErrors()).toEqual([]);
    });
  }
});
